/**
 * `reach` before deploy: a template or plan whose security-group rule, network ACL entry or route has a
 * value known only at deploy (Fn::ImportValue, a Condition on a parameter without a value, Terraform's
 * after_unknown) leaves that resource incomplete in the model. Where the path crosses such a resource
 * and the missing part could change the answer, the answer is unknown (exit 3) naming the cause, as the
 * audit says "not evaluated"; where it cannot (a security group that already allows: rules only allow),
 * the answer stays definite.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {explainReach} from '../../src/app/reach.js'
import {runAudit} from '../../src/analysis/audit/run-audit.js'
import {buildQuery, parseReachTarget} from '../../src/analysis/reachability/endpoints.js'
import {DEFAULT_EPHEMERAL_PORTS, analyzeReachability} from '../../src/analysis/reachability/engine.js'
import {ALL_RULES} from '../../src/analysis/rules/index.js'
import {absent, datasetKey} from '../../src/model/datasets.js'
import {loadTemplate} from '../../src/sources/cloudformation/index.js'
import {loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'
import {ADMIN_CIDR, REGION, replaceOnce, templateText} from '../sources/cloudformation/support.js'

const work = mkdtempSync(join(tmpdir(), 'emr-access-reach-unknown-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

const PARAMETERS = {AdminCidr: ADMIN_CIDR, CreateCluster: 'true'}
const SSH_FROM_BASTION = '        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion}\n'

/** The private-bastion reference template changed as a pull request would; `resources` go first under Resources. */
function template(name: string, change: (text: string) => string, resources = ''): string {
  const file = join(work, `${name}.yaml`)
  writeFileSync(file, replaceOnce(change(templateText('private-bastion')), '\nResources:\n', `\nResources:\n${resources}`))
  return file
}

function reachTemplate(file: string, from: string, to: string) {
  return explainReach({template: {file, parameters: PARAMETERS, region: REGION}, from, to: parseReachTarget(to), ephemeralPorts: DEFAULT_EPHEMERAL_PORTS})
}

const importedSshCidr = template('import-sg-cidr', (text) =>
  replaceOnce(text, SSH_FROM_BASTION, '        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !ImportValue shared-admin-cidr, Description: SSH from an imported range}\n'),
)

describe('a security group rule unknown before deploy', () => {
  it('Fn::ImportValue in the primary SSH rule: bastion → primary:22 is unknown, naming the import', async () => {
    const result = await reachTemplate(importedSshCidr, 'Bastion', 'Cluster:primary:22')
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.blockers).toEqual([])
    expect(result.missingData.join('\n')).toContain('unknown before deploy: Fn::ImportValue shared-admin-cidr')
    expect(result.summary).toContain('security groups')
  })

  it('a rule under a Condition on a parameter without a value: unknown, naming the condition', async () => {
    const file = template(
      'cond-unknown-rule',
      (text) =>
        replaceOnce(
          replaceOnce(replaceOnce(text, SSH_FROM_BASTION, SSH_FROM_BASTION.replace(/22/g, '443')), '\nParameters:\n', '\nParameters:\n  OpenSsh:\n    Type: String\n'),
          '\nConditions:\n',
          "\nConditions:\n  AllowBastionSsh: !Equals [!Ref OpenSsh, 'yes']\n",
        ),
      '  PrimarySshRule:\n    Type: AWS::EC2::SecurityGroupIngress\n    Condition: AllowBastionSsh\n    Properties: {GroupId: !Ref PrimarySshFromBastionSecurityGroup, IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSecurityGroup}\n',
    )
    const result = await reachTemplate(file, 'Bastion', 'Cluster:primary:22')
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData.join('\n')).toMatch(/unknown before deploy: whether PrimarySshRule is created \(condition AllowBastionSsh/)
  })

  it('cannot take away what the rules in the data allow: the operators still reach the bastion', async () => {
    const result = await reachTemplate(importedSshCidr, ADMIN_CIDR, 'Bastion:22')
    expect(result.verdict, result.summary).toBe('reachable')
    expect(result.missingData).toEqual([])
  })

  it('cannot open what another hop blocks for certain: the internet still does not reach the private primary', async () => {
    const result = await reachTemplate(importedSshCidr, 'internet', 'Cluster:primary:22')
    expect(result.verdict, result.summary).toBe('not-reachable')
    // Its subnet routes replies through the NAT gateway, which carries no connection started outside.
    expect(result.blockers.map((blocker) => blocker.code)).toContain('NGW_REQUIRES_SOURCE_IN_VPC')
  })
})

