/**
 * The reference CloudFormation templates (templates/cloudformation/*.yaml): cfn-lint, and deployment into
 * moto_server's CloudFormation through the real AWS SDK.
 *
 * moto's CloudFormation creates the VPC, subnets, internet gateway, EIPs, NAT gateway, route tables, routes,
 * associations, the S3 endpoint, security groups with inline and separate ingress rules, instances, the VGW
 * and its attachment, IAM roles and an AWS::EMR::Cluster. What it leaves out is filled in afterwards by
 * `fillMotoGaps`, with the values the template itself declares (read from the template, never assumed),
 * so the audit judges what real CloudFormation would have built:
 * - AWS::EC2::NetworkAcl, NetworkAclEntry, SubnetNetworkAclAssociation: not created at all;
 * - AWS::EC2::DHCPOptions, VPCDHCPOptionsAssociation: not created;
 * - AWS::EC2::CustomerGateway, VPNConnection, VPNConnectionRoute: not created;
 * - AWS::EC2::VPNGatewayRoutePropagation: not created (and moto does not propagate VGW routes);
 * - AWS::EC2::SubnetRouteTableAssociation: recorded apart, not in DescribeRouteTables (the subnet stays on
 *   the main route table);
 * - AWS::EC2::VPC: EnableDnsSupport / EnableDnsHostnames ignored;
 * - AWS::EC2::SecurityGroup: inline SecurityGroupEgress ignored (the default allow-all egress stays);
 * - AWS::EC2::Instance: SecurityGroupIds ignored (the instance gets the VPC's default group) and the launch
 *   template's MetadataOptions (IMDSv2) ignored;
 * - AWS::EMR::Cluster: KeepJobFlowAliveWhenNoSteps and the instance groups ignored, so the cluster is
 *   TERMINATED at once with no nodes: the same cluster (the stack cluster's Ec2InstanceAttributes) is
 *   launched again with RunJobFlow, and stand-in nodes tagged like EMR's are started in its subnet (moto's
 *   EMR starts its nodes in the default VPC, see test/live/support/moto-topologies.ts); for a public-subnet
 *   cluster, the TCP 8443 rule EMR itself adds to the managed primary group is added with a stand-in range.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {expect} from 'vitest'
import {fileURLToPath} from 'node:url'
import {CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStackResourcesCommand, type Parameter} from '@aws-sdk/client-cloudformation'
import {
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateCustomerGatewayCommand,
  CreateDhcpOptionsCommand,
  CreateKeyPairCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateVpnConnectionCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
  type HttpTokensState,
  type IpPermission,
  type RuleAction,
} from '@aws-sdk/client-ec2'
import {IN_CI} from '../../live/support/moto.js'
import {DescribeClusterCommand, EMRClient, PutBlockPublicAccessConfigurationCommand, RunJobFlowCommand, type InstanceGroupConfig} from '@aws-sdk/client-emr'

export const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/cloudformation/', import.meta.url))
export const TEMPLATES = ['public', 'private-bastion', 'vpn'] as const
export type TemplateName = (typeof TEMPLATES)[number]
export const templatePath = (name: TemplateName): string => `${TEMPLATE_DIR}${name}.yaml`

/** Why cfn-lint (and its YAML decoder, which reads the templates here) cannot run, or undefined. */
export const CFN_LINT_MISSING = (() => {
  const lint = spawnSync('cfn-lint', ['--version'], {encoding: 'utf8'})
  if (lint.error !== undefined || lint.status !== 0) return 'cfn-lint is not installed (pip install cfn-lint)'
  const decoder = spawnSync('python3', ['-c', 'import cfnlint.decode'], {encoding: 'utf8'})
  if (decoder.error !== undefined || decoder.status !== 0) return 'python3 cannot import cfnlint (pip install cfn-lint)'
  return undefined
})()

/** Skip (with the reason on stderr) only outside CI; under CI=true a missing cfn-lint fails the suite. */
export function skipCfnLint(file: string): boolean {
  if (CFN_LINT_MISSING !== undefined && !IN_CI) {
    console.warn(`${file} skipped: ${CFN_LINT_MISSING}`)
    return true
  }
  return false
}

export function requireCfnLint(): void {
  if (CFN_LINT_MISSING !== undefined) throw new Error(`CI=true but ${CFN_LINT_MISSING}`)
}

type Json = Record<string, unknown>

export interface Template {
  Parameters?: Record<string, {Type: string; Default?: unknown}>
  Conditions?: Record<string, unknown>
  Resources: Record<string, {Type: string; Condition?: string; Properties?: Json}>
  Outputs?: Record<string, unknown>
}

