/**
 * The AWS constructs that several rules' remediation files write: each function gives one construct
 * as AWS CLI command(s), a CloudFormation (YAML) resource and a Terraform (HCL) resource, so the three
 * forms are spelled once. Values are template text (`{{groupId}}`, filled per finding by fillTemplate)
 * or a `Reference` to a resource of the user's own template. A remediation file still writes its
 * summary and console steps, and any comment that says which of its resources does what.
 */

/** One fix in the three machine forms of a Remediation. */
export interface Snippet {
  cli: string
  cloudformation: string
  terraform: string
}

/** A resource of the user's own template, spelled per form (the CLI has no reference: a placeholder). */
export type Reference = Snippet

/** Template text (`{{groupId}}`, the same in every form; quoted in Terraform) or a reference. */
export type Value = string | Reference

/** The bastion's security group, when the finding cannot name it. */
export const BASTION_GROUP: Reference = {cli: '<bastion-sg-id>', cloudformation: '!Ref BastionSecurityGroup', terraform: 'aws_security_group.bastion.id'}

/** Snippets one after another: CLI lines, CloudFormation resources, Terraform blocks (a blank line apart). */
export function combine(...snippets: readonly Snippet[]): Snippet {
  return {
    cli: snippets.map((snippet) => snippet.cli).join('\n'),
    cloudformation: snippets.map((snippet) => snippet.cloudformation).join('\n'),
    terraform: snippets.map((snippet) => snippet.terraform).join('\n\n'),
  }
}

// ---- Security group rules ----

/** A security group permission: enough for the AWS CLI. */
export interface SecurityGroupPermission {
  direction: 'ingress' | 'egress'
  groupId: Value
  /** `tcp`, `-1` (all traffic) or template text such as `{{protocol}}`. */
  protocol: string
  /** One port, or the finding's range as templates (`--port {{port}}` takes `22` or `8088-8090`). Absent for all traffic. */
  port?: number | {from: string; to: string; cli: string}
  /** The source (ingress) or destination (egress). */
  peer: {cidr: Value} | {group: Value} | {prefixList: Value}
  /** Adds `--region` to the CLI command. */
  region?: string
}

/** A security group rule as its own resource. */
export interface SecurityGroupRule extends SecurityGroupPermission {
  /** The CloudFormation logical id; without one the snippet is a bare resource (Type, Properties). */
  logicalId?: string
  terraformName: string
  description?: string
}

/** The finding's port range: `{{port}}` (`22` or `8088-8090`) for the CLI's --port, `{{fromPort}}`/`{{toPort}}` for templates. */
export const FINDING_PORTS = {from: '{{fromPort}}', to: '{{toPort}}', cli: '{{port}}'} as const

/** Rules as AWS CLI, CloudFormation and Terraform; the CLI gives a group's rules of one direction in one command. */
export function securityGroupRules(...rules: readonly SecurityGroupRule[]): Snippet {
  return {
    cli: securityGroupCli('authorize', ...rules),
    cloudformation: rules.map(securityGroupRuleCloudFormation).join('\n'),
    terraform: rules.map(securityGroupRuleTerraform).join('\n\n'),
  }
}

/**
 * AWS CLI lines that authorize or revoke permissions: one command per group and direction, its
 * permissions of one protocol and port range merged (`UserIdGroupPairs=[{…},{…}]`). A single ingress
 * permission from one CIDR or group takes the short options (`--protocol --port --cidr`).
 */
export function securityGroupCli(action: 'authorize' | 'revoke', ...permissions: readonly SecurityGroupPermission[]): string {
  const commands = groupBy(permissions, (permission) => [permission.direction, cliText(permission.groupId), permission.region ?? ''].join(' '))
  return commands
    .map((command) => {
      const [first] = command
      const head = `aws ec2 ${action}-security-group-${first.direction}${first.region ? ` --region ${first.region}` : ''} --group-id ${cliText(first.groupId)}`
      if (command.length === 1 && first.direction === 'ingress' && first.port !== undefined && !('prefixList' in first.peer)) {
        const peer = 'cidr' in first.peer ? `--cidr ${cliText(first.peer.cidr)}` : `--source-group ${cliText(first.peer.group)}`
        return `${head} --protocol ${first.protocol} --port ${typeof first.port === 'number' ? first.port : first.port.cli} ${peer}`
      }
      const merged = groupBy(command, (permission) => [permission.protocol, JSON.stringify(permission.port ?? null), peerKind(permission)].join(' '))
      return `${head} --ip-permissions ${merged.map((same) => `'${ipPermission(same)}'`).join(' ')}`
    })
    .join('\n')
}