describe('a network ACL entry or a route unknown before deploy', () => {
  it('an imported DENY entry on the bastion subnet: unknown, not the reachable the entries in the data give', async () => {
    const file = template(
      'nacl-import-deny',
      (text) => text,
      '  PublicAclDenyImported:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties: {NetworkAclId: !Ref PublicNetworkAcl, RuleNumber: 90, Egress: false, Protocol: -1, RuleAction: deny, CidrBlock: !ImportValue blocked-ranges}\n',
    )
    const result = await reachTemplate(file, '203.0.113.7', 'Bastion:22')
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData.join('\n')).toContain('network ACLs: unknown before deploy: Fn::ImportValue blocked-ranges')
    expect(result.hops.some((hop) => hop.kind === 'network-acl' && hop.detail.startsWith('cannot tell'))).toBe(true)
  })

  it('an imported ALLOW entry: unknown, not the not-reachable the entries in the data give', async () => {
    const file = template('nacl-import-allow', (text) =>
      replaceOnce(text, '      CidrBlock: !Ref AdminCidr\n      PortRange: {From: 22, To: 22}\n', '      CidrBlock: !ImportValue corp-admin-cidr\n      PortRange: {From: 22, To: 22}\n'),
    )
    const result = await reachTemplate(file, '203.0.113.7', 'Bastion:22')
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData.join('\n')).toContain('Fn::ImportValue corp-admin-cidr')
  })

  it('an imported route in the bastion subnet (more specific, to the NAT gateway): unknown', async () => {
    const file = template(
      'route-import',
      (text) => text,
      '  PublicImportedRoute:\n    Type: AWS::EC2::Route\n    Properties: {RouteTableId: !Ref PublicRouteTable, DestinationCidrBlock: !ImportValue partner-range, NatGatewayId: !Ref NatGateway}\n',
    )
    const result = await reachTemplate(file, '203.0.113.7', 'Bastion:22')
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData.join('\n')).toContain('route tables: unknown before deploy: Fn::ImportValue partner-range')
  })
})

describe('a Terraform plan attribute known only after apply', () => {
  it('cidr_ipv4 in after_unknown of the primary SSH rule: bastion → primary:22 is unknown', async () => {
    const plan = JSON.parse(readFileSync('test/fixtures/terraform-plan/private-bastion.json', 'utf8')) as {
      planned_values: {root_module: {resources: {address: string; values: Record<string, unknown>}[]}}
      resource_changes: {address: string; change: {after: Record<string, unknown>; after_unknown: Record<string, unknown>}}[]
      configuration: {root_module: {resources: {address: string; expressions: Record<string, unknown>}[]}}
    }
    const address = 'aws_vpc_security_group_ingress_rule.primary_ssh_from_bastion'
    const planned = plan.planned_values.root_module.resources.find((resource) => resource.address === address)!
    const change = plan.resource_changes.find((resource) => resource.address === address)!.change
    const expressions = plan.configuration.root_module.resources.find((resource) => resource.address === address)!.expressions
    // The rule's source becomes an address known after apply instead of the bastion's group.
    for (const values of [planned.values, change.after]) {
      delete values.cidr_ipv4
      values.referenced_security_group_id = null
    }
    change.after_unknown.cidr_ipv4 = true
    change.after_unknown.referenced_security_group_id = false
    delete expressions.referenced_security_group_id
    expressions.cidr_ipv4 = {references: ['aws_eip.bastion.private_ip', 'aws_eip.bastion']}
    const file = join(work, 'tf-unknown-cidr.json')
    writeFileSync(file, JSON.stringify(plan))
    const result = await explainReach({terraformPlan: file, from: 'aws_instance.bastion', to: parseReachTarget('aws_emr_cluster.this[0]:primary:22'), ephemeralPorts: DEFAULT_EPHEMERAL_PORTS})
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData.join('\n')).toContain(`unknown before deploy: ${address}.cidr_ipv4`)
  })
})

describe('a fleet cluster with several subnets', () => {
  it('the primary is unknown before deploy: EMR picks one of the subnets', async () => {
    const file = template('fleet-2subnets', (text) => replaceOnce(text, 'Ec2SubnetId: !Ref PrivateSubnet', 'Ec2SubnetIds: [!Ref PrivateSubnet, !Ref PublicSubnet]'))
    const {model} = loadTemplate(file, {parameters: PARAMETERS, region: REGION})
    const cluster = model.data.clusters[0]!
    const result = await reachTemplate(file, 'Bastion', 'Cluster:primary:22')
    expect(result.verdict, result.summary).toBe('unknown')
    const why = `unknown before deploy: EMR picks one of ${cluster.requestedSubnetIds.join(', ')} for the primary`
    expect(cluster.requestedSubnetIds).toHaveLength(2)
    expect(result.summary).toContain(why)
    expect(result.missingData).toEqual([why])
  })

  it('in a snapshot of a cluster that has not picked yet: unknown, without claiming a deploy is to come', () => {
    const model = loadSnapshot('examples/snapshots/private-bastion-clean')
    const cluster = model.clusters.get('j-QNR3UJJNA77TW')!
    const subnets = model.data.subnets.map((subnet) => subnet.id).slice(0, 2)
    Object.assign(cluster, {subnetId: undefined, requestedSubnetIds: subnets, primaryInstances: [], instances: [], state: 'STARTING'})
    const result = analyzeReachability(model, buildQuery(model, 'i-96b7fc9522f0fd135', 'j-QNR3UJJNA77TW:primary:22'))
    expect(result.verdict).toBe('unknown')
    expect(result.summary).toContain(`EMR picks one of ${subnets.join(', ')} for the primary; the cluster has not picked yet (state STARTING)`)
    expect(result.summary).not.toContain('before deploy')
  })
})

