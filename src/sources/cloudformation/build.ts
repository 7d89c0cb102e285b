/**
 * A CloudFormation template → the network model the snapshot and live sources build, so every rule and
 * the reachability engine run on it unchanged.
 *
 * Physical ids do not exist before deploy: each resource gets a stable id in AWS's shape made from its
 * logical id (`sg-` + 17 hex digits of a hash), and every model object's origin carries the template's
 * line and column. What AWS itself adds at creation, as documented, is added too: the VPC's main route
 * table (local route only), default network ACL (allow all) and default security group, the local
 * routes, the default allow-all egress of a security group declared without egress rules, the routes a
 * gateway endpoint puts in its route tables, the inbound rules EMR adds to a cluster's managed groups at launch.
 *
 * Values only known after deploy are never guessed:
 * - an instance's private address, when the template does not fix it, is "any address of its subnet":
 *   the interface's address is the subnet's CIDR, so the engine judges the whole range;
 * - a public address that will exist (an Elastic IP, auto-assigned) but whose value AWS picks is the text
 *   PUBLIC_IP_UNKNOWN: present, never compared with a range;
 * - anything else (an imported value, a parameter without value, an attribute AWS assigns, the tunnel
 *   status of a VPN, the entries of an AWS-managed prefix list) marks the dataset, or the prefix list,
 *   "unknown before deploy: <what>", so the rules that need it say so instead of passing.
 */
import {createHash} from 'node:crypto'
import {relative} from 'node:path'
import {absent, datasetKey, type DatasetKey} from '../../model/datasets.js'
import {cidr as parseCidrText, firstAddress, isCidr} from '../../model/ip.js'
import {NetworkModel, emptyModelData, type NetworkModelData} from '../../model/network-model.js'
import {ROUTE_TARGET_FIELDS} from '../aws-json/ec2.js'
import {shown, textProblem} from '../aws-json/formats.js'
import {hasPorts, normalizeProtocol} from '../../model/protocol.js'
import {addEmrLaunchRules, emrLaunchRules} from '../emr-launch-rules.js'
import type {
  EmrCluster,
  EmrConfiguration,
  Instance,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Origin,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Tag,
  Vpc,
} from '../../model/types.js'
import {member, type Position, type TemplateNode, type ParsedTemplate} from './parse.js'
import {TemplateContext, firstUnknown, plainOf, unknown, type Resource, type ResolveOptions, type Value} from './resolve.js'

/** The public address of an interface that will have one, whose value AWS assigns at deploy. */
export const PUBLIC_IP_UNKNOWN = '<public IP, unknown before deploy>'

const EMR_JOB_FLOW_TAG = 'aws:elasticmapreduce:job-flow-id'
const EMR_ROLE_TAG = 'aws:elasticmapreduce:instance-group-role'

/** What Ref gives for the modelled types: an id with this prefix. */
const ID_PREFIX: Record<string, string> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::RouteTable': 'rtb',
  'AWS::EC2::InternetGateway': 'igw',
  'AWS::EC2::EgressOnlyInternetGateway': 'eigw',
  'AWS::EC2::NatGateway': 'nat',
  'AWS::EC2::VPCEndpoint': 'vpce',
  'AWS::EC2::SecurityGroup': 'sg',
  'AWS::EC2::NetworkAcl': 'acl',
  'AWS::EC2::VPNGateway': 'vgw',
  'AWS::EC2::CustomerGateway': 'cgw',
  'AWS::EC2::VPNConnection': 'vpn',
  'AWS::EC2::Instance': 'i',
  'AWS::EC2::DHCPOptions': 'dopt',
  'AWS::EC2::TransitGateway': 'tgw',
  'AWS::EC2::TransitGatewayAttachment': 'tgw-attach',
  'AWS::EC2::TransitGatewayVpcAttachment': 'tgw-attach',
  'AWS::EC2::NetworkInterface': 'eni',
  'AWS::EC2::PrefixList': 'pl',
  'AWS::EC2::VPCPeeringConnection': 'pcx',
  'AWS::EC2::LaunchTemplate': 'lt',
  'AWS::EC2::SubnetRouteTableAssociation': 'rtbassoc',
  'AWS::EC2::SubnetNetworkAclAssociation': 'aclassoc',
}

/** A stable id in AWS's shape for a logical id: `sg-` and 17 hex digits. */
export function physicalId(prefix: string, logicalId: string): string {
  const hash = createHash('sha256').update(`${prefix}\u0000${logicalId}`).digest('hex')
  if (prefix === 'j')
    return `j-${BigInt(`0x${hash.slice(0, 16)}`)
      .toString(36)
      .toUpperCase()
      .padStart(13, '0')
      .slice(0, 13)}`
  return `${prefix}-0${hash.slice(0, 16)}`
}

/** Stops building one value: it is unknown before deploy. */
class Unknown extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/** The resource the template declares with physical id `id` (`what` names its kind); any other is unknown before deploy. */
function declared<T extends {id: string}>(resources: readonly T[], id: string, what: string): T {
  const found = resources.find((candidate) => candidate.id === id)
  if (!found) throw new Unknown(`${what} ${id} is not declared in the template`)
  return found
}

export interface TemplateModelOptions extends ResolveOptions {
  /** The path shown in findings and SARIF (relative to the working directory). */
  displayPath?: string
}

export function buildTemplateModel(template: ParsedTemplate, options: TemplateModelOptions): {model: NetworkModel; physicalIds: Map<string, string>} {
  return new TemplateModelBuilder(template, options).build()
}

class TemplateModelBuilder {
  private readonly context: TemplateContext
  private readonly data: NetworkModelData
  private readonly display: string
  /** Per dataset key, why it is unknown before deploy. */
  private readonly unknowns = new Map<string, Set<string>>()
  private readonly vpcByLogical = new Map<string, Vpc>()

  constructor(
    template: ParsedTemplate,
    private readonly options: TemplateModelOptions,
  ) {
    this.context = new TemplateContext(template, options)
    this.context.semantics = {ref: (resource) => this.ref(resource), getAtt: (resource, attribute, pos) => this.getAtt(resource, attribute, pos)}
    this.display = options.displayPath ?? (relative(process.cwd(), template.file) || template.file)
    this.data = {...emptyModelData(this.display), region: options.region}
  }

  // -------------------------------------------------------------------------------------------
  // Ref and GetAtt of modelled resources

  private ref(resource: Resource): Value | undefined {
    const prefix = ID_PREFIX[resource.type]
    if (prefix) return {kind: 'scalar', value: physicalId(prefix, resource.logicalId), pos: resource.pos}
    if (resource.type === 'AWS::EMR::Cluster') return {kind: 'scalar', value: physicalId('j', resource.logicalId), pos: resource.pos}
    if (resource.type === 'AWS::EC2::KeyPair') return this.context.resolve(member(member(resource.node, 'Properties'), 'KeyName'))
    if (resource.type === 'AWS::EC2::EIP') return unknown(`the Elastic IP address of ${resource.logicalId}`, resource.pos)
    return undefined
  }