/** AWS CLI: revoke the finding's ingress rule from `cidr`, then authorize `rule` (the same protocol and ports, from its own peer). */
export function replaceIngressCli(cidr: string, rule: SecurityGroupPermission): string {
  return `${securityGroupCli('revoke', {...rule, peer: {cidr}})}\n${securityGroupCli('authorize', rule)}`
}

function ipPermission(same: readonly [SecurityGroupPermission, ...SecurityGroupPermission[]]): string {
  const [first] = same
  const ports = first.port === undefined ? '' : `,FromPort=${portFrom(first.port)},ToPort=${portTo(first.port)}`
  const peers = (key: string, values: string[]) => `[${values.map((value) => `{${key}=${value}}`).join(',')}]`
  const values = same.map(({peer}) => cliText('cidr' in peer ? peer.cidr : 'group' in peer ? peer.group : peer.prefixList))
  const kind = peerKind(first)
  const list = kind === 'cidr' ? `IpRanges=${peers('CidrIp', values)}` : kind === 'group' ? `UserIdGroupPairs=${peers('GroupId', values)}` : `PrefixListIds=${peers('PrefixListId', values)}`
  return `IpProtocol=${first.protocol}${ports},${list}`
}

function securityGroupRuleCloudFormation(rule: SecurityGroupRule): string {
  const ingress = rule.direction === 'ingress'
  const {peer} = rule
  const [peerKey, peerValue]: [string, Value] =
    'cidr' in peer
      ? ['CidrIp', peer.cidr]
      : 'group' in peer
        ? [ingress ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId', peer.group]
        : [ingress ? 'SourcePrefixListId' : 'DestinationPrefixListId', peer.prefixList]
  return cloudFormationResource(ingress ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress', rule.logicalId, [
    ['GroupId', cloudFormationText(rule.groupId)],
    // YAML would read a bare -1 as a number; CloudFormation documents the protocol as a string.
    ['IpProtocol', rule.protocol === '-1' ? '"-1"' : rule.protocol],
    ['FromPort', rule.port === undefined ? undefined : portFrom(rule.port)],
    ['ToPort', rule.port === undefined ? undefined : portTo(rule.port)],
    [peerKey, cloudFormationText(peerValue)],
    ['Description', rule.description],
  ])
}

function securityGroupRuleTerraform(rule: SecurityGroupRule): string {
  const {peer} = rule
  const [peerKey, peerValue]: [string, Value] = 'cidr' in peer ? ['cidr_ipv4', peer.cidr] : 'group' in peer ? ['referenced_security_group_id', peer.group] : ['prefix_list_id', peer.prefixList]
  return terraformResource(`aws_vpc_security_group_${rule.direction}_rule`, rule.terraformName, [
    ['security_group_id', terraformText(rule.groupId)],
    ['ip_protocol', `"${rule.protocol}"`],
    ['from_port', rule.port === undefined ? undefined : portFrom(rule.port)],
    ['to_port', rule.port === undefined ? undefined : portTo(rule.port)],
    [peerKey, terraformText(peerValue)],
    ['description', rule.description === undefined ? undefined : `"${rule.description}"`],
  ])
}

function peerKind({peer}: SecurityGroupPermission): 'cidr' | 'group' | 'prefixList' {
  return 'cidr' in peer ? 'cidr' : 'group' in peer ? 'group' : 'prefixList'
}

const portFrom = (port: NonNullable<SecurityGroupPermission['port']>) => String(typeof port === 'number' ? port : port.from)
const portTo = (port: NonNullable<SecurityGroupPermission['port']>) => String(typeof port === 'number' ? port : port.to)

// ---- Network ACL entries ----

/** An allow entry of a network ACL. */
export interface NetworkAclEntry {
  naclId: string
  ruleNumber: number | string
  egress: boolean
  protocol: 'all' | 'tcp'
  /** TCP ports; numbers or template text. */
  ports?: {from: number | string; to: number | string}
  cidr: string
  logicalId?: string
  terraformName: string
}

