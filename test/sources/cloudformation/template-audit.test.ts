/**
 * audit --template on the reference templates: each is clean under its own topology, each single
 * mutation a pull request could make is found by the expected rule at the template line that declares
 * it, and what a template cannot know is "not evaluated (unknown before deploy: …)", never a pass.
 * In-process, through the same calls the command makes (loadTemplate → runAudit → locateFindings).
 */
import {basename} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {AuditResult} from '../../../src/analysis/findings.js'
import {ADMIN_CIDR, REGION, auditTemplate, parametersOf, dropResource, findingsOf, lineOf, replaceOnce, templateFile, templateText, writeMutant, type TemplateName} from './support.js'
import {runAudit} from '../../../src/analysis/audit/run-audit.js'
import {ALL_RULES} from '../../../src/analysis/rules/index.js'
import {loadTemplate} from '../../../src/sources/cloudformation/index.js'
import {decodeTemplate, skipCfnLint} from '../../templates/support/cloudformation.js'

const statusOf = (result: AuditResult, ruleId: string) => result.scopes[0]!.outcomes.find((outcome) => outcome.ruleId === ruleId)
const notEvaluated = (result: AuditResult) => result.scopes.flatMap((scope) => scope.outcomes.filter((outcome) => outcome.status === 'not_evaluated').map((outcome) => outcome.ruleId))