  private getAtt(resource: Resource, attribute: string, pos: Position): Value | undefined {
    const properties = member(resource.node, 'Properties')
    const id = (): Value | undefined => this.ref(resource)
    const property = (name: string): Value | undefined => this.context.resolve(member(properties, name)) ?? unknown(`${resource.logicalId}.${attribute}`, pos)
    switch (`${resource.type}.${attribute}`) {
      case 'AWS::EC2::VPC.CidrBlock':
        return property('CidrBlock')
      case 'AWS::EC2::VPC.VpcId':
      case 'AWS::EC2::Subnet.SubnetId':
      case 'AWS::EC2::SecurityGroup.GroupId':
      case 'AWS::EC2::NatGateway.NatGatewayId':
      case 'AWS::EC2::VPCEndpoint.Id':
      case 'AWS::EC2::LaunchTemplate.LaunchTemplateId':
      case 'AWS::EC2::NetworkAcl.Id':
      case 'AWS::EC2::RouteTable.RouteTableId':
      case 'AWS::EC2::InternetGateway.InternetGatewayId':
      case 'AWS::EC2::VPNGateway.VPNGatewayId':
      case 'AWS::EC2::CustomerGateway.CustomerGatewayId':
      case 'AWS::EC2::VPNConnection.VpnConnectionId':
      case 'AWS::EC2::Instance.InstanceId':
      case 'AWS::EMR::Cluster.Id':
        return id()
      case 'AWS::EC2::VPC.DefaultSecurityGroup':
        return {kind: 'scalar', value: physicalId('sg', `${resource.logicalId}/default`), pos}
      case 'AWS::EC2::VPC.DefaultNetworkAcl':
        return {kind: 'scalar', value: physicalId('acl', `${resource.logicalId}/default`), pos}
      case 'AWS::EC2::Subnet.CidrBlock':
      case 'AWS::EC2::Subnet.VpcId':
      case 'AWS::EC2::Subnet.AvailabilityZone':
      case 'AWS::EC2::SecurityGroup.VpcId':
        return property(attribute)
      case 'AWS::EC2::Instance.PrivateIp':
        return this.context.resolve(member(properties, 'PrivateIpAddress')) ?? unknown(`the private IP of ${resource.logicalId}`, pos)
      case 'AWS::EC2::EIP.AllocationId':
        return {kind: 'scalar', value: physicalId('eipalloc', resource.logicalId), pos}
      default:
        return undefined
    }
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private origin(resource: Resource, pos: Position = resource.pos, suffix = ''): Origin {
    return {file: this.display, pointer: `/Resources/${resource.logicalId.replace(/~/g, '~0').replace(/\//g, '~1')}${suffix}`, location: {file: this.display, line: pos.line, column: pos.column}}
  }

  private markUnknown(dataset: DatasetKey, cause: string, resource?: string): void {
    const key = datasetKey(dataset, resource)
    const causes = this.unknowns.get(key) ?? new Set<string>()
    causes.add(cause)
    this.unknowns.set(key, causes)
  }

  /** Runs `build` for one resource; a value unknown before deploy marks `dataset` and skips it. */
  private guarded(dataset: DatasetKey, resource: Resource, build: () => void): void {
    try {
      build()
    } catch (error) {
      if (!(error instanceof Unknown)) throw error
      this.markUnknown(dataset, `${error.reason} (${resource.logicalId}, line ${resource.pos.line})`)
    }
  }

  /**
   * `read()`, or `fallback` when what it reads is unknown before deploy: marks `dataset` (for `scope`, a
   * resource id, when the model keeps that dataset per resource) and goes on, so one unknown property does
   * not drop the rest of the resource.
   */
  private knownOr<T>(dataset: DatasetKey, resource: Resource, read: () => T, fallback: T, scope?: string): T {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof Unknown)) throw error
      this.markUnknown(dataset, `${error.reason} (${resource.logicalId}, line ${resource.pos.line})`, scope)
      return fallback
    }
  }

  /** Builds each resource of `type` from its properties; a value unknown before deploy leaves `dataset` incomplete, not the build. */
  private buildEach(type: string, dataset: DatasetKey, build: (props: Props, resource: Resource) => void): void {
    for (const resource of this.ofType(type)) this.guarded(dataset, resource, () => build(this.props(resource), resource))
  }

  private ofType(type: string): Resource[] {
    const found: Resource[] = []
    for (const resource of this.context.resources.values()) {
      if (resource.type !== type) continue
      const exists = this.context.exists(resource)
      if (exists === true) found.push(resource)
      else if (exists !== false) this.markUnknown(datasetOfType(type), `whether ${resource.logicalId} is created (condition ${resource.condition}: ${exists.kind === 'unknown' ? exists.cause : '?'})`)
    }
    return found
  }

  private props(resource: Resource): Props {
    return new Props(this, resource, this.context.resolve(member(resource.node, 'Properties')))
  }

  private textOf(value: Value | undefined, what: string): string {
    if (!value) throw new Unknown(`${what} is not set`)
    if (value.kind === 'unknown') throw new Unknown(value.cause)
    if (value.kind !== 'scalar') throw this.context.error(value.pos, `${what}: expected a string, got a ${value.kind === 'seq' ? 'list' : 'map'}`)
    const text = value.value === null ? '' : String(value.value)
    // The same bar as AWS data from a snapshot: nothing that could rewrite a terminal line or a report.
    const problem = textProblem(text)
    if (problem) this.fail(value.pos, `${what}: ${problem}`)
    return text
  }

  fail(pos: Position, problem: string): never {
    throw this.context.error(pos, problem)
  }

  unknownError(cause: string): Unknown {
    return new Unknown(cause)
  }

  text(value: Value | undefined, what: string): string {
    return this.textOf(value, what)
  }

  cidrText(value: Value | undefined, what: string): string {
    const text = this.textOf(value, what)
    const parsed = parseCidrText(text)
    if (!parsed || !isCidr(text)) this.fail(value!.pos, `${what}: ${shown(text)} is not a CIDR block`)
    return `${firstAddress(text)}/${parsed.prefix}`
  }

  /** A policy document (a map, or JSON text) as JSON text; anything else is refused at its line. */
  private policyText(policy: Value, what: string): string {
    const plain = plainOf(policy)
    if (typeof plain !== 'string') {
      if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) this.fail(policy.pos, `${what}: expected a policy document (a map or JSON text)`)
      return JSON.stringify(plain)
    }
    try {
      const parsed: unknown = JSON.parse(plain)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return JSON.stringify(parsed)
    } catch {
      // reported below
    }
    return this.fail(policy.pos, `${what}: the text is not a JSON policy document`)
  }

  // -------------------------------------------------------------------------------------------

  build(): {model: NetworkModel; physicalIds: Map<string, string>} {
    const data = this.data
    this.buildVpcs()
    this.buildSubnets()
    this.buildGateways()
    this.buildRouteTables()
    this.buildEndpoints()
    this.buildSecurityGroups()
    this.buildNetworkAcls()
    this.buildVpn()
    this.buildInstances()
    this.buildClusters()
    // No data source for these in a template: what AWS decides per account at deploy.
    data.availability[datasetKey('blockPublicAccess')] = absent({cause: 'unknown-before-deploy', detail: "the account's EMR block public access setting is not part of a template"})
    data.availability[datasetKey('ssmInstanceInformation')] = absent({cause: 'unknown-before-deploy', detail: 'SSM agent registration'})
    for (const [key, causes] of this.unknowns) {
      const list = [...causes]
      data.availability[key] = absent({cause: 'unknown-before-deploy', detail: `${list.slice(0, 3).join('; ')}${list.length > 3 ? `; and ${list.length - 3} more` : ''}`})
    }
    const physicalIds = new Map<string, string>()
    for (const resource of this.context.resources.values()) {
      const ref = this.ref(resource)
      if (ref?.kind === 'scalar' && typeof ref.value === 'string') physicalIds.set(resource.logicalId, ref.value)
    }
    return {model: new NetworkModel(data), physicalIds}
  }

  private buildVpcs(): void {
    this.buildEach('AWS::EC2::VPC', 'vpcs', (props, resource) => {
      const id = physicalId('vpc', resource.logicalId)
      const vpc: Vpc = {
        id,
        state: 'available',
        cidrBlocks: [props.cidr('CidrBlock')],
        ipv6CidrBlocks: [],
        isDefault: false,
        // CloudFormation's (and EC2's) defaults for a new VPC: DNS support on, DNS host names off.
        enableDnsSupport: props.optBool('EnableDnsSupport') ?? true,
        enableDnsHostnames: props.optBool('EnableDnsHostnames') ?? false,
        tags: props.tags(),
        origin: this.origin(resource),
      }
      this.data.vpcs.push(vpc)
      this.vpcByLogical.set(resource.logicalId, vpc)
      // What EC2 creates with every VPC: the main route table, the default ACL and security group.
      this.data.routeTables.push({
        id: physicalId('rtb', `${resource.logicalId}/main`),
        vpcId: id,
        routes: [],
        associations: [{main: true, state: 'associated'}],
        propagatingVgwIds: [],
        tags: [],
        origin: this.origin(resource),
      })
      this.data.networkAcls.push({
        id: physicalId('acl', `${resource.logicalId}/default`),
        vpcId: id,
        isDefault: true,
        entries: [
          {ruleNumber: 100, egress: false, protocol: 'all', action: 'allow', cidr: '0.0.0.0/0', origin: this.origin(resource)},
          {ruleNumber: 32767, egress: false, protocol: 'all', action: 'deny', cidr: '0.0.0.0/0', origin: this.origin(resource)},
          {ruleNumber: 100, egress: true, protocol: 'all', action: 'allow', cidr: '0.0.0.0/0', origin: this.origin(resource)},
          {ruleNumber: 32767, egress: true, protocol: 'all', action: 'deny', cidr: '0.0.0.0/0', origin: this.origin(resource)},
        ],
        subnetIds: [],
        origin: this.origin(resource),
      })
      const defaultGroup = physicalId('sg', `${resource.logicalId}/default`)
      this.data.securityGroups.push({
        id: defaultGroup,
        name: 'default',
        description: 'default VPC security group',
        vpcId: id,
        ingress: [{direction: 'ingress', protocol: 'all', peer: {kind: 'security-group', groupId: defaultGroup}, origin: this.origin(resource)}],
        egress: [{direction: 'egress', protocol: 'all', peer: {kind: 'cidr', cidr: '0.0.0.0/0'}, origin: this.origin(resource)}],
        tags: [],
        origin: this.origin(resource),
      })
    })
    this.buildEach('AWS::EC2::VPCCidrBlock', 'vpcs', (props) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      if (props.has('CidrBlock')) vpc.cidrBlocks.push(props.cidr('CidrBlock'))
      if (props.optBool('AmazonProvidedIpv6CidrBlock')) throw new Unknown('the Amazon-provided IPv6 block')
    })
    this.buildEach('AWS::EC2::DHCPOptions', 'dhcpOptions', (props, resource) => {
      const configurations: Record<string, string[]> = {}
      if (props.has('DomainName')) configurations['domain-name'] = props.str('DomainName').split(' ')
      if (props.has('DomainNameServers')) configurations['domain-name-servers'] = props.strings('DomainNameServers')
      if (props.has('NtpServers')) configurations['ntp-servers'] = props.strings('NtpServers')
      this.data.dhcpOptions.push({id: physicalId('dopt', resource.logicalId), configurations, origin: this.origin(resource)})
    })
    const associated = new Set<string>()
    this.buildEach('AWS::EC2::VPCDHCPOptionsAssociation', 'dhcpOptions', (props) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      vpc.dhcpOptionsId = props.str('DhcpOptionsId')
      associated.add(vpc.id)
    })
    for (const vpc of this.data.vpcs) {
      // Without an association the VPC gets the Region's default option set, which is the account's, not the template's.
      if (!associated.has(vpc.id)) this.markUnknown('dhcpOptions', `the default DHCP option set of the account (${vpc.id} has no VPCDHCPOptionsAssociation)`)
    }
  }

  vpc(id: string, pos: Position): Vpc {
    if (!id.startsWith('vpc-') && !this.data.vpcs.some((candidate) => candidate.id === id)) this.fail(pos, `${shown(id)} is not a VPC id`)
    return declared(this.data.vpcs, id, 'VPC')
  }

  private subnet(id: string): Subnet {
    return declared(this.data.subnets, id, 'subnet')
  }

  private buildSubnets(): void {
    this.buildEach('AWS::EC2::Subnet', 'subnets', (props, resource) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      const zone = props.soft('AvailabilityZone')
      this.data.subnets.push({
        id: physicalId('subnet', resource.logicalId),
        vpcId: vpc.id,
        cidrBlock: props.cidr('CidrBlock'),
        ipv6CidrBlocks: [],
        availabilityZone: zone ?? '',
        mapPublicIpOnLaunch: props.optBool('MapPublicIpOnLaunch') ?? false,
        state: 'available',
        tags: props.tags(),
        origin: this.origin(resource),
      })
    })
  }

  private buildGateways(): void {
    for (const resource of this.ofType('AWS::EC2::InternetGateway')) {
      this.data.internetGateways.push({id: physicalId('igw', resource.logicalId), attachments: [], origin: this.origin(resource)})
    }
    this.buildEach('AWS::EC2::VPNGateway', 'vpnGateways', (props, resource) => {
      const asn = props.soft('AmazonSideAsn')
      this.data.vpnGateways.push({
        id: physicalId('vgw', resource.logicalId),
        state: 'available',
        attachments: [],
        amazonSideAsn: asn === undefined ? undefined : Number(asn),
        origin: this.origin(resource),
      })
    })
    for (const resource of this.ofType('AWS::EC2::VPCGatewayAttachment')) {
      const props = this.props(resource)
      const dataset = props.has('VpnGatewayId') ? 'vpnGateways' : 'internetGateways'
      this.guarded(dataset, resource, () => {
        const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
        if (props.has('InternetGatewayId')) {
          declared(this.data.internetGateways, props.str('InternetGatewayId'), 'internet gateway').attachments.push({vpcId: vpc.id, state: 'available'})
        } else if (props.has('VpnGatewayId')) {
          declared(this.data.vpnGateways, props.str('VpnGatewayId'), 'VPN gateway').attachments.push({vpcId: vpc.id, state: 'attached'})
        }
      })
    }
    this.buildEach('AWS::EC2::NatGateway', 'natGateways', (props, resource) => {
      const subnet = this.subnet(props.str('SubnetId'))
      const connectivity = (props.soft('ConnectivityType') ?? 'public').toLowerCase()
      this.data.natGateways.push({
        id: physicalId('nat', resource.logicalId),
        vpcId: subnet.vpcId,
        subnetId: subnet.id,
        state: 'available',
        connectivityType: connectivity,
        publicIps: connectivity === 'public' ? [PUBLIC_IP_UNKNOWN] : [],
        privateIps: props.has('PrivateIpAddress') ? [props.str('PrivateIpAddress')] : [],
        origin: this.origin(resource),
      })
    })
  }

  private routeTable(id: string): RouteTable {
    return declared(this.data.routeTables, id, 'route table')
  }

  private buildRouteTables(): void {
    this.buildEach('AWS::EC2::RouteTable', 'routeTables', (props, resource) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      this.data.routeTables.push({id: physicalId('rtb', resource.logicalId), vpcId: vpc.id, routes: [], associations: [], propagatingVgwIds: [], tags: props.tags(), origin: this.origin(resource)})
    })
    // The local route of every VPC CIDR, as EC2 adds it to each table.
    for (const table of this.data.routeTables) {
      const vpc = this.data.vpcs.find((candidate) => candidate.id === table.vpcId)
      for (const block of vpc?.cidrBlocks ?? []) table.routes.push({destinationCidr: block, target: {kind: 'local', id: 'local'}, state: 'active', origin: 'CreateRouteTable', source: table.origin})
    }
    // A Gateway Load Balancer endpoint is CreateRoute's VpcEndpointId (DescribeRouteTables shows it as GatewayId vpce-…).
    // AWS takes exactly one target per route, so where it stands in the list decides nothing.
    const targets = [...ROUTE_TARGET_FIELDS, ['VpcEndpointId', 'vpc-endpoint'] as const]
    this.buildEach('AWS::EC2::Route', 'routeTables', (props, resource) => {
      const table = this.routeTable(props.str('RouteTableId'))
      let target: RouteTarget | undefined
      if (props.has('GatewayId')) {
        const id = props.str('GatewayId')
        const kind = id.startsWith('igw-') ? 'internet-gateway' : id.startsWith('vgw-') ? 'vpn-gateway' : id.startsWith('vpce-') ? 'vpc-endpoint' : 'unknown'
        target = {kind, id}
      }
      for (const [field, kind] of targets) if (!target && props.has(field)) target = {kind, id: props.str(field)}
      if (!target) this.fail(resource.pos, `route ${resource.logicalId} has no target (GatewayId, NatGatewayId, …)`)
      table.routes.push({
        destinationCidr: props.has('DestinationCidrBlock') ? props.cidr('DestinationCidrBlock') : undefined,
        destinationIpv6Cidr: props.has('DestinationIpv6CidrBlock') ? props.cidr('DestinationIpv6CidrBlock') : undefined,
        destinationPrefixListId: props.has('DestinationPrefixListId') ? props.str('DestinationPrefixListId') : undefined,
        target,
        state: 'active',
        origin: 'CreateRoute',
        source: this.origin(resource),
      })
    })
    this.buildEach('AWS::EC2::SubnetRouteTableAssociation', 'routeTables', (props) => {
      this.routeTable(props.str('RouteTableId')).associations.push({main: false, subnetId: props.str('SubnetId'), state: 'associated'})
    })
    this.buildEach('AWS::EC2::GatewayRouteTableAssociation', 'routeTables', (props) => {
      this.routeTable(props.str('RouteTableId')).associations.push({main: false, gatewayId: props.str('GatewayId'), state: 'associated'})
    })
    this.buildEach('AWS::EC2::VPNGatewayRoutePropagation', 'routeTables', (props) => {
      const gateway = props.str('VpnGatewayId')
      for (const id of props.strings('RouteTableIds')) this.routeTable(id).propagatingVgwIds.push(gateway)
    })
  }

  private buildEndpoints(): void {
    this.buildEach('AWS::EC2::VPCEndpoint', 'vpcEndpoints', (props, resource) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      const id = physicalId('vpce', resource.logicalId)
      const type = (props.soft('VpcEndpointType') ?? 'Gateway').toLowerCase()
      const serviceName = props.str('ServiceName')
      const routeTableIds = props.has('RouteTableIds') ? props.strings('RouteTableIds') : []
      const policy = props.value('PolicyDocument')
      const unknownInPolicy = firstUnknown(policy)
      if (unknownInPolicy) throw new Unknown(`the policy of ${resource.logicalId}: ${unknownInPolicy.cause}`)
      this.data.vpcEndpoints.push({
        id,
        vpcId: vpc.id,
        type,
        serviceName,
        state: 'available',
        routeTableIds,
        subnetIds: props.has('SubnetIds') ? props.strings('SubnetIds') : [],
        groupIds: props.has('SecurityGroupIds') ? props.strings('SecurityGroupIds') : [],
        privateDnsEnabled: props.optBool('PrivateDnsEnabled') ?? false,
        policyDocument: policy ? this.policyText(policy, `${resource.logicalId}.PolicyDocument`) : undefined,
        origin: this.origin(resource),
      })
      if (type === 'gateway') {
        // A gateway endpoint adds a route to the service's AWS-managed prefix list in each of its tables;
        // the list's id and addresses are the Region's, not the template's.
        const prefixListId = physicalId('pl', `service/${serviceName}`)
        this.markUnknown('managedPrefixListEntries', `the addresses of the AWS-managed prefix list of ${serviceName}`, prefixListId)
        for (const tableId of routeTableIds) {
          this.routeTable(tableId).routes.push({destinationPrefixListId: prefixListId, target: {kind: 'vpc-endpoint', id}, state: 'active', origin: 'CreateRoute', source: this.origin(resource)})
        }
      }
    })
  }

  private group(id: string): SecurityGroup {
    return declared(this.data.securityGroups, id, 'security group')
  }

  /** One rule from a SecurityGroupIngress/Egress item or resource. */
  private rule(props: Props, direction: 'ingress' | 'egress', origin: Origin): SecurityGroupRule {
    const protocol = normalizeProtocol(props.str('IpProtocol'))
    const from = props.has('FromPort') ? props.integer('FromPort', -1, 65535) : undefined
    const to = props.has('ToPort') ? props.integer('ToPort', -1, 65535) : from
    if (hasPorts(protocol)) {
      // EC2 takes a TCP or UDP rule only with both ports, each 0-65535 (-1, "all", only for ICMP and for all
      // protocols); CloudFormation passes the rule on and the stack fails ("Must specify both from and to ports
      // with TCP/UDP", "TCP/UDP port (-1) out of range").
      const missing = !props.has('FromPort') ? 'FromPort' : !props.has('ToPort') ? 'ToPort' : undefined
      if (missing) this.fail(props.at, `${props.label(missing)}: a ${protocol.toUpperCase()} rule needs FromPort and ToPort (0-65535), which EC2 requires`)
      for (const [key, port] of [
        ['FromPort', from],
        ['ToPort', to],
      ] as const) {
        if (port === -1) this.fail(props.pos(key), `${props.label(key)}: -1 is not a ${protocol.toUpperCase()} port, which EC2 refuses; for all ports give 0 and 65535`)
      }
      if (from! > to!) this.fail(props.pos('FromPort'), `${props.label('FromPort')}: ${from} is above ToPort ${to}, which EC2 refuses`)
    }
    const ports = protocol === 'all' || from === undefined ? undefined : {from, to: to ?? from}
    const source = direction === 'ingress' ? 'Source' : 'Destination'
    let peer: SecurityGroupRule['peer'] | undefined
    if (props.has('CidrIp')) peer = {kind: 'cidr', cidr: props.cidr('CidrIp')}
    else if (props.has('CidrIpv6')) peer = {kind: 'cidr', cidr: props.cidr('CidrIpv6')}
    else if (props.has(`${source}SecurityGroupId`)) peer = {kind: 'security-group', groupId: props.str(`${source}SecurityGroupId`)}
    else if (props.has(`${source}PrefixListId`)) peer = {kind: 'prefix-list', prefixListId: props.str(`${source}PrefixListId`)}
    else if (props.has('SourceSecurityGroupName')) throw new Unknown('SourceSecurityGroupName (a default-VPC group by name)')
    if (!peer) this.fail(props.at, `the rule names no peer (CidrIp, CidrIpv6, ${source}SecurityGroupId or ${source}PrefixListId)`)
    return {direction, protocol, ports, peer, description: props.soft('Description'), origin}
  }

  private buildSecurityGroups(): void {
    const declared = this.ofType('AWS::EC2::SecurityGroup')
    // Groups first (rules refer to each other), then their rules.
    for (const resource of declared) {
      this.guarded('securityGroups', resource, () => {
        const props = this.props(resource)
        const vpcId = props.has('VpcId') ? this.vpc(props.str('VpcId'), props.pos('VpcId')).id : undefined
        if (!vpcId) throw new Unknown(`${resource.logicalId} has no VpcId: it would be created in the account's default VPC`)
        this.data.securityGroups.push({
          id: physicalId('sg', resource.logicalId),
          name: props.soft('GroupName') ?? resource.logicalId,
          description: props.soft('GroupDescription'),
          vpcId,
          ingress: [],
          egress: [],
          tags: props.tags(),
          origin: this.origin(resource),
        })
      })
    }
    for (const resource of declared) {
      const group = this.data.securityGroups.find((candidate) => candidate.id === physicalId('sg', resource.logicalId))
      if (!group) continue
      const props = this.props(resource)
      // How many egress rules the template gives the group; undefined while the list is unknown before deploy.
      let egressRules: number | undefined
      for (const [key, direction] of [
        ['SecurityGroupIngress', 'ingress'],
        ['SecurityGroupEgress', 'egress'],
      ] as const) {
        this.guarded('securityGroups', resource, () => {
          // Items AWS::NoValue removed are gone already; a list that is itself unknown leaves the group's rules unknown.
          const items = props.items(key)
          if (direction === 'egress') egressRules = items.length
          for (const [index, item] of items.entries()) {
            this.guarded('securityGroups', resource, () => {
              group[direction].push(this.rule(item, direction, this.origin(resource, item.at, `/Properties/${key}/${index}`)))
            })
          }
        })
      }
      // EC2 gives a group created without egress rules one allowing all traffic out; CloudFormation revokes it only
      // when it adds egress rules of its own, so an empty SecurityGroupEgress list keeps it (AWS::EC2::SecurityGroup:
      // "If you do not specify an egress rule, we add egress rules that allow … all ports and protocols to any destination").
      if (egressRules === 0) group.egress.push({direction: 'egress', protocol: 'all', peer: {kind: 'cidr', cidr: '0.0.0.0/0'}, origin: this.origin(resource)})
    }
    for (const [type, direction] of [
      ['AWS::EC2::SecurityGroupIngress', 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', 'egress'],
    ] as const) {
      this.buildEach(type, 'securityGroups', (props, resource) => {
        if (!props.has('GroupId')) throw new Unknown(`${resource.logicalId} names its group by GroupName (a default-VPC group)`)
        this.group(props.str('GroupId'))[direction].push(this.rule(props, direction, this.origin(resource)))
      })
    }
  }

  private buildNetworkAcls(): void {
    this.buildEach('AWS::EC2::NetworkAcl', 'networkAcls', (props, resource) => {
      const vpc = this.vpc(props.str('VpcId'), props.pos('VpcId'))
      // A new ACL denies everything until entries are added (the "*" entries).
      this.data.networkAcls.push({
        id: physicalId('acl', resource.logicalId),
        vpcId: vpc.id,
        isDefault: false,
        entries: [
          {ruleNumber: 32767, egress: false, protocol: 'all', action: 'deny', cidr: '0.0.0.0/0', origin: this.origin(resource)},
          {ruleNumber: 32767, egress: true, protocol: 'all', action: 'deny', cidr: '0.0.0.0/0', origin: this.origin(resource)},
        ],
        subnetIds: [],
        origin: this.origin(resource),
      })
    })
    const acl = (id: string): NetworkAcl => declared(this.data.networkAcls, id, 'network ACL')
    this.buildEach('AWS::EC2::NetworkAclEntry', 'networkAcls', (props, resource) => {
      const target = acl(props.str('NetworkAclId'))
      const protocol = normalizeProtocol(props.str('Protocol'))
      const action = props.str('RuleAction').toLowerCase()
      if (action !== 'allow' && action !== 'deny') this.fail(props.pos('RuleAction'), `RuleAction: expected allow or deny, got ${shown(action)}`)
      const ruleNumber = props.integer('RuleNumber', 1, 32766)
      const range = props.sub('PortRange')
      const entry: NetworkAclEntry = {
        ruleNumber,
        egress: props.optBool('Egress') ?? false,
        protocol,
        action,
        cidr: props.has('CidrBlock') ? props.cidr('CidrBlock') : undefined,
        ipv6Cidr: props.has('Ipv6CidrBlock') ? props.cidr('Ipv6CidrBlock') : undefined,
        ports: range && protocol !== 'all' ? {from: range.integer('From', 0, 65535), to: range.integer('To', 0, 65535)} : undefined,
        origin: this.origin(resource),
      }
      if (target.entries.some((other) => other.egress === entry.egress && other.ruleNumber === ruleNumber)) {
        this.fail(props.pos('RuleNumber'), `rule number ${ruleNumber} is used twice among the ${entry.egress ? 'egress' : 'ingress'} entries of ${target.id}; AWS refuses it`)
      }
      target.entries.push(entry)
      target.entries.sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber)
    })
    this.buildEach('AWS::EC2::SubnetNetworkAclAssociation', 'networkAcls', (props) => {
      const subnetId = props.str('SubnetId')
      for (const other of this.data.networkAcls) other.subnetIds = other.subnetIds.filter((id) => id !== subnetId)
      acl(props.str('NetworkAclId')).subnetIds.push(subnetId)
    })
  }

  private buildVpn(): void {
    this.buildEach('AWS::EC2::CustomerGateway', 'customerGateways', (props, resource) => {
      this.data.customerGateways.push({
        id: physicalId('cgw', resource.logicalId),
        state: 'available',
        ipAddress: props.soft('IpAddress'),
        bgpAsn: props.soft('BgpAsn'),
        origin: this.origin(resource),
      })
    })
    const connections = this.ofType('AWS::EC2::VPNConnection')
    for (const resource of connections) {
      this.guarded('vpnConnections', resource, () => {
        const props = this.props(resource)
        this.data.vpnConnections.push({
          id: physicalId('vpn', resource.logicalId),
          state: 'available',
          customerGatewayId: props.str('CustomerGatewayId'),
          vpnGatewayId: props.has('VpnGatewayId') ? props.str('VpnGatewayId') : undefined,
          transitGatewayId: props.has('TransitGatewayId') ? props.str('TransitGatewayId') : undefined,
          staticRoutesOnly: props.optBool('StaticRoutesOnly') ?? false,
          routes: [],
          tunnels: [],
          origin: this.origin(resource),
        })
      })
    }
    this.buildEach('AWS::EC2::VPNConnectionRoute', 'vpnConnections', (props) => {
      declared(this.data.vpnConnections, props.str('VpnConnectionId'), 'VPN connection').routes.push({destinationCidr: props.cidr('DestinationCidrBlock'), state: 'available'})
    })
    // Whether the tunnels come up depends on the customer's device: only a live audit can tell.
    for (const resource of connections) this.markUnknown('vpnConnections', `the tunnel status of ${resource.logicalId} (it depends on the customer gateway device)`)
  }

  private interfaceFor(id: string, subnet: Subnet, groupIds: string[], privateIp: string | undefined, publicIp: boolean): NetworkInterface {
    return {
      id,
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      // Not fixed by the template: any address of the subnet (see the header).
      privateIps: [privateIp ?? subnet.cidrBlock],
      publicIps: publicIp ? [PUBLIC_IP_UNKNOWN] : [],
      ipv6Addresses: [],
      groupIds,
      sourceDestCheck: true,
      deviceIndex: 0,
    }
  }

  private buildInstances(): void {
    const elasticIps = new Set<string>()
    for (const resource of this.ofType('AWS::EC2::EIP')) {
      const props = this.props(resource)
      const instance = props.soft('InstanceId')
      if (instance) elasticIps.add(instance)
    }
    for (const resource of this.ofType('AWS::EC2::EIPAssociation')) {
      const instance = this.props(resource).soft('InstanceId')
      if (instance) elasticIps.add(instance)
    }
    this.buildEach('AWS::EC2::Instance', 'instances', (props, resource) => {
      const id = physicalId('i', resource.logicalId)
      const primaryInterface = props.items('NetworkInterfaces').find((item) => item.soft('DeviceIndex') === '0')
      const subnet = this.subnet(primaryInterface?.has('SubnetId') ? primaryInterface.str('SubnetId') : props.str('SubnetId'))
      const launchTemplate = this.launchTemplateData(props)
      // Groups by name are for the default VPC only: RunInstances refuses them with a subnet ("The parameter
      // groupName cannot be used with the parameter subnet"); a nondefault VPC takes SecurityGroupIds.
      if (props.has('SecurityGroups'))
        this.fail(props.pos('SecurityGroups'), `${resource.logicalId}.SecurityGroups: security groups by name cannot be used with a subnet (EC2 refuses it); use SecurityGroupIds`)
      let groupIds = props.has('SecurityGroupIds')
        ? props.strings('SecurityGroupIds')
        : primaryInterface?.has('GroupSet')
          ? primaryInterface.strings('GroupSet')
          : launchTemplate?.has('SecurityGroupIds')
            ? launchTemplate.strings('SecurityGroupIds')
            : []
      // No group named: EC2 uses the VPC's default security group.
      if (groupIds.length === 0) groupIds = [physicalId('sg', `${[...this.vpcByLogical].find(([, vpc]) => vpc.id === subnet.vpcId)?.[0] ?? subnet.vpcId}/default`)]
      const associatePublic = primaryInterface?.optBool('AssociatePublicIpAddress') ?? subnet.mapPublicIpOnLaunch
      const publicIp = elasticIps.has(id) || associatePublic
      const privateIp = primaryInterface?.soft('PrivateIpAddress') ?? props.soft('PrivateIpAddress')
      const instance: Instance = {
        id,
        state: 'running',
        vpcId: subnet.vpcId,
        subnetId: subnet.id,
        privateIp,
        publicIp: publicIp ? PUBLIC_IP_UNKNOWN : undefined,
        keyName: props.has('KeyName') ? props.softOr('KeyName', '<key pair, unknown before deploy>') : undefined,
        enis: [{...this.interfaceFor(physicalId('eni', resource.logicalId), subnet, groupIds, privateIp, publicIp), sourceDestCheck: props.optBool('SourceDestCheck') ?? true}],
        tags: props.tags(),
        origin: this.origin(resource),
      }
      this.data.instances.push(instance)
    })
  }

  private launchTemplateData(props: Props): Props | undefined {
    const reference = props.sub('LaunchTemplate')
    const id = reference?.soft('LaunchTemplateId')
    const resource = id ? [...this.context.resources.values()].find((candidate) => candidate.type === 'AWS::EC2::LaunchTemplate' && physicalId('lt', candidate.logicalId) === id) : undefined
    return resource ? this.props(resource).sub('LaunchTemplateData') : undefined
  }

  private buildClusters(): void {
    this.buildEach('AWS::EMR::Cluster', 'describeCluster', (props, resource) => {
      const id = physicalId('j', resource.logicalId)
      // A property unknown before deploy leaves that part of the cluster unknown (the rules reading the
      // cluster's description say so), not the cluster: the rest is still audited.
      const known = <T>(read: () => T, fallback: T, scope = id): T => this.knownOr('describeCluster', resource, read, fallback, scope)
      if (!props.has('Instances')) this.fail(resource.pos, `${resource.logicalId}: an AWS::EMR::Cluster needs Instances`)
      const instances = known(() => props.sub('Instances'), undefined) ?? new Props(this, resource, undefined)
      const optional = (from: Props, key: string): string | undefined => known(() => (from.has(key) ? from.str(key) : undefined), undefined)
      const list = (key: string): string[] => known(() => (instances.has(key) ? instances.strings(key) : []), [])
      const subnets = known(() => (instances.has('Ec2SubnetId') ? [instances.str('Ec2SubnetId')] : instances.has('Ec2SubnetIds') ? instances.strings('Ec2SubnetIds') : []), [])
      const subnetId = subnets.length === 1 ? subnets[0] : undefined
      const subnet = subnetId ? this.data.subnets.find((candidate) => candidate.id === subnetId) : undefined
      const isPublic = subnet ? this.subnetIsPublic(subnet) : undefined
      // A managed group the template does not give (or imports): EMR uses that group, or its default group of the
      // role in the VPC, whose rules are the account's. A group id not in the data stands for it (see emr-launch-rules).
      const managed = (key: string, role: string): string => {
        const given = instances.soft(key)
        if (given) return given
        const standIn = physicalId('sg', `${resource.logicalId}/${key}`)
        this.markUnknown(
          'securityGroups',
          instances.has(key) ? `the ${role} group of ${resource.logicalId} (${key} is unknown before deploy)` : `the default ${role} group EMR uses for ${resource.logicalId} (no ${key} given)`,
          standIn,
        )
        return standIn
      }
      const managedPrimary = managed('EmrManagedMasterSecurityGroup', 'EMR-managed primary')
      const managedCore = managed('EmrManagedSlaveSecurityGroup', 'EMR-managed core/task')
      // The service access group serves clusters in private subnets only.
      const serviceAccess = instances.has('ServiceAccessSecurityGroup') || isPublic === false ? managed('ServiceAccessSecurityGroup', 'service access') : undefined
      const additionalPrimary = list('AdditionalMasterSecurityGroups')
      const additionalCore = list('AdditionalSlaveSecurityGroups')
      const cluster: EmrCluster = {
        id,
        name: props.soft('Name'),
        // CloudFormation finishes creating a cluster kept alive without steps when it is WAITING.
        state: known(() => instances.optBool('KeepJobFlowAliveWhenNoSteps'), undefined) ? 'WAITING' : 'UNKNOWN',
        releaseLabel: optional(props, 'ReleaseLabel'),
        // No audit rule reads the applications: their being unknown is kept under the cluster's own key for them.
        applications: known(() => props.items('Applications').map((item) => ({name: item.str('Name'), version: item.soft('Version')})), [], `${id}/applications`),
        subnetId,
        requestedSubnetIds: subnets,
        managedPrimarySecurityGroupId: managedPrimary,
        managedCoreSecurityGroupId: managedCore,
        serviceAccessSecurityGroupId: serviceAccess,
        additionalPrimarySecurityGroupIds: additionalPrimary,
        additionalCoreSecurityGroupIds: additionalCore,
        keyName: instances.has('Ec2KeyName') ? known(() => instances.softOr('Ec2KeyName', '<key pair, unknown before deploy>'), '<key pair, unknown before deploy>') : undefined,
        securityConfiguration: optional(props, 'SecurityConfiguration'),
        configurations: known(() => (props.has('Configurations') ? props.items('Configurations').map(configuration) : []), []),
        logUri: optional(props, 'LogUri'),
        primaryInstances: [],
        instances: [],
        described: true,
        origin: this.origin(resource),
      }
      if (cluster.state === 'UNKNOWN') this.markUnknown('describeCluster', `the state of ${resource.logicalId} after creation (not kept alive without steps)`, id)
      if (subnet) {
        // The nodes do not exist yet; one primary and one core node stand for them, in the cluster's subnet
        // with its security groups. In a public subnet EMR nodes get public addresses (the cluster needs them
        // to use the internet gateway); their values are AWS's.
        const node = (role: 'MASTER' | 'CORE', groups: string[]): Instance => {
          const nodeId = physicalId('i', `${resource.logicalId}/${role}`)
          return {
            id: nodeId,
            state: 'running',
            vpcId: subnet.vpcId,
            subnetId: subnet.id,
            publicIp: isPublic ? PUBLIC_IP_UNKNOWN : undefined,
            keyName: cluster.keyName,
            enis: [this.interfaceFor(physicalId('eni', `${resource.logicalId}/${role}`), subnet, groups, undefined, isPublic === true)],
            tags: [
              {key: EMR_JOB_FLOW_TAG, value: id},
              {key: EMR_ROLE_TAG, value: role},
            ],
            origin: this.origin(resource, instances.pos(role === 'MASTER' ? 'MasterInstanceGroup' : 'CoreInstanceGroup') ?? resource.pos),
          }
        }
        const primary = node('MASTER', [managedPrimary, ...additionalPrimary])
        const core = node('CORE', [managedCore, ...additionalCore])
        this.data.instances.push(primary, core)
        const entry = (instance: Instance, group: string) => ({ec2InstanceId: instance.id, state: 'RUNNING', publicIp: instance.publicIp, instanceGroupId: group})
        cluster.primaryInstances = [entry(primary, 'MASTER')]
        cluster.instances = [entry(primary, 'MASTER'), entry(core, 'CORE')]
        // The inbound rules EMR adds to the managed groups when it launches the cluster. The 8443 rule of a public
        // cluster comes from EMR's address ranges, which AWS does not publish: an unresolvable prefix list stands for them.
        const ranges = physicalId('pl', 'emr-service-ranges')
        if (isPublic) this.markUnknown('managedPrefixListEntries', 'the EMR service address ranges EMR adds on TCP 8443 to the managed primary group of a public-subnet cluster', ranges)
        addEmrLaunchRules(this.data.securityGroups, emrLaunchRules(cluster.releaseLabel, isPublic ? 'public' : 'private'), {
          ids: {primary: managedPrimary, core: managedCore, 'service-access': serviceAccess},
          vpcCidrs: this.data.vpcs.find((vpc) => vpc.id === subnet.vpcId)?.cidrBlocks ?? [],
          serviceRanges: {kind: 'prefix-list', prefixListId: ranges},
          origin: cluster.origin,
        })
      }
      this.data.clusters.push(cluster)
    })
  }

  private subnetIsPublic(subnet: Subnet): boolean {
    const table =
      this.data.routeTables.find((candidate) => candidate.associations.some((a) => a.subnetId === subnet.id)) ??
      this.data.routeTables.find((candidate) => candidate.vpcId === subnet.vpcId && candidate.associations.some((a) => a.main))
    return Boolean(table?.routes.some((route) => route.destinationCidr === '0.0.0.0/0' && route.target.kind === 'internet-gateway'))
  }
}

