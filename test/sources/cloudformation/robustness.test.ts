/**
 * Templates a hostile or careless author could write: values unknown before deploy in the places that used
 * to drop a cluster or crash, a catastrophic AllowedPattern, a FIFO, a huge value, logical ids CloudFormation
 * refuses. Each is either audited with what is unknown said so, or refused in one line naming file and line.
 * The CLI cases run dist/ (`npm run build` first).
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runAudit} from '../../../src/analysis/audit/run-audit.js'
import {ALL_RULES} from '../../../src/analysis/rules/index.js'
import {loadTemplate} from '../../../src/sources/cloudformation/index.js'
import {runCli} from '../../support/cli.js'

const work = mkdtempSync(join(tmpdir(), 'emr-access-cfn-robust-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

function write(name: string, text: string): string {
  const file = join(work, name)
  writeFileSync(file, text)
  return file
}

/** A public subnet, a primary group open to the world on SSH, and `cluster` (YAML under the cluster's Properties). */
function template({parameters = '', primaryGroup = '', cluster}: {parameters?: string; primaryGroup?: string; cluster: string}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: true, EnableDnsHostnames: true}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: true}
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  DefRoute:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Rt}
  PrimarySg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: primary
      VpcId: !Ref Vpc
${primaryGroup || '      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n'}  CoreSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: core, VpcId: !Ref Vpc}
  Cluster:
    Type: AWS::EMR::Cluster
    Properties:
      Name: c
      ReleaseLabel: emr-7.1.0
      JobFlowRole: r
      ServiceRole: s
${cluster}`
}

const INSTANCES = (subnet: string, extra = '') => `      Instances:
        KeepJobFlowAliveWhenNoSteps: true
        Ec2SubnetId: ${subnet}
        EmrManagedMasterSecurityGroup: !Ref PrimarySg
        EmrManagedSlaveSecurityGroup: !Ref CoreSg
${extra}        MasterInstanceGroup: {InstanceCount: 1, InstanceType: m5.xlarge}
        CoreInstanceGroup: {InstanceCount: 1, InstanceType: m5.xlarge}
