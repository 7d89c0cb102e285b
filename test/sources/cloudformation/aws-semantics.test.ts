/**
 * What CloudFormation and EC2 really do with a template's details, as their documentation says: an empty
 * egress list keeps the default allow-all egress, a dynamic reference is read at deploy (unknown before),
 * and properties EC2 refuses are refused at their line rather than audited with a guessed meaning.
 */
import {describe, expect, it} from 'vitest'
import {loadTemplate} from '../../../src/sources/cloudformation/index.js'
import {ADMIN_CIDR, REGION, auditTemplate, dropResource, findingsOf, lineOf, parametersOf, replaceOnce, templateText, writeMutant} from './support.js'

const PARAMETERS = parametersOf([`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true'])
const load = (text: string, name: string) => loadTemplate(writeMutant(text, name), {parameters: PARAMETERS, region: REGION})

const BASTION_EGRESS =
  '      SecurityGroupEgress:\n' +
  '        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref VpcCidr, Description: SSH to the cluster}\n' +
  '        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: HTTPS for package updates}\n'

describe('an egress list with no rule keeps the allow-all egress EC2 creates', () => {
  const allowAllOut = {direction: 'egress', protocol: 'all', peer: {kind: 'cidr', cidr: '0.0.0.0/0'}}

  it.each([
    ['an empty list', '      SecurityGroupEgress: []\n', ''],
    [
      'a list whose only item is AWS::NoValue',
      '      SecurityGroupEgress:\n        - !If [InUsWest2, {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]\n',
      '  InUsWest2: !Equals [!Ref AWS::Region, us-west-2]\n',
    ],
  ])('%s: the bastion may still reach the cluster on 22', (_label, egress, condition) => {
    let text = replaceOnce(templateText('private-bastion'), BASTION_EGRESS, egress)
    if (condition) text = replaceOnce(text, 'Conditions:\n', `Conditions:\n${condition}`)
    const file = writeMutant(text, 'empty-egress.yaml')
    const {model, physicalIds} = loadTemplate(file, {parameters: PARAMETERS, region: REGION})
    const bastionGroup = model.securityGroups.get(physicalIds.get('BastionSecurityGroup')!)!
    expect(bastionGroup.egress).toEqual([expect.objectContaining(allowAllOut)])
    expect(findingsOf(auditTemplate(file, 'private-bastion')).map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([])
  })

  it('one egress rule replaces it', () => {
    const text = replaceOnce(templateText('private-bastion'), BASTION_EGRESS, '      SecurityGroupEgress:\n        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n')
    const {model, physicalIds} = load(text, 'one-egress.yaml')
    const bastionGroup = model.securityGroups.get(physicalIds.get('BastionSecurityGroup')!)!
    expect(bastionGroup.egress).toEqual([expect.objectContaining({protocol: 'tcp', ports: {from: 443, to: 443}})])
  })
})

describe('dynamic references are read at deploy: unknown before, never taken literally', () => {
  it('a CIDR from SSM: the rules that need it are not evaluated', () => {
    const text = replaceOnce(
      templateText('private-bastion'),
      '      CidrIp: !Ref AdminCidr\n      Description: SSH from the operators',
      "      CidrIp: '{{resolve:ssm:/corp/admin-cidr}}'\n      Description: SSH from the operators",
    )
    const {model} = load(text, 'dynref.yaml')
    expect(model.availability('securityGroups').reason).toMatch(/unknown before deploy: the dynamic reference \{\{resolve:ssm:\/corp\/admin-cidr\}\}.*\(BastionSshFromAdmin, line \d+\)/)
  })

  it('part of a string, through Fn::Sub: the subnet of the cluster is unknown, not a subnet named "{{resolve:…}}"', () => {
    const text = replaceOnce(templateText('private-bastion'), '        Ec2SubnetId: !Ref PrivateSubnet\n', '        Ec2SubnetId: !Sub "subnet-{{resolve:ssm:/net/${AWS::Region}/emr-subnet}}"\n')
    const {model} = load(text, 'dynref-subnet.yaml')
    // The cluster stays (its other properties are audited); its subnet is what is unknown.
    const [cluster] = model.data.clusters
    expect(cluster?.subnetId).toBeUndefined()
    expect(model.availability('describeCluster', cluster!.id).reason).toMatch(/unknown before deploy: the dynamic reference \{\{resolve:ssm:\/net\/us-east-1\/emr-subnet\}\}/)
  })

  it('a secret in a text no rule reads does not stop the audit', () => {
    const text = replaceOnce(
      templateText('private-bastion'),
      '      Description: SSH from the operators network (AdminCidr)\n',
      "      Description: '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:ops-AbCdEf:SecretString:note}}'\n",
    )
    const {model} = load(text, 'dynref-secret.yaml')
    expect(model.availability('securityGroups').present).toBe(true)
  })
})

describe('what EC2 refuses is refused at its line, not audited with a guessed meaning', () => {
  const SSH_FROM_BASTION = '        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion}'

  it('a TCP rule without ports', () => {
    const line = '        - {IpProtocol: tcp, CidrIp: 0.0.0.0/0}'
    const text = replaceOnce(templateText('private-bastion'), SSH_FROM_BASTION, line)
    expect(() => load(text, 'noports.yaml')).toThrow(
      new RegExp(`noports\\.yaml:${lineOf(text, line)}:11: PrimarySshFromBastionSecurityGroup\\.FromPort: a TCP rule needs FromPort and ToPort \\(0-65535\\)`),
    )
  })

  it('a TCP rule with port -1', () => {
    const line = '        - {IpProtocol: tcp, FromPort: -1, ToPort: -1, CidrIp: 0.0.0.0/0}'
    const text = replaceOnce(templateText('private-bastion'), SSH_FROM_BASTION, line)
    expect(() => load(text, 'minus1.yaml')).toThrow(new RegExp(`minus1\\.yaml:${lineOf(text, line)}:\\d+: PrimarySshFromBastionSecurityGroup\\.FromPort: -1 is not a TCP port`))
  })

  it('a UDP range upside down', () => {
    const line = '        - {IpProtocol: udp, FromPort: 600, ToPort: 500, CidrIp: 10.0.0.0/8}'
    const text = replaceOnce(templateText('private-bastion'), SSH_FROM_BASTION, line)
    expect(() => load(text, 'upside-down.yaml')).toThrow(new RegExp(`upside-down\\.yaml:${lineOf(text, line)}:\\d+: PrimarySshFromBastionSecurityGroup\\.FromPort: 600 is above ToPort 500`))
  })

  it('an instance naming its groups by name in a subnet', () => {
    const text = replaceOnce(templateText('private-bastion'), '      SecurityGroupIds: [!Ref BastionSecurityGroup]\n', '      SecurityGroups: [!Ref BastionSecurityGroup]\n')
    expect(() => load(text, 'names.yaml')).toThrow(
      new RegExp(`names\\.yaml:${lineOf(text, '      SecurityGroups: [!Ref BastionSecurityGroup]')}:7: Bastion\\.SecurityGroups: security groups by name cannot be used with a subnet`),
    )
  })
})

describe('the inbound rules EMR adds to the managed groups when it launches the cluster', () => {
  const statusOf = (file: string, ruleId: string) =>
    auditTemplate(file, 'private-bastion')
      .scopes.flatMap((scope) => scope.outcomes)
      .find((outcome) => outcome.ruleId === ruleId)

  it('an inbound rule the template leaves out of a managed group is there once the cluster runs', () => {
    const text = dropResource(dropResource(templateText('private-bastion'), 'Primary8443FromServiceAccess'), 'CoreTcpFromPrimary')
    const file = writeMutant(text, 'emr-adds.yaml')
    const {model, physicalIds} = loadTemplate(file, {parameters: PARAMETERS, region: REGION})
    const primary = model.securityGroups.get(physicalIds.get('PrimarySecurityGroup')!)!
    const core = model.securityGroups.get(physicalIds.get('CoreSecurityGroup')!)!
    expect(primary.ingress).toContainEqual(
      expect.objectContaining({
        protocol: 'tcp',
        ports: {from: 8443, to: 8443},
        peer: {kind: 'security-group', groupId: physicalIds.get('ServiceAccessSecurityGroup')},
        description: 'added by EMR when it launches the cluster',
      }),
    )
    expect(core.ingress).toContainEqual(expect.objectContaining({protocol: 'tcp', ports: {from: 0, to: 65535}, peer: {kind: 'security-group', groupId: physicalIds.get('PrimarySecurityGroup')}}))
    // Rules the template gives are not doubled.
    expect(primary.ingress.filter((rule) => rule.protocol === 'udp')).toHaveLength(2)
    expect(findingsOf(auditTemplate(file, 'private-bastion')).map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([])
    for (const ruleId of ['EMRA-030', 'EMRA-032']) expect(statusOf(file, ruleId)?.status, ruleId).toBe('pass')
  })

  it('EMR 8.x: the service access group admits HTTPS from the VPC (EMRA-033 passes)', () => {
    const text = replaceOnce(templateText('private-bastion'), '      ReleaseLabel: !Ref ReleaseLabel\n', '      ReleaseLabel: emr-8.0.0\n')
    const file = writeMutant(text, 'emr-8.yaml')
    const {model, physicalIds} = loadTemplate(file, {parameters: PARAMETERS, region: REGION})
    expect(model.securityGroups.get(physicalIds.get('ServiceAccessSecurityGroup')!)!.ingress).toContainEqual(
      expect.objectContaining({protocol: 'tcp', ports: {from: 443, to: 443}, peer: {kind: 'cidr', cidr: '10.1.0.0/16'}}),
    )
    expect(statusOf(file, 'EMRA-033')?.status).toBe('pass')
  })

  it('no managed group named: EMR uses its default groups, whose rules are unknown, not empty', () => {
    const text = replaceOnce(
      templateText('private-bastion'),
      '        EmrManagedMasterSecurityGroup: !Ref PrimarySecurityGroup\n        EmrManagedSlaveSecurityGroup: !Ref CoreSecurityGroup\n        ServiceAccessSecurityGroup: !Ref ServiceAccessSecurityGroup\n',
      '',
    )
    const file = writeMutant(text, 'no-managed.yaml')
    const {model, physicalIds} = loadTemplate(file, {parameters: PARAMETERS, region: REGION})
    const cluster = model.data.clusters[0]!
    const primaryNode = model.data.instances.find((instance) => instance.id === cluster.primaryInstances[0]!.ec2InstanceId)!
    // The primary node carries the default primary group (not in the data) and its additional group.
    expect(primaryNode.enis[0]!.groupIds).toEqual([cluster.managedPrimarySecurityGroupId, physicalIds.get('PrimarySshFromBastionSecurityGroup')])
    expect(model.securityGroups.has(cluster.managedPrimarySecurityGroupId!)).toBe(false)
    expect(model.availability('securityGroups', cluster.managedPrimarySecurityGroupId).reason).toMatch(/unknown before deploy: the default EMR-managed primary group EMR uses for Cluster/)
    expect(cluster.serviceAccessSecurityGroupId).toBeDefined()
    for (const ruleId of ['EMRA-030', 'EMRA-032']) {
      const outcome = statusOf(file, ruleId)
      expect(outcome?.status, ruleId).toBe('not_evaluated')
      expect(outcome?.reason, ruleId).toMatch(/^unknown before deploy: the default EMR-managed primary group EMR uses for Cluster/)
    }
  })
})
