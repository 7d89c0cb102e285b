/**
 * A Terraform plan's resources → the network model the AWS JSON sources build, so every rule and the
 * reachability engine run unchanged on a network before it exists.
 *
 * What AWS adds by itself is added as AWS documents it: each VPC's main route table (local routes only),
 * default network ACL (allow all, both ways) and default security group, unless the plan manages them; the
 * local route of every route table; the `*` deny entries (32767) of every network ACL; the prefix-list route
 * a gateway endpoint puts in its route tables; the primary and a core node of a planned EMR cluster, in its
 * subnet with its security groups, tagged as EMR tags them.
 *
 * What only apply can tell stays unknown: an attribute the plan marks after_unknown and whose expression
 * does not name the one resource it comes from makes its dataset "unknown before deploy: <address>.<attribute>",
 * and the rules that need it say so. Stand-ins (documented, never presented as AWS's): ids are the type's
 * prefix and a hash of the address; a planned instance without a fixed private_ip gets the subnet's next
 * assignable address (the fifth: AWS reserves the first four); a public address that will exist (Elastic
 * IP, auto-assigned) but is not known yet is one of 198.18.0.0/15 (RFC 2544, never on the internet).
 */
import {InputError} from '../../errors.js'
import {DATASETS, type Absence, type DatasetKey, absent, datasetKey} from '../../model/datasets.js'
import {parseCidr} from '../../model/ip.js'
import {NetworkModel, type NetworkModelData, emptyModelData} from '../../model/network-model.js'
import {normalizeProtocol} from '../../model/protocol.js'
import type {
  EmrCluster,
  EmrConfiguration,
  EmrInstance,
  Instance,
  NetworkAclEntry,
  Origin,
  PortRange,
  Route,
  RouteTable,
  RouteTarget,
  RulePeer,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from '../../model/types.js'
import {cidrProblem, protocolProblem} from '../aws-json/formats.js'
import {addEmrLaunchRules, emrLaunchRules} from '../emr-launch-rules.js'
import type {PlanResource, TerraformPlan} from './plan.js'
import {Attributes, type Path, type Unknown, idOf, isUnknownValue, standInId} from './values.js'

const EMR_JOB_FLOW_TAG = 'aws:elasticmapreduce:job-flow-id'
const EMR_ROLE_TAG = 'aws:elasticmapreduce:instance-group-role'

/** Route target attributes of aws_route / inline routes, and the kind each names. */
const ROUTE_TARGETS: [string, RouteTarget['kind']][] = [
  ['gateway_id', 'internet-gateway'],
  ['nat_gateway_id', 'nat-gateway'],
  ['transit_gateway_id', 'transit-gateway'],
  ['vpc_peering_connection_id', 'vpc-peering'],
  ['egress_only_gateway_id', 'egress-only-internet-gateway'],
  ['vpc_endpoint_id', 'vpc-endpoint'],
  ['network_interface_id', 'network-interface'],
  ['carrier_gateway_id', 'carrier-gateway'],
  ['local_gateway_id', 'local-gateway'],
  ['core_network_arn', 'core-network'],
]

const KIND_BY_TYPE: Record<string, RouteTarget['kind']> = {
  aws_internet_gateway: 'internet-gateway',
  aws_vpn_gateway: 'vpn-gateway',
  aws_nat_gateway: 'nat-gateway',
  aws_vpc_endpoint: 'vpc-endpoint',
  aws_ec2_transit_gateway: 'transit-gateway',
  aws_vpc_peering_connection: 'vpc-peering',
  aws_egress_only_internet_gateway: 'egress-only-internet-gateway',
  aws_network_interface: 'network-interface',
  aws_instance: 'instance',
}

const KIND_BY_PREFIX: [string, RouteTarget['kind']][] = [
  ['igw-', 'internet-gateway'],
  ['vgw-', 'vpn-gateway'],
  ['vpce-', 'vpc-endpoint'],
  ['nat-', 'nat-gateway'],
  ['tgw-', 'transit-gateway'],
  ['pcx-', 'vpc-peering'],
  ['eigw-', 'egress-only-internet-gateway'],
  ['eni-', 'network-interface'],
  ['i-', 'instance'],
]

class Builder {
  readonly data: NetworkModelData
  private readonly unknowns = new Map<DatasetKey, string[]>()
  private readonly absences = new Map<DatasetKey, Absence>()
  private publicStandIns = 0
  private readonly nextHost = new Map<string, number>()

  constructor(readonly plan: TerraformPlan) {
    this.data = emptyModelData(plan.file)
  }

  of(type: string): Attributes[] {
    return this.plan.resources.filter((resource) => resource.type === type).map((resource) => new Attributes(this.plan, resource))
  }

  origin(resource: PlanResource): Origin {
    const declared = resource.declaredAt
    return {
      file: this.plan.file,
      pointer: resource.values.pointer,
      location: declared ? {file: declared.file, line: declared.line, column: declared.column, address: resource.address} : {file: this.plan.file, address: resource.address},
    }
  }

  /** Records an unknown value against the dataset it leaves incomplete; returns undefined for chaining. */
  unknown(dataset: DatasetKey, value: Unknown): undefined {
    const list = this.unknowns.get(dataset) ?? []
    if (!list.includes(value.unknown)) list.push(value.unknown)
    this.unknowns.set(dataset, list)
    return undefined
  }

  /** A string, with Unknown recorded against `dataset`. */
  known<T>(dataset: DatasetKey, value: T | Unknown | undefined): T | undefined {
    if (isUnknownValue(value)) return this.unknown(dataset, value)
    return value
  }

  knownList<T>(dataset: DatasetKey, value: T[] | Unknown): T[] {
    if (isUnknownValue(value)) {
      this.unknown(dataset, value)
      return []
    }
    return value
  }

  cidr(attributes: Attributes, path: Path, dataset: DatasetKey): string | undefined {
    const value = this.known(dataset, attributes.str(path))
    if (value === undefined || value === '') return undefined
    const problem = cidrProblem(value)
    if (problem) attributes.node(path).fail(problem)
    return value
  }

  /** Is an attribute configured (so an unknown value is not just "computed by AWS, empty here")? */
  configured(resource: PlanResource, key: string): boolean {
    // Without a configuration block every computed attribute may have been set: treat it as configured.
    return resource.expressions === undefined || key in resource.expressions
  }

  standInPublicIp(): string {
    const n = this.publicStandIns++
    return `198.18.${(n >> 8) & 255}.${(n & 255) + 1}`
  }

  /** The subnet's next assignable address (AWS reserves the first four of every subnet). */
  hostIn(subnet: Subnet): string | undefined {
    const range = parseCidr(subnet.cidrBlock)
    if (!range || range.version !== 4) return undefined
    const offset = this.nextHost.get(subnet.id) ?? 4
    this.nextHost.set(subnet.id, offset + 1)
    const n = Number(range.first) + offset
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
  }

  markAbsent(dataset: DatasetKey, absence: Absence): void {
    this.absences.set(dataset, absence)
  }

  finish(): NetworkModel {
    for (const [dataset, absence] of this.absences) this.data.availability[dataset] = absent(absence)
    for (const [dataset, values] of this.unknowns) {
      const shown = values.slice(0, 3).join(', ') + (values.length > 3 ? ` (+${values.length - 3} more)` : '')
      this.data.availability[dataset] = absent({cause: 'unknown-before-deploy', detail: shown})
    }
    return new NetworkModel(this.data)
  }
}

function portRange(b: Builder, rule: Attributes, protocol: string, fromPath: Path, toPath: Path, dataset: DatasetKey): PortRange | undefined {
  if (protocol === 'all') return undefined
  const from = b.known(dataset, rule.num(fromPath))
  const to = b.known(dataset, rule.num(toPath))
  if (from === undefined || to === undefined) return undefined
  // Terraform writes "all ICMP types" and "all ports" of an all-protocol rule as -1 / 0.
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from < 0 || to > 65535 || from > to) rule.node(fromPath).fail(`expected a port range within 0-65535, got ${from}-${to}`)
  }
  return {from, to}
}