/** Entries as AWS CLI (`create`, or `replace` for an entry whose number is taken), CloudFormation and Terraform. */
export function networkAclEntries(action: 'create' | 'replace', ...entries: readonly NetworkAclEntry[]): Snippet {
  return {
    cli: entries
      .map(({naclId, egress, ruleNumber, protocol, ports, cidr}) => {
        const portRange = ports ? ` --port-range From=${ports.from},To=${ports.to}` : ''
        return `aws ec2 ${action}-network-acl-entry --network-acl-id ${naclId} ${egress ? '--egress' : '--ingress'} --rule-number ${ruleNumber} --protocol ${protocol === 'all' ? '-1' : 'tcp'}${portRange} --cidr-block ${cidr} --rule-action allow`
      })
      .join('\n'),
    cloudformation: entries
      .map((entry) =>
        cloudFormationResource('AWS::EC2::NetworkAclEntry', entry.logicalId, [
          ['NetworkAclId', entry.naclId],
          ['RuleNumber', String(entry.ruleNumber)],
          // CloudFormation takes the protocol number: -1 for all, 6 for TCP.
          ['Protocol', entry.protocol === 'all' ? '-1' : '6'],
          ['RuleAction', 'allow'],
          ['Egress', String(entry.egress)],
          ['CidrBlock', entry.cidr],
          [
            'PortRange',
            entry.ports && [
              ['From', String(entry.ports.from)],
              ['To', String(entry.ports.to)],
            ],
          ],
        ]),
      )
      .join('\n'),
    terraform: entries
      .map((entry) =>
        terraformResource('aws_network_acl_rule', entry.terraformName, [
          ['network_acl_id', `"${entry.naclId}"`],
          ['rule_number', String(entry.ruleNumber)],
          ['egress', String(entry.egress)],
          ['protocol', entry.protocol === 'all' ? '"-1"' : '"tcp"'],
          ['rule_action', '"allow"'],
          ['cidr_block', `"${entry.cidr}"`],
          ['from_port', entry.ports && String(entry.ports.from)],
          ['to_port', entry.ports && String(entry.ports.to)],
        ]),
      )
      .join('\n\n'),
  }
}

// ---- Routes and gateways ----

/** A route of a route table. */
export interface Route {
  routeTableId: string
  destination: string
  target: {gateway: Value} | {natGateway: Value}
  logicalId?: string
  terraformName: string
  /** CloudFormation: a resource that must exist first (the gateway's attachment). */
  dependsOn?: string
}

/** Routes as `create-route` commands, CloudFormation and Terraform. */
export function routes(...routes: readonly Route[]): Snippet {
  return {
    cli: routes.map((route) => routeCli('create', route)).join('\n'),
    cloudformation: routes
      .map(({routeTableId, destination, target, logicalId, dependsOn}) =>
        cloudFormationResource(
          'AWS::EC2::Route',
          logicalId,
          [
            ['RouteTableId', routeTableId],
            ['DestinationCidrBlock', destination],
            'gateway' in target ? ['GatewayId', cloudFormationText(target.gateway)] : ['NatGatewayId', cloudFormationText(target.natGateway)],
          ],
          dependsOn,
        ),
      )
      .join('\n'),
    terraform: routes
      .map(({routeTableId, destination, target, terraformName}) =>
        terraformResource('aws_route', terraformName, [
          ['route_table_id', `"${routeTableId}"`],
          ['destination_cidr_block', `"${destination}"`],
          'gateway' in target ? ['gateway_id', terraformText(target.gateway)] : ['nat_gateway_id', terraformText(target.natGateway)],
        ]),
      )
      .join('\n\n'),
  }
}

/** The AWS CLI command that creates a route, or replaces the one the table has for its destination. */
export function routeCli(action: 'create' | 'replace', {routeTableId, destination, target}: Pick<Route, 'routeTableId' | 'destination' | 'target'>): string {
  const targetOption = 'gateway' in target ? `--gateway-id ${cliText(target.gateway)}` : `--nat-gateway-id ${cliText(target.natGateway)}`
  return `aws ec2 ${action}-route --route-table-id ${routeTableId} --destination-cidr-block ${destination} ${targetOption}`
}

/** An internet gateway or virtual private gateway attached to a VPC. */
export function gatewayAttachment({vpcId, gateway, logicalId, terraformName}: {vpcId: string; gateway: {internet: string} | {vpn: string}; logicalId?: string; terraformName: string}): Snippet {
  const [kind, gatewayId] = 'internet' in gateway ? (['internet', gateway.internet] as const) : (['vpn', gateway.vpn] as const)
  return {
    cli: `aws ec2 attach-${kind}-gateway --${kind}-gateway-id ${gatewayId} --vpc-id ${vpcId}`,
    cloudformation: cloudFormationResource('AWS::EC2::VPCGatewayAttachment', logicalId, [
      ['VpcId', vpcId],
      [kind === 'internet' ? 'InternetGatewayId' : 'VpnGatewayId', gatewayId],
    ]),
    terraform: terraformResource(`aws_${kind}_gateway_attachment`, terraformName, [
      ['vpc_id', `"${vpcId}"`],
      [`${kind}_gateway_id`, `"${gatewayId}"`],
    ]),
  }
}