describe('per resource, when the source records which resource is incomplete', () => {
  // The bastion cannot reach the primary: its additional group has no SSH rule from the bastion.
  const example = 'examples/snapshots/broken-private-ssh-not-admitted'
  const query = (model: ReturnType<typeof loadSnapshot>) => analyzeReachability(model, buildQuery(model, 'i-eb2fb7e214a5638e8', 'j-K374912CGW50Z:primary:22'))
  const incomplete = (model: ReturnType<typeof loadSnapshot>, dataset: 'securityGroups' | 'networkAcls', id: string) => {
    model.data.availability[datasetKey(dataset, id)] = absent({cause: 'unknown-before-deploy', detail: `a rule of ${id}`})
  }

  it('a group the path crosses: unknown, naming that group', () => {
    const model = loadSnapshot(example)
    const primary = query(model)
    expect(primary.verdict).toBe('not-reachable')
    const groups = model.data.instances.find((instance) => instance.id === primary.to.match(/\((i-[0-9a-f]+)\)/)![1])!.enis[0]!.groupIds
    for (const id of groups) incomplete(model, 'securityGroups', id)
    const result = query(model)
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData).toContain(`security group ${groups[0]}: unknown before deploy: a rule of ${groups[0]}`)
  })

  it('a group the path does not cross: the answer stays definite', () => {
    const model = loadSnapshot(example)
    const crossed = new Set(model.data.instances.flatMap((instance) => instance.enis.flatMap((eni) => eni.groupIds)))
    const elsewhere = model.data.securityGroups.find((group) => !crossed.has(group.id))!
    incomplete(model, 'securityGroups', elsewhere.id)
    expect(query(model).verdict).toBe('not-reachable')
  })

  it('a network ACL the path crosses makes even an allowed path unknown; another ACL does not', () => {
    const model = loadSnapshot('examples/snapshots/private-bastion-clean')
    const clean = analyzeReachability(model, buildQuery(model, 'i-96b7fc9522f0fd135', 'j-QNR3UJJNA77TW:primary:22'))
    expect(clean.verdict).toBe('reachable')
    const crossed = clean.hops.filter((hop) => hop.kind === 'network-acl' && hop.component.startsWith('acl-')).map((hop) => hop.component)
    const other = model.data.networkAcls.find((acl) => !crossed.includes(acl.id))
    if (other) {
      incomplete(model, 'networkAcls', other.id)
      expect(analyzeReachability(model, buildQuery(model, 'i-96b7fc9522f0fd135', 'j-QNR3UJJNA77TW:primary:22')).verdict).toBe('reachable')
    }
    incomplete(model, 'networkAcls', crossed[0]!)
    const result = analyzeReachability(model, buildQuery(model, 'i-96b7fc9522f0fd135', 'j-QNR3UJJNA77TW:primary:22'))
    expect(result.verdict, result.summary).toBe('unknown')
    expect(result.missingData).toContain(`network ACL ${crossed[0]}: unknown before deploy: a rule of ${crossed[0]}`)
  })
})

describe('reach and audit agree before deploy', () => {
  it('where reach cannot tell whether the bastion reaches the primary, EMRA-074 is not evaluated, for the same cause', async () => {
    const {model} = loadTemplate(importedSshCidr, {parameters: PARAMETERS, region: REGION})
    const audit = runAudit(model, ALL_RULES, {topology: 'private', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], failOn: 'high'})
    const outcome = audit.scopes[0]!.outcomes.find((each) => each.ruleId === 'EMRA-074')!
    const reach = await reachTemplate(importedSshCidr, 'Bastion', 'Cluster:primary:22')
    expect(reach.verdict).toBe('unknown')
    expect(outcome.status).toBe('not_evaluated')
    expect(reach.missingData.join('\n')).toContain(outcome.reason!)
  })
})