function buildVpcs(b: Builder): void {
  for (const vpc of b.of('aws_vpc')) {
    const cidr = b.cidr(vpc, ['cidr_block'], 'vpcs')
    // An Amazon-provided IPv6 block is known only after apply, and it opens IPv6 paths: unknown, not dropped.
    const generated = vpc.bool(['assign_generated_ipv6_cidr_block']) === true
    const ipv6 = generated && vpc.node(['ipv6_cidr_block']).isMissing() ? b.unknown('vpcs', {unknown: `${vpc.address}.ipv6_cidr_block`}) : b.cidr(vpc, ['ipv6_cidr_block'], 'vpcs')
    b.data.vpcs.push({
      id: idOf(vpc.resource),
      state: 'available',
      cidrBlocks: cidr ? [cidr] : [],
      ipv6CidrBlocks: typeof ipv6 === 'string' && ipv6 ? [ipv6] : [],
      isDefault: false,
      // Terraform's (and AWS's) defaults: DNS support on, DNS host names off.
      enableDnsSupport: b.known('vpcs', vpc.bool(['enable_dns_support'])) ?? true,
      enableDnsHostnames: b.known('vpcs', vpc.bool(['enable_dns_hostnames'])) ?? false,
      tags: vpc.tags(),
      origin: b.origin(vpc.resource),
    })
  }
  for (const association of b.of('aws_vpc_ipv4_cidr_block_association')) {
    const vpc = b.data.vpcs.find((candidate) => candidate.id === b.known('vpcs', association.id(['vpc_id'])))
    const cidr = b.cidr(association, ['cidr_block'], 'vpcs')
    if (vpc && cidr) vpc.cidrBlocks.push(cidr)
  }
}

