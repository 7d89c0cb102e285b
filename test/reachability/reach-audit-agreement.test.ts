/**
 * `reach` and `audit` must never disagree about the same path (issue 9): the path rules and the
 * reach command share one engine, and this holds them to it on every bundled example that has a
 * bastion — including the broken ones, where the verdicts must agree on "blocked" too.
 *   EMRA-073: operators in --admin-cidr → bastion:22
 *   EMRA-074: bastion → primary:22
 *   EMRA-077: EC2 Instance Connect Endpoint → primary:22 (no bundled example has one: built from the test topologies)
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runAudit} from '../../src/analysis/audit/run-audit.js'
import {buildQuery} from '../../src/analysis/reachability/endpoints.js'
import {analyzeReachability} from '../../src/analysis/reachability/engine.js'
import {ALL_RULES} from '../../src/analysis/rules/index.js'
import {loadTemplate} from '../../src/sources/cloudformation/index.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject, loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'
import {ADMIN_CIDR, REGION, replaceOnce, templateText} from '../sources/cloudformation/support.js'
import {type Snapshot, ACCOUNT, CLUSTER_ID, instanceConnectEndpoint, privateTopology, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

interface Example {
  name: string
  snapshot: string
  topology: 'public' | 'private' | 'vpn'
  clusterId: string
  adminCidr?: string
  onpremCidr?: string
  bastion?: string
}

const withBastion = (JSON.parse(readFileSync('examples/manifest.json', 'utf8')) as Example[]).filter((example) => example.bastion && example.adminCidr)

describe.each(withBastion.map((example) => [example.name, example] as const))('%s: reach and audit agree', (_name, example) => {
  const model = loadSnapshot(`examples/${example.snapshot}`)
  const audit = runAudit(model, ALL_RULES, {
    clusterId: example.clusterId,
    topology: example.topology,
    adminCidrs: [example.adminCidr!],
    onpremCidrs: example.onpremCidr ? [example.onpremCidr] : [],
    bastion: example.bastion,
    failOn: 'high',
  })
  const outcome = (ruleId: string) => audit.scopes[0]!.outcomes.find((each) => each.ruleId === ruleId)!

  it.each([
    ['EMRA-073', example.adminCidr!, `${example.bastion}:22`],
    ['EMRA-074', example.bastion!, `${example.clusterId}:primary:22`],
  ])('%s: %s → %s', (ruleId, from, to) => {
    const rule = outcome(ruleId)
    expect(['pass', 'fail']).toContain(rule.status)
    const reach = analyzeReachability(model, buildQuery(model, from, to))
    // Only a path that every address of the source gets through passes the audit.
    expect(reach.verdict === 'reachable', `reach says ${reach.verdict}: ${reach.summary}; audit says ${rule.status}`).toBe(rule.status === 'pass')
    if (rule.status === 'fail') {
      // The audit reports the blockers reach reports, by their explanation codes.
      const message = rule.findings.map((finding) => finding.message).join('\n')
      expect(reach.blockers.length).toBeGreaterThan(0)
      for (const blocker of reach.blockers) expect(message).toContain(`[${blocker.code}]`)
    }
  })
})

it('the agreement is checked on clean and broken examples alike', () => {
  expect(withBastion.length).toBeGreaterThanOrEqual(3)
  expect(withBastion.some((example) => example.name.startsWith('broken-'))).toBe(true)
})

/** The private topology with an endpoint (client IP preservation off) in the public subnet, admitted by the primary's additional group; `change` breaks a hop. */
function withEndpoint(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  const vpc = 'vpc-0b000000000000001'
  snapshot['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints.push(instanceConnectEndpoint(vpc, 'subnet-0b00000000000pub', ['sg-0b00000000000eice']))
  snapshot['ec2-describe-security-groups'].SecurityGroups.push({
    Description: 'eice',
    GroupName: 'eice',
    IpPermissions: [],
    OwnerId: ACCOUNT,
    GroupId: 'sg-0b00000000000eice',
    IpPermissionsEgress: [tcpFromCidr(22, '10.1.0.0/16')],
    VpcId: vpc,
  })
  securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromGroup(22, 'sg-0b00000000000eice'))
  change(snapshot)
  return snapshot
}

/** An entry first in the shared network ACL (it covers both subnets). */
const aclEntry =
  (entry: object) =>
  (s: Snapshot): void =>
    void s['ec2-describe-network-acls'].NetworkAcls[0].Entries.unshift(entry)

