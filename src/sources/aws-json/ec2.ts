/**
 * EC2 API output (as the AWS CLI prints it, or as the SDK returns it) → network model.
 * One function per operation; each takes the operation's whole output.
 */
import {normalizeProtocol} from '../../model/protocol.js'
import type {
  CustomerGateway,
  DhcpOptions,
  Instance,
  InstanceConnectEndpoint,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  PrefixList,
  Route,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpnConnection,
  VpnGateway,
} from '../../model/types.js'
import {cidrProblem, hostNameProblem, ipProblem} from './formats.js'
import {type Node, tagsOf} from './shape.js'

const lower = (text: string | undefined): string => (text ?? '').toLowerCase()

export function parseVpcs(root: Node): Vpc[] {
  return root.requireList('Vpcs').map((node) => {
    const cidrBlocks = new Set<string>()
    const primary = node.optCidr('CidrBlock')
    if (primary) cidrBlocks.add(primary)
    for (const association of node.list('CidrBlockAssociationSet')) {
      const state = lower(association.get('CidrBlockState').isMissing() ? 'associated' : association.get('CidrBlockState').optStr('State'))
      if (state === 'associated' || state === '') cidrBlocks.add(association.cidr('CidrBlock'))
    }
    return {
      id: node.str('VpcId'),
      ownerId: node.optStr('OwnerId'),
      state: node.optStr('State'),
      cidrBlocks: [...cidrBlocks],
      ipv6CidrBlocks: node.list('Ipv6CidrBlockAssociationSet').flatMap((a) => a.optCidr('Ipv6CidrBlock') ?? []),
      isDefault: node.optBool('IsDefault') ?? false,
      dhcpOptionsId: node.optStr('DhcpOptionsId'),
      tags: tagsOf(node),
      origin: node.origin,
    }
  })
}

/** DescribeVpcAttribute output: `{VpcId, EnableDnsSupport: {Value}}` or `{VpcId, EnableDnsHostnames: {Value}}`. */
export function parseVpcAttribute(root: Node, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): {vpcId: string; value: boolean} {
  const key = attribute === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames'
  const holder = root.get(key)
  if (holder.isMissing()) holder.fail(`expected an object "${key}" with a boolean "Value"`)
  const value = holder.optBool('Value')
  if (value === undefined) return holder.get('Value').fail('expected true or false for "Value"')
  return {vpcId: root.str('VpcId'), value}
}

export function parseDhcpOptions(root: Node): DhcpOptions[] {
  return root.requireList('DhcpOptions').map((node) => {
    const configurations: Record<string, string[]> = {}
    for (const configuration of node.list('DhcpConfigurations')) {
      const key = configuration.str('Key').toLowerCase()
      configurations[key] = configuration.list('Values').map((value) => dhcpValue(value, key))
    }
    return {id: node.str('DhcpOptionsId'), configurations, origin: node.origin}
  })
}

/**
 * One DHCP option value. Names must be host names (domain-name may list several, separated by
 * spaces), servers IP addresses (or AmazonProvidedDNS); anything else printable text.
 */
function dhcpValue(value: Node, key: string): string {
  const holder = value.get('Value')
  if (holder.isMissing()) return ''
  const text = holder.text()
  const tokens = text.split(/[\s,]+/).filter(Boolean)
  let problem: string | undefined
  if (key === 'domain-name') problem = tokens.map(hostNameProblem).find(Boolean)
  else if (key === 'domain-name-servers') problem = tokens.map((token) => (token === 'AmazonProvidedDNS' ? undefined : ipProblem(token))).find(Boolean)
  else if (key === 'ntp-servers' || key === 'netbios-name-servers') problem = tokens.map(ipProblem).find(Boolean)
  if (problem) holder.fail(problem)
  return text
}

export function parseSubnets(root: Node): Subnet[] {
  return root.requireList('Subnets').map((node) => ({
    id: node.str('SubnetId'),
    vpcId: node.str('VpcId'),
    cidrBlock: node.cidr('CidrBlock'),
    ipv6CidrBlocks: node.list('Ipv6CidrBlockAssociationSet').flatMap((a) => a.optCidr('Ipv6CidrBlock') ?? []),
    availabilityZone: node.optStr('AvailabilityZone') ?? '',
    availabilityZoneId: node.optStr('AvailabilityZoneId'),
    mapPublicIpOnLaunch: node.optBool('MapPublicIpOnLaunch') ?? false,
    state: node.optStr('State'),
    tags: tagsOf(node),
    origin: node.origin,
  }))
}