// ---- VPC endpoints ----

/** A VPC endpoint. One subnet, route table and security group at most: the cluster's. */
export interface VpcEndpoint {
  vpcId: string
  type: 'Gateway' | 'Interface'
  /** The service name; see `regionalServiceName`. */
  service: Value
  privateDns?: boolean
  subnetId?: string
  routeTableId?: string
  securityGroupId?: Value
  logicalId: string
  terraformName: string
  /** Terraform: one endpoint per element of this set (`each.key` in `service`). */
  terraformForEach?: string
}

/** A service name with `{{region}}` in it: CloudFormation reads the Region of the stack (`!Sub …${AWS::Region}…`). */
export function regionalServiceName(name: string): Reference {
  return {cli: name, cloudformation: `!Sub ${name.replace('{{region}}', '${AWS::Region}')}`, terraform: `"${name}"`}
}

/** An endpoint as the `create-vpc-endpoint` command, CloudFormation and Terraform. */
export function vpcEndpoint(endpoint: VpcEndpoint): Snippet {
  const {vpcId, type, service, privateDns, subnetId, routeTableId, securityGroupId} = endpoint
  const options = [
    `--vpc-id ${vpcId}`,
    `--vpc-endpoint-type ${type}`,
    `--service-name ${cliText(service)}`,
    ...(subnetId ? [`--subnet-ids ${subnetId}`] : []),
    ...(routeTableId ? [`--route-table-ids ${routeTableId}`] : []),
    ...(securityGroupId ? [`--security-group-ids ${cliText(securityGroupId)}`] : []),
    ...(privateDns ? ['--private-dns-enabled'] : []),
  ]
  return {
    cli: `aws ec2 create-vpc-endpoint ${options.join(' ')}`,
    cloudformation: cloudFormationResource('AWS::EC2::VPCEndpoint', endpoint.logicalId, [
      ['VpcId', vpcId],
      ['VpcEndpointType', type],
      ['ServiceName', cloudFormationText(service)],
      ['PrivateDnsEnabled', privateDns === undefined ? undefined : String(privateDns)],
      ['SubnetIds', subnetId && `[${subnetId}]`],
      ['RouteTableIds', routeTableId && `[${routeTableId}]`],
      ['SecurityGroupIds', securityGroupId && `[${cloudFormationText(securityGroupId)}]`],
    ]),
    terraform: terraformResource('aws_vpc_endpoint', endpoint.terraformName, [
      ['for_each', endpoint.terraformForEach],
      ['vpc_id', `"${vpcId}"`],
      ['vpc_endpoint_type', `"${type}"`],
      ['service_name', terraformText(service)],
      ['private_dns_enabled', privateDns === undefined ? undefined : String(privateDns)],
      ['subnet_ids', subnetId && `["${subnetId}"]`],
      ['route_table_ids', routeTableId && `["${routeTableId}"]`],
      ['security_group_ids', securityGroupId && `[${terraformText(securityGroupId)}]`],
    ]),
  }
}

/**
 * Interface endpoints (private DNS on) for services of the Region, in the cluster subnet: the CLI and
 * CloudFormation create the one for `service`, Terraform one per element of `terraformServices`. Their
 * security group (`EndpointSecurityGroup`, `aws_security_group.endpoints`; `securityGroupCli` for the
 * CLI) must admit TCP 443 from the cluster.
 */
export function interfaceEndpoints(endpoints: {
  vpcId: string
  subnetId: string
  service: string
  terraformServices: string
  securityGroupCli: string
  logicalId: string
  terraformName: string
}): Snippet {
  const {vpcId, subnetId, service, terraformServices, securityGroupCli, logicalId, terraformName} = endpoints
  return vpcEndpoint({
    vpcId,
    type: 'Interface',
    service: {...regionalServiceName(service), terraform: `"${service.replace(/[^.]+$/, '${each.key}')}"`},
    privateDns: true,
    subnetId,
    securityGroupId: {cli: securityGroupCli, cloudformation: '!Ref EndpointSecurityGroup', terraform: 'aws_security_group.endpoints.id'},
    logicalId,
    terraformName,
    terraformForEach: terraformServices,
  })
}

// ---- Settings of a VPC, a subnet, the account ----