function configuration(item: Props): EmrConfiguration {
  const properties = item.sub('ConfigurationProperties')
  return {
    classification: item.soft('Classification'),
    properties: Object.fromEntries((properties?.keys() ?? []).map((key) => [key, properties!.soft(key) ?? ''])),
    configurations: item.has('Configurations') ? item.items('Configurations').map(configuration) : [],
  }
}

function datasetOfType(type: string): DatasetKey {
  const map: Record<string, DatasetKey> = {
    'AWS::EC2::VPC': 'vpcs',
    'AWS::EC2::Subnet': 'subnets',
    'AWS::EC2::RouteTable': 'routeTables',
    'AWS::EC2::Route': 'routeTables',
    'AWS::EC2::SubnetRouteTableAssociation': 'routeTables',
    'AWS::EC2::InternetGateway': 'internetGateways',
    'AWS::EC2::NatGateway': 'natGateways',
    'AWS::EC2::VPCEndpoint': 'vpcEndpoints',
    'AWS::EC2::SecurityGroup': 'securityGroups',
    'AWS::EC2::SecurityGroupIngress': 'securityGroups',
    'AWS::EC2::SecurityGroupEgress': 'securityGroups',
    'AWS::EC2::NetworkAcl': 'networkAcls',
    'AWS::EC2::NetworkAclEntry': 'networkAcls',
    'AWS::EC2::SubnetNetworkAclAssociation': 'networkAcls',
    'AWS::EC2::VPNGateway': 'vpnGateways',
    'AWS::EC2::VPCGatewayAttachment': 'internetGateways',
    'AWS::EC2::VPNConnection': 'vpnConnections',
    'AWS::EC2::VPNConnectionRoute': 'vpnConnections',
    'AWS::EC2::CustomerGateway': 'customerGateways',
    'AWS::EC2::Instance': 'instances',
    'AWS::EMR::Cluster': 'clusters',
    'AWS::EC2::DHCPOptions': 'dhcpOptions',
    'AWS::EC2::VPCDHCPOptionsAssociation': 'dhcpOptions',
  }
  return map[type] ?? 'vpcs'
}