/** The template in CloudFormation's JSON form (short tags become Fn::…), decoded by cfn-lint's own loader. */
export function decodeTemplate(file: string): Template {
  const script = 'import json, sys\nfrom cfnlint.decode import decode\ntemplate, errors = decode(sys.argv[1])\nif errors:\n    sys.exit(str(errors))\nprint(json.dumps(template))'
  const result = spawnSync('python3', ['-c', script, file], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`cannot decode ${file}: ${result.stderr}`)
  return JSON.parse(result.stdout) as Template
}

export const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
const KEY = 'emr-admin'
// Amazon Linux 2 image from moto's built-in catalogue.
const AMI = 'ami-04681a1dbd79675a5'

export interface DeployedStack {
  name: string
  template: Template
  parameters: Record<string, string>
  /** Logical id → physical id, for what moto created and what fillMotoGaps added. */
  physical: Record<string, string>
  outputs: Record<string, string>
}

const NO_VALUE = Symbol('AWS::NoValue')

/** Resolves the intrinsics the gap-filled resources use: Ref, Fn::Sub (string form), Fn::If, conditions. */
export function resolve(value: unknown, stack: DeployedStack): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, stack)).filter((item) => item !== NO_VALUE)
  if (value === null || typeof value !== 'object') return value
  const object = value as Json
  const keys = Object.keys(object)
  if (keys.length === 1 && keys[0] === 'Ref') return ref(String(object.Ref), stack)
  if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof object['Fn::Sub'] === 'string') {
    return (object['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => String(ref(name, stack)))
  }
  if (keys.length === 1 && keys[0] === 'Fn::If') {
    const [name, whenTrue, whenFalse] = object['Fn::If'] as [string, unknown, unknown]
    return resolve(condition(name, stack) ? whenTrue : whenFalse, stack)
  }
  // Attributes are not needed by the gap-filled properties; a marker keeps them visible if they ever are.
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') return `<GetAtt ${JSON.stringify(object['Fn::GetAtt'])}>`
  if (keys.length === 1 && keys[0]!.startsWith('Fn::')) throw new Error(`${keys[0]} is not resolved by this test helper`)
  return Object.fromEntries(
    Object.entries(object)
      .map(([key, member]) => [key, resolve(member, stack)])
      .filter(([, member]) => member !== NO_VALUE),
  )
}

function ref(name: string, stack: DeployedStack): unknown {
  if (name === 'AWS::Region') return REGION
  if (name === 'AWS::AccountId') return ACCOUNT
  if (name === 'AWS::StackName') return stack.name
  if (name === 'AWS::Partition') return 'aws'
  if (name === 'AWS::NoValue') return NO_VALUE
  if (name in stack.parameters) return stack.parameters[name]
  if (name in stack.physical) return stack.physical[name]
  throw new Error(`Ref ${name}: neither a parameter nor a created resource`)
}

export function condition(name: string, stack: DeployedStack): boolean {
  const evaluate = (node: unknown): boolean => {
    const object = node as Json
    if ('Condition' in object) return condition(String(object.Condition), stack)
    if ('Fn::Equals' in object) {
      const [a, b] = object['Fn::Equals'] as [unknown, unknown]
      return String(resolve(a, stack)) === String(resolve(b, stack))
    }
    if ('Fn::Not' in object) return !evaluate((object['Fn::Not'] as unknown[])[0])
    if ('Fn::And' in object) return (object['Fn::And'] as unknown[]).every(evaluate)
    if ('Fn::Or' in object) return (object['Fn::Or'] as unknown[]).some(evaluate)
    throw new Error(`condition ${name}: unsupported ${JSON.stringify(node)}`)
  }
  const node = stack.template.Conditions?.[name]
  if (node === undefined) throw new Error(`condition ${name} is not in the template`)
  return evaluate(node)
}

export class TemplateDeployer {
  readonly cfn: CloudFormationClient
  readonly ec2: EC2Client
  readonly emr: EMRClient

  constructor(url: string) {
    const config = {region: REGION, endpoint: url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, maxAttempts: 1}
    this.cfn = new CloudFormationClient(config)
    this.ec2 = new EC2Client(config)
    this.emr = new EMRClient(config)
  }

  destroy(): void {
    this.cfn.destroy()
    this.ec2.destroy()
    this.emr.destroy()
  }

  /** Account-wide state a real account has: the key pair the templates name, EMR block public access (port 22 only). */
  async prepareAccount(): Promise<string> {
    await this.ec2.send(new CreateKeyPairCommand({KeyName: KEY}))
    await this.emr.send(
      new PutBlockPublicAccessConfigurationCommand({
        BlockPublicAccessConfiguration: {BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{MinRange: 22, MaxRange: 22}]},
      }),
    )
    return KEY
  }

  async deploy(name: string, file: string, parameters: Record<string, string>): Promise<DeployedStack> {
    const template = decodeTemplate(file)
    const Parameters: Parameter[] = Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue}))
    await this.cfn.send(new CreateStackCommand({StackName: name, TemplateBody: readFileSync(file, 'utf8'), Parameters, Capabilities: ['CAPABILITY_IAM']}))
    let status = 'CREATE_IN_PROGRESS'
    let reason: string | undefined
    let outputs: Record<string, string> = {}
    for (let attempt = 0; attempt < 120 && status.endsWith('_IN_PROGRESS'); attempt++) {
      const described = (await this.cfn.send(new DescribeStacksCommand({StackName: name}))).Stacks?.[0]
      status = described?.StackStatus ?? 'MISSING'
      reason = described?.StackStatusReason
      outputs = Object.fromEntries((described?.Outputs ?? []).map((output) => [output.OutputKey!, output.OutputValue!]))
      if (status.endsWith('_IN_PROGRESS')) await new Promise((resolve) => setTimeout(resolve, 500))
    }
    if (status !== 'CREATE_COMPLETE') throw new Error(`stack ${name}: ${status} ${reason ?? ''}`)
    const physical: Record<string, string> = {}
    const listed = await this.cfn.send(new ListStackResourcesCommand({StackName: name}))
    for (const resource of listed.StackResourceSummaries ?? []) {
      // moto lists the resources its CloudFormation does not create with no physical id.
      if (resource.LogicalResourceId && resource.PhysicalResourceId && resource.PhysicalResourceId !== 'None') physical[resource.LogicalResourceId] = resource.PhysicalResourceId
    }
    const defaults = Object.fromEntries(Object.entries(template.Parameters ?? {}).flatMap(([key, slot]) => (slot.Default === undefined ? [] : [[key, String(slot.Default)]])))
    return {name, template, parameters: {...defaults, ...parameters}, physical, outputs}
  }

  /** Creates or completes, from the template's own properties, what moto's CloudFormation leaves out (see the header). */
  async fillMotoGaps(stack: DeployedStack): Promise<{done: string[]; missing: string[]}> {
    const done: string[] = []
    const missing: string[] = []
    const resources = Object.entries(stack.template.Resources).filter(([, resource]) => resource.Condition === undefined || condition(resource.Condition, stack))
    // Each loop resolves its resources' properties when it starts, after the loops creating what they refer to.
    const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type).map(([id, resource]) => [id, resolve(resource.Properties ?? {}, stack) as Json] as const)
    const str = (value: unknown): string => String(value)

    for (const [id, props] of ofType('AWS::EC2::VPC')) {
      const vpcId = stack.physical[id]!
      for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames'] as const) {
        if (props[attribute] === undefined) continue
        await this.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId, [attribute]: {Value: props[attribute] === true || props[attribute] === 'true'}}))
        done.push(`${id}.${attribute}`)
      }
    }
    for (const [id, props] of ofType('AWS::EC2::DHCPOptions')) {
      const configurations = [
        ...(props.DomainName !== undefined ? [{Key: 'domain-name', Values: [str(props.DomainName)]}] : []),
        ...(props.DomainNameServers !== undefined ? [{Key: 'domain-name-servers', Values: (props.DomainNameServers as unknown[]).map(str)}] : []),
      ]
      const created = await this.ec2.send(new CreateDhcpOptionsCommand({DhcpConfigurations: configurations}))
      stack.physical[id] = created.DhcpOptions!.DhcpOptionsId!
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::VPCDHCPOptionsAssociation')) {
      await this.ec2.send(new AssociateDhcpOptionsCommand({VpcId: str(props.VpcId), DhcpOptionsId: str(props.DhcpOptionsId)}))
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      const tables = await this.ec2.send(new DescribeRouteTablesCommand({RouteTableIds: [str(props.RouteTableId)]}))
      const associated = tables.RouteTables?.[0]?.Associations?.some((association) => association.SubnetId === str(props.SubnetId))
      if (associated) continue
      await this.ec2.send(new AssociateRouteTableCommand({RouteTableId: str(props.RouteTableId), SubnetId: str(props.SubnetId)}))
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::SecurityGroup')) {
      const egress = props.SecurityGroupEgress as Json[] | undefined
      if (egress === undefined) continue
      const groupId = stack.physical[id]!
      await this.ec2.send(new RevokeSecurityGroupEgressCommand({GroupId: groupId, IpPermissions: [{IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}]}]}))
      const permissions: IpPermission[] = egress.map((rule) => ({
        IpProtocol: str(rule.IpProtocol),
        ...(rule.FromPort !== undefined ? {FromPort: Number(rule.FromPort), ToPort: Number(rule.ToPort)} : {}),
        ...(rule.CidrIp !== undefined ? {IpRanges: [{CidrIp: str(rule.CidrIp)}]} : {}),
        ...(rule.DestinationSecurityGroupId !== undefined ? {UserIdGroupPairs: [{GroupId: str(rule.DestinationSecurityGroupId)}]} : {}),
      }))
      // moto's own EMR may already have added one of these (it adds 8443 out of the service-access group).
      for (const permission of permissions) await this.ec2.send(new AuthorizeSecurityGroupEgressCommand({GroupId: groupId, IpPermissions: [permission]})).catch(() => undefined)
      done.push(`${id}.SecurityGroupEgress`)
    }
    for (const [id, props] of ofType('AWS::EC2::Instance')) {
      const instanceId = stack.physical[id]!
      if (props.SecurityGroupIds !== undefined) {
        await this.ec2.send(new ModifyInstanceAttributeCommand({InstanceId: instanceId, Groups: (props.SecurityGroupIds as unknown[]).map(str)}))
        done.push(`${id}.SecurityGroupIds`)
      }
      const launchTemplate = props.LaunchTemplate as Json | undefined
      if (launchTemplate !== undefined) {
        const templateId = Object.entries(stack.physical).find(([, physicalId]) => physicalId === launchTemplate.LaunchTemplateId)?.[0]
        const data = stack.template.Resources[templateId!]!.Properties!.LaunchTemplateData as Json
        const metadata = data.MetadataOptions as Json | undefined
        if (metadata !== undefined) {
          await this.ec2.send(
            new ModifyInstanceMetadataOptionsCommand({
              InstanceId: instanceId,
              HttpTokens: str(metadata.HttpTokens) as HttpTokensState,
              HttpPutResponseHopLimit: Number(metadata.HttpPutResponseHopLimit),
            }),
          )
          done.push(`${id}.LaunchTemplate.MetadataOptions`)
        }
      }
    }
    for (const [id, props] of ofType('AWS::EC2::NetworkAcl')) {
      stack.physical[id] = (await this.ec2.send(new CreateNetworkAclCommand({VpcId: str(props.VpcId)}))).NetworkAcl!.NetworkAclId!
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::NetworkAclEntry')) {
      const range = props.PortRange as Json | undefined
      await this.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: str(props.NetworkAclId),
          RuleNumber: Number(props.RuleNumber),
          Egress: props.Egress === true || props.Egress === 'true',
          Protocol: str(props.Protocol),
          RuleAction: str(props.RuleAction) as RuleAction,
          CidrBlock: str(props.CidrBlock),
          ...(range !== undefined ? {PortRange: {From: Number(range.From), To: Number(range.To)}} : {}),
        }),
      )
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
      const subnetId = str(props.SubnetId)
      const acls = await this.ec2.send(new DescribeNetworkAclsCommand({Filters: [{Name: 'association.subnet-id', Values: [subnetId]}]}))
      const association = acls.NetworkAcls?.flatMap((acl) => acl.Associations ?? []).find((candidate) => candidate.SubnetId === subnetId)
      await this.ec2.send(new ReplaceNetworkAclAssociationCommand({AssociationId: association!.NetworkAclAssociationId!, NetworkAclId: str(props.NetworkAclId)}))
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::CustomerGateway')) {
      const created = await this.ec2.send(new CreateCustomerGatewayCommand({Type: 'ipsec.1', PublicIp: str(props.IpAddress), BgpAsn: Number(props.BgpAsn)}))
      stack.physical[id] = created.CustomerGateway!.CustomerGatewayId!
      done.push(id)
    }
    for (const [id, props] of ofType('AWS::EC2::VPNConnection')) {
      const created = await this.ec2.send(
        new CreateVpnConnectionCommand({
          Type: 'ipsec.1',
          CustomerGatewayId: str(props.CustomerGatewayId),
          VpnGatewayId: str(props.VpnGatewayId),
          Options: {StaticRoutesOnly: props.StaticRoutesOnly === true || props.StaticRoutesOnly === 'true'},
        }),
      )
      stack.physical[id] = created.VpnConnection!.VpnConnectionId!
      done.push(id)
    }
    // moto implements neither CreateVpnConnectionRoute nor EnableVgwRoutePropagation: left out, and said so.
    for (const [id] of [...ofType('AWS::EC2::VPNConnectionRoute'), ...ofType('AWS::EC2::VPNGatewayRoutePropagation')]) missing.push(id)
    for (const [id, props] of ofType('AWS::EMR::Cluster')) {
      stack.physical[id] = await this.relaunchCluster(stack.physical[id]!, props)
      done.push(`${id} (relaunched with RunJobFlow, stand-in nodes)`)
    }
    return {done, missing}
  }

  /** The stack's cluster again, as the template declares it, alive and with nodes in its subnet; returns the new cluster id. */
  private async relaunchCluster(stackClusterId: string, props: Json): Promise<string> {
    const str = (value: unknown): string => String(value)
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(str) : [])
    // The stack's own cluster exists (terminated); the relaunch takes everything from the template.
    expect((await this.emr.send(new DescribeClusterCommand({ClusterId: stackClusterId}))).Cluster?.Ec2InstanceAttributes?.Ec2SubnetId).toBe(str((props.Instances as Json).Ec2SubnetId))
    const instances = props.Instances as Json
    const keyName = str(instances.Ec2KeyName)
    const subnetId = str(instances.Ec2SubnetId)
    const primaryGroups = [str(instances.EmrManagedMasterSecurityGroup), ...strings(instances.AdditionalMasterSecurityGroups)]
    const coreGroups = [str(instances.EmrManagedSlaveSecurityGroup), ...strings(instances.AdditionalSlaveSecurityGroups)]
    const serviceAccess = instances.ServiceAccessSecurityGroup === undefined ? undefined : str(instances.ServiceAccessSecurityGroup)
    const group = (role: 'MASTER' | 'CORE', spec: Json): InstanceGroupConfig => ({
      Name: str(spec.Name ?? role),
      InstanceRole: role,
      InstanceType: str(spec.InstanceType),
      InstanceCount: Number(spec.InstanceCount),
      Market: 'ON_DEMAND',
    })
    const primary = instances.MasterInstanceGroup as Json
    const core = instances.CoreInstanceGroup as Json
    const result = await this.emr.send(
      new RunJobFlowCommand({
        Name: str(props.Name),
        ReleaseLabel: str(props.ReleaseLabel),
        Applications: (props.Applications as Json[]).map((application) => ({Name: str(application.Name)})),
        Instances: {
          InstanceGroups: [group('MASTER', primary), group('CORE', core)],
          Ec2KeyName: keyName,
          Ec2SubnetId: subnetId,
          EmrManagedMasterSecurityGroup: primaryGroups[0],
          EmrManagedSlaveSecurityGroup: coreGroups[0],
          ...(serviceAccess ? {ServiceAccessSecurityGroup: serviceAccess} : {}),
          AdditionalMasterSecurityGroups: primaryGroups.slice(1),
          AdditionalSlaveSecurityGroups: coreGroups.slice(1),
          KeepJobFlowAliveWhenNoSteps: instances.KeepJobFlowAliveWhenNoSteps === true || instances.KeepJobFlowAliveWhenNoSteps === 'true',
        },
        JobFlowRole: str(props.JobFlowRole),
        ServiceRole: str(props.ServiceRole),
        VisibleToAllUsers: true,
      }),
    )
    const clusterId = result.JobFlowId!
    if (serviceAccess === undefined) {
      // EMR adds TCP 8443 from its service's address ranges to a public cluster's managed primary group when it
      // creates the cluster (reference §2.3.1; the ranges are not published); moto's EMR does not. Stand-in range
      // as in test/live/support/moto-topologies.ts.
      await this.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: primaryGroups[0],
          IpPermissions: [{IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{CidrIp: '52.23.61.0/24', Description: 'EMR service (stand-in range)'}]}],
        }),
      )
    }
    const node = async (role: 'MASTER' | 'CORE', groups: string[], count: number, type: string): Promise<void> => {
      await this.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          MinCount: count,
          MaxCount: count,
          InstanceType: type as never,
          KeyName: keyName,
          SubnetId: subnetId,
          SecurityGroupIds: groups,
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: [
                {Key: 'aws:elasticmapreduce:job-flow-id', Value: clusterId},
                {Key: 'aws:elasticmapreduce:instance-group-role', Value: role},
              ],
            },
          ],
        }),
      )
    }
    await node('MASTER', primaryGroups, Number(primary.InstanceCount), str(primary.InstanceType))
    await node('CORE', coreGroups, Number(core.InstanceCount), str(core.InstanceType))
    return clusterId
  }
}
