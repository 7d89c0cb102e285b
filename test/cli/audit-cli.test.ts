import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {writeSnapshotDir, writeSnapshotFile} from '../support/snapshot-files.js'
import {ADMIN_CIDR, CLUSTER_ID, privateTopology, securityGroup, tcpFromCidr} from '../support/topologies.js'

const clean = writeSnapshotDir(privateTopology())
const exposed = (() => {
  const snapshot = privateTopology()
  securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions = [tcpFromCidr(22, '0.0.0.0/0')]
  return writeSnapshotFile(snapshot)
})()

describe('emr-access audit (the built CLI)', () => {
  it('exits 0 on a clean private topology and names the topology it judged against', () => {
    const result = runCli(['audit', '--snapshot', clean, '--admin-cidr', ADMIN_CIDR, '--format', 'table'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(CLUSTER_ID)
    expect(result.stdout).toMatch(/private/)
  })

  it('exits 1 when a finding reaches --fail-on, 0 when the threshold is above it', () => {
    const failing = runCli(['audit', '--snapshot', exposed, '--json'])
    expect(failing.code).toBe(1)
    const report = JSON.parse(failing.stdout)
    expect(report.schemaVersion).toBe('1.1')
    const ruleIds = report.scopes[0].findings.map((finding: {ruleId: string}) => finding.ruleId)
    expect(ruleIds.length).toBeGreaterThan(0)
    const none = runCli(['audit', '--snapshot', exposed, '--json', '--fail-on', 'none'])
    expect(none.code).toBe(0)
    // The report says the threshold the user gave, and that nothing met it.
    const quiet = JSON.parse(none.stdout)
    expect(quiet.options.failOn).toBe('none')
    expect(quiet.summary).toMatchObject({failOn: 'none', atOrAboveFailOn: 0})
    expect(quiet.summary.findings.total).toBeGreaterThan(0)
  })

  it('writes JSON when stdout is not a terminal and --format is not given', () => {
    const result = runCli(['audit', '--snapshot', clean])
    expect(() => JSON.parse(result.stdout)).not.toThrow()
  })

  it('renders SARIF and Markdown', () => {
    const sarif = JSON.parse(runCli(['audit', '--snapshot', exposed, '--format', 'sarif']).stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    const markdown = runCli(['audit', '--snapshot', exposed, '--format', 'markdown']).stdout
    expect(markdown).toMatch(/^# /m)
  })

  describe('bad input: one line, exit 2, no stack trace', () => {
    it.each([
      [['--cluster', 'j-NOPE'], /^Error: --cluster j-NOPE: no such cluster in .* \(clusters: j-2AXXXXXXGAPLF\)$/],
      [['--vpc', 'vpc-0ffffffffffffffff'], /^Error: --vpc vpc-0ffffffffffffffff: no such VPC/],
      [['--admin-cidr', '203.0.113.0/33'], /^Error: --admin-cidr 203\.0\.113\.0\/33: expected a CIDR block/],
      [['--onprem-cidr', 'office'], /^Error: --onprem-cidr office: expected a CIDR block/],
      [['--bastion', 'i-0ffffffffffffffff'], /^Error: --bastion i-0ffffffffffffffff: no such instance/],
      [['--topology', 'hybrid'], /^Error: Expected --topology=hybrid to be one of: public, private, vpn, auto/],
      [['--cluster', CLUSTER_ID, '--vpc', 'vpc-0b000000000000001', '--format', 'yaml'], /^Error: Expected --format=yaml to be one of/],
    ])('%j', (args, message) => {
      const result = runCli(['audit', '--snapshot', clean, ...args])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    })

    it('a cluster outside the selected VPC', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-vpcs'].Vpcs.push({...snapshot['ec2-describe-vpcs'].Vpcs[0], VpcId: 'vpc-0c000000000000001', CidrBlock: '10.9.0.0/16', CidrBlockAssociationSet: []})
      const result = runCli(['audit', '--snapshot', writeSnapshotFile(snapshot), '--cluster', CLUSTER_ID, '--vpc', 'vpc-0c000000000000001'])
      expect(result.code).toBe(2)
      expect(result.stderr.trim()).toBe(`Error: --cluster ${CLUSTER_ID} is not in --vpc vpc-0c000000000000001`)
    })

    it('a malformed snapshot names the file and JSON path', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-route-tables'].RouteTables[0].Routes[0].DestinationCidrBlock = '10.1.0.0/99'
      const result = runCli(['audit', '--snapshot', writeSnapshotFile(snapshot)])
      expect(result.code).toBe(2)
      expect(result.stderr.trim()).toMatch(
        /snapshot\.json at \/ec2-describe-route-tables\/RouteTables\/0\/Routes\/0\/DestinationCidrBlock: expected a CIDR block \(address\/prefix\), got "10\.1\.0\.0\/99"$/,
      )
    })

    it('--json errors are JSON on stdout too', () => {
      const result = runCli(['audit', '--snapshot', clean, '--cluster', 'j-NOPE', '--json'])
      expect(result.code).toBe(2)
      expect(JSON.parse(result.stdout).error.message).toMatch(/no such cluster/)
    })

    it('--debug shows the stack trace', () => {
      const result = runCli(['audit', '--snapshot', clean, '--cluster', 'j-NOPE', '--debug'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/\n\s+at /)
    })
  })
})

describe('audit --cluster with --vpc when the data lacks the cluster subnet', () => {
  it("says the cluster's VPC is the one given (the VPC-wide verdicts rest on the user's word); silent when the data places it", () => {
    const snapshot = privateTopology() as Record<string, unknown>
    delete snapshot['ec2-describe-subnets']
    const vpcId = 'vpc-0b000000000000001'
    const lacking = runCli(['audit', '--snapshot', writeSnapshotDir(snapshot), '--cluster', CLUSTER_ID, '--vpc', vpcId, '--format', 'json'])
    expect(lacking.stderr).toContain(`${CLUSTER_ID}: its subnet is not in the data (missing: ec2-describe-subnets.json); its VPC is taken to be --vpc ${vpcId}, as given`)
    expect(JSON.parse(lacking.stdout).scopes[0].vpcId).toBe(vpcId)
    const placed = runCli(['audit', '--snapshot', clean, '--cluster', CLUSTER_ID, '--vpc', vpcId, '--format', 'json'])
    expect(placed.stderr).not.toContain('taken to be --vpc')
  })
})