/**
 * The route target fields besides GatewayId, and the kind each names, first match wins. EC2's Route
 * (DescribeRouteTables) and CloudFormation's AWS::EC2::Route (CreateRoute's parameters) share them.
 */
export const ROUTE_TARGET_FIELDS: readonly (readonly [string, RouteTarget['kind']])[] = [
  ['NatGatewayId', 'nat-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpcPeeringConnectionId', 'vpc-peering'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['NetworkInterfaceId', 'network-interface'],
  ['InstanceId', 'instance'],
  ['CarrierGatewayId', 'carrier-gateway'],
  ['LocalGatewayId', 'local-gateway'],
  ['CoreNetworkArn', 'core-network'],
]

function routeTarget(node: Node): RouteTarget {
  const gatewayId = node.optStr('GatewayId')
  if (gatewayId) {
    if (gatewayId === 'local') return {kind: 'local', id: 'local'}
    if (gatewayId.startsWith('igw-')) return {kind: 'internet-gateway', id: gatewayId}
    if (gatewayId.startsWith('vgw-')) return {kind: 'vpn-gateway', id: gatewayId}
    if (gatewayId.startsWith('vpce-')) return {kind: 'vpc-endpoint', id: gatewayId}
    if (gatewayId.startsWith('eigw-')) return {kind: 'egress-only-internet-gateway', id: gatewayId}
  }
  for (const [field, kind] of ROUTE_TARGET_FIELDS) {
    const id = node.optStr(field)
    // An instance route also names the instance's ENI; the ENI is the more precise target.
    if (id) return {kind, id}
  }
  return {kind: 'unknown', id: gatewayId ?? 'unknown'}
}

export function parseRouteTables(root: Node): RouteTable[] {
  return root.requireList('RouteTables').map((node) => ({
    id: node.str('RouteTableId'),
    vpcId: node.str('VpcId'),
    routes: node.list('Routes').map((route): Route => ({
      destinationCidr: route.optCidr('DestinationCidrBlock'),
      destinationIpv6Cidr: route.optCidr('DestinationIpv6CidrBlock'),
      destinationPrefixListId: route.optStr('DestinationPrefixListId'),
      target: routeTarget(route),
      state: lower(route.optStr('State') ?? 'active'),
      origin: route.optStr('Origin'),
      source: route.origin,
    })),
    associations: node
      .list('Associations')
      .map((association) => ({
        main: association.optBool('Main') ?? false,
        subnetId: association.optStr('SubnetId'),
        gatewayId: association.optStr('GatewayId'),
        state: association.get('AssociationState').isMissing() ? undefined : association.get('AssociationState').optStr('State'),
      }))
      .filter((association) => association.state === undefined || lower(association.state) === 'associated'),
    propagatingVgwIds: node.list('PropagatingVgws').map((vgw) => vgw.str('GatewayId')),
    tags: tagsOf(node),
    origin: node.origin,
  }))
}

/** A gateway's VPC attachments (`{VpcId, State}` in both internet and VPN gateways' output). */
function vpcAttachments(node: Node, key: 'Attachments' | 'VpcAttachments'): {vpcId: string; state: string}[] {
  return node.list(key).map((a) => ({vpcId: a.str('VpcId'), state: lower(a.optStr('State'))}))
}

export function parseInternetGateways(root: Node): InternetGateway[] {
  return root.requireList('InternetGateways').map((node) => ({
    id: node.str('InternetGatewayId'),
    attachments: vpcAttachments(node, 'Attachments'),
    origin: node.origin,
  }))
}

export function parseNatGateways(root: Node): NatGateway[] {
  return root.requireList('NatGateways').map((node) => {
    const addresses = node.list('NatGatewayAddresses')
    return {
      id: node.str('NatGatewayId'),
      vpcId: node.str('VpcId'),
      subnetId: node.optStr('SubnetId') ?? '',
      state: lower(node.optStr('State')),
      connectivityType: lower(node.optStr('ConnectivityType') ?? 'public'),
      publicIps: addresses.flatMap((a) => a.optIp('PublicIp') ?? []),
      privateIps: addresses.flatMap((a) => a.optIp('PrivateIp') ?? []),
      origin: node.origin,
    }
  })
}

export function parseVpcEndpoints(root: Node): VpcEndpoint[] {
  return root.requireList('VpcEndpoints').map((node) => {
    return {
      id: node.str('VpcEndpointId'),
      vpcId: node.str('VpcId'),
      type: lower(node.optStr('VpcEndpointType') ?? 'gateway'),
      serviceName: node.str('ServiceName'),
      state: lower(node.optStr('State')),
      routeTableIds: node.idList('RouteTableIds', 'routeTable'),
      subnetIds: node.idList('SubnetIds', 'subnet'),
      groupIds: node.list('Groups').map((group) => group.str('GroupId')),
      privateDnsEnabled: node.optBool('PrivateDnsEnabled') ?? false,
      policyDocument: node.optPolicyDocument('PolicyDocument'),
      origin: node.origin,
    }
  })
}

export function parseInstanceConnectEndpoints(root: Node): InstanceConnectEndpoint[] {
  return root.requireList('InstanceConnectEndpoints').map((node) => ({
    id: node.str('InstanceConnectEndpointId'),
    vpcId: node.str('VpcId'),
    subnetId: node.str('SubnetId'),
    securityGroupIds: node.idList('SecurityGroupIds', 'securityGroup'),
    state: lower(node.optStr('State')),
    dnsName: node.optStr('DnsName'),
    // AWS's default when the field is absent is false (the endpoint's own IP is the source).
    preserveClientIp: node.optBool('PreserveClientIp') ?? false,
    privateIps: [],
    origin: node.origin,
  }))
}

function permissionRules(permission: Node, direction: SecurityGroupRule['direction']): SecurityGroupRule[] {
  const protocol = normalizeProtocol(permission.str('IpProtocol'))
  const portRange = permission.optPortRange('FromPort', 'ToPort', protocol)
  const range = protocol === 'all' ? undefined : portRange
  const base = {direction, protocol, ports: range}
  const rules: SecurityGroupRule[] = []
  for (const ipRange of permission.list('IpRanges')) {
    rules.push({...base, peer: {kind: 'cidr', cidr: ipRange.cidr('CidrIp')}, description: ipRange.optStr('Description'), origin: ipRange.origin})
  }
  for (const ipRange of permission.list('Ipv6Ranges')) {
    rules.push({...base, peer: {kind: 'cidr', cidr: ipRange.cidr('CidrIpv6')}, description: ipRange.optStr('Description'), origin: ipRange.origin})
  }
  for (const pair of permission.list('UserIdGroupPairs')) {
    rules.push({
      ...base,
      peer: {kind: 'security-group', groupId: pair.str('GroupId'), userId: pair.optStr('UserId'), vpcId: pair.optStr('VpcId')},
      description: pair.optStr('Description'),
      origin: pair.origin,
    })
  }
  for (const prefixList of permission.list('PrefixListIds')) {
    rules.push({...base, peer: {kind: 'prefix-list', prefixListId: prefixList.str('PrefixListId')}, description: prefixList.optStr('Description'), origin: prefixList.origin})
  }
  return rules
}

export function parseSecurityGroups(root: Node): SecurityGroup[] {
  return root.requireList('SecurityGroups').map((node) => ({
    id: node.str('GroupId'),
    name: node.optStr('GroupName') ?? '',
    description: node.optStr('Description'),
    vpcId: node.optStr('VpcId'),
    ownerId: node.optStr('OwnerId'),
    ingress: node.list('IpPermissions').flatMap((permission) => permissionRules(permission, 'ingress')),
    egress: node.list('IpPermissionsEgress').flatMap((permission) => permissionRules(permission, 'egress')),
    tags: tagsOf(node),
    origin: node.origin,
  }))
}

export function parseNetworkAcls(root: Node): NetworkAcl[] {
  return root.requireList('NetworkAcls').map((node) => {
    const entries = node.list('Entries').map((entry): NetworkAclEntry => {
      const action = lower(entry.str('RuleAction'))
      if (action !== 'allow' && action !== 'deny') return entry.get('RuleAction').fail(`expected "allow" or "deny", got "${action}"`)
      const protocol = normalizeProtocol(entry.str('Protocol'))
      const range = entry.get('PortRange')
      const carriesPorts = protocol === 'tcp' || protocol === 'udp'
      if (carriesPorts && range.isMissing()) range.fail(`expected a "PortRange" {From, To} for protocol ${protocol}`)
      return {
        // 1–32766 for rules; 32767 is the default ("*") entry AWS adds to every ACL.
        ruleNumber: entry.integer('RuleNumber', 1, 32767, 'a network ACL rule number'),
        egress: entry.optBool('Egress') ?? false,
        protocol,
        action,
        cidr: entry.optCidr('CidrBlock'),
        ipv6Cidr: entry.optCidr('Ipv6CidrBlock'),
        ports: range.isMissing() || protocol === 'all' ? undefined : range.optPortRange('From', 'To', carriesPorts ? protocol : 'other'),
        origin: entry.origin,
      }
    })
    // AWS evaluates rules in number order, first match wins: a number used twice in one direction
    // would make the order up to us, and AWS refuses it.
    const seen = new Set<string>()
    for (const entry of entries) {
      const key = `${entry.egress}/${entry.ruleNumber}`
      if (seen.has(key))
        node.fail(`rule number ${entry.ruleNumber} appears twice among the ${entry.egress ? 'egress' : 'ingress'} entries of ${node.str('NetworkAclId')} (at ${entry.origin?.pointer ?? '?'})`)
      seen.add(key)
    }
    entries.sort((a, b) => a.ruleNumber - b.ruleNumber)
    return {
      id: node.str('NetworkAclId'),
      vpcId: node.str('VpcId'),
      isDefault: node.optBool('IsDefault') ?? false,
      entries,
      subnetIds: node.list('Associations').flatMap((a) => a.optStr('SubnetId') ?? []),
      origin: node.origin,
    }
  })
}

export function parseVpnGateways(root: Node): VpnGateway[] {
  return root.requireList('VpnGateways').map((node) => ({
    id: node.str('VpnGatewayId'),
    state: lower(node.optStr('State')),
    attachments: vpcAttachments(node, 'VpcAttachments'),
    amazonSideAsn: node.optInteger('AmazonSideAsn', 1, 4294967295, 'an ASN'),
    origin: node.origin,
  }))
}

export function parseVpnConnections(root: Node): VpnConnection[] {
  return root.requireList('VpnConnections').map((node) => {
    const options = node.get('Options')
    return {
      id: node.str('VpnConnectionId'),
      state: lower(node.optStr('State')),
      customerGatewayId: node.optStr('CustomerGatewayId'),
      vpnGatewayId: node.optStr('VpnGatewayId'),
      transitGatewayId: node.optStr('TransitGatewayId'),
      staticRoutesOnly: options.isMissing() ? false : (options.optBool('StaticRoutesOnly') ?? false),
      remoteIpv4NetworkCidr: options.isMissing() ? undefined : options.optCidr('RemoteIpv4NetworkCidr'),
      localIpv4NetworkCidr: options.isMissing() ? undefined : options.optCidr('LocalIpv4NetworkCidr'),
      routes: node.list('Routes').flatMap((route) => {
        const destination = route.optCidr('DestinationCidrBlock')
        return destination ? [{destinationCidr: destination, state: route.optStr('State')}] : []
      }),
      tunnels: node.list('VgwTelemetry').map((tunnel) => ({
        outsideIpAddress: tunnel.optStr('OutsideIpAddress'),
        status: (tunnel.optStr('Status') ?? '').toUpperCase(),
        statusMessage: tunnel.optStr('StatusMessage'),
        lastStatusChange: tunnel.optTime('LastStatusChange'),
        acceptedRouteCount: tunnel.optInteger('AcceptedRouteCount', 0, Number.MAX_SAFE_INTEGER, 'a route count'),
      })),
      origin: node.origin,
    }
  })
}

export function parseCustomerGateways(root: Node): CustomerGateway[] {
  return root.requireList('CustomerGateways').map((node) => ({
    id: node.str('CustomerGatewayId'),
    state: lower(node.optStr('State')),
    ipAddress: node.optStr('IpAddress'),
    bgpAsn: node.get('BgpAsn').isMissing() ? undefined : String(node.optInteger('BgpAsn', 1, 4294967295, 'an ASN')),
    origin: node.origin,
  }))
}

export function parseTransitGatewayVpcAttachments(root: Node): TransitGatewayVpcAttachment[] {
  return root.requireList('TransitGatewayVpcAttachments').map((node) => ({
    id: node.str('TransitGatewayAttachmentId'),
    transitGatewayId: node.str('TransitGatewayId'),
    vpcId: node.str('VpcId'),
    state: lower(node.optStr('State')),
    subnetIds: node.idList('SubnetIds', 'subnet'),
    origin: node.origin,
  }))
}

function networkInterface(node: Node, instance: Node): NetworkInterface {
  const privateIps = new Set<string>()
  const publicIps = new Set<string>()
  const primary = node.optIp('PrivateIpAddress')
  if (primary) privateIps.add(primary)
  for (const address of node.list('PrivateIpAddresses')) {
    const ip = address.optIp('PrivateIpAddress')
    if (ip) privateIps.add(ip)
    const association = address.get('Association')
    const publicIp = association.isMissing() ? undefined : association.optIp('PublicIp')
    if (publicIp) publicIps.add(publicIp)
  }
  const association = node.get('Association')
  const publicIp = association.isMissing() ? undefined : association.optIp('PublicIp')
  if (publicIp) publicIps.add(publicIp)
  const attachment = node.get('Attachment')
  return {
    id: node.str('NetworkInterfaceId'),
    subnetId: node.optStr('SubnetId') ?? instance.optStr('SubnetId') ?? '',
    vpcId: node.optStr('VpcId') ?? instance.optStr('VpcId'),
    privateIps: [...privateIps],
    publicIps: [...publicIps],
    ipv6Addresses: node.list('Ipv6Addresses').flatMap((address) => address.optIp('Ipv6Address') ?? []),
    groupIds: node.list('Groups').map((group) => group.str('GroupId')),
    sourceDestCheck: node.optBool('SourceDestCheck'),
    deviceIndex: attachment.isMissing() ? undefined : attachment.optNumber('DeviceIndex'),
  }
}

/** The primary interface (DeviceIndex 0) first, then the others by device index: JSON order is not meaningful. */
function byDeviceIndex(a: NetworkInterface, b: NetworkInterface): number {
  return (a.deviceIndex ?? Number.MAX_SAFE_INTEGER) - (b.deviceIndex ?? Number.MAX_SAFE_INTEGER)
}

export function parseInstances(root: Node): Instance[] {
  return root.requireList('Reservations').flatMap((reservation) =>
    reservation.list('Instances').map((node): Instance => {
      const state = node.get('State')
      let enis = node
        .list('NetworkInterfaces')
        .map((eni) => networkInterface(eni, node))
        .sort(byDeviceIndex)
      const privateIp = node.optIp('PrivateIpAddress')
      const publicIp = node.optIp('PublicIpAddress')
      const subnetId = node.optStr('SubnetId')
      if (enis.length === 0 && subnetId) {
        // Some emulators and old exports omit NetworkInterfaces: the instance's own fields describe its primary ENI.
        enis = [
          {
            id: `${node.str('InstanceId')}/eni-primary`,
            subnetId,
            vpcId: node.optStr('VpcId'),
            privateIps: privateIp ? [privateIp] : [],
            publicIps: publicIp ? [publicIp] : [],
            ipv6Addresses: node.optIp('Ipv6Address') ? [node.optIp('Ipv6Address')!] : [],
            deviceIndex: 0,
            groupIds: node.list('SecurityGroups').map((group) => group.str('GroupId')),
          },
        ]
      }
      const profile = node.get('IamInstanceProfile')
      return {
        id: node.str('InstanceId'),
        state: lower(state.isMissing() ? undefined : state.optStr('Name')),
        vpcId: node.optStr('VpcId'),
        subnetId,
        privateIp,
        publicIp,
        privateDnsName: node.optHostName('PrivateDnsName'),
        publicDnsName: node.optHostName('PublicDnsName'),
        keyName: node.optStr('KeyName'),
        instanceProfileArn: profile.isMissing() ? undefined : profile.optStr('Arn'),
        enis,
        tags: tagsOf(node),
        origin: node.origin,
      }
    }),
  )
}

export function parsePrefixLists(root: Node): PrefixList[] {
  return root.requireList('PrefixLists').map((node) => ({
    id: node.str('PrefixListId'),
    name: node.optStr('PrefixListName') ?? '',
    cidrs: node.strList('Cidrs', cidrProblem),
    origin: node.origin,
  }))
}

/** `aws ec2 get-managed-prefix-list-entries`: the CIDRs of one prefix list. */
export function parseManagedPrefixListEntries(root: Node): string[] {
  return root.requireList('Entries').map((node) => node.str('Cidr'))
}
