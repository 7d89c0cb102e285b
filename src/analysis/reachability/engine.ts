/**
 * Offline reachability: walks one TCP/UDP flow through the model the way AWS forwards it and
 * explains every hop with the rule or route that decided, using Reachability Analyzer's
 * explanation codes where one fits. Stateful security groups are checked one way; stateless
 * network ACLs both ways (the return on ephemeral ports 1024-65535, which covers NAT gateways and
 * every common client OS).
 */
import {cidrContains, isPrivateRange} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Instance, NetworkInterface, PortRange, Subnet} from '../../model/types.js'
import type {PathHop} from '../findings.js'
import {describeEntry, evaluateNetworkAcl} from './network-acls.js'
import {routeDestination, selectRoute} from './routes.js'
import {Peer, describeRule, evaluateSecurityGroups} from './security-groups.js'

export const EPHEMERAL_PORTS: PortRange = {from: 1024, to: 65535}

export type Endpoint =
  | {
      kind: 'interface'
      label: string
      eni: NetworkInterface
      subnet: Subnet
      /** The address the flow uses for this end (private, or public when reached from the internet). */
      address: string
      instance?: Instance
    }
  | {kind: 'external'; label: string; addresses: string}

export interface ReachQuery {
  from: Endpoint
  to: Endpoint
  protocol: 'tcp' | 'udp'
  port: number
}

export type Verdict = 'reachable' | 'not-reachable' | 'unknown'

export interface ReachResult {
  verdict: Verdict
  from: string
  to: string
  protocol: 'tcp' | 'udp'
  port: number
  hops: PathHop[]
  /** The explanation code of the blocking hop. */
  code?: string
  summary: string
}

class Walk {
  readonly hops: PathHop[] = []
  constructor(readonly model: NetworkModel, readonly query: ReachQuery) {}

  allow(hop: Omit<PathHop, 'verdict'>): void {
    this.hops.push({...hop, verdict: 'allow'})
  }

  info(hop: Omit<PathHop, 'verdict'>): void {
    this.hops.push({...hop, verdict: 'info'})
  }

  result(verdict: Verdict, summary: string, code?: string): ReachResult {
    const {from, to, protocol, port} = this.query
    return {verdict, from: from.label, to: to.label, protocol, port, hops: this.hops, code, summary}
  }

  deny(hop: Omit<PathHop, 'verdict'> & {code: string}, summary: string): ReachResult {
    this.hops.push({...hop, verdict: 'deny'})
    return this.result('not-reachable', summary, hop.code)
  }

  unknown(hop: Omit<PathHop, 'verdict'>, summary: string): ReachResult {
    this.hops.push({...hop, verdict: 'info'})
    return this.result('unknown', summary, hop.code)
  }
}

function peerOf(endpoint: Endpoint): Peer {
  return endpoint.kind === 'interface'
    ? {addresses: endpoint.eni.privateIps[0] ?? endpoint.address, groupIds: endpoint.eni.groupIds}
    : {addresses: endpoint.addresses, groupIds: []}
}

function flowPorts(query: ReachQuery): string {
  return `${query.protocol.toUpperCase()} ${query.port}`
}

/** Security-group check on one interface; returns a blocking result or undefined. */
function checkGroups(walk: Walk, end: Extract<Endpoint, {kind: 'interface'}>, direction: 'ingress' | 'egress', other: Endpoint): ReachResult | undefined {
  const {query, model} = walk
  const decision = evaluateSecurityGroups(model, end.eni.groupIds, direction, peerOf(other), query.protocol, query.port)
  // One group names itself; several are judged together, so the interface is the component.
  const component = end.eni.groupIds.length === 1 ? end.eni.groupIds[0]! : end.eni.id
  const way = direction === 'ingress' ? 'inbound' : 'outbound'
  if (decision.allowed) {
    const first = decision.matched[0]!
    walk.allow({component: first.group.id, kind: 'security-group', direction: way, detail: `${first.group.name || first.group.id}: ${describeRule(first.rule)}`})
    return undefined
  }
  const missing = decision.unknownGroups.length > 0 ? `; groups not in the data: ${decision.unknownGroups.join(', ')}` : ''
  const peer = direction === 'ingress' ? `from ${other.label}` : `to ${other.label}`
  if (decision.unknownGroups.length > 0 && decision.unknownGroups.length === end.eni.groupIds.length) {
    return walk.unknown({component, kind: 'security-group', direction: way, detail: `security groups not in the data${missing}`}, `cannot judge ${end.label}'s security groups: they are not in the data`)
  }
  return walk.deny(
    {component, kind: 'security-group', direction: way, code: 'ENI_SG_RULES_MISMATCH', detail: `no ${direction} rule in ${end.eni.groupIds.join(', ') || '(no security groups)'} allows ${flowPorts(query)} ${peer}${missing}`},
    `${end.label}'s security groups do not allow ${flowPorts(query)} ${peer}`,
  )
}