/** Typed reads of a resolved property map; an unknown value stops with `Unknown`. */
class Props {
  constructor(
    private readonly builder: TemplateModelBuilder,
    private readonly resource: Resource,
    private readonly node: Value | undefined,
  ) {}

  get at(): Position {
    return this.node?.pos ?? this.resource.pos
  }

  private entry(key: string): Value | undefined {
    return this.node?.kind === 'map' ? this.node.entries.find((entry) => entry.key === key)?.value : undefined
  }

  keys(): string[] {
    return this.node?.kind === 'map' ? this.node.entries.map((entry) => entry.key) : []
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined
  }

  /** Where `key` is written (the key itself, the start of its line). */
  pos(key: string): Position {
    const entry = this.node?.kind === 'map' ? this.node.entries.find((candidate) => candidate.key === key) : undefined
    return entry?.keyPos ?? this.at
  }

  value(key: string): Value | undefined {
    return this.entry(key)
  }

  /** `Resource.Key`: how messages name a property. */
  label(key: string): string {
    return `${this.resource.logicalId}.${key}`
  }

  str(key: string): string {
    return this.builder.text(this.entry(key), this.label(key))
  }

  cidr(key: string): string {
    return this.builder.cidrText(this.entry(key), `${this.resource.logicalId}.${key}`)
  }