/**
 * DNS resolution and DNS hostnames on for a VPC: the CLI turns on the attributes named, in that order
 * (hostnames need resolution); the templates set both, as EMR needs.
 */
export function vpcDnsOn(vpcId: string, attributes: readonly ('enable-dns-support' | 'enable-dns-hostnames')[]): Snippet {
  return {
    cli: attributes.map((attribute) => `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --${attribute} Value=true`).join('\n'),
    cloudformation: `# The AWS::EC2::VPC resource of ${vpcId}:\n${cloudFormationResource('AWS::EC2::VPC', undefined, [
      ['EnableDnsSupport', 'true'],
      ['EnableDnsHostnames', 'true'],
    ])}`,
    terraform: `# The aws_vpc resource that manages ${vpcId}:\n${terraformResource('aws_vpc', 'emr', [
      ['enable_dns_support', 'true'],
      ['enable_dns_hostnames', 'true'],
    ])}`,
  }
}

/** Public IPv4 auto-assignment off for a subnet (nodes launched later get no public address). */
export function subnetAutoPublicIpOff(subnetId: string): Snippet {
  return {
    cli: `aws ec2 modify-subnet-attribute --subnet-id ${subnetId} --no-map-public-ip-on-launch`,
    cloudformation: `# The AWS::EC2::Subnet resource of ${subnetId}:\n${cloudFormationResource('AWS::EC2::Subnet', undefined, [['MapPublicIpOnLaunch', 'false']])}`,
    terraform: `# The aws_subnet resource that manages ${subnetId}:\n${terraformResource('aws_subnet', 'emr', [['map_public_ip_on_launch', 'false']])}`,
  }
}

/**
 * EMR block public access on in a Region with port 22 the only exception. An account setting:
 * CloudFormation has no resource type for it. `terraformNote` is a comment inside the Terraform block.
 */
export function emrBlockPublicAccessSshOnly(region: string, terraformNote?: string): Snippet {
  return {
    cli: `aws emr put-block-public-access-configuration --region ${region} --block-public-access-configuration '{"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}'`,
    cloudformation: `# CloudFormation has no resource type for EMR block public access (an account setting per Region).
# Run the AWS CLI command above in ${region}, or manage it with Terraform.`,
    terraform: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true
${terraformNote ? `\n  # ${terraformNote}` : ''}
  permitted_public_security_group_rule_range {
    min_range = 22
    max_range = 22
  }
}`,
  }
}

// ---- Resource text ----

type YamlValue = string | readonly (readonly [string, YamlValue | undefined])[]

/** A CloudFormation resource: under its logical id, or bare (Type, Properties) for one to paste into a template. Undefined properties are left out. */
function cloudFormationResource(type: string, logicalId: string | undefined, properties: readonly (readonly [string, YamlValue | undefined])[], dependsOn?: string): string {
  const indent = logicalId === undefined ? '' : '  '
  const lines = [...(logicalId === undefined ? [] : [`${logicalId}:`]), `${indent}Type: ${type}`, ...(dependsOn ? [`${indent}DependsOn: ${dependsOn}`] : []), `${indent}Properties:`]
  const write = (entries: readonly (readonly [string, YamlValue | undefined])[], depth: string) => {
    for (const [key, value] of entries) {
      if (value === undefined) continue
      if (typeof value === 'string') lines.push(`${depth}${key}: ${value}`)
      else {
        lines.push(`${depth}${key}:`)
        write(value, `${depth}  `)
      }
    }
  }
  write(properties, `${indent}  `)
  return lines.join('\n')
}

/** A Terraform resource block, its `=` aligned as `terraform fmt` does. Values are HCL (strings already quoted); undefined ones are left out. */
function terraformResource(type: string, name: string, attributes: readonly (readonly [string, string | undefined])[]): string {
  const present = attributes.filter((attribute): attribute is readonly [string, string] => attribute[1] !== undefined)
  const width = Math.max(...present.map(([key]) => key.length))
  return [`resource "${type}" "${name}" {`, ...present.map(([key, value]) => `  ${key.padEnd(width)} = ${value}`), '}'].join('\n')
}

const cliText = (value: Value) => (typeof value === 'string' ? value : value.cli)
const cloudFormationText = (value: Value) => (typeof value === 'string' ? value : value.cloudformation)
const terraformText = (value: Value) => (typeof value === 'string' ? `"${value}"` : value.terraform)

/** Items in groups of the same key, groups in order of first appearance. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): [T, ...T[]][] {
  const groups = new Map<string, [T, ...T[]]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group) group.push(item)
    else groups.set(key(item), [item])
  }
  return [...groups.values()]
}