/** NACL check on one subnet; `remote` is the other end's addresses. */
function checkAcl(walk: Walk, subnet: Subnet, egress: boolean, remote: string, ports: PortRange | undefined, direction: PathHop['direction']): ReachResult | undefined {
  const acl = walk.model.effectiveNetworkAcl(subnet.id)
  if (!acl) {
    const reason = walk.model.availability('networkAcls')
    return walk.unknown({component: subnet.id, kind: 'network-acl', direction, detail: reason.present ? `no network ACL for ${subnet.id} in the data` : `network ACLs not evaluated (${reason.reason})`}, `the network ACL of ${subnet.id} is not in the data`)
  }
  const decision = evaluateNetworkAcl(acl, egress, walk.query.protocol, remote, ports)
  const what = `${egress ? 'outbound' : 'inbound'}${direction === 'return' ? ' return' : ''}`
  if (decision.allowed) {
    walk.allow({component: acl.id, kind: 'network-acl', direction, detail: `${subnet.id} ${what} allowed by ${describeEntry(decision.entry)}`})
    return undefined
  }
  return walk.deny(
    {component: acl.id, kind: 'network-acl', direction, code: 'SUBNET_ACL_RESTRICTION', detail: `${subnet.id} ${what} ${decision.denied} denied by ${describeEntry(decision.entry)}`},
    `network ACL ${acl.id} on ${subnet.id} denies ${what} traffic (${decision.denied})`,
  )
}

function routeTableOf(walk: Walk, subnet: Subnet, direction: PathHop['direction']): ReturnType<NetworkModel['effectiveRouteTable']> | ReachResult {
  const table = walk.model.effectiveRouteTable(subnet.id)
  if (table) return table
  const reason = walk.model.availability('routeTables')
  return walk.unknown(
    {component: subnet.id, kind: 'route-table', direction, detail: reason.present ? `no route table for ${subnet.id} in the data` : `route tables not evaluated (${reason.reason})`},
    `the route table of ${subnet.id} is not in the data`,
  )
}

function isResult(value: unknown): value is ReachResult {
  return typeof value === 'object' && value !== null && 'verdict' in value
}

export function analyzeReachability(model: NetworkModel, query: ReachQuery): ReachResult {
  const walk = new Walk(model, query)
  const {from, to} = query
  if (from.kind === 'interface' && to.kind === 'interface') return betweenInterfaces(walk, from, to)
  if (from.kind === 'external' && to.kind === 'interface') return intoVpc(walk, from, to)
  if (from.kind === 'interface' && to.kind === 'external') return outOfVpc(walk, from, to)
  return walk.result('unknown', 'both ends are outside the VPCs in the data: nothing to analyze', 'NO_PATH')
}