describe('reference templates audit clean under their own topology', () => {
  // What a template alone cannot know, each for its reason: the addresses behind the S3 gateway endpoint's
  // AWS-managed prefix list, the account's EMR block public access setting, the ranges EMR adds on 8443 to a
  // public cluster's primary group, whether the customer's device brings the VPN tunnels up, whether the
  // SSM agent on the primary registers (EMRA-078).
  const UNKNOWABLE: Record<TemplateName, string[]> = {
    public: ['EMRA-026', 'EMRA-031', 'EMRA-040', 'EMRA-041', 'EMRA-042', 'EMRA-050', 'EMRA-051', 'EMRA-078'],
    'private-bastion': ['EMRA-026', 'EMRA-050', 'EMRA-051', 'EMRA-078'],
    vpn: ['EMRA-026', 'EMRA-050', 'EMRA-051', 'EMRA-078', 'EMRA-090', 'EMRA-095'],
  }
  const TOPOLOGY: Record<TemplateName, string> = {public: 'public', 'private-bastion': 'private', vpn: 'vpn'}
  // Rules that must have judged the template's own data (so "clean" is not "nothing evaluated").
  const JUDGED: Record<TemplateName, string[]> = {
    public: ['EMRA-001', 'EMRA-002', 'EMRA-011', 'EMRA-030', 'EMRA-060', 'EMRA-061', 'EMRA-062'],
    'private-bastion': ['EMRA-001', 'EMRA-003', 'EMRA-020', 'EMRA-030', 'EMRA-032', 'EMRA-060', 'EMRA-061', 'EMRA-071', 'EMRA-072', 'EMRA-073', 'EMRA-074'],
    vpn: ['EMRA-001', 'EMRA-003', 'EMRA-020', 'EMRA-030', 'EMRA-032', 'EMRA-060', 'EMRA-061', 'EMRA-091', 'EMRA-092'],
  }

  it.each(['public', 'private-bastion', 'vpn'] as const)('%s.yaml', (name) => {
    const result = auditTemplate(templateFile(name), name)
    expect(result.scopes).toHaveLength(1)
    const [scope] = result.scopes
    expect(scope!.topology.classified, scope!.topology.reason).toBe(TOPOLOGY[name])
    expect(findingsOf(result).map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([])
    for (const ruleId of JUDGED[name]) expect(statusOf(result, ruleId)?.status, ruleId).toBe('pass')
    expect(notEvaluated(result).sort()).toEqual(UNKNOWABLE[name])
    for (const outcome of scope!.outcomes.filter((candidate) => candidate.status === 'not_evaluated' && candidate.ruleId !== 'EMRA-026')) {
      expect(outcome.reason, outcome.ruleId).toMatch(/unknown before deploy/)
    }
  })
})

describe('single mutations are found at the line that declares them', () => {
  const private_ = templateText('private-bastion')
  const public_ = templateText('public')
  const vpn = templateText('vpn')
  const denyReturn = (text: string): string => {
    const start = text.indexOf('  PrivateAclInTcpReturn:\n')
    const action = text.indexOf('RuleAction: allow', start)
    expect(start).toBeGreaterThan(0)
    return `${text.slice(0, action)}RuleAction: deny${text.slice(action + 'RuleAction: allow'.length)}`
  }
  const CASES: {label: string; template: TemplateName; text: string; ruleId: string; line: string}[] = [
    {label: 'private: the NAT default route dropped', template: 'private-bastion', text: dropResource(private_, 'PrivateDefaultRoute'), ruleId: 'EMRA-024', line: '  PrivateRouteTable:'},
    {
      label: 'private: the bastion open to the world on 22',
      template: 'private-bastion',
      text: replaceOnce(private_, '      CidrIp: !Ref AdminCidr\n      Description: SSH from the operators', '      CidrIp: 0.0.0.0/0\n      Description: SSH from the operators'),
      ruleId: 'EMRA-071',
      line: '  BastionSshFromAdmin:',
    },
    // EMR adds missing inbound rules to the managed groups when it launches the cluster, not egress rules: the
    // service access group's 8443 out to the primary group, once dropped, stays dropped.
    {
      label: 'private: the service-access egress to the primary group dropped',
      template: 'private-bastion',
      text: replaceOnce(
        private_,
        '        - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, DestinationSecurityGroupId: !Ref PrimarySecurityGroup, Description: cluster manager to the primary node}\n',
        '',
      ),
      ruleId: 'EMRA-032',
      line: '  ServiceAccessSecurityGroup:',
    },
    {label: 'private: the cluster ACL denies the ephemeral return range', template: 'private-bastion', text: denyReturn(private_), ruleId: 'EMRA-061', line: '  PrivateAclInTcpReturn:'},
    {
      label: 'private: the bastion cannot reach the primary (SSH rule dropped)',
      template: 'private-bastion',
      text: replaceOnce(
        private_,
        '      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion}\n',
        '',
      ),
      ruleId: 'EMRA-074',
      // The path is blocked by the primary node's groups together (its interface is the blocking component):
      // the node is declared by the cluster's MasterInstanceGroup.
      line: '        MasterInstanceGroup: {InstanceCount: 1, InstanceType: !Ref PrimaryInstanceType, Market: ON_DEMAND, Name: Primary}',
    },
    {
      label: 'public: SSH to the primary open to the world',
      template: 'public',
      text: public_.replace(/( {2}PrimarySshFromAdmin:\n[\s\S]*?CidrIp: )!Ref AdminCidr/, '$10.0.0.0/0'),
      ruleId: 'EMRA-041',
      line: '  PrimarySshFromAdmin:',
    },
    {label: 'public: the internet route dropped', template: 'public', text: dropResource(public_, 'PublicDefaultRoute'), ruleId: 'EMRA-011', line: '  PublicRouteTable:'},
    {label: 'vpn: the VGW detached', template: 'vpn', text: dropResource(vpn, 'VpnGatewayAttachment'), ruleId: 'EMRA-091', line: '  VpnGateway:'},
  ]

  it.each(CASES)('$label → $ruleId', ({template, text, ruleId, line}) => {
    expect(text).not.toBe(templateText(template))
    const file = writeMutant(text, `${template}-mutant.yaml`)
    const findings = findingsOf(auditTemplate(file, template))
    const finding = findings.find((candidate) => candidate.ruleId === ruleId)
    expect(finding, findings.map((candidate) => `${candidate.ruleId}: ${candidate.message}`).join('\n')).toBeDefined()
    expect(basename(finding!.origin!.location!.file)).toBe(basename(file))
    expect(finding!.origin!.location!.line, `${ruleId} should point at ${line.trim()}`).toBe(lineOf(text, line))
    expect(finding!.origin!.location!.column).toBe(line.length - line.trimStart().length + 1)
  })
})

describe('values known only after deploy are not evaluated, never guessed', () => {
  it('a parameter without value: the rules reading it say so', () => {
    const {model} = loadTemplate(templateFile('private-bastion'), {parameters: parametersOf(['CreateCluster=true']), region: REGION})
    const result = runAudit(model, ALL_RULES, {topology: 'private', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], failOn: 'high'})
    expect(findingsOf(result)).toEqual([])
    for (const ruleId of ['EMRA-030', 'EMRA-060', 'EMRA-061', 'EMRA-071']) {
      const outcome = statusOf(result, ruleId)
      expect(outcome?.status, ruleId).toBe('not_evaluated')
      expect(outcome?.reason).toMatch(/unknown before deploy: .*parameter AdminCidr has no Default and no value was given/)
    }
  })

  it('without --region the S3 endpoint and the DHCP domain are unknown', () => {
    const {model} = loadTemplate(templateFile('private-bastion'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true'])})
    expect(model.availability('vpcEndpoints').reason).toMatch(/^unknown before deploy: AWS::Region \(no Region given\)/)
    expect(model.availability('dhcpOptions').present).toBe(false)
    const result = runAudit(model, ALL_RULES, {topology: 'private', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], failOn: 'high'})
    expect(statusOf(result, 'EMRA-020')?.status).toBe('not_evaluated')
    expect(findingsOf(result)).toEqual([])
  })

  it('an imported value is unknown, not a guess', () => {
    const text = replaceOnce(
      templateText('private-bastion'),
      '      CidrIp: !Ref AdminCidr\n      Description: SSH from the operators',
      '      CidrIp: !ImportValue corp-admin-cidr\n      Description: SSH from the operators',
    )
    const {model} = loadTemplate(writeMutant(text, 'imported.yaml'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true']), region: REGION})
    expect(model.availability('securityGroups').reason).toMatch(/unknown before deploy: Fn::ImportValue corp-admin-cidr \(BastionSshFromAdmin, line \d+\)/)
  })

  it('a value with a control character is refused at its line, as in a snapshot', () => {
    const text = replaceOnce(templateText('private-bastion'), '      GroupDescription: SSH bastion for EMR access (from AdminCidr only)\n', '      GroupDescription: "SSH bastion \\e[2J"\n')
    const file = writeMutant(text, 'hostile.yaml')
    expect(() => loadTemplate(file, {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`]), region: REGION})).toThrow(
      new RegExp(
        `hostile\\.yaml:${lineOf(text, '      GroupDescription: "SSH bastion \\e[2J"')}:25: BastionSecurityGroup\\.GroupDescription: expected printable text, got the control character U\\+001B`,
      ),
    )
  })

  it('a port or a policy AWS would refuse is refused at its line', () => {
    const port = replaceOnce(
      templateText('private-bastion'),
      '      FromPort: 22\n      ToPort: 22\n      CidrIp: !Ref AdminCidr',
      '      FromPort: 22\n      ToPort: 70000\n      CidrIp: !Ref AdminCidr',
    )
    expect(() => loadTemplate(writeMutant(port, 'port.yaml'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`]), region: REGION})).toThrow(
      new RegExp(`port\\.yaml:${lineOf(port, '      ToPort: 70000')}:7: BastionSshFromAdmin\\.ToPort: expected a whole number from -1 to 65535, got "70000"`),
    )
    const policy = replaceOnce(
      templateText('private-bastion'),
      '      VpcEndpointType: Gateway\n      RouteTableIds: [!Ref PrivateRouteTable]\n',
      '      VpcEndpointType: Gateway\n      RouteTableIds: [!Ref PrivateRouteTable]\n      PolicyDocument: "{not json"\n',
    )
    expect(() => loadTemplate(writeMutant(policy, 'policy.yaml'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`]), region: REGION})).toThrow(
      /policy\.yaml:\d+:\d+: S3GatewayEndpoint\.PolicyDocument: the text is not a JSON policy document/,
    )
  })

  it('without the cluster (CreateCluster false) the VPC is audited alone', () => {
    const {model} = loadTemplate(templateFile('private-bastion'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`]), region: REGION})
    expect(model.data.clusters).toEqual([])
    const result = runAudit(model, ALL_RULES, {topology: 'private', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], failOn: 'high'})
    expect(result.scopes.map((scope) => scope.kind)).toEqual(['vpc'])
    expect(findingsOf(result)).toEqual([])
  })
})

