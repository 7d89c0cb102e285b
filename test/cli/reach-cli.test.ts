import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {ADMIN_CIDR, CLUSTER_ID, privateTopology, securityGroup} from '../support/topologies.js'

const snapshot = writeSnapshotDir(privateTopology())

/** The bastion also admits SSH from a prefix list whose entries the snapshot does not hold. */
function withUnknownPrefixList(): string {
  const changed = privateTopology()
  securityGroup(changed, 'bastion').IpPermissions.push({
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    IpRanges: [],
    Ipv6Ranges: [],
    PrefixListIds: [{PrefixListId: 'pl-0c0ffee000000001'}],
    UserIdGroupPairs: [],
  })
  return writeSnapshotDir(changed)
}

describe('emr-access reach (the built CLI)', () => {
  it('explains an allowed path hop by hop and exits 0', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', 'i-0000000000000b001', '--to', `${CLUSTER_ID}:primary:22`])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/✔ security-group outbound sg-0b0000000bastion1/)
    expect(result.stdout).toMatch(/✔ security-group inbound sg-0b0000000000ssh01: emr-ssh-from-bastion: ingress TCP 22 from sg-0b0000000bastion1/)
    expect(result.stdout).toMatch(/^REACHABLE: /m)
  })

  it('explains a blocked path with the explanation code and exits 1', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', ADMIN_CIDR, '--to', `${CLUSTER_ID}:primary:8088`])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/✖ route-table return rtb-0b000000000private: .*nat-0b00000000000001.* \[NGW_REQUIRES_SOURCE_IN_VPC\]/)
    expect(result.stdout).toMatch(/^NOT REACHABLE: /m)
  })

  it('--json prints one stable object', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', 'sg-0b0000000bastion1', '--to', `${CLUSTER_ID}:primary:8088/tcp`, '--json'])
    expect(result.code).toBe(1)
    const answer = JSON.parse(result.stdout)
    expect(answer).toMatchObject({
      schemaVersion: '1.1',
      verdict: 'not-reachable',
      reachable: false,
      partial: false,
      port: 8088,
      protocol: 'tcp',
      code: 'ENI_SG_RULES_MISMATCH',
      ranges: null,
      missingData: [],
    })
    expect(answer.blockers).toEqual([expect.objectContaining({code: 'ENI_SG_RULES_MISMATCH', component: 'eni-0000000000000a001', kind: 'security-group', direction: 'inbound'})])
    expect(answer.hops.find((hop: {verdict: string}) => hop.verdict === 'deny')).toMatchObject({kind: 'security-group'})
  })

  it('a bad --to is one line and exit 2', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', 'internet', '--to', 'i-0000000000000b001:70000'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: --to i-0000000000000b001:70000: port 70000 is outside 1-65535')
  })

  it('a range reachable from part of it exits 0, says PARTIALLY REACHABLE and lists the sub-ranges', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', '203.0.112.0/23', '--to', 'i-0000000000000b001:22'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^PARTIALLY REACHABLE: .*from part of 203\.0\.112\.0\/23: 203\.0\.113\.0\/24; not from 203\.0\.112\.0\/24/m)
    const json = JSON.parse(runCli(['reach', '--snapshot', snapshot, '--from', '203.0.112.0/23', '--to', 'i-0000000000000b001:22', '--json']).stdout)
    expect(json).toMatchObject({verdict: 'partially-reachable', reachable: true, partial: true, ranges: {reachable: ['203.0.113.0/24'], notReachable: ['203.0.112.0/24'], unknown: []}})
    expect(json.blockers).toEqual([expect.objectContaining({code: 'ENI_SG_RULES_MISMATCH', addresses: ['203.0.112.0/24']})])
  })

  it('unknown exits 3 and names the missing data', () => {
    const result = runCli(['reach', '--snapshot', withUnknownPrefixList(), '--from', '198.51.100.0/24', '--to', 'i-0000000000000b001:22', '--json'])
    expect(result.code).toBe(3)
    const json = JSON.parse(result.stdout)
    expect(json.verdict).toBe('unknown')
    expect(json.missingData.join()).toContain('pl-0c0ffee000000001')
  })

  it('--ephemeral-ports changes the return path judged through the ACLs', () => {
    const changed = privateTopology()
    const acl = changed['ec2-describe-network-acls'].NetworkAcls[0]
    acl.Entries = acl.Entries.filter((entry: {Egress: boolean; RuleNumber: number}) => !(entry.Egress && entry.RuleNumber === 100))
    acl.Entries.push({CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '6', PortRange: {From: 32768, To: 65535}, RuleAction: 'allow', RuleNumber: 90})
    const dir = writeSnapshotDir(changed)
    expect(runCli(['reach', '--snapshot', dir, '--from', ADMIN_CIDR, '--to', 'i-0000000000000b001:22']).code).toBe(1)
    expect(runCli(['reach', '--snapshot', dir, '--from', ADMIN_CIDR, '--to', 'i-0000000000000b001:22', '--ephemeral-ports', '32768-60999']).code).toBe(0)
    const bad = runCli(['reach', '--snapshot', dir, '--from', ADMIN_CIDR, '--to', 'i-0000000000000b001:22', '--ephemeral-ports', '60999-1024'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe('Error: --ephemeral-ports 60999-1024: expected a port range FROM-TO within 1-65535, e.g. 1024-65535 or 32768-60999')
  })

  it('--help says what unknown means and how partial answers exit', () => {
    const result = runCli(['reach', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('UNKNOWN means the data cannot tell')
    expect(result.stdout).toMatch(/EXIT CODES\n\s+0\s+reachable, or reachable from part of the source range/)
    expect(result.stdout).toContain('--ephemeral-ports')
  })
})