function betweenInterfaces(walk: Walk, from: Extract<Endpoint, {kind: 'interface'}>, to: Extract<Endpoint, {kind: 'interface'}>): ReachResult {
  const {query} = walk
  if (from.subnet.vpcId !== to.subnet.vpcId) {
    return walk.unknown(
      {component: `${from.subnet.vpcId} → ${to.subnet.vpcId}`, kind: 'vpc', detail: 'the ends are in different VPCs; peering and transit paths between VPCs are not modelled yet', code: 'DISCONNECTED_VPCS'},
      'the ends are in different VPCs',
    )
  }
  const toAddress = to.eni.privateIps[0] ?? to.address
  const fromAddress = from.eni.privateIps[0] ?? from.address
  let blocked = checkGroups(walk, from, 'egress', to)
  if (blocked) return blocked
  const table = routeTableOf(walk, from.subnet, 'outbound')
  if (isResult(table)) return table
  const choice = selectRoute(walk.model, table!, toAddress)
  if (!choice.route || choice.route.target.kind !== 'local') {
    const detail = choice.route ? `${routeDestination(choice.route)} → ${choice.route.target.id} is more specific than the local route` : `no route matches ${toAddress}`
    return walk.deny({component: table!.id, kind: 'route-table', direction: 'outbound', code: choice.route ? 'MORE_SPECIFIC_ROUTE' : 'NO_ROUTE_TO_DESTINATION', detail}, `${table!.id} does not deliver ${toAddress} locally`)
  }
  walk.allow({component: table!.id, kind: 'route-table', direction: 'outbound', detail: `${choice.destination} → local`})
  const crossesSubnets = from.subnet.id !== to.subnet.id
  if (crossesSubnets) {
    blocked = checkAcl(walk, from.subnet, true, toAddress, {from: query.port, to: query.port}, 'outbound')
    if (blocked) return blocked
    blocked = checkAcl(walk, to.subnet, false, fromAddress, {from: query.port, to: query.port}, 'inbound')
    if (blocked) return blocked
  } else {
    walk.info({component: from.subnet.id, kind: 'network-acl', detail: 'same subnet: network ACLs do not apply'})
  }
  blocked = checkGroups(walk, to, 'ingress', from)
  if (blocked) return blocked
  if (crossesSubnets) {
    blocked = checkAcl(walk, to.subnet, true, fromAddress, EPHEMERAL_PORTS, 'return')
    if (blocked) return blocked
    blocked = checkAcl(walk, from.subnet, false, toAddress, EPHEMERAL_PORTS, 'return')
    if (blocked) return blocked
  }
  return walk.result('reachable', `${from.label} can reach ${to.label} on ${flowPorts(query)}`)
}