const eiceCases: [name: string, status: 'pass' | 'fail', change: (snapshot: Snapshot) => void][] = [
  ['clean', 'pass', () => {}],
  ['the network ACL denies SSH from the public subnet', 'fail', aclEntry({CidrBlock: '10.1.0.0/24', Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'deny', RuleNumber: 50})],
  [
    'the network ACL drops the replies to the public subnet',
    'fail',
    aclEntry({CidrBlock: '10.1.0.0/24', Egress: true, Protocol: '6', PortRange: {From: 1024, To: 65535}, RuleAction: 'deny', RuleNumber: 50}),
  ],
  ["the endpoint's egress allows HTTPS only", 'fail', (s: Snapshot) => void (securityGroup(s, 'eice').IpPermissionsEgress = [tcpFromCidr(443, '0.0.0.0/0')])],
  ["the primary's groups admit the bastion only", 'fail', (s: Snapshot) => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [tcpFromGroup(22, 'sg-0b0000000bastion1')])],
]

describe.each(eiceCases)('EC2 Instance Connect Endpoint, %s: reach and audit agree (EMRA-077)', (_name, status, change) => {
  it(`eice-0b000000000000001 → ${CLUSTER_ID}:primary:22`, () => {
    const model = assembleModel(documentsFromObject(withEndpoint(change), 'eice.json'))
    const audit = runAudit(model, ALL_RULES, {clusterId: CLUSTER_ID, topology: 'private', adminCidrs: [], onpremCidrs: [], failOn: 'high'})
    const rule = audit.scopes[0]!.outcomes.find((each) => each.ruleId === 'EMRA-077')!
    expect(rule.status, rule.reason).toBe(status)
    const reach = analyzeReachability(model, buildQuery(model, 'eice-0b000000000000001', `${CLUSTER_ID}:primary:22`))
    expect(reach.verdict === 'reachable', `reach says ${reach.verdict}: ${reach.summary}; audit says ${rule.status}`).toBe(rule.status === 'pass')
    if (rule.status === 'fail') {
      const message = rule.findings.map((finding) => finding.message).join('\n')
      expect(reach.blockers.length).toBeGreaterThan(0)
      for (const blocker of reach.blockers) expect(message).toContain(`[${blocker.code}]`)
    }
  })
})

/**
 * Before deploy the audit is the more cautious: a path rule needs every security group, ACL and route
 * table complete, while reach stays definite where the missing part cannot matter. They still never
 * contradict: reach unknown is audit not evaluated, and a verdict on both sides is the same verdict.
 */
describe('before deploy, reach and audit never contradict', () => {
  const work = mkdtempSync(join(tmpdir(), 'emr-access-agreement-'))
  afterAll(() => rmSync(work, {recursive: true, force: true}))
  const sshFromBastion = 'SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion'
  // With what reach answers for the bastion → primary:22 leg, so the cases cover each verdict.
  const variants: [string, (text: string) => string, string][] = [
    ['the reference template', (text) => text, 'reachable'],
    ['the primary SSH rule from an imported range', (text) => replaceOnce(text, sshFromBastion, 'CidrIp: !ImportValue shared-admin-cidr'), 'unknown'],
    [
      'no SSH rule from the bastion',
      (text) => replaceOnce(text, `FromPort: 22, ToPort: 22, ${sshFromBastion}`, 'FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref BastionSecurityGroup'),
      'not-reachable',
    ],
    ['the admin SSH ACL entry from an imported range', (text) => replaceOnce(text, '      CidrBlock: !Ref AdminCidr\n', '      CidrBlock: !ImportValue corp-admin-cidr\n'), 'unknown'],
  ]

  it.each(variants)('%s', (name, change, bastionToPrimary) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.yaml`)
    writeFileSync(file, change(templateText('private-bastion')))
    const {model, physicalIds} = loadTemplate(file, {parameters: {AdminCidr: ADMIN_CIDR, CreateCluster: 'true'}, region: REGION})
    const bastion = physicalIds.get('Bastion')!
    const clusterId = physicalIds.get('Cluster')!
    const audit = runAudit(model, ALL_RULES, {clusterId, topology: 'private', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], bastion, failOn: 'high'})
    for (const [ruleId, from, to] of [
      ['EMRA-073', ADMIN_CIDR, `${bastion}:22`],
      ['EMRA-074', bastion, `${clusterId}:primary:22`],
    ] as const) {
      const rule = audit.scopes[0]!.outcomes.find((each) => each.ruleId === ruleId)!
      const reach = analyzeReachability(model, buildQuery(model, from, to))
      const said = `${ruleId}: reach says ${reach.verdict} (${reach.summary}); audit says ${rule.status} (${rule.reason ?? ''})`
      if (reach.verdict === 'unknown') expect(rule.status, said).toBe('not_evaluated')
      if (rule.status === 'pass') expect(reach.verdict, said).toBe('reachable')
      if (rule.status === 'fail') expect(['not-reachable', 'partially-reachable'], said).toContain(reach.verdict)
      if (ruleId === 'EMRA-074') expect(reach.verdict, said).toBe(bastionToPrimary)
    }
  })
})