  /** The text, or undefined when absent or unknown before deploy (for values no rule depends on). */
  soft(key: string): string | undefined {
    const value = this.entry(key)
    if (!value || value.kind === 'unknown') return undefined
    return this.builder.text(value, `${this.resource.logicalId}.${key}`)
  }

  /** The text, or `placeholder` when it exists but is unknown before deploy (presence is what matters). */
  softOr(key: string, placeholder: string): string {
    const value = this.entry(key)
    return value?.kind === 'unknown' ? placeholder : this.str(key)
  }

  /** A whole number within [min, max], or a refusal at its line. */
  integer(key: string, min: number, max: number): number {
    const text = this.str(key)
    const value = Number(text)
    if (!/^-?\d+$/.test(text.trim()) || value < min || value > max)
      this.builder.fail(this.pos(key), `${this.resource.logicalId}.${key}: expected a whole number from ${min} to ${max}, got ${shown(text)}`)
    return value
  }

  optBool(key: string): boolean | undefined {
    const value = this.entry(key)
    if (!value) return undefined
    const text = this.builder.text(value, `${this.resource.logicalId}.${key}`)
    if (text !== 'true' && text !== 'false') this.builder.fail(value.pos, `${this.resource.logicalId}.${key}: expected true or false, got ${shown(text)}`)
    return text === 'true'
  }