`

function audit(file: string) {
  const {model, physicalIds} = loadTemplate(file, {parameters: {}, region: 'us-east-1'})
  const result = runAudit(model, ALL_RULES, {topology: 'public', adminCidrs: [], onpremCidrs: [], failOn: 'high'})
  const outcome = (ruleId: string) => result.scopes.flatMap((scope) => scope.outcomes).find((candidate) => candidate.ruleId === ruleId)
  return {model, result, outcome, clusterId: physicalIds.get('Cluster')!}
}

describe('a cluster with a property unknown before deploy is kept; what is unknown is not evaluated', () => {
  it('an imported subnet: the cluster is audited, the rules reading its description say why they cannot', () => {
    const {model, result, outcome, clusterId} = audit(write('import-subnet.yaml', template({cluster: INSTANCES('!ImportValue shared-subnet')})))
    expect(model.data.clusters.map((cluster) => cluster.id)).toEqual([clusterId])
    expect(result.scopes.map((scope) => scope.kind)).toEqual(['cluster'])
    expect(model.availability('describeCluster', clusterId).reason).toMatch(/^unknown before deploy: Fn::ImportValue shared-subnet \(Cluster, line \d+\)/)
    // Rules on the cluster's security groups, its VPC and its subnet: each names the unknown value, not "not in the data".
    for (const ruleId of ['EMRA-041', 'EMRA-001', 'EMRA-010']) {
      expect(outcome(ruleId), ruleId).toMatchObject({status: 'not_evaluated', reason: expect.stringMatching(/^unknown before deploy: Fn::ImportValue shared-subnet/)})
    }
  })

  it('additional groups behind a condition on a parameter without value', () => {
    const parameters = 'Parameters:\n  Open: {Type: String}\nConditions:\n  IsOpen: !Equals [!Ref Open, "yes"]\n'
    const extra = '        AdditionalMasterSecurityGroups: !If [IsOpen, [!Ref CoreSg], []]\n'
    const {model, clusterId} = audit(write('if-groups.yaml', template({parameters, cluster: INSTANCES('!Ref Subnet', extra)})))
    expect(model.data.clusters.map((cluster) => cluster.id)).toEqual([clusterId])
    expect(model.availability('describeCluster', clusterId).reason).toMatch(/condition IsOpen: parameter Open has no Default and no value was given/)
  })

  it('imported applications, which no audit rule reads: the rest of the cluster is evaluated (SSH open to the world fails)', () => {
    const cluster = `      Applications: !ImportValue apps\n${INSTANCES('!Ref Subnet')}`
    const {model, outcome, clusterId} = audit(write('import-apps.yaml', template({cluster})))
    expect(model.data.clusters.map((candidate) => candidate.id)).toEqual([clusterId])
    expect(model.availability('describeCluster', `${clusterId}/applications`).reason).toMatch(/Fn::ImportValue apps/)
    expect(outcome('EMRA-041')?.status).toBe('fail')
  })
})

describe('security group rules unknown before deploy leave the rules unknown, not a crash', () => {
  const parameters = 'Parameters:\n  Open: {Type: String}\nConditions:\n  IsOpen: !Equals [!Ref Open, "yes"]\n'
  const CASES = [
    {
      label: 'ingress behind Fn::If on a parameter without value',
      key: 'SecurityGroupIngress',
      list: '!If [IsOpen, [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}], !Ref AWS::NoValue]',
      cause: /condition IsOpen/,
    },
    {label: 'imported egress', key: 'SecurityGroupEgress', list: '!ImportValue egress-rules', cause: /Fn::ImportValue egress-rules/},
    {label: 'one imported ingress item', key: 'SecurityGroupIngress', list: '[!ImportValue one-rule]', cause: /Fn::ImportValue one-rule/},
  ]
  it.each(CASES)('$label', ({key, list, cause}) => {
    const primaryGroup = `      ${key}: ${list}\n`
    const {model, outcome} = audit(write(`sg-${key}.yaml`, template({parameters, primaryGroup, cluster: INSTANCES('!Ref Subnet')})))
    expect(model.availability('securityGroups').reason).toMatch(cause)
    expect(outcome('EMRA-041')?.status).toBe('not_evaluated')
  })
})

describe('refused in one line naming the file (exit 2)', () => {
  const expectRefusal = (args: string[], where: RegExp) => {
    const result = runCli(['audit', ...args])
    expect(result.code, result.stderr).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(where)
    return lines[0]!
  }
  const vpc = (cidr: string) => `Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ${cidr}\n`

  it('a catastrophic AllowedPattern does not hang the audit: the value is matched in linear time', () => {
    const redos = `Parameters:\n  P:\n    Type: String\n    AllowedPattern: "(a+)+$"\n    Default: "${'a'.repeat(40)}!"\n${vpc('10.0.0.0/16')}`
    expectRefusal(['--template', write('redos.yaml', redos)], /redos\.yaml:5:14: the Default of parameter P: does not match the AllowedPattern \(a\+\)\+\$/)
    expectRefusal(['--template', write('redos2.yaml', redos.replace(/ {4}Default: .*\n/, '')), '--parameter', `P=${'a'.repeat(40)}!`], /parameter P=a+!: does not match the AllowedPattern/)
  })

  it('a FIFO is refused without reading', () => {
    const fifo = join(work, 'pipe.yaml')
    execFileSync('mkfifo', [fifo])
    expectRefusal(['--template', fifo], /pipe\.yaml: is a FIFO \(named pipe\), expected a regular template file; refused without reading/)
  })

  it('a huge value is cut in the error line', () => {
    const line = expectRefusal(['--template', write('huge.yaml', vpc(`"${'1'.repeat(200_000)}"`))], /huge\.yaml:5:18: Vpc\.CidrBlock: "1+…/)
    expect(line.length).toBeLessThan(1000)
  })

  it('a logical id CloudFormation refuses (not alphanumeric), escaped', () => {
    const line = expectRefusal(
      ['--template', write('lid.yaml', `Resources:\n  "Bad\\e|<b>\\u202E":\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n`)],
      /lid\.yaml:2:3: resource "Bad\\u001b\|<b>\\u202e": a logical ID is alphanumeric/,
    )
    expect(line).not.toMatch(/[\u001b\u202e]/)
    expectRefusal(
      ['--template', write('lid-param.yaml', `Parameters:\n  my-param: {Type: String, Default: x}\n${vpc('10.0.0.0/16')}`)],
      /lid-param\.yaml:2:3: parameter "my-param": a logical ID is alphanumeric/,
    )
  })

  it('Properties that are not a map', () => {
    expectRefusal(['--template', write('props.yaml', 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [1]\n')], /props\.yaml:4:17: resource Vpc: Properties must be a map/)
  })
})

describe('Fn::GetAtt of an attribute the type does not have', () => {
  const text = (attribute: string) =>
    `Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: !GetAtt Vpc.${attribute}}\n`

  it('is refused at its line; the attributes the type has keep working', () => {
    const result = runCli(['audit', '--template', write('badgetatt.yaml', text('NoSuchAttr'))])
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr.trim()).toMatch(/^[^\n]*badgetatt\.yaml:7:\d+: Fn::GetAtt Vpc\.NoSuchAttr: AWS::EC2::VPC has no attribute of that name$/)
    const {model} = loadTemplate(write('goodgetatt.yaml', text('CidrBlock')), {parameters: {}, region: 'us-east-1'})
    expect(model.data.subnets.map((subnet) => subnet.cidrBlock)).toEqual(['10.0.0.0/16'])
  })
})