function buildDhcpOptions(b: Builder, region: string | undefined): void {
  for (const options of b.of('aws_vpc_dhcp_options')) {
    const configurations: Record<string, string[]> = {}
    const domain = b.known('dhcpOptions', options.str(['domain_name']))
    if (domain) configurations['domain-name'] = [domain]
    for (const [attribute, key] of [
      ['domain_name_servers', 'domain-name-servers'],
      ['ntp_servers', 'ntp-servers'],
      ['netbios_name_servers', 'netbios-name-servers'],
    ] as const) {
      const values = b.knownList('dhcpOptions', options.strList([attribute]))
      if (values.length > 0) configurations[key] = values
    }
    b.data.dhcpOptions.push({id: idOf(options.resource), configurations, origin: b.origin(options.resource)})
  }
  for (const association of b.of('aws_vpc_dhcp_options_association')) {
    const vpc = b.data.vpcs.find((candidate) => candidate.id === b.known('vpcs', association.id(['vpc_id'])))
    const optionsId = b.known('vpcs', association.id(['dhcp_options_id']))
    if (vpc && optionsId) vpc.dhcpOptionsId = optionsId
  }
  // A new VPC gets the Region's default option set: its default domain and AmazonProvidedDNS.
  for (const vpc of b.data.vpcs) {
    if (vpc.dhcpOptionsId || !region) continue
    const id = standInId('dopt', `${vpc.origin?.location?.address ?? vpc.id}/default-dhcp-options`)
    b.data.dhcpOptions.push({
      id,
      configurations: {'domain-name': [region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`], 'domain-name-servers': ['AmazonProvidedDNS']},
      origin: vpc.origin,
    })
    vpc.dhcpOptionsId = id
  }
}

function buildSubnets(b: Builder): void {
  for (const subnet of b.of('aws_subnet')) {
    const ipv6 = b.cidr(subnet, ['ipv6_cidr_block'], 'subnets')
    b.data.subnets.push({
      id: idOf(subnet.resource),
      vpcId: b.known('subnets', subnet.id(['vpc_id'])) ?? '',
      cidrBlock: b.cidr(subnet, ['cidr_block'], 'subnets') ?? '',
      ipv6CidrBlocks: typeof ipv6 === 'string' && ipv6 ? [ipv6] : [],
      availabilityZone: b.known('subnets', subnet.str(['availability_zone'])) ?? '',
      mapPublicIpOnLaunch: b.known('subnets', subnet.bool(['map_public_ip_on_launch'])) ?? false,
      state: 'available',
      tags: subnet.tags(),
      origin: b.origin(subnet.resource),
    })
  }
}

function routeTarget(b: Builder, route: Attributes, base: Path): RouteTarget | undefined | 'unknown' {
  for (const [attribute, kind] of ROUTE_TARGETS) {
    const path = [...base, attribute]
    const value = route.id(path)
    if (value === undefined || value === '') continue
    if (isUnknownValue(value)) {
      b.unknown('routeTables', value)
      return 'unknown'
    }
    const target = route.target(path)
    const byType = target ? KIND_BY_TYPE[target.type] : undefined
    const byPrefix = KIND_BY_PREFIX.find(([prefix]) => value.startsWith(prefix))?.[1]
    return {kind: byType ?? (attribute === 'gateway_id' ? (byPrefix ?? kind) : kind), id: value}
  }
  return undefined
}

function routeFrom(b: Builder, route: Attributes, base: Path, origin: Origin, how: string): Route | undefined {
  const target = routeTarget(b, route, base)
  if (target === 'unknown') return undefined
  if (!target) return route.node(base).fail('expected a route target (gateway_id, nat_gateway_id, transit_gateway_id, …)')
  const destinationCidr = b.cidr(route, [...base, base.length > 0 ? 'cidr_block' : 'destination_cidr_block'], 'routeTables')
  const destinationIpv6Cidr = b.cidr(route, [...base, base.length > 0 ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block'], 'routeTables')
  const destinationPrefixListId = b.known('routeTables', route.id([...base, 'destination_prefix_list_id'])) || undefined
  if (!destinationCidr && !destinationIpv6Cidr && !destinationPrefixListId) return undefined
  return {destinationCidr, destinationIpv6Cidr, destinationPrefixListId, target, state: 'active', origin: how, source: origin}
}

function localRoutes(vpc: Vpc | undefined): Route[] {
  if (!vpc) return []
  return [...vpc.cidrBlocks.map((cidr) => ({destinationCidr: cidr})), ...vpc.ipv6CidrBlocks.map((cidr) => ({destinationIpv6Cidr: cidr}))].map((destination): Route => ({
    ...destination,
    target: {kind: 'local', id: 'local'},
    state: 'active',
    origin: 'CreateRouteTable',
    source: vpc.origin,
  }))
}

function buildRouteTables(b: Builder): void {
  const vpcs = new Map(b.data.vpcs.map((vpc) => [vpc.id, vpc]))
  for (const table of b.of('aws_route_table')) {
    const vpcId = b.known('routeTables', table.id(['vpc_id'])) ?? ''
    const origin = b.origin(table.resource)
    const routes = localRoutes(vpcs.get(vpcId))
    if (table.isUnknown(['route']) && b.configured(table.resource, 'route')) b.unknown('routeTables', {unknown: `${table.address}.route`})
    for (let index = 0; index < table.blockCount(['route']); index++) {
      const route = routeFrom(b, table, ['route', index], origin, 'CreateRoute')
      if (route) routes.push(route)
    }
    const propagating = table.isUnknown(['propagating_vgws']) && !b.configured(table.resource, 'propagating_vgws') ? [] : b.knownList('routeTables', table.idList(['propagating_vgws']))
    b.data.routeTables.push({id: idOf(table.resource), vpcId, routes, associations: [], propagatingVgwIds: propagating, tags: table.tags(), origin})
  }
  const tables = new Map(b.data.routeTables.map((table) => [table.id, table]))
  const tableOf = (attributes: Attributes, path: Path): RouteTable | undefined => {
    const id = b.known('routeTables', attributes.id(path))
    return id ? tables.get(id) : undefined
  }
  for (const route of b.of('aws_route')) {
    const table = tableOf(route, ['route_table_id'])
    const built = routeFrom(b, route, [], b.origin(route.resource), 'CreateRoute')
    if (table && built) table.routes.push(built)
  }
  for (const association of b.of('aws_route_table_association')) {
    const table = tableOf(association, ['route_table_id'])
    const subnetId = b.known('routeTables', association.id(['subnet_id'])) || undefined
    const gatewayId = b.known('routeTables', association.id(['gateway_id'])) || undefined
    table?.associations.push({main: false, subnetId, gatewayId, state: 'associated'})
  }
  const mainManaged = new Set<string>()
  for (const association of b.of('aws_main_route_table_association')) {
    const table = tableOf(association, ['route_table_id'])
    const vpcId = b.known('routeTables', association.id(['vpc_id']))
    if (table && vpcId) {
      table.associations.push({main: true, state: 'associated'})
      mainManaged.add(vpcId)
    }
  }
  for (const propagation of b.of('aws_vpn_gateway_route_propagation')) {
    const table = tableOf(propagation, ['route_table_id'])
    const vgwId = b.known('routeTables', propagation.id(['vpn_gateway_id']))
    if (table && vgwId && !table.propagatingVgwIds.includes(vgwId)) table.propagatingVgwIds.push(vgwId)
  }
  // Every VPC has a main route table; a plan that does not replace it leaves AWS's: local routes only.
  for (const vpc of b.data.vpcs) {
    if (mainManaged.has(vpc.id)) continue
    const address = vpc.origin?.location?.address ?? vpc.id
    b.data.routeTables.push({
      id: standInId('rtb', `${address}/main-route-table`),
      vpcId: vpc.id,
      routes: localRoutes(vpc),
      associations: [{main: true, state: 'associated'}],
      propagatingVgwIds: [],
      tags: [],
      origin: vpc.origin,
    })
  }
  // aws_default_route_table takes over the main route table of its VPC.
  for (const table of b.of('aws_default_route_table')) {
    const main = adoptedDefault(b, table, 'default_route_table_id', b.data.routeTables, 'rtb', 'main-route-table')
    if (!main) continue
    const origin = b.origin(table.resource)
    main.routes = localRoutes(vpcs.get(main.vpcId))
    for (let index = 0; index < table.blockCount(['route']); index++) {
      const route = routeFrom(b, table, ['route', index], origin, 'CreateRoute')
      if (route) main.routes.push(route)
    }
    main.propagatingVgwIds = b.knownList('routeTables', table.idList(['propagating_vgws']))
    main.origin = origin
  }
}

/**
 * The VPC default (main route table, network ACL, security group) an aws_default_* resource manages: the
 * one its id attribute refers to (`aws_vpc.main.default_network_acl_id`), as the model holds it.
 */
function adoptedDefault<T extends {id: string}>(b: Builder, resource: Attributes, key: string, items: T[], prefix: string, what: string): T | undefined {
  const vpc = resource.target([key])
  if (vpc?.type !== 'aws_vpc') {
    b.unknown(prefix === 'sg' ? 'securityGroups' : prefix === 'acl' ? 'networkAcls' : 'routeTables', {unknown: `${resource.address}.${key}`})
    return undefined
  }
  const id = standInId(prefix, `${vpc.address}/${what}`)
  return items.find((item) => item.id === id)
}

/** An ASN, which the AWS provider keeps as a string in some resources and a number in others. */
function asnOf(resource: Attributes, path: Path): number | undefined {
  const node = resource.node(path)
  if (node.isMissing()) return undefined
  const value = typeof node.value === 'string' && /^\d{1,10}$/.test(node.value) ? Number(node.value) : node.value
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4294967295) return node.fail(`expected an ASN (1-4294967295), got ${JSON.stringify(node.value)}`)
  return value
}

/**
 * The separate attachment resources (aws_internet_gateway_attachment, aws_vpn_gateway_attachment):
 * each attaches a gateway of the plan to a VPC, in the state AWS reports for an attached one.
 */
function attachGateways(b: Builder, type: string, gatewayAttribute: string, dataset: 'internetGateways' | 'vpnGateways', state: string): void {
  const gateways: {id: string; attachments: {vpcId: string; state: string}[]}[] = b.data[dataset]
  for (const attachment of b.of(type)) {
    const gatewayId = b.known(dataset, attachment.id([gatewayAttribute]))
    const vpcId = b.known(dataset, attachment.id(['vpc_id']))
    const gateway = gateways.find((candidate) => candidate.id === gatewayId)
    if (gateway && vpcId) gateway.attachments.push({vpcId, state})
  }
}

function buildGateways(b: Builder): void {
  const standInIps = new Map<string, string>()
  const eipPublicIp = (eip: Attributes): string => {
    const known = eip.str(['public_ip'])
    if (typeof known === 'string' && known) return known
    let ip = standInIps.get(eip.address)
    if (!ip) standInIps.set(eip.address, (ip = b.standInPublicIp()))
    return ip
  }
  const eips = b.of('aws_eip')
  for (const gateway of b.of('aws_internet_gateway')) {
    const vpcId = b.known('internetGateways', gateway.id(['vpc_id']))
    b.data.internetGateways.push({id: idOf(gateway.resource), attachments: vpcId ? [{vpcId, state: 'available'}] : [], origin: b.origin(gateway.resource)})
  }
  attachGateways(b, 'aws_internet_gateway_attachment', 'internet_gateway_id', 'internetGateways', 'available')
  for (const gateway of b.of('aws_nat_gateway')) {
    const subnetId = b.known('natGateways', gateway.id(['subnet_id'])) ?? ''
    const subnet = b.data.subnets.find((candidate) => candidate.id === subnetId)
    const connectivityType = b.known('natGateways', gateway.str(['connectivity_type'])) ?? 'public'
    const allocationId = gateway.id(['allocation_id'])
    const eip = eips.find((candidate) => idOf(candidate.resource) === allocationId)
    const knownPublic = gateway.str(['public_ip'])
    const publicIps = connectivityType !== 'public' ? [] : typeof knownPublic === 'string' && knownPublic ? [knownPublic] : eip ? [eipPublicIp(eip)] : [b.standInPublicIp()]
    const knownPrivate = gateway.str(['private_ip'])
    const privateIp = typeof knownPrivate === 'string' && knownPrivate ? knownPrivate : subnet ? b.hostIn(subnet) : undefined
    b.data.natGateways.push({
      id: idOf(gateway.resource),
      vpcId: subnet?.vpcId ?? '',
      subnetId,
      state: 'available',
      connectivityType,
      publicIps,
      privateIps: privateIp ? [privateIp] : [],
      origin: b.origin(gateway.resource),
    })
  }
  for (const gateway of b.of('aws_vpn_gateway')) {
    const vpcId = b.known('vpnGateways', gateway.id(['vpc_id']))
    const asn = asnOf(gateway, ['amazon_side_asn'])
    b.data.vpnGateways.push({
      id: idOf(gateway.resource),
      state: 'available',
      attachments: vpcId ? [{vpcId, state: 'attached'}] : [],
      amazonSideAsn: asn,
      origin: b.origin(gateway.resource),
    })
  }
  attachGateways(b, 'aws_vpn_gateway_attachment', 'vpn_gateway_id', 'vpnGateways', 'attached')
  for (const gateway of b.of('aws_customer_gateway')) {
    const asn = asnOf(gateway, ['bgp_asn'])
    b.data.customerGateways.push({
      id: idOf(gateway.resource),
      state: 'available',
      ipAddress: b.known('customerGateways', gateway.str(['ip_address'])),
      bgpAsn: asn === undefined ? undefined : String(asn),
      origin: b.origin(gateway.resource),
    })
  }
  for (const connection of b.of('aws_vpn_connection')) {
    b.data.vpnConnections.push({
      id: idOf(connection.resource),
      // The connection is planned; its tunnels' status exists only once the customer gateway brings them up.
      state: 'available',
      customerGatewayId: b.known('vpnConnections', connection.id(['customer_gateway_id'])),
      vpnGatewayId: b.known('vpnConnections', connection.id(['vpn_gateway_id'])) || undefined,
      transitGatewayId: b.known('vpnConnections', connection.id(['transit_gateway_id'])) || undefined,
      staticRoutesOnly: b.known('vpnConnections', connection.bool(['static_routes_only'])) ?? false,
      remoteIpv4NetworkCidr: b.cidr(connection, ['remote_ipv4_network_cidr'], 'vpnConnections'),
      localIpv4NetworkCidr: b.cidr(connection, ['local_ipv4_network_cidr'], 'vpnConnections'),
      routes: [],
      tunnels: [],
      origin: b.origin(connection.resource),
    })
  }
  for (const route of b.of('aws_vpn_connection_route')) {
    const connectionId = b.known('vpnConnections', route.id(['vpn_connection_id']))
    const destination = b.cidr(route, ['destination_cidr_block'], 'vpnConnections')
    const connection = b.data.vpnConnections.find((candidate) => candidate.id === connectionId)
    if (connection && destination) connection.routes.push({destinationCidr: destination, state: 'available'})
  }
}

function buildTransitGatewayAttachments(b: Builder): void {
  for (const attachment of b.of('aws_ec2_transit_gateway_vpc_attachment')) {
    b.data.transitGatewayVpcAttachments.push({
      id: standInId('tgw-attach', attachment.address),
      transitGatewayId: b.known('transitGatewayVpcAttachments', attachment.id(['transit_gateway_id'])) ?? '',
      vpcId: b.known('transitGatewayVpcAttachments', attachment.id(['vpc_id'])) ?? '',
      state: 'available',
      subnetIds: b.knownList('transitGatewayVpcAttachments', attachment.idList(['subnet_ids'])),
      origin: b.origin(attachment.resource),
    })
  }
}

function buildVpcEndpoints(b: Builder): void {
  for (const endpoint of b.of('aws_vpc_endpoint')) {
    const type = (b.known('vpcEndpoints', endpoint.str(['vpc_endpoint_type'])) ?? 'Gateway').toLowerCase()
    const computedEmpty = (key: string): boolean => endpoint.isUnknown([key]) && !b.configured(endpoint.resource, key)
    const policy = endpoint.str(['policy'])
    b.data.vpcEndpoints.push({
      id: idOf(endpoint.resource),
      vpcId: b.known('vpcEndpoints', endpoint.id(['vpc_id'])) ?? '',
      type,
      serviceName: b.known('vpcEndpoints', endpoint.str(['service_name'])) ?? '',
      state: 'available',
      routeTableIds: computedEmpty('route_table_ids') ? [] : b.knownList('vpcEndpoints', endpoint.idList(['route_table_ids'])),
      subnetIds: computedEmpty('subnet_ids') ? [] : b.knownList('vpcEndpoints', endpoint.idList(['subnet_ids'])),
      groupIds: computedEmpty('security_group_ids') ? [] : b.knownList('vpcEndpoints', endpoint.idList(['security_group_ids'])),
      // AWS's default for an interface endpoint created by Terraform is private DNS off unless set.
      privateDnsEnabled: b.known('vpcEndpoints', endpoint.bool(['private_dns_enabled'])) ?? false,
      // Not set: AWS attaches its default full-access policy.
      policyDocument: typeof policy === 'string' && policy ? policy : isUnknownValue(policy) && b.configured(endpoint.resource, 'policy') ? b.unknown('vpcEndpoints', policy) : undefined,
      origin: b.origin(endpoint.resource),
    })
  }
  for (const association of b.of('aws_vpc_endpoint_route_table_association')) {
    const endpointId = b.known('vpcEndpoints', association.id(['vpc_endpoint_id']))
    const tableId = b.known('vpcEndpoints', association.id(['route_table_id']))
    const endpoint = b.data.vpcEndpoints.find((candidate) => candidate.id === endpointId)
    if (endpoint && tableId && !endpoint.routeTableIds.includes(tableId)) endpoint.routeTableIds.push(tableId)
  }
  // A gateway endpoint adds a route to its service's prefix list in each of its route tables.
  for (const endpoint of b.data.vpcEndpoints) {
    if (endpoint.type !== 'gateway') continue
    const prefixListId = standInId('pl', `prefix-list/${endpoint.serviceName}`)
    for (const table of b.data.routeTables.filter((candidate) => endpoint.routeTableIds.includes(candidate.id))) {
      table.routes.push({destinationPrefixListId: prefixListId, target: {kind: 'vpc-endpoint', id: endpoint.id}, state: 'active', origin: 'CreateRoute', source: endpoint.origin})
    }
  }
}

function peerRules(
  b: Builder,
  rule: Attributes,
  direction: 'ingress' | 'egress',
  base: Path,
  fields: {protocol: string; cidrs: string; ipv6: string; prefixLists: string; groups: string; self?: string},
  groupId: string,
  origin: Origin,
): SecurityGroupRule[] {
  const rawProtocol = b.known('securityGroups', rule.str([...base, fields.protocol]))
  if (rawProtocol === undefined) return []
  const protocol = normalizeProtocol(rawProtocol)
  const ports = portRange(b, rule, protocol, [...base, 'from_port'], [...base, 'to_port'], 'securityGroups')
  const description = rule.str([...base, 'description'])
  const common = {direction, protocol, ports, description: typeof description === 'string' && description ? description : undefined, origin}
  const peers: RulePeer[] = []
  const many = (key: string, make: (value: string) => RulePeer, isId: boolean): void => {
    const values = isId ? rule.idList([...base, key]) : rule.strList([...base, key])
    for (const value of b.knownList('securityGroups', values)) peers.push(make(value))
  }
  const one = (key: string, make: (value: string) => RulePeer, isId: boolean): void => {
    const value = b.known('securityGroups', isId ? rule.id([...base, key]) : rule.str([...base, key]))
    if (value) peers.push(make(value))
  }
  const add = fields.cidrs.endsWith('s') ? many : one
  add(fields.cidrs, (cidr) => ({kind: 'cidr', cidr}), false)
  add(fields.ipv6, (cidr) => ({kind: 'cidr', cidr}), false)
  add(fields.prefixLists, (prefixListId) => ({kind: 'prefix-list', prefixListId}), true)
  add(fields.groups, (peerGroupId) => ({kind: 'security-group', groupId: peerGroupId}), true)
  if (fields.self && b.known('securityGroups', rule.bool([...base, fields.self])) === true) peers.push({kind: 'security-group', groupId})
  for (const peer of peers) if (peer.kind === 'cidr' && cidrProblem(peer.cidr)) rule.node(base).fail(cidrProblem(peer.cidr)!)
  return peers.map((peer) => ({...common, peer}))
}

const INLINE_FIELDS = {protocol: 'protocol', cidrs: 'cidr_blocks', ipv6: 'ipv6_cidr_blocks', prefixLists: 'prefix_list_ids', groups: 'security_groups', self: 'self'}
const LEGACY_FIELDS = {protocol: 'protocol', cidrs: 'cidr_blocks', ipv6: 'ipv6_cidr_blocks', prefixLists: 'prefix_list_ids', groups: 'source_security_group_id', self: 'self'}
const VPC_RULE_FIELDS = {protocol: 'ip_protocol', cidrs: 'cidr_ipv4', ipv6: 'cidr_ipv6', prefixLists: 'prefix_list_id', groups: 'referenced_security_group_id'}

function buildSecurityGroups(b: Builder): void {
  for (const group of b.of('aws_security_group')) {
    const id = idOf(group.resource)
    const origin = b.origin(group.resource)
    const rules = {ingress: [] as SecurityGroupRule[], egress: [] as SecurityGroupRule[]}
    for (const direction of ['ingress', 'egress'] as const) {
      // Not configured inline: Terraform removes AWS's default egress rule and manages rules apart.
      if (group.isUnknown([direction])) {
        if (b.configured(group.resource, direction)) b.unknown('securityGroups', {unknown: `${group.address}.${direction}`})
        continue
      }
      for (let index = 0; index < group.blockCount([direction]); index++) {
        rules[direction].push(...peerRules(b, group, direction, [direction, index], INLINE_FIELDS, id, origin))
      }
    }
    const name = group.str(['name'])
    const prefix = group.str(['name_prefix'])
    const description = group.str(['description'])
    b.data.securityGroups.push({
      id,
      name: typeof name === 'string' ? name : typeof prefix === 'string' ? `${prefix}…` : group.address,
      description: typeof description === 'string' ? description : undefined,
      vpcId: b.known('securityGroups', group.id(['vpc_id'])),
      ingress: rules.ingress,
      egress: rules.egress,
      tags: group.tags(),
      origin,
    })
  }
  const groups = new Map(b.data.securityGroups.map((group) => [group.id, group]))
  const attach = (rule: Attributes, direction: 'ingress' | 'egress', fields: typeof VPC_RULE_FIELDS | typeof LEGACY_FIELDS): void => {
    // The group and the protocol are required by every rule resource: a plan without them is refused, not dropped.
    const protocol = rule.required([fields.protocol], rule.str([fields.protocol]))
    // EC2 takes tcp, udp, icmp, icmpv6, -1 or an IANA number (aws_security_group_rule also "all"): another
    // name would match no traffic, and the rule would silently count for nothing.
    const protocolError = typeof protocol === 'string' && protocol.toLowerCase() !== 'all' ? protocolProblem(protocol) : undefined
    if (protocolError) rule.node([fields.protocol]).fail(protocolError)
    const groupId = b.known('securityGroups', rule.required(['security_group_id'], rule.id(['security_group_id'])))
    if (fields === VPC_RULE_FIELDS) {
      // The provider plans exactly one peer (ExactlyOneOf in aws_vpc_security_group_*_rule's validators):
      // a rule with none would otherwise be dropped.
      const peers = [fields.cidrs, fields.ipv6, fields.prefixLists, fields.groups].map((key) => rule.str([key]))
      const given = peers.filter((peer) => peer !== undefined && peer !== '').length
      if (!peers.some(isUnknownValue) && given !== 1)
        rule.node([fields.cidrs]).fail(`${rule.address}: expected exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id and referenced_security_group_id, got ${given || 'none'}`)
    }
    if (!groupId) return
    // A group the plan does not create (an existing one by its id) is not in the model.
    const group = groups.get(groupId)
    if (!group) return
    group[direction].push(...peerRules(b, rule, direction, [], fields, groupId, b.origin(rule.resource)))
  }
  for (const rule of b.of('aws_vpc_security_group_ingress_rule')) attach(rule, 'ingress', VPC_RULE_FIELDS)
  for (const rule of b.of('aws_vpc_security_group_egress_rule')) attach(rule, 'egress', VPC_RULE_FIELDS)
  for (const rule of b.of('aws_security_group_rule')) {
    const type = b.known('securityGroups', rule.required(['type'], rule.str(['type'])))
    if (type !== 'ingress' && type !== 'egress') {
      if (type !== undefined) rule.node(['type']).fail(`expected "ingress" or "egress", got ${JSON.stringify(type)}`)
      continue
    }
    attach(rule, type, LEGACY_FIELDS)
  }
  // Each new VPC's default group: all traffic from its own members in, everything out.
  for (const vpc of b.data.vpcs) {
    const id = standInId('sg', `${vpc.origin?.location?.address ?? vpc.id}/default-security-group`)
    const origin = vpc.origin
    b.data.securityGroups.push({
      id,
      name: 'default',
      description: 'default VPC security group',
      vpcId: vpc.id,
      ingress: [{direction: 'ingress', protocol: 'all', peer: {kind: 'security-group', groupId: id}, origin}],
      egress: [{direction: 'egress', protocol: 'all', peer: {kind: 'cidr', cidr: '0.0.0.0/0'}, origin}],
      tags: [],
      origin,
    })
  }
  // aws_default_security_group: Terraform removes every rule of the default group, then adds the ones given.
  for (const adopted of b.of('aws_default_security_group')) {
    const vpcId = b.known('securityGroups', adopted.id(['vpc_id']))
    const vpcAddress = b.data.vpcs.find((vpc) => vpc.id === vpcId)?.origin?.location?.address
    const group = vpcAddress
      ? (groups.get(standInId('sg', `${vpcAddress}/default-security-group`)) ?? b.data.securityGroups.find((candidate) => candidate.id === standInId('sg', `${vpcAddress}/default-security-group`)))
      : undefined
    if (!group) continue
    const origin = b.origin(adopted.resource)
    group.ingress = []
    group.egress = []
    for (const direction of ['ingress', 'egress'] as const) {
      for (let index = 0; index < adopted.blockCount([direction]); index++) group[direction].push(...peerRules(b, adopted, direction, [direction, index], INLINE_FIELDS, group.id, origin))
    }
    group.origin = origin
  }
}

function aclEntry(b: Builder, rule: Attributes, base: Path, egress: boolean, fields: {number: string; action: string}, origin: Origin): NetworkAclEntry | undefined {
  const required = <T>(key: string, read: (path: Path) => T | Unknown | undefined): T | undefined => b.known('networkAcls', rule.required([...base, key], read([...base, key])))
  const ruleNumber = required(fields.number, (path) => rule.num(path))
  const action = required(fields.action, (path) => rule.str(path))?.toLowerCase()
  const rawProtocol = required('protocol', (path) => rule.str(path))
  // Exactly one of cidr_block / ipv6_cidr_block (aws_network_acl_rule docs; EC2 CreateNetworkAclEntry needs
  // one): an entry with neither matches no address, and AWS would refuse it.
  const ipv4 = rule.str([...base, 'cidr_block'])
  const ipv6 = rule.str([...base, 'ipv6_cidr_block'])
  if (!isUnknownValue(ipv4) && !isUnknownValue(ipv6) && !ipv4 === !ipv6)
    rule.node([...base, 'cidr_block']).fail(`${rule.address}: expected exactly one of cidr_block and ipv6_cidr_block, got ${ipv4 ? 'both' : 'neither'}`)
  if (ruleNumber === undefined || action === undefined || rawProtocol === undefined) return undefined
  if (action !== 'allow' && action !== 'deny') return rule.node([...base, fields.action]).fail(`expected "allow" or "deny", got "${action}"`)
  if (!Number.isInteger(ruleNumber) || ruleNumber < 1 || ruleNumber > 32766) rule.node([...base, fields.number]).fail(`expected a network ACL rule number 1-32766, got ${ruleNumber}`)
  const protocol = normalizeProtocol(rawProtocol)
  const ports = protocol === 'tcp' || protocol === 'udp' ? portRange(b, rule, protocol, [...base, 'from_port'], [...base, 'to_port'], 'networkAcls') : undefined
  return {
    ruleNumber,
    egress,
    protocol,
    action,
    cidr: b.cidr(rule, [...base, 'cidr_block'], 'networkAcls') || undefined,
    ipv6Cidr: b.cidr(rule, [...base, 'ipv6_cidr_block'], 'networkAcls') || undefined,
    ports,
    origin,
  }
}

/** The `*` entries AWS adds to every network ACL: deny what no numbered rule allows. */
function defaultDenies(vpc: Vpc | undefined, origin: Origin | undefined): NetworkAclEntry[] {
  const entries: NetworkAclEntry[] = []
  for (const egress of [false, true]) {
    entries.push({ruleNumber: 32767, egress, protocol: 'all', action: 'deny', cidr: '0.0.0.0/0', origin})
    if (vpc && vpc.ipv6CidrBlocks.length > 0) entries.push({ruleNumber: 32768, egress, protocol: 'all', action: 'deny', ipv6Cidr: '::/0', origin})
  }
  return entries
}

function buildNetworkAcls(b: Builder): void {
  const vpcs = new Map(b.data.vpcs.map((vpc) => [vpc.id, vpc]))
  const INLINE = {number: 'rule_no', action: 'action'}
  for (const acl of b.of('aws_network_acl')) {
    const origin = b.origin(acl.resource)
    const vpcId = b.known('networkAcls', acl.id(['vpc_id'])) ?? ''
    const entries: NetworkAclEntry[] = []
    for (const direction of ['ingress', 'egress'] as const) {
      if (acl.isUnknown([direction])) {
        if (b.configured(acl.resource, direction)) b.unknown('networkAcls', {unknown: `${acl.address}.${direction}`})
        continue
      }
      for (let index = 0; index < acl.blockCount([direction]); index++) {
        const entry = aclEntry(b, acl, [direction, index], direction === 'egress', INLINE, origin)
        if (entry) entries.push(entry)
      }
    }
    const subnetIds = acl.isUnknown(['subnet_ids']) && !b.configured(acl.resource, 'subnet_ids') ? [] : b.knownList('networkAcls', acl.idList(['subnet_ids']))
    b.data.networkAcls.push({id: idOf(acl.resource), vpcId, isDefault: false, entries, subnetIds, origin})
  }
  const acls = new Map(b.data.networkAcls.map((acl) => [acl.id, acl]))
  for (const rule of b.of('aws_network_acl_rule')) {
    const acl = acls.get(b.known('networkAcls', rule.required(['network_acl_id'], rule.id(['network_acl_id']))) ?? '')
    const egress = b.known('networkAcls', rule.bool(['egress'])) ?? false
    const entry = aclEntry(b, rule, [], egress, {number: 'rule_number', action: 'rule_action'}, b.origin(rule.resource))
    if (acl && entry) acl.entries.push(entry)
  }
  for (const association of b.of('aws_network_acl_association')) {
    const acl = acls.get(b.known('networkAcls', association.id(['network_acl_id'])) ?? '')
    const subnetId = b.known('networkAcls', association.id(['subnet_id']))
    if (!acl || !subnetId) continue
    // A subnet has one network ACL: the association moves it.
    for (const other of b.data.networkAcls) other.subnetIds = other.subnetIds.filter((id) => id !== subnetId)
    acl.subnetIds.push(subnetId)
  }
  // Each new VPC's default network ACL allows everything both ways.
  for (const vpc of b.data.vpcs) {
    const address = vpc.origin?.location?.address ?? vpc.id
    const origin = vpc.origin
    const allow = (egress: boolean): NetworkAclEntry[] => [
      {ruleNumber: 100, egress, protocol: 'all', action: 'allow', cidr: '0.0.0.0/0', origin},
      ...(vpc.ipv6CidrBlocks.length > 0 ? [{ruleNumber: 101, egress, protocol: 'all', action: 'allow' as const, ipv6Cidr: '::/0', origin}] : []),
    ]
    b.data.networkAcls.push({id: standInId('acl', `${address}/default-network-acl`), vpcId: vpc.id, isDefault: true, entries: [...allow(false), ...allow(true)], subnetIds: [], origin})
  }
  // aws_default_network_acl: its rules replace the default ACL's allow-all.
  for (const adopted of b.of('aws_default_network_acl')) {
    const acl = adoptedDefault(b, adopted, 'default_network_acl_id', b.data.networkAcls, 'acl', 'default-network-acl')
    if (!acl) continue
    const origin = b.origin(adopted.resource)
    acl.entries = []
    for (const direction of ['ingress', 'egress'] as const) {
      for (let index = 0; index < adopted.blockCount([direction]); index++) {
        const entry = aclEntry(b, adopted, [direction, index], direction === 'egress', INLINE, origin)
        if (entry) acl.entries.push(entry)
      }
    }
    acl.origin = origin
  }
  for (const acl of b.data.networkAcls) {
    const seen = new Map<string, NetworkAclEntry>()
    for (const entry of acl.entries) {
      const key = `${entry.egress}/${entry.ruleNumber}`
      const first = seen.get(key)
      // AWS refuses a rule number used twice in one direction: the evaluation order would be ours to make up.
      if (first)
        throw new InputError(
          b.plan.file,
          entry.origin?.pointer ?? '',
          `rule number ${entry.ruleNumber} appears twice among the ${entry.egress ? 'egress' : 'ingress'} rules of ${acl.origin?.location?.address ?? acl.id} (also at ${first.origin?.pointer ?? '?'})`,
        )
      seen.set(key, entry)
    }
    acl.entries.push(...defaultDenies(vpcs.get(acl.vpcId), acl.origin))
    acl.entries.sort((a, b2) => a.ruleNumber - b2.ruleNumber)
  }
}

function buildInstances(b: Builder): void {
  const eipTargets = new Map<string, string>()
  const standIns = new Map<string, string>()
  for (const eip of b.of('aws_eip')) {
    const instanceId = eip.id(['instance'])
    if (typeof instanceId === 'string' && instanceId) {
      const known = eip.str(['public_ip'])
      eipTargets.set(instanceId, typeof known === 'string' && known ? known : (standIns.get(eip.address) ?? b.standInPublicIp()))
    }
  }
  for (const association of b.of('aws_eip_association')) {
    const instanceId = association.id(['instance_id'])
    if (typeof instanceId === 'string' && instanceId && !eipTargets.has(instanceId)) {
      const known = association.str(['public_ip'])
      eipTargets.set(instanceId, typeof known === 'string' && known ? known : b.standInPublicIp())
    }
  }
  const subnets = new Map(b.data.subnets.map((subnet) => [subnet.id, subnet]))
  for (const instance of b.of('aws_instance')) {
    const id = idOf(instance.resource)
    const subnetId = b.known('instances', instance.id(['subnet_id']))
    const subnet = subnetId ? subnets.get(subnetId) : undefined
    const knownPrivate = instance.str(['private_ip'])
    const privateIp = typeof knownPrivate === 'string' && knownPrivate ? knownPrivate : subnet ? b.hostIn(subnet) : undefined
    const associate = instance.bool(['associate_public_ip_address'])
    const autoAssigned = associate === true || (isUnknownValue(associate) || associate === undefined ? subnet?.mapPublicIpOnLaunch === true : false)
    const knownPublic = instance.str(['public_ip'])
    const publicIp = typeof knownPublic === 'string' && knownPublic ? knownPublic : (eipTargets.get(id) ?? (autoAssigned ? b.standInPublicIp() : undefined))
    const vpcGroups =
      instance.isUnknown(['vpc_security_group_ids']) && !b.configured(instance.resource, 'vpc_security_group_ids') ? [] : b.knownList('instances', instance.idList(['vpc_security_group_ids']))
    const defaultGroup = b.data.securityGroups.find((group) => group.vpcId === subnet?.vpcId && group.name === 'default')
    const groupIds = vpcGroups.length > 0 ? vpcGroups : defaultGroup ? [defaultGroup.id] : []
    const key = instance.str(['key_name'])
    b.data.instances.push({
      id,
      state: 'running',
      vpcId: subnet?.vpcId,
      subnetId,
      privateIp,
      publicIp,
      keyName: typeof key === 'string' && key ? key : undefined,
      enis: subnetId
        ? [
            {
              id: standInId('eni', `${instance.address}/primary-interface`),
              subnetId,
              vpcId: subnet?.vpcId,
              privateIps: privateIp ? [privateIp] : [],
              publicIps: publicIp ? [publicIp] : [],
              ipv6Addresses: [],
              groupIds,
              deviceIndex: 0,
            },
          ]
        : [],
      tags: instance.tags(),
      origin: b.origin(instance.resource),
    })
  }
}

function emrConfigurations(cluster: Attributes): EmrConfiguration[] | undefined {
  const text = cluster.str(['configurations_json'])
  if (typeof text !== 'string' || !text) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return cluster.node(['configurations_json']).fail(`not JSON (${(error as Error).message})`)
  }
  const convert = (item: unknown): EmrConfiguration => {
    const object = (item ?? {}) as {Classification?: unknown; Properties?: unknown; Configurations?: unknown}
    const properties = Object.fromEntries(Object.entries((object.Properties ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]))
    return {
      classification: typeof object.Classification === 'string' ? object.Classification : undefined,
      properties,
      configurations: Array.isArray(object.Configurations) ? object.Configurations.map(convert) : [],
    }
  }
  return Array.isArray(parsed) ? parsed.map(convert) : undefined
}

/** Does the subnet's route table send 0.0.0.0/0 to an internet gateway? */
function inPublicSubnet(b: Builder, subnet: Subnet): boolean {
  const tables = b.data.routeTables.filter((table) => table.vpcId === subnet.vpcId)
  const table = tables.find((candidate) => candidate.associations.some((a) => a.subnetId === subnet.id)) ?? tables.find((candidate) => candidate.associations.some((a) => a.main))
  return table?.routes.some((route) => route.destinationCidr === '0.0.0.0/0' && route.target.kind === 'internet-gateway') ?? false
}

/**
 * EMR adds inbound TCP 8443 from the EMR service's address ranges to the managed primary group of a cluster
 * it launches in a public subnet (emr-man-sec-groups, see emr-launch-rules). The ranges are not published: the
 * rule carries a stand-in service range, as the moto cross-check of the CloudFormation templates does.
 */
const EMR_SERVICE_STAND_IN = '52.23.61.0/24'

function buildClusters(b: Builder): void {
  const subnets = new Map(b.data.subnets.map((subnet) => [subnet.id, subnet]))
  for (const cluster of b.of('aws_emr_cluster')) {
    const id = idOf(cluster.resource)
    const ec2 = ['ec2_attributes', 0]
    const has = cluster.blockCount(['ec2_attributes']) > 0
    const group = (key: string): string | undefined => (has ? b.known('describeCluster', cluster.id([...ec2, key])) || undefined : undefined)
    const groups = (key: string): string[] => (has ? b.knownList('describeCluster', cluster.idList([...ec2, key], true)) : [])
    const subnetId = group('subnet_id')
    const subnet = subnetId ? subnets.get(subnetId) : undefined
    const isPublic = subnet ? inPublicSubnet(b, subnet) : undefined
    // A managed group the plan does not give: EMR uses its default group of the role in the VPC, whose rules are the
    // account's. A group id not in the data stands for it (see emr-launch-rules).
    const managed = (key: string, role: string): string => {
      const given = group(key)
      if (given) return given
      const standIn = standInId('sg', `${cluster.address}/${key}`)
      b.data.availability[datasetKey('securityGroups', standIn)] = absent({cause: 'unknown-before-deploy', detail: `the default ${role} group EMR uses for ${cluster.address} (no ${key} given)`})
      return standIn
    }
    const primaryGroup = managed('emr_managed_master_security_group', 'EMR-managed primary')
    const coreGroup = managed('emr_managed_slave_security_group', 'EMR-managed core/task')
    // The service access group serves clusters in private subnets only.
    const serviceAccess = group('service_access_security_group') ?? (isPublic === false ? managed('service_access_security_group', 'service access') : undefined)
    const additionalPrimary = groups('additional_master_security_groups')
    const additionalCore = groups('additional_slave_security_groups')
    const key = has ? cluster.str([...ec2, 'key_name']) : undefined
    const origin = b.origin(cluster.resource)
    const nodes: EmrInstance[] = []
    const roles: [string, string[], boolean][] = [['MASTER', [primaryGroup, ...additionalPrimary].filter((g): g is string => !!g), true]]
    if (cluster.blockCount(['core_instance_group']) > 0 || cluster.blockCount(['core_instance_fleet']) > 0) roles.push(['CORE', [coreGroup, ...additionalCore].filter((g): g is string => !!g), false])
    if (subnet) {
      for (const [role, groupIds] of roles) {
        // EMR launches each node in the cluster's subnet with its groups; a public address as the subnet assigns.
        const instanceId = standInId('i', `${cluster.address}/${role.toLowerCase()}`)
        const privateIp = b.hostIn(subnet)
        const publicIp = subnet.mapPublicIpOnLaunch ? b.standInPublicIp() : undefined
        const instance: Instance = {
          id: instanceId,
          state: 'running',
          vpcId: subnet.vpcId,
          subnetId: subnet.id,
          privateIp,
          publicIp,
          keyName: typeof key === 'string' && key ? key : undefined,
          enis: [
            {
              id: standInId('eni', `${cluster.address}/${role.toLowerCase()}/primary-interface`),
              subnetId: subnet.id,
              vpcId: subnet.vpcId,
              privateIps: privateIp ? [privateIp] : [],
              publicIps: publicIp ? [publicIp] : [],
              ipv6Addresses: [],
              groupIds,
              deviceIndex: 0,
            },
          ],
          tags: [
            {key: EMR_JOB_FLOW_TAG, value: id},
            {key: EMR_ROLE_TAG, value: role},
          ],
          origin,
        }
        b.data.instances.push(instance)
        nodes.push({ec2InstanceId: instanceId, privateIp, publicIp, state: 'RUNNING'})
      }
    } else if (subnetId === undefined && has) {
      b.unknown('describeCluster', {unknown: `${cluster.address}.ec2_attributes[0].subnet_id`})
    }
    const name = cluster.str(['name'])
    const release = cluster.str(['release_label'])
    if (subnet) {
      // The inbound rules EMR adds to the managed groups when it launches the cluster.
      addEmrLaunchRules(b.data.securityGroups, emrLaunchRules(typeof release === 'string' ? release : undefined, isPublic ? 'public' : 'private'), {
        ids: {primary: primaryGroup, core: coreGroup, 'service-access': serviceAccess},
        vpcCidrs: b.data.vpcs.find((vpc) => vpc.id === subnet.vpcId)?.cidrBlocks ?? [],
        serviceRanges: {kind: 'cidr', cidr: EMR_SERVICE_STAND_IN},
        origin,
      })
    }
    const logUri = cluster.str(['log_uri'])
    const security = cluster.str(['security_configuration'])
    const emr: EmrCluster = {
      id,
      name: typeof name === 'string' ? name : undefined,
      // The cluster's state exists only once it is launched.
      state: 'UNKNOWN',
      releaseLabel: b.known('describeCluster', release),
      applications: b.knownList('describeCluster', cluster.strList(['applications'])).map((app) => ({name: app})),
      subnetId,
      requestedSubnetIds: [],
      availabilityZone: subnet?.availabilityZone,
      managedPrimarySecurityGroupId: primaryGroup,
      managedCoreSecurityGroupId: coreGroup,
      serviceAccessSecurityGroupId: serviceAccess,
      additionalPrimarySecurityGroupIds: additionalPrimary,
      additionalCoreSecurityGroupIds: additionalCore,
      keyName: typeof key === 'string' && key ? key : undefined,
      securityConfiguration: typeof security === 'string' ? security : undefined,
      configurations: emrConfigurations(cluster),
      logUri: typeof logUri === 'string' ? logUri : undefined,
      primaryInstances: nodes.slice(0, 1),
      instances: nodes,
      described: true,
      origin,
    }
    b.data.clusters.push(emr)
  }
}

function buildBlockPublicAccess(b: Builder): void {
  const [config] = b.of('aws_emr_block_public_access_configuration')
  if (!config) {
    b.markAbsent('blockPublicAccess', {
      cause: 'not-collected',
      detail: `EMR block public access is a Region-wide account setting, not in a Terraform plan (${DATASETS.blockPublicAccess.action}); audit live to check it`,
    })
    return
  }
  const block = b.known('blockPublicAccess', config.bool(['block_public_security_group_rules']))
  if (block === undefined) return
  const ranges: PortRange[] = []
  for (let index = 0; index < config.blockCount(['permitted_public_security_group_rule_range']); index++) {
    const from = b.known('blockPublicAccess', config.num(['permitted_public_security_group_rule_range', index, 'min_range']))
    const to = b.known('blockPublicAccess', config.num(['permitted_public_security_group_rule_range', index, 'max_range']))
    if (from !== undefined && to !== undefined) ranges.push({from, to})
  }
  b.data.blockPublicAccess = {blockPublicSecurityGroupRules: block, permittedPortRanges: ranges, origin: b.origin(config.resource)}
}

/** The Region, from the planned subnets' availability zones (us-east-1a → us-east-1). */
function regionOf(b: Builder): string | undefined {
  for (const subnet of b.data.subnets) {
    const match = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)/.exec(subnet.availabilityZone)
    if (match) return match[1]
  }
  return undefined
}

export function buildModel(plan: TerraformPlan): NetworkModel {
  const b = new Builder(plan)
  buildVpcs(b)
  buildSubnets(b)
  b.data.region = regionOf(b)
  buildDhcpOptions(b, b.data.region)
  buildRouteTables(b)
  buildGateways(b)
  buildVpcEndpoints(b)
  buildTransitGatewayAttachments(b)
  buildSecurityGroups(b)
  buildNetworkAcls(b)
  buildInstances(b)
  buildClusters(b)
  buildBlockPublicAccess(b)
  const prefixLists = [...new Set(b.data.routeTables.flatMap((table) => table.routes.flatMap((route) => route.destinationPrefixListId ?? [])))]
  if (prefixLists.length > 0)
    b.markAbsent('prefixLists', {
      cause: 'not-collected',
      detail: `the address ranges of AWS-managed prefix lists are not in a Terraform plan (${DATASETS.prefixLists.action}); audit live to check them`,
    })
  b.markAbsent('ssmInstanceInformation', {cause: 'unknown-before-deploy', detail: `SSM agent registration (${DATASETS.ssmInstanceInformation.action})`})
  return b.finish()
}