  strings(key: string): string[] {
    const value = this.entry(key)
    if (!value) return []
    if (value.kind === 'unknown') throw this.builder.unknownError(value.cause)
    if (value.kind !== 'seq') this.builder.fail(value.pos, `${this.resource.logicalId}.${key}: expected a list`)
    return value.items.map((item) => this.builder.text(item, `${this.resource.logicalId}.${key}`))
  }

  sub(key: string): Props | undefined {
    const value = this.entry(key)
    if (!value) return undefined
    if (value.kind === 'unknown') throw this.builder.unknownError(value.cause)
    if (value.kind !== 'map') this.builder.fail(value.pos, `${this.resource.logicalId}.${key}: expected a map`)
    return new Props(this.builder, this.resource, value)
  }

  items(key: string): Props[] {
    const value = this.entry(key)
    if (!value) return []
    if (value.kind === 'unknown') throw this.builder.unknownError(value.cause)
    if (value.kind !== 'seq') this.builder.fail(value.pos, `${this.resource.logicalId}.${key}: expected a list`)
    return value.items.map((item) => {
      if (item.kind === 'unknown') throw this.builder.unknownError(item.cause)
      if (item.kind !== 'map') this.builder.fail(item.pos, `${this.resource.logicalId}.${key}: expected a list of maps`)
      return new Props(this.builder, this.resource, item)
    })
  }

  tags(): Tag[] {
    return this.items('Tags').flatMap((item) => {
      const key = item.soft('Key')
      return key === undefined ? [] : [{key, value: item.soft('Value') ?? ''}]
    })
  }
}

export type {TemplateNode}