describe('the model a template gives', () => {
  it('ids in AWS shape, stable across runs, with the line of each declaration', () => {
    const load = () => loadTemplate(templateFile('private-bastion'), {parameters: parametersOf([`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true']), region: REGION})
    const first = load()
    const second = load()
    expect([...first.physicalIds]).toEqual([...second.physicalIds])
    expect(first.physicalIds.get('Vpc')).toMatch(/^vpc-0[0-9a-f]{16}$/)
    expect(first.physicalIds.get('Cluster')).toMatch(/^j-[0-9A-Z]{13}$/)
    const text = templateText('private-bastion')
    const bastion = first.model.instances.get(first.physicalIds.get('Bastion')!)!
    expect(bastion.origin?.location?.line).toBe(lineOf(text, '  Bastion:'))
    // Its Elastic IP exists, its value is AWS's; its private address is any of its subnet's.
    expect(bastion.publicIp).toMatch(/unknown before deploy/)
    expect(bastion.enis[0]!.privateIps).toEqual(['10.1.0.0/24'])
    // What EC2 adds: a main route table, the default ACL and security group.
    const vpcId = first.physicalIds.get('Vpc')!
    expect(first.model.routeTablesOf(vpcId).filter((table) => table.associations.some((association) => association.main))).toHaveLength(1)
    expect(first.model.data.networkAcls.filter((acl) => acl.vpcId === vpcId && acl.isDefault)).toHaveLength(1)
  })
})

// The JSON form of a template, as CloudFormation's own tooling writes it (cfn-lint's decoder, long-form intrinsics).
describe.skipIf(skipCfnLint('test/sources/cloudformation/template-audit.test.ts (JSON)'))('a JSON template', () => {
  it('audits like its YAML form, and findings point at lines of the JSON file', () => {
    const yaml = templateText('private-bastion').replace(/( {2}BastionSshFromAdmin:\n[\s\S]*?CidrIp: )!Ref AdminCidr/, '$10.0.0.0/0')
    const json = JSON.stringify(decodeTemplate(writeMutant(yaml, 'open.yaml')), null, 2)
    const file = writeMutant(json, 'open.json')
    const findings = findingsOf(auditTemplate(file, 'private-bastion'))
    const fromYaml = findingsOf(auditTemplate(writeMutant(yaml, 'open.yaml'), 'private-bastion'))
    expect(findings.map((finding) => finding.ruleId)).toEqual(fromYaml.map((finding) => finding.ruleId))
    const ssh = findings.find((finding) => finding.ruleId === 'EMRA-071')
    expect(ssh?.origin?.location?.line).toBe(lineOf(json, '    "BastionSshFromAdmin": {'))
  })
})