function vpnGatewayHop(walk: Walk, vgwId: string, vpcId: string): ReachResult | undefined {
  const vgw = walk.model.vpnGateways.get(vgwId)
  if (!vgw) {
    return walk.unknown({component: vgwId, kind: 'vpn-gateway', detail: 'the virtual private gateway is not in the data'}, `${vgwId} is not in the data`)
  }
  if (!vgw.attachments.some((a) => a.vpcId === vpcId && a.state === 'attached')) {
    return walk.deny({component: vgwId, kind: 'vpn-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `not attached to ${vpcId}`}, `${vgwId} is not attached to ${vpcId}`)
  }
  const connections = walk.model.data.vpnConnections.filter((c) => c.vpnGatewayId === vgwId)
  const vpnData = walk.model.availability('vpnConnections')
  if (!vpnData.present) {
    walk.info({component: vgwId, kind: 'vpn-gateway', detail: `attached; VPN connections not evaluated (${vpnData.reason})`})
    return undefined
  }
  if (connections.length === 0) {
    // A VGW without Site-to-Site VPN connections usually carries Direct Connect, which the data does not show.
    walk.info({component: vgwId, kind: 'vpn-gateway', detail: `attached to ${vpcId}; no Site-to-Site VPN connection uses it (Direct Connect is not in the data): assumed to carry the traffic`})
    return undefined
  }
  const usable = connections.filter((c) => c.state === 'available' && (c.tunnels.length === 0 || c.tunnels.some((t) => t.status === 'UP')))
  if (usable.length === 0) {
    const states = connections.map((c) => `${c.id} ${c.state}, tunnels ${c.tunnels.map((t) => t.status).join('/') || 'unknown'}`).join('; ')
    return walk.deny(
      {component: vgwId, kind: 'vpn-gateway', code: 'BAD_STATE_VPN', detail: `no VPN connection is up (${states})`},
      `no VPN connection on ${vgwId} is up`,
    )
  }
  const connection = usable[0]!
  const up = connection.tunnels.filter((t) => t.status === 'UP').length
  walk.allow({component: connection.id, kind: 'vpn-connection', detail: `available via ${vgwId}${connection.tunnels.length ? `, ${up} of ${connection.tunnels.length} tunnels UP` : ''}`})
  return undefined
}

function transitGatewayHop(walk: Walk, tgwId: string, subnet: Subnet): ReachResult | undefined {
  const attachments = walk.model.data.transitGatewayVpcAttachments.filter((a) => a.transitGatewayId === tgwId && a.vpcId === subnet.vpcId)
  const data = walk.model.availability('transitGatewayVpcAttachments')
  if (!data.present) return walk.unknown({component: tgwId, kind: 'transit-gateway', detail: `attachments not evaluated (${data.reason})`}, 'transit gateway attachments are not in the data')
  const attachment = attachments.find((a) => a.state === 'available')
  if (!attachment) return walk.deny({component: tgwId, kind: 'transit-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `no available attachment to ${subnet.vpcId}`}, `${tgwId} has no available attachment to ${subnet.vpcId}`)
  const zones = new Set(attachment.subnetIds.map((id) => walk.model.subnets.get(id)?.availabilityZone))
  if (!zones.has(subnet.availabilityZone)) {
    return walk.deny(
      {component: attachment.id, kind: 'transit-gateway-attachment', code: 'TGW_ROUTE_AZ_RESTRICTION', detail: `no attachment subnet in ${subnet.availabilityZone}`},
      `${attachment.id} has no subnet in ${subnet.availabilityZone}, where ${subnet.id} is`,
    )
  }
  walk.allow({component: attachment.id, kind: 'transit-gateway-attachment', detail: `available, has a subnet in ${subnet.availabilityZone}`})
  walk.info({component: tgwId, kind: 'transit-gateway', detail: 'transit gateway route tables are not in the snapshot: assumed to route between the attachments'})
  return undefined
}

function intoVpc(walk: Walk, from: Extract<Endpoint, {kind: 'external'}>, to: Extract<Endpoint, {kind: 'interface'}>): ReachResult {
  const {query, model} = walk
  const table = routeTableOf(walk, to.subnet, 'return')
  if (isResult(table)) return table
  // The gateway that carries the flow is the one the destination's subnet routes the reply to.
  const reply = selectRoute(model, table!, from.addresses)
  const vpcId = to.subnet.vpcId
  const target = reply.route?.target
  const addressedPublic = to.eni.publicIps.includes(to.address)
  if (!reply.route || reply.route.state === 'blackhole' || !target) {
    return walk.deny(
      {component: table!.id, kind: 'route-table', direction: 'return', code: reply.route ? 'BAD_STATE_ROUTE' : 'NO_ROUTE_TO_DESTINATION', detail: reply.route ? `${reply.destination} → ${target?.id} is a blackhole` : `no route back to ${from.addresses}`},
      `${to.subnet.id}'s route table ${table!.id} has no working route back to ${from.label}`,
    )
  }
  if (target.kind === 'internet-gateway') {
    const igw = model.internetGateways.get(target.id)
    if (!igw || !igw.attachments.some((a) => a.vpcId === vpcId && (a.state === 'available' || a.state === 'attached'))) {
      return walk.deny({component: target.id, kind: 'internet-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `not attached to ${vpcId}`}, `${target.id} is not attached to ${vpcId}`)
    }
    if (isPrivateRange(from.addresses)) {
      return walk.deny({component: target.id, kind: 'internet-gateway', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', detail: `${from.addresses} is private: it cannot arrive from the internet`}, `private addresses cannot reach the VPC through ${target.id}`)
    }
    if (to.eni.publicIps.length === 0 || !addressedPublic) {
      return walk.deny(
        {component: target.id, kind: 'internet-gateway', code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', detail: to.eni.publicIps.length === 0 ? `${to.label} has no public IP address` : `${to.address} is not a public address of ${to.eni.id}`},
        `${to.label} cannot be reached from the internet: no public IP address`,
      )
    }
    walk.allow({component: target.id, kind: 'internet-gateway', direction: 'inbound', detail: `attached to ${vpcId}; delivers ${to.address} to ${to.eni.privateIps[0]}`})
  } else if (target.kind === 'vpn-gateway' || target.kind === 'transit-gateway') {
    if (addressedPublic) {
      return walk.deny({component: target.id, kind: target.kind, code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', detail: `${to.address} is a public address; traffic from ${target.id} must use the private IP`}, `address ${to.label} by its private IP over ${target.id}`)
    }
    const blocked = target.kind === 'vpn-gateway' ? vpnGatewayHop(walk, target.id, vpcId) : transitGatewayHop(walk, target.id, to.subnet)
    if (blocked) return blocked
    walk.allow({component: target.id, kind: target.kind, direction: 'inbound', detail: `carries ${from.addresses} into ${vpcId}`})
  } else if (target.kind === 'nat-gateway') {
    return walk.deny(
      {component: table!.id, kind: 'route-table', direction: 'return', code: 'NGW_REQUIRES_SOURCE_IN_VPC', detail: `${reply.destination} → ${target.id}: replies to ${from.addresses} would leave through a NAT gateway, which only carries flows started inside the VPC`},
      `${from.label} cannot start connections into ${to.subnet.id}: its route back goes through ${target.id}`,
    )
  } else if (target.kind === 'local') {
    return walk.deny({component: table!.id, kind: 'route-table', code: 'IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS', detail: `${from.addresses} is inside the VPC (${reply.destination} → local)`}, `${from.label} is inside the VPC's own range`)
  } else {
    return walk.unknown({component: target.id, kind: target.kind, detail: `paths through ${target.kind} ${target.id} are not modelled yet`, code: 'UNSUPPORTED_COMPONENT'}, `the path uses ${target.id}, which is not modelled yet`)
  }
  let blocked = checkAcl(walk, to.subnet, false, from.addresses, {from: query.port, to: query.port}, 'inbound')
  if (blocked) return blocked
  blocked = checkGroups(walk, to, 'ingress', from)
  if (blocked) return blocked
  walk.allow({component: table!.id, kind: 'route-table', direction: 'return', detail: `${reply.destination} → ${target.id}`})
  blocked = checkAcl(walk, to.subnet, true, from.addresses, EPHEMERAL_PORTS, 'return')
  if (blocked) return blocked
  return walk.result('reachable', `${from.label} can reach ${to.label} on ${flowPorts(query)}`)
}

function outOfVpc(walk: Walk, from: Extract<Endpoint, {kind: 'interface'}>, to: Extract<Endpoint, {kind: 'external'}>): ReachResult {
  const {query, model} = walk
  let blocked = checkGroups(walk, from, 'egress', to)
  if (blocked) return blocked
  const table = routeTableOf(walk, from.subnet, 'outbound')
  if (isResult(table)) return table
  const choice = selectRoute(model, table!, to.addresses)
  if (!choice.route) return walk.deny({component: table!.id, kind: 'route-table', direction: 'outbound', code: 'NO_ROUTE_TO_DESTINATION', detail: `no route matches ${to.addresses}`}, `${table!.id} has no route to ${to.label}`)
  const target = choice.route.target
  if (choice.route.state === 'blackhole') return walk.deny({component: table!.id, kind: 'route-table', direction: 'outbound', code: 'BAD_STATE_ROUTE', detail: `${choice.destination} → ${target.id} is a blackhole`}, `the route to ${to.label} is a blackhole`)
  walk.allow({component: table!.id, kind: 'route-table', direction: 'outbound', detail: `${choice.destination} → ${target.id}`})
  blocked = checkAcl(walk, from.subnet, true, to.addresses, {from: query.port, to: query.port}, 'outbound')
  if (blocked) return blocked
  blocked = checkAcl(walk, from.subnet, false, to.addresses, EPHEMERAL_PORTS, 'return')
  if (blocked) return blocked
  if (target.kind === 'internet-gateway' && from.eni.publicIps.length === 0) {
    return walk.deny({component: target.id, kind: 'internet-gateway', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', detail: `${from.label} has no public IP address`}, `${from.label} has no public IP: ${target.id} drops its traffic`)
  }
  if (target.kind === 'nat-gateway') {
    const nat = model.natGateways.get(target.id)
    if (!nat || nat.state !== 'available') return walk.deny({component: target.id, kind: 'nat-gateway', code: 'BAD_STATE', detail: nat ? `state ${nat.state}` : 'not in the data'}, `${target.id} is not available`)
    walk.allow({component: target.id, kind: 'nat-gateway', detail: `${nat.connectivityType} NAT gateway in ${nat.subnetId}; source ports remapped (REMAP_EPHEMERAL_PORT)`})
  } else if (target.kind === 'vpn-gateway') {
    blocked = vpnGatewayHop(walk, target.id, from.subnet.vpcId)
    if (blocked) return blocked
  } else if (target.kind === 'transit-gateway') {
    blocked = transitGatewayHop(walk, target.id, from.subnet)
    if (blocked) return blocked
  } else if (target.kind === 'local') {
    return walk.unknown({component: to.addresses, kind: 'address', detail: 'the address is inside the VPC but no network interface in the data holds it', code: 'UNKNOWN_DESTINATION'}, `no known interface holds ${to.addresses}`)
  }
  walk.info({component: target.id, kind: target.kind, detail: 'beyond this gateway the path leaves the data'})
  return walk.result('reachable', `${from.label}'s traffic to ${to.label} on ${flowPorts(query)} leaves the VPC through ${target.id}`)
}

export function inVpcCidrs(model: NetworkModel, vpcId: string, address: string): boolean {
  return (model.vpcs.get(vpcId)?.cidrBlocks ?? []).some((block) => cidrContains(block, address))
}
