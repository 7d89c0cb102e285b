import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {ADMIN_CIDR, CLUSTER_ID, privateTopology} from '../support/topologies.js'

const snapshot = writeSnapshotDir(privateTopology())

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
    expect(answer).toMatchObject({schemaVersion: '1.1', verdict: 'not-reachable', reachable: false, partial: false, port: 8088, protocol: 'tcp', code: 'ENI_SG_RULES_MISMATCH', ranges: null, missingData: []})
    expect(answer.blockers).toEqual([expect.objectContaining({code: 'ENI_SG_RULES_MISMATCH', component: 'eni-0000000000000a001', kind: 'security-group', direction: 'inbound'})])
    expect(answer.hops.find((hop: {verdict: string}) => hop.verdict === 'deny')).toMatchObject({kind: 'security-group'})
  })

  it('a bad --to is one line and exit 2', () => {
    const result = runCli(['reach', '--snapshot', snapshot, '--from', 'internet', '--to', 'i-0000000000000b001:70000'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: --to i-0000000000000b001:70000: port 70000 is outside 1-65535')
  })
})
