/**
 * Offline reachability: a model of the AWS VPC data plane (docs/reachability.md). One TCP/UDP
 * flow is walked the way AWS forwards it; the external end may be a whole range, carried through
 * every hop as a set of addresses, so each hop says which part of the range it lets through.
 * Every hop is judged even after one blocks, so a blocked path lists all its blockers, each with
 * Reachability Analyzer's explanation code where one fits. Stateful security groups are checked
 * one way; stateless network ACLs both ways (the return on the client's ephemeral ports). Where
 * the data cannot tell (a prefix list, security group, subnet or gateway not in the data), that
 * part of the range is `unknown`, never a guess.
 */
import {NON_ROUTABLE, cidr, normalizeAddress} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Instance, NetworkInterface, PortRange, Route, RouteTable, Subnet} from '../../model/types.js'
import type {PathHop} from '../findings.js'
import {type AddressSet, PUBLIC_INTERNET, describeSet, family, intersect, isEmpty, sameSet, setOf, setSize, setToCidrs, subtract, union} from './address-set.js'
import {incompleteness} from './completeness.js'
import {describeEntry, evaluateNetworkAclSet} from './network-acls.js'
import {isPropagated, partitionByRoute, routeDestination} from './routes.js'
import {describeRule, evaluateSecurityGroupsSet} from './security-groups.js'

/** The return path's client ports when the caller does not say: every common client OS and NAT gateways. */
export const DEFAULT_EPHEMERAL_PORTS: PortRange = {from: 1024, to: 65535}
/** @deprecated use DEFAULT_EPHEMERAL_PORTS */
export const EPHEMERAL_PORTS = DEFAULT_EPHEMERAL_PORTS
/** A NAT gateway translates the source port into 1024-65535 (REMAP_EPHEMERAL_PORT). */
const NAT_PORTS: PortRange = {from: 1024, to: 65535}

/** The text `internet`: the routable public IPv4 (and, to or from an interface with IPv6, IPv6) internet. */
export const INTERNET = 'internet'

export type Endpoint =
  | {
      kind: 'interface'
      label: string
      eni: NetworkInterface
      subnet: Subnet
      /** The address the flow uses for this end (private, or public when reached from the internet). */
      address: string
      instance?: Instance
      /** The user named this address: use it, do not pick the interface's address per gateway. */
      addressFixed?: boolean
    }
  /** `addresses`: a CIDR, an address or `internet`. */
  | {kind: 'external'; label: string; addresses: string}
  /** An end the data does not hold (an interface in a subnet not in the data): the answer is unknown. */
  | {kind: 'missing'; label: string; component: string; detail: string; /** What `missingData` lists (default: `component`). */ missing?: string}
  /** An address of a NAT gateway: it translates flows started inside the VPC and accepts none. */
  | {kind: 'nat-gateway'; label: string; natGatewayId: string}

export interface ReachQuery {
  from: Endpoint
  to: Endpoint
  protocol: 'tcp' | 'udp'
  port: number
  /** The client's ephemeral port range for replies (default 1024-65535). */
  ephemeralPorts?: PortRange
}

export type Verdict = 'reachable' | 'partially-reachable' | 'not-reachable' | 'unknown'

/** One thing on the path that blocks (part of) the flow. */
export interface Blocker {
  /** Reachability Analyzer explanation code (docs/reachability.md lists the few of ours). */
  code: string
  component: string
  kind: string
  direction?: PathHop['direction']
  detail: string
  /** The part of the external range it blocks (absent for single-address flows). */
  addresses?: string[]
}

export interface ReachResult {
  verdict: Verdict
  from: string
  to: string
  protocol: 'tcp' | 'udp'
  port: number
  hops: PathHop[]
  /** The explanation code of the first blocker (or of the missing data, for unknown). */
  code?: string
  summary: string
  /** Every blocker on the path, in path order. */
  blockers: Blocker[]
  /** What the data lacks to decide, in words naming the resource. */
  missingData: string[]
  /** For a range end: which of its addresses are reachable, not reachable, or cannot be told. */
  ranges?: {reachable: string[]; notReachable: string[]; unknown: string[]}
}

type Interface = Extract<Endpoint, {kind: 'interface'}>
type External = Extract<Endpoint, {kind: 'external'}>
type HopInput = Omit<PathHop, 'verdict'>

class Walk {
  readonly hops: PathHop[] = []
  readonly blockers: Blocker[] = []
  readonly missing: string[] = []
  /** Addresses of the tracked set some hop denies. */
  denied: AddressSet = []
  private blockSummary?: string
  private doubtSummary?: {summary: string; code?: string}
  /** Hops that read better after the others (the route back), added by `flush`. */
  private deferred: PathHop[] = []

  constructor(
    readonly model: NetworkModel,
    readonly query: ReachQuery,
    /** The tracked set: the external range, or the source's address between two interfaces. */
    public tracked: AddressSet,
    /** Show address ranges on blockers: the tracked set is a range. */
    readonly showRanges: boolean,
  ) {}

  get ephemeral(): PortRange {
    return this.query.ephemeralPorts ?? DEFAULT_EPHEMERAL_PORTS
  }

  get flow(): string {
    return `${this.query.protocol.toUpperCase()} ${this.query.port}`
  }

  allow(hop: HopInput, later = false): void {
    ;(later ? this.deferred : this.hops).push({...hop, verdict: 'allow'})
  }

  info(hop: HopInput): void {
    this.hops.push({...hop, verdict: 'info'})
  }

  flush(): void {
    this.hops.push(...this.deferred)
    this.deferred = []
  }

  /** `addresses` (of the tracked set) are denied here. */
  block(hop: HopInput & {code: string}, addresses: AddressSet, summary: string): void {
    if (isEmpty(addresses)) return
    const partial = this.showRanges && !isEmpty(subtract(this.tracked, addresses))
    const detail = partial ? `${hop.detail} (for ${describeSet(addresses)})` : hop.detail
    this.hops.push({...hop, detail, verdict: 'deny'})
    this.blockers.push({
      code: hop.code,
      component: hop.component,
      kind: hop.kind,
      direction: hop.direction,
      detail,
      addresses: partial ? setToCidrs(intersect(addresses, this.tracked)) : undefined,
    })
    this.denied = union(this.denied, addresses)
    this.blockSummary ??= summary
  }

  /** Takes addresses out of the question (they cannot be a client at all), saying why. */
  exclude(hop: HopInput, addresses: AddressSet): void {
    if (isEmpty(addresses)) return
    this.tracked = subtract(this.tracked, addresses)
    this.hops.push({...hop, verdict: 'info'})
    if (isEmpty(this.tracked)) this.blockSummary ??= `no address of ${this.query.from.label} can open this connection: ${hop.detail}`
  }

  /** The data cannot tell for `addresses`; `missing` names what is absent. */
  doubt(hop: HopInput, addresses: AddressSet, summary: string, missing: string): void {
    if (isEmpty(addresses)) return
    this.hops.push({...hop, verdict: 'info', detail: `cannot tell: ${hop.detail}`})
    if (!this.missing.includes(missing)) this.missing.push(missing)
    this.doubtSummary ??= {summary, code: hop.code}
  }

  finish(reachable: AddressSet): ReachResult {
    this.flush()
    const {from, to, protocol, port} = this.query
    const ok = intersect(reachable, subtract(this.tracked, this.denied))
    const notReachable = intersect(this.tracked, this.denied)
    const unknown = subtract(subtract(this.tracked, ok), notReachable)
    let verdict: Verdict
    if (!isEmpty(ok)) verdict = sameSet(ok, this.tracked) ? 'reachable' : 'partially-reachable'
    else verdict = isEmpty(unknown) ? 'not-reachable' : 'unknown'
    const first = this.blockers[0]
    let summary: string
    let code: string | undefined
    if (verdict === 'reachable') {
      summary = `${from.label} can reach ${to.label} on ${this.flow}`
    } else if (verdict === 'partially-reachable') {
      summary = `${to.label} is reachable on ${this.flow} from part of ${from.label}: ${describeSet(ok)}`
      if (!isEmpty(notReachable)) summary += `; not from ${describeSet(notReachable)}`
      if (!isEmpty(unknown)) summary += `; cannot tell for ${describeSet(unknown)}`
      code = first?.code
    } else if (verdict === 'not-reachable') {
      summary = this.blockSummary ?? `${from.label} cannot reach ${to.label}`
      if (this.blockers.length > 1) summary += ` (and ${this.blockers.length - 1} more blocker${this.blockers.length > 2 ? 's' : ''})`
      code = first?.code
    } else {
      summary = this.doubtSummary?.summary ?? 'the data cannot tell'
      code = this.doubtSummary?.code
    }
    const ranges = this.showRanges ? {reachable: setToCidrs(ok), notReachable: setToCidrs(notReachable), unknown: setToCidrs(unknown)} : undefined
    return {verdict, from: from.label, to: to.label, protocol, port, hops: this.hops, code, summary, blockers: this.blockers, missingData: this.missing, ranges}
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses

const INTERNET_V4 = PUBLIC_INTERNET[4]
const INTERNET_V6 = PUBLIC_INTERNET[6]

/** The addresses an external end stands for; `internet` includes IPv6 when the interface end has an IPv6 address. */
export function externalAddresses(end: External, other?: NetworkInterface): AddressSet {
  const text = end.addresses.trim()
  if (text === INTERNET) return other && other.ipv6Addresses.length > 0 ? union(INTERNET_V4, INTERNET_V6) : INTERNET_V4
  const parsed = cidr(text)
  if (parsed && parsed.prefix === 0) return parsed.version === 4 ? INTERNET_V4 : INTERNET_V6
  return setOf(text)
}

/** Per non-routable range class: the part of `addresses` in it, with the code that names it. */
function nonRoutableParts(addresses: AddressSet, egress: boolean): {addresses: AddressSet; name: string; code: string}[] {
  const parts: {addresses: AddressSet; name: string; code: string}[] = []
  for (const range of NON_ROUTABLE) {
    const overlap = intersect(addresses, setOf(range.cidr))
    if (isEmpty(overlap)) continue
    const code = egress ? range.code.replace('SOURCE', 'DESTINATION').replace('INGRESS', 'EGRESS') : range.code
    const same = parts.find((part) => part.code === code && part.name === range.name)
    if (same) same.addresses = union(same.addresses, overlap)
    else parts.push({addresses: overlap, name: range.name, code})
  }
  return parts
}

const NOT_RUNNING = new Set(['stopped', 'stopping', 'terminated', 'shutting-down'])

function privateAddress(end: Interface): string {
  return end.eni.privateIps[0] ?? end.address
}

// ---------------------------------------------------------------------------------------------
// Hops. Each judges `remote` (the far side's addresses as this hop sees them) and returns the part
// of the tracked set it lets through. When `remote` is not the tracked set (it is one address),
// the answer is all or nothing for the tracked set.

interface Outcome {
  allowed: AddressSet
  unknown: AddressSet
}

function project(walk: Walk, remote: AddressSet, outcome: Outcome, track: AddressSet): {allowed: AddressSet; denied: AddressSet; unknown: AddressSet} {
  if (remote === track || sameSet(remote, track)) {
    return {allowed: outcome.allowed, unknown: outcome.unknown, denied: subtract(subtract(track, outcome.allowed), outcome.unknown)}
  }
  if (!isEmpty(remote) && sameSet(outcome.allowed, remote)) return {allowed: track, unknown: [], denied: []}
  if (!isEmpty(outcome.unknown)) return {allowed: [], unknown: track, denied: []}
  return {allowed: [], unknown: [], denied: track}
}

function stateHop(walk: Walk, end: Interface, role: 'source' | 'destination', track: AddressSet): AddressSet {
  const state = end.instance?.state
  if (!state || !NOT_RUNNING.has(state)) return track
  walk.block(
    {component: end.instance!.id, kind: 'instance', code: 'BAD_STATE', detail: `the instance is ${state}: ${role === 'source' ? 'it sends nothing' : 'nothing answers'}`},
    track,
    `${end.label} is ${state}`,
  )
  return []
}

function groupHop(walk: Walk, end: Interface, direction: 'ingress' | 'egress', remote: AddressSet, remoteGroups: readonly string[], remoteLabel: string, track: AddressSet): AddressSet {
  const {model, query} = walk
  const decision = evaluateSecurityGroupsSet(model, end.eni.groupIds, direction, {addresses: remote, groupIds: remoteGroups}, query.protocol, query.port)
  const result = project(walk, remote, decision, track)
  const component = end.eni.groupIds.length === 1 ? end.eni.groupIds[0]! : end.eni.id
  const way = direction === 'ingress' ? 'inbound' : 'outbound'
  const peer = direction === 'ingress' ? `from ${remoteLabel}` : `to ${remoteLabel}`
  const first = decision.matched[0]
  if (!isEmpty(result.allowed) && first) {
    walk.allow({component: first.group.id, kind: 'security-group', direction: way, detail: `${first.group.name || first.group.id}: ${describeRule(first.rule)}`})
  }
  if (!isEmpty(result.unknown)) {
    const missing = [
      ...decision.unknownGroups.map((id) => `security group ${id} (attached to ${end.eni.id})`),
      ...decision.unknownPrefixLists.map((id) => `prefix list ${id} (its entries: ec2-get-managed-prefix-list-entries-${id}.json)`),
    ]
    if (missing.length > 0) {
      walk.doubt(
        {component, kind: 'security-group', direction: way, code: 'UNKNOWN_RESOURCE', detail: `${missing.join('; ')} not in the data`},
        result.unknown,
        `cannot judge ${end.label}'s security groups: ${missing.join('; ')} not in the data`,
        missing.join('; '),
      )
    }
    for (const lacking of decision.incomplete) {
      walk.doubt(
        {component, kind: 'security-group', direction: way, code: 'UNKNOWN_RESOURCE', detail: `no ${direction} rule in the data allows ${walk.flow} ${peer}, and a rule may be missing: ${lacking}`},
        result.unknown,
        `cannot judge ${end.label}'s security groups (${walk.flow} ${peer}): ${lacking}`,
        lacking,
      )
    }
  }
  walk.block(
    {
      component,
      kind: 'security-group',
      direction: way,
      code: 'ENI_SG_RULES_MISMATCH',
      detail: `no ${direction} rule in ${end.eni.groupIds.join(', ') || '(no security groups)'} allows ${walk.flow} ${peer}`,
    },
    result.denied,
    `${end.label}'s security groups do not allow ${walk.flow} ${peer}`,
  )
  return result.allowed
}

function aclHop(walk: Walk, subnet: Subnet, egress: boolean, remote: AddressSet, ports: PortRange, direction: PathHop['direction'], track: AddressSet): AddressSet {
  const acl = walk.model.effectiveNetworkAcl(subnet.id)
  if (!acl) {
    const reason = walk.model.availability('networkAcls')
    const detail = reason.present ? `no network ACL for ${subnet.id} in the data` : `network ACLs not evaluated (${reason.reason})`
    walk.doubt({component: subnet.id, kind: 'network-acl', direction, detail}, track, `the network ACL of ${subnet.id} is not in the data`, `network ACL of ${subnet.id}`)
    return []
  }
  const what = `${egress ? 'outbound' : 'inbound'}${direction === 'return' ? ' return' : ''}`
  const lacking = incompleteness(walk.model, 'networkAcls', acl.id)
  if (lacking) {
    // Entries are ordered allows and denies: one the data lacks may decide either way.
    walk.doubt(
      {component: acl.id, kind: 'network-acl', direction, code: 'UNKNOWN_RESOURCE', detail: `${subnet.id} ${what}: an entry may be missing: ${lacking}`},
      track,
      `cannot judge ${acl.id} (${subnet.id} ${what}): ${lacking}`,
      lacking,
    )
    return []
  }
  const decision = evaluateNetworkAclSet(acl, egress, walk.query.protocol, remote, ports)
  const result = project(walk, remote, {allowed: decision.allowed, unknown: []}, track)
  if (!isEmpty(result.allowed)) {
    walk.allow({component: acl.id, kind: 'network-acl', direction, detail: `${subnet.id} ${what} allowed by ${decision.allowedBy.map(describeEntry).join(', ') || 'its entries'}`})
  }
  if (!isEmpty(result.denied)) {
    const denial = decision.denials[0]!
    const entries = decision.denials.map((d) => describeEntry(d.entry)).join(', ')
    walk.block(
      {component: acl.id, kind: 'network-acl', direction, code: 'SUBNET_ACL_RESTRICTION', detail: `${subnet.id} ${what} ${denial.text} denied by ${entries}`},
      result.denied,
      `${acl.id} denies ${subnet.id} ${what} traffic (${denial.text})`,
    )
  }
  return result.allowed
}

function routeTableOf(walk: Walk, subnet: Subnet, direction: PathHop['direction'], track: AddressSet): RouteTable | undefined {
  const table = walk.model.effectiveRouteTable(subnet.id)
  if (!table) {
    const reason = walk.model.availability('routeTables')
    walk.doubt(
      {component: subnet.id, kind: 'route-table', direction, detail: reason.present ? `no route table for ${subnet.id} in the data` : `route tables not evaluated (${reason.reason})`},
      track,
      `the route table of ${subnet.id} is not in the data`,
      `route table of ${subnet.id}`,
    )
    return undefined
  }
  return completeRouteTable(walk, table, `${subnet.id}'s routes`, direction, track)
}

/** `table` when its routes are all in the data; else unknown for `track`: a route the data lacks may be more specific and send the traffic elsewhere. */
function completeRouteTable(walk: Walk, table: RouteTable, what: string, direction: PathHop['direction'], track: AddressSet): RouteTable | undefined {
  const lacking = incompleteness(walk.model, 'routeTables', table.id)
  if (!lacking) return table
  walk.doubt(
    {component: table.id, kind: 'route-table', direction, code: 'UNKNOWN_RESOURCE', detail: `${what}: a route may be missing: ${lacking}`},
    track,
    `cannot judge ${what} (${table.id}): ${lacking}`,
    lacking,
  )
  return undefined
}

/** Splits `remote` by route; a prefix-list route whose entries are missing makes everything unknown. */
function routePieces(walk: Walk, table: RouteTable, remote: AddressSet, direction: PathHop['direction'], track: AddressSet) {
  const partition = partitionByRoute(walk.model, table, remote)
  if (partition.unknownPrefixLists.length > 0) {
    const lists = partition.unknownPrefixLists.join(', ')
    walk.doubt(
      {component: table.id, kind: 'route-table', direction, code: 'UNKNOWN_RESOURCE', detail: `routes to prefix list ${lists}, whose entries are not in the data`},
      track,
      `${table.id} routes to prefix list ${lists}, whose entries are not in the data`,
      `prefix list ${lists} (its entries: ${partition.unknownPrefixLists.map((id) => `ec2-get-managed-prefix-list-entries-${id}.json`).join(', ')})`,
    )
  }
  return partition
}

type RoutePiece = {route: Route; destination: string; addresses: AddressSet}

/**
 * The part of `track` that `table` carries to a gateway for the `remote` addresses (the destinations
 * going out, or the sources replies go back to): what no route matches is blocked (`unrouted` words
 * it), each routed piece goes to `gateway`. A prefix-list route the data lacks makes every piece
 * unknown, so none counts as routed.
 */
function routedToGateways(
  walk: Walk,
  table: RouteTable,
  remote: AddressSet,
  direction: 'outbound' | 'return',
  track: AddressSet,
  unrouted: (described: string) => {detail: string; reason: string},
  gateway: (piece: RoutePiece, pieceTrack: AddressSet) => AddressSet,
): AddressSet {
  const partition = routePieces(walk, table, remote, direction, track)
  const blind = partition.unknownPrefixLists.length > 0
  if (!isEmpty(partition.unrouted)) {
    const {detail, reason} = unrouted(describeSet(partition.unrouted))
    walk.block({component: table.id, kind: 'route-table', direction, code: 'NO_ROUTE_TO_DESTINATION', detail}, remote === track ? partition.unrouted : track, reason)
  }
  let routed: AddressSet = []
  for (const piece of partition.pieces) {
    const passed = gateway(piece, remote === track ? piece.addresses : track)
    if (!blind) routed = union(routed, passed)
  }
  return routed
}

/** A route to a network interface or instance: an appliance (firewall, middlebox) in the path. */
function applianceHop(walk: Walk, route: Route, track: AddressSet): AddressSet {
  const {model} = walk
  const target = route.target
  const eni = target.kind === 'instance' ? model.instances.get(target.id)?.enis[0] : model.networkInterface(target.id)
  if (!eni) {
    walk.doubt(
      {component: target.id, kind: target.kind, detail: `the route sends the traffic to ${target.id}, which is not in the data`},
      track,
      `the path goes through ${target.id}, which is not in the data`,
      `${target.id} (route target)`,
    )
    return []
  }
  if (eni.sourceDestCheck === true) {
    walk.block(
      {component: eni.id, kind: 'network-interface', code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION', detail: `${eni.id} has source/destination check on: it drops traffic not addressed to it`},
      track,
      `the appliance ${eni.id} has source/destination check enabled`,
    )
    return []
  }
  walk.info({
    component: eni.id,
    kind: 'network-interface',
    detail: `${routeDestination(route)} → ${target.id}: the traffic passes through this appliance (its own filtering is not in the data; assumed to forward)`,
  })
  return track
}

/** Routes of a gateway route table (edge association) for traffic entering through `gatewayId`. */
function edgeHop(walk: Walk, gatewayId: string, vpcId: string, destination: string, track: AddressSet): AddressSet {
  const edge = walk.model.routeTablesOf(vpcId).find((t) => t.associations.some((a) => a.gatewayId === gatewayId))
  if (!edge) return track
  const table = completeRouteTable(walk, edge, `the gateway route table of ${gatewayId}`, 'inbound', track)
  if (!table) return []
  const partition = routePieces(walk, table, setOf(destination), 'inbound', track)
  if (partition.unknownPrefixLists.length > 0) return []
  const piece = partition.pieces[0]
  if (!piece) {
    walk.block(
      {component: table.id, kind: 'route-table', direction: 'inbound', code: 'NO_ROUTE_TO_DESTINATION', detail: `gateway route table of ${gatewayId}: no route to ${destination}`},
      track,
      `${table.id} (the gateway route table of ${gatewayId}) has no route to ${destination}`,
    )
    return []
  }
  if (piece.route.state === 'blackhole') {
    walk.block(
      {component: table.id, kind: 'route-table', direction: 'inbound', code: 'BAD_STATE_ROUTE', detail: `${piece.destination} → ${piece.route.target.id} is a blackhole`},
      track,
      `the gateway route table ${table.id} blackholes ${destination}`,
    )
    return []
  }
  walk.allow({component: table.id, kind: 'route-table', direction: 'inbound', detail: `gateway route table of ${gatewayId}: ${piece.destination} → ${piece.route.target.id}`})
  if (piece.route.target.kind === 'local') return track
  if (piece.route.target.kind === 'network-interface' || piece.route.target.kind === 'instance') return applianceHop(walk, piece.route, track)
  walk.doubt(
    {component: table.id, kind: 'route-table', direction: 'inbound', code: 'UNSUPPORTED_COMPONENT', detail: `gateway route to ${piece.route.target.id} is not modelled`},
    track,
    `the gateway route table ${table.id} sends the traffic to ${piece.route.target.id}`,
    `path through ${piece.route.target.id}`,
  )
  return []
}

function igwAttached(walk: Walk, igwId: string, vpcId: string, track: AddressSet): boolean {
  const igw = walk.model.internetGateways.get(igwId)
  if (!igw) {
    walk.doubt({component: igwId, kind: 'internet-gateway', detail: 'the internet gateway is not in the data'}, track, `${igwId} is not in the data`, `internet gateway ${igwId}`)
    return false
  }
  if (!igw.attachments.some((a) => a.vpcId === vpcId && (a.state === 'available' || a.state === 'attached'))) {
    walk.block({component: igwId, kind: 'internet-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `not attached to ${vpcId}`}, track, `${igwId} is not attached to ${vpcId}`)
    return false
  }
  return true
}

/** A VGW and its VPN connections, for traffic to or from the on-premises `remote` addresses. */
function vpnGatewayHop(walk: Walk, vgwId: string, table: RouteTable, vpcId: string, remote: AddressSet, track: AddressSet): AddressSet {
  const {model} = walk
  const vgw = model.vpnGateways.get(vgwId)
  if (!vgw) {
    walk.doubt({component: vgwId, kind: 'vpn-gateway', detail: 'the virtual private gateway is not in the data'}, track, `${vgwId} is not in the data`, `virtual private gateway ${vgwId}`)
    return []
  }
  if (!vgw.attachments.some((a) => a.vpcId === vpcId && a.state === 'attached')) {
    walk.block({component: vgwId, kind: 'vpn-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `not attached to ${vpcId}`}, track, `${vgwId} is not attached to ${vpcId}`)
    return []
  }
  const vpnData = model.availability('vpnConnections')
  if (!vpnData.present) {
    walk.doubt(
      {component: vgwId, kind: 'vpn-gateway', detail: `VPN connections not evaluated (${vpnData.reason})`},
      track,
      'the VPN connections are not in the data',
      'VPN connections (ec2-describe-vpn-connections.json)',
    )
    return []
  }
  const connections = model.data.vpnConnections.filter((c) => c.vpnGatewayId === vgwId)
  if (connections.length === 0) {
    walk.doubt(
      {component: vgwId, kind: 'vpn-gateway', detail: `attached to ${vpcId}, but no Site-to-Site VPN connection uses it: Direct Connect, if any, is not in the data`},
      track,
      `no VPN connection uses ${vgwId}; Direct Connect is not in the data`,
      `Direct Connect or VPN connection of ${vgwId}`,
    )
    return []
  }
  const usable = connections.filter((c) => c.state === 'available' && c.tunnels.some((t) => t.status === 'UP'))
  if (usable.length === 0) {
    const states = connections.map((c) => `${c.id} ${c.state}, tunnels ${c.tunnels.map((t) => t.status).join('/') || 'not in the data'}`).join('; ')
    if (connections.some((c) => c.state === 'available' && c.tunnels.length === 0)) {
      walk.doubt(
        {component: vgwId, kind: 'vpn-gateway', detail: `tunnel status not in the data (${states})`},
        track,
        `the tunnel status of ${vgwId}'s VPN connections is not in the data`,
        'VPN tunnel telemetry (VgwTelemetry)',
      )
      return []
    }
    walk.block({component: vgwId, kind: 'vpn-gateway', code: 'BAD_STATE_VPN', detail: `no VPN connection is up (${states})`}, track, `no VPN connection on ${vgwId} is up`)
    return []
  }
  // The VGW forwards only to prefixes it knows: static routes of its connections, or BGP routes (seen as propagated routes).
  const known = setOf(
    ...usable.flatMap((c) => c.routes.filter((r) => !r.state || r.state.toLowerCase() === 'available').map((r) => r.destinationCidr)),
    ...table.routes.filter((r) => r.target.id === vgwId && isPropagated(r)).flatMap((r) => r.destinationCidr ?? []),
  )
  const covered = intersect(remote, known)
  const rest = subtract(remote, known)
  const connection = usable[0]!
  const up = connection.tunnels.filter((t) => t.status === 'UP').length
  const coveredTrack = project(walk, remote, {allowed: covered, unknown: []}, track)
  if (!isEmpty(coveredTrack.allowed)) {
    walk.allow({component: connection.id, kind: 'vpn-connection', detail: `available via ${vgwId}, ${up} of ${connection.tunnels.length} tunnels UP; routes ${describeSet(covered)}`})
  }
  if (!isEmpty(rest)) {
    const bgp = usable.some((c) => !c.staticRoutesOnly)
    const restSet = subtract(track, coveredTrack.allowed)
    if (bgp) {
      walk.doubt(
        {component: connection.id, kind: 'vpn-connection', detail: `BGP-learned prefixes for ${describeSet(rest)} are not in the data`},
        restSet,
        `the on-premises prefixes ${connection.id} learns over BGP are not in the data`,
        `BGP routes of ${connection.id} (propagated routes)`,
      )
    } else {
      walk.block(
        {component: connection.id, kind: 'vpn-connection', code: 'NO_ROUTE_TO_DESTINATION', detail: `${describeSet(rest)} is not in the static routes of the VPN connections on ${vgwId}`},
        restSet,
        `the VPN connections on ${vgwId} have no static route for ${describeSet(rest)}`,
      )
    }
  }
  return coveredTrack.allowed
}

function transitGatewayHop(walk: Walk, tgwId: string, subnet: Subnet, track: AddressSet): AddressSet {
  const data = walk.model.availability('transitGatewayVpcAttachments')
  if (!data.present) {
    walk.doubt(
      {component: tgwId, kind: 'transit-gateway', detail: `attachments not evaluated (${data.reason})`},
      track,
      'transit gateway attachments are not in the data',
      'transit gateway VPC attachments',
    )
    return []
  }
  const attachment = walk.model.data.transitGatewayVpcAttachments.find((a) => a.transitGatewayId === tgwId && a.vpcId === subnet.vpcId && a.state === 'available')
  if (!attachment) {
    walk.block(
      {component: tgwId, kind: 'transit-gateway', code: 'BAD_STATE_ATTACHMENT', detail: `no available attachment to ${subnet.vpcId}`},
      track,
      `${tgwId} has no available attachment to ${subnet.vpcId}`,
    )
    return []
  }
  const zones = new Set(attachment.subnetIds.map((id) => walk.model.subnets.get(id)?.availabilityZone))
  if (!zones.has(subnet.availabilityZone)) {
    walk.block(
      {component: attachment.id, kind: 'transit-gateway-attachment', code: 'TGW_ROUTE_AZ_RESTRICTION', detail: `no attachment subnet in ${subnet.availabilityZone}`},
      track,
      `${attachment.id} has no subnet in ${subnet.availabilityZone}, where ${subnet.id} is`,
    )
    return []
  }
  walk.allow({component: attachment.id, kind: 'transit-gateway-attachment', detail: `available, has a subnet in ${subnet.availabilityZone}`})
  walk.doubt(
    {component: tgwId, kind: 'transit-gateway', code: 'TGW_RTB_ROUTES_ARE_UNKNOWN', detail: 'the transit gateway route tables are not in the data'},
    track,
    `the route tables of ${tgwId} are not in the data`,
    `transit gateway route tables of ${tgwId}`,
  )
  return []
}

function unmodelled(walk: Walk, route: Route, direction: PathHop['direction'], track: AddressSet, why: string): AddressSet {
  const target = route.target
  walk.doubt(
    {
      component: target.id,
      kind: target.kind,
      direction,
      code: target.kind === 'vpc-peering' ? 'UNKNOWN_PEERED_SGS' : 'UNSUPPORTED_COMPONENT',
      detail: `${routeDestination(route)} → ${target.id}: ${why}`,
    },
    track,
    `the path goes through ${target.id}: ${why}`,
    `${target.kind} ${target.id}: ${why}`,
  )
  return []
}

// ---------------------------------------------------------------------------------------------
// From outside into an interface

/** The destination address a gateway delivers to, per address family. */
function destinationFor(to: Interface, version: 4 | 6, viaInternet: boolean): string | undefined {
  if (to.addressFixed) return cidr(to.address)?.version === version ? to.address : undefined
  if (version === 6) return to.eni.ipv6Addresses[0]
  return viaInternet ? to.eni.publicIps[0] : privateAddress(to)
}

/** Sources `sources` (external) reaching interface `to`; returns the part of `track` that gets through. */
function inbound(walk: Walk, sources: AddressSet, to: Interface, remoteLabel: string, track: AddressSet): AddressSet {
  const {query} = walk
  let ok = stateHop(walk, to, 'destination', track)
  const table = routeTableOf(walk, to.subnet, 'return', track)
  // The gateway that carries the flow is the one the destination's subnet sends the replies to.
  const routed = !table
    ? []
    : routedToGateways(
        walk,
        table,
        sources,
        'return',
        track,
        (described) => ({detail: `no route back to ${described}`, reason: `${to.subnet.id}'s route table ${table.id} has no route back to ${remoteLabel}`}),
        (piece, pieceTrack) => {
          if (piece.route.target.kind === 'vpc-endpoint' && sources === track) {
            // Replies to these go to a gateway endpoint: they are the AWS service's own addresses, which do not open connections.
            walk.exclude(
              {
                component: table.id,
                kind: 'route-table',
                direction: 'return',
                detail: `${piece.destination} → ${piece.route.target.id}: ${describeSet(piece.addresses)} are the AWS service's addresses behind a gateway endpoint; they do not open connections, so they are left out`,
              },
              piece.addresses,
            )
            return []
          }
          return inboundGateway(walk, table, piece, to, pieceTrack)
        },
      )
  ok = intersect(ok, routed)
  ok = intersect(ok, aclHop(walk, to.subnet, false, sources, {from: query.port, to: query.port}, 'inbound', track))
  ok = intersect(ok, groupHop(walk, to, 'ingress', sources, [], remoteLabel, track))
  walk.flush()
  ok = intersect(ok, aclHop(walk, to.subnet, true, sources, walk.ephemeral, 'return', track))
  return ok
}

function inboundGateway(walk: Walk, table: RouteTable, piece: RoutePiece, to: Interface, track: AddressSet): AddressSet {
  const {route} = piece
  const target = route.target
  const vpcId = to.subnet.vpcId
  const routeHop = {component: table.id, kind: 'route-table', direction: 'return' as const}
  if (route.state === 'blackhole') {
    walk.block({...routeHop, code: 'BAD_STATE_ROUTE', detail: `${piece.destination} → ${target.id} is a blackhole`}, track, `${to.subnet.id}'s route back through ${target.id} is a blackhole`)
    return []
  }
  switch (target.kind) {
    case 'internet-gateway': {
      if (!igwAttached(walk, target.id, vpcId, track)) return []
      let passed: AddressSet = []
      // An internet gateway never delivers private, shared or reserved sources.
      let deliverable = piece.addresses
      for (const part of nonRoutableParts(piece.addresses, false)) {
        const partTrack = piece.addresses === track ? part.addresses : track
        walk.block(
          {
            component: target.id,
            kind: 'internet-gateway',
            direction: 'inbound',
            code: part.code,
            detail: `${describeSet(part.addresses)} is ${part.name} address space: it never arrives from the internet`,
          },
          partTrack,
          `${part.name} addresses cannot reach the VPC through ${target.id}`,
        )
        deliverable = subtract(deliverable, part.addresses)
      }
      for (const version of [4, 6] as const) {
        const sources = family(deliverable, version)
        if (isEmpty(sources)) continue
        const sourcesTrack = piece.addresses === track ? sources : track
        const destination = destinationFor(to, version, true)
        const owned = destination !== undefined && (version === 4 ? to.eni.publicIps.includes(destination) : to.eni.ipv6Addresses.map(normalizeAddress).includes(normalizeAddress(destination)))
        if (!destination || !owned) {
          const detail =
            version === 6
              ? `${to.label} has no IPv6 address: the IPv6 internet cannot address it`
              : to.eni.publicIps.length === 0
                ? `${to.label} has no public IP address`
                : `${to.address} is not a public address of ${to.eni.id}`
          walk.block(
            {component: target.id, kind: 'internet-gateway', direction: 'inbound', code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', detail},
            sourcesTrack,
            `${to.label} cannot be reached from the ${version === 6 ? 'IPv6 ' : ''}internet: ${detail}`,
          )
          continue
        }
        const inside = version === 4 ? privateAddress(to) : destination
        let through = edgeHop(walk, target.id, vpcId, inside, sourcesTrack)
        if (!isEmpty(through)) {
          walk.allow({component: target.id, kind: 'internet-gateway', direction: 'inbound', detail: `attached to ${vpcId}; delivers ${destination}${version === 4 ? ` to ${inside}` : ''}`})
          walk.allow({...routeHop, detail: `${piece.destination} → ${target.id}`}, true)
        }
        through = intersect(through, sourcesTrack)
        passed = union(passed, through)
      }
      return passed
    }
    case 'vpn-gateway':
    case 'transit-gateway': {
      if (to.addressFixed && to.eni.publicIps.includes(to.address)) {
        walk.block(
          {component: target.id, kind: target.kind, code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', detail: `${to.address} is a public address; traffic from ${target.id} must use the private IP`},
          track,
          `address ${to.label} by its private IP over ${target.id}`,
        )
        return []
      }
      const passed = target.kind === 'vpn-gateway' ? vpnGatewayHop(walk, target.id, table, vpcId, piece.addresses, track) : transitGatewayHop(walk, target.id, to.subnet, track)
      if (!isEmpty(passed)) {
        walk.allow({component: target.id, kind: target.kind, direction: 'inbound', detail: `carries ${describeSet(piece.addresses)} into ${vpcId}`})
        const edge = edgeHop(walk, target.id, vpcId, privateAddress(to), passed)
        walk.allow({...routeHop, detail: `${piece.destination} → ${target.id}`}, true)
        return edge
      }
      return []
    }
    case 'nat-gateway':
      walk.block(
        {
          ...routeHop,
          code: 'NGW_REQUIRES_SOURCE_IN_VPC',
          detail: `${piece.destination} → ${target.id}: replies to ${describeSet(piece.addresses)} would leave through a NAT gateway, which only carries flows started inside the VPC`,
        },
        track,
        `${describeSet(piece.addresses)} cannot start connections into ${to.subnet.id}: its route back goes through ${target.id}`,
      )
      return []
    case 'egress-only-internet-gateway':
      walk.block(
        {...routeHop, code: 'NO_PATH', detail: `${piece.destination} → ${target.id}: an egress-only internet gateway carries only connections started inside the VPC`},
        track,
        `the IPv6 internet cannot start connections into ${to.subnet.id}: its route back goes through the egress-only ${target.id}`,
      )
      return []
    case 'local':
      walk.block(
        {...routeHop, code: 'IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS', detail: `${describeSet(piece.addresses)} is inside the VPC (${piece.destination} → local)`},
        track,
        `${describeSet(piece.addresses)} is inside the VPC's own range`,
      )
      return []
    case 'vpc-endpoint':
      walk.block(
        {...routeHop, code: 'NO_PATH', detail: `${piece.destination} → ${target.id}: a gateway endpoint carries only connections started inside the VPC`},
        track,
        `${describeSet(piece.addresses)} cannot start connections through the gateway endpoint ${target.id}`,
      )
      return []
    case 'vpc-peering':
      return unmodelled(walk, route, 'return', track, 'the peer VPC and the peering connection are not in the data')
    default:
      return unmodelled(walk, route, 'return', track, `paths through ${target.kind} are not modelled`)
  }
}

// ---------------------------------------------------------------------------------------------
// From an interface out of the VPC

/** Interface `from` sending to external `destinations`; returns the part of `track` that gets out. */
function outbound(walk: Walk, from: Interface, destinations: AddressSet, remoteLabel: string, track: AddressSet): {passed: AddressSet; publicSource: Map<string, string>} {
  const {query} = walk
  const publicSource = new Map<string, string>()
  let ok = stateHop(walk, from, 'source', track)
  ok = intersect(ok, groupHop(walk, from, 'egress', destinations, [], remoteLabel, track))
  const table = routeTableOf(walk, from.subnet, 'outbound', track)
  const routed = !table
    ? []
    : routedToGateways(
        walk,
        table,
        destinations,
        'outbound',
        track,
        (described) => ({detail: `no route matches ${described}`, reason: `${table.id} has no route to ${remoteLabel}`}),
        (piece, pieceTrack) => outboundGateway(walk, table, piece, from, pieceTrack, publicSource),
      )
  ok = intersect(ok, routed)
  ok = intersect(ok, aclHop(walk, from.subnet, true, destinations, {from: query.port, to: query.port}, 'outbound', track))
  ok = intersect(ok, aclHop(walk, from.subnet, false, destinations, walk.ephemeral, 'return', track))
  return {passed: ok, publicSource}
}

function outboundGateway(walk: Walk, table: RouteTable, piece: RoutePiece, from: Interface, track: AddressSet, publicSource: Map<string, string>): AddressSet {
  const {model} = walk
  const {route} = piece
  const target = route.target
  const vpcId = from.subnet.vpcId
  const routeHop = {component: table.id, kind: 'route-table', direction: 'outbound' as const}
  const same = piece.addresses === track || sameSet(piece.addresses, track)
  const sub = (addresses: AddressSet): AddressSet => (same ? addresses : track)
  if (route.state === 'blackhole') {
    walk.block({...routeHop, code: 'BAD_STATE_ROUTE', detail: `${piece.destination} → ${target.id} is a blackhole`}, track, `the route to ${describeSet(piece.addresses)} is a blackhole`)
    return []
  }
  walk.allow({...routeHop, detail: `${piece.destination} → ${target.id}`})
  switch (target.kind) {
    case 'internet-gateway':
    case 'egress-only-internet-gateway': {
      if (target.kind === 'internet-gateway' && !igwAttached(walk, target.id, vpcId, track)) return []
      let passed: AddressSet = []
      let deliverable = piece.addresses
      for (const part of nonRoutableParts(piece.addresses, true)) {
        walk.block(
          {component: target.id, kind: target.kind, direction: 'outbound', code: part.code, detail: `${describeSet(part.addresses)} is ${part.name} address space: the internet does not route it`},
          sub(part.addresses),
          `${part.name} addresses are not reachable through ${target.id}`,
        )
        deliverable = subtract(deliverable, part.addresses)
      }
      for (const version of [4, 6] as const) {
        const destinations = family(deliverable, version)
        if (isEmpty(destinations)) continue
        if (version === 4 && target.kind === 'egress-only-internet-gateway') continue
        const source = version === 4 ? from.eni.publicIps[0] : from.eni.ipv6Addresses[0]
        if (!source) {
          walk.block(
            {component: target.id, kind: target.kind, code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', detail: `${from.label} has no ${version === 4 ? 'public IP' : 'IPv6'} address`},
            sub(destinations),
            `${from.label} has no ${version === 4 ? 'public IP' : 'IPv6'} address: ${target.id} drops its traffic`,
          )
          continue
        }
        publicSource.set(`${version}`, source)
        walk.info({component: target.id, kind: target.kind, detail: `leaves as ${source}; beyond this gateway the path leaves the data`})
        passed = union(passed, sub(destinations))
      }
      return passed
    }
    case 'nat-gateway':
      return natGatewayHop(walk, target.id, from, piece.addresses, track, publicSource)
    case 'vpn-gateway': {
      const passed = vpnGatewayHop(walk, target.id, table, vpcId, piece.addresses, track)
      if (!isEmpty(passed)) walk.info({component: target.id, kind: 'vpn-gateway', detail: 'beyond this gateway the path leaves the data'})
      return passed
    }
    case 'transit-gateway':
      return transitGatewayHop(walk, target.id, from.subnet, track)
    case 'vpc-endpoint': {
      const endpoint = model.vpcEndpoints.get(target.id)
      if (!endpoint) return unmodelled(walk, route, 'outbound', track, 'the endpoint is not in the data')
      walk.info({component: target.id, kind: 'vpc-endpoint', detail: `${endpoint.type} endpoint for ${endpoint.serviceName} (${endpoint.state}); its policy is not judged here`})
      if (endpoint.state && endpoint.state !== 'available') {
        walk.block({component: target.id, kind: 'vpc-endpoint', code: 'BAD_STATE', detail: `state ${endpoint.state}`}, track, `${target.id} is ${endpoint.state}`)
        return []
      }
      return track
    }
    case 'local':
      walk.doubt(
        {component: describeSet(piece.addresses), kind: 'address', code: 'UNKNOWN_DESTINATION', detail: 'the address is inside the VPC but no network interface in the data holds it'},
        track,
        `no known interface holds ${describeSet(piece.addresses)}`,
        `the interface holding ${describeSet(piece.addresses)}`,
      )
      return []
    case 'network-interface':
    case 'instance':
      if (isEmpty(applianceHop(walk, route, track))) return []
      return unmodelled(walk, route, 'outbound', track, "the appliance's onward route is not modelled")
    case 'vpc-peering':
      return unmodelled(walk, route, 'outbound', track, 'the peer VPC and the peering connection are not in the data')
    default:
      return unmodelled(walk, route, 'outbound', track, `paths through ${target.kind} are not modelled`)
  }
}

/** A NAT gateway is a hop: its own subnet's ACL and route table carry the translated flow on. */
function natGatewayHop(walk: Walk, natId: string, from: Interface, destinations: AddressSet, track: AddressSet, publicSource: Map<string, string>): AddressSet {
  const {model, query} = walk
  const nat = model.natGateways.get(natId)
  if (!nat) {
    walk.doubt({component: natId, kind: 'nat-gateway', detail: 'the NAT gateway is not in the data'}, track, `${natId} is not in the data`, `NAT gateway ${natId}`)
    return []
  }
  if (nat.state !== 'available') {
    walk.block({component: natId, kind: 'nat-gateway', code: 'BAD_STATE', detail: `state ${nat.state}`}, track, `${natId} is not available`)
    return []
  }
  const same = destinations === track || sameSet(destinations, track)
  const sub = (addresses: AddressSet): AddressSet => (same ? addresses : track)
  const subnet = model.subnets.get(nat.subnetId)
  if (!subnet) {
    walk.doubt({component: natId, kind: 'nat-gateway', detail: `its subnet ${nat.subnetId} is not in the data`}, track, `the subnet of ${natId} is not in the data`, `subnet ${nat.subnetId}`)
    return []
  }
  walk.allow({component: natId, kind: 'nat-gateway', detail: `${nat.connectivityType} NAT gateway in ${nat.subnetId}; source ports remapped to 1024-65535 (REMAP_EPHEMERAL_PORT)`})
  const natAddress = nat.privateIps[0]
  const source = setOf(privateAddress(from))
  let ok = track
  if (subnet.id !== from.subnet.id) {
    // Instance → NAT and back cross the NAT subnet's ACL (the source subnet's is checked by the caller).
    ok = intersect(ok, aclHop(walk, subnet, false, source, {from: query.port, to: query.port}, 'inbound', track))
    ok = intersect(ok, aclHop(walk, subnet, true, source, walk.ephemeral, 'return', track))
  }
  ok = intersect(ok, aclHop(walk, subnet, true, destinations, {from: query.port, to: query.port}, 'outbound', track))
  ok = intersect(ok, aclHop(walk, subnet, false, destinations, NAT_PORTS, 'return', track))
  const table = routeTableOf(walk, subnet, 'outbound', track)
  if (!table) return []
  const partition = routePieces(walk, table, destinations, 'outbound', track)
  if (!isEmpty(partition.unrouted)) {
    walk.block(
      {
        component: table.id,
        kind: 'route-table',
        direction: 'outbound',
        code: 'NO_ROUTE_TO_DESTINATION',
        detail: `the NAT gateway's subnet ${subnet.id} has no route to ${describeSet(partition.unrouted)}`,
      },
      sub(partition.unrouted),
      `${natId}'s route table ${table.id} has no route to ${describeSet(partition.unrouted)}`,
    )
  }
  let routed: AddressSet = []
  for (const piece of partition.pieces) {
    const target = piece.route.target
    const pieceTrack = sub(piece.addresses)
    const routeHop = {component: table.id, kind: 'route-table', direction: 'outbound' as const}
    if (piece.route.state === 'blackhole') {
      walk.block(
        {...routeHop, code: 'BAD_STATE_ROUTE', detail: `${piece.destination} → ${target.id} is a blackhole`},
        pieceTrack,
        `the NAT gateway's route to ${describeSet(piece.addresses)} is a blackhole`,
      )
      continue
    }
    if (target.kind === 'internet-gateway') {
      if (nat.connectivityType === 'private') {
        walk.block(
          {...routeHop, code: 'NO_PATH', detail: `${piece.destination} → ${target.id}: a private NAT gateway has no public address; the internet gateway drops its traffic`},
          pieceTrack,
          `${natId} is a private NAT gateway: no internet access`,
        )
        continue
      }
      if (!igwAttached(walk, target.id, subnet.vpcId, pieceTrack)) continue
      let deliverable = piece.addresses
      for (const part of nonRoutableParts(piece.addresses, true)) {
        walk.block(
          {
            component: target.id,
            kind: 'internet-gateway',
            direction: 'outbound',
            code: part.code,
            detail: `${describeSet(part.addresses)} is ${part.name} address space: the internet does not route it`,
          },
          sub(part.addresses),
          `${part.name} addresses are not reachable through ${target.id}`,
        )
        deliverable = subtract(deliverable, part.addresses)
      }
      deliverable = family(deliverable, 4)
      if (isEmpty(deliverable)) continue
      const publicIp = nat.publicIps[0]
      if (publicIp) publicSource.set('4', publicIp)
      walk.allow({...routeHop, detail: `NAT gateway subnet ${subnet.id}: ${piece.destination} → ${target.id}`})
      walk.info({component: target.id, kind: 'internet-gateway', detail: `leaves as ${publicIp ?? natAddress ?? natId}; beyond this gateway the path leaves the data`})
      routed = union(routed, sub(deliverable))
    } else if (target.kind === 'vpn-gateway') {
      walk.allow({...routeHop, detail: `NAT gateway subnet ${subnet.id}: ${piece.destination} → ${target.id}`})
      routed = union(routed, vpnGatewayHop(walk, target.id, table, subnet.vpcId, piece.addresses, pieceTrack))
    } else if (target.kind === 'transit-gateway') {
      walk.allow({...routeHop, detail: `NAT gateway subnet ${subnet.id}: ${piece.destination} → ${target.id}`})
      routed = union(routed, transitGatewayHop(walk, target.id, subnet, pieceTrack))
    } else if (target.kind === 'nat-gateway' || target.kind === 'local') {
      walk.block(
        {...routeHop, code: 'NO_ROUTE_TO_DESTINATION', detail: `the NAT gateway's subnet routes ${piece.destination} to ${target.id}`},
        pieceTrack,
        `${natId}'s subnet sends the traffic to ${target.id}, not out of the VPC`,
      )
    } else {
      unmodelled(walk, piece.route, 'outbound', pieceTrack, `paths through ${target.kind} are not modelled`)
    }
  }
  return intersect(ok, routed)
}

// ---------------------------------------------------------------------------------------------
// Paths

function betweenInterfaces(walk: Walk, from: Interface, to: Interface): AddressSet {
  const {query} = walk
  const track = walk.tracked
  const fromAddress = privateAddress(from)
  if (to.addressFixed && to.eni.publicIps.includes(to.address)) return viaPublicAddress(walk, from, to)
  const toAddress = privateAddress(to)
  if (from.subnet.vpcId !== to.subnet.vpcId) {
    walk.doubt(
      {
        component: `${from.subnet.vpcId} → ${to.subnet.vpcId}`,
        kind: 'vpc',
        code: 'DISCONNECTED_VPCS',
        detail: 'the ends are in different VPCs; the peering or transit gateway data between them is not in the data',
      },
      track,
      'the ends are in different VPCs and the data has no peering or transit gateway routes between them',
      `peering or transit gateway routes between ${from.subnet.vpcId} and ${to.subnet.vpcId}`,
    )
    return []
  }
  let ok = stateHop(walk, from, 'source', track)
  ok = intersect(ok, stateHop(walk, to, 'destination', track))
  ok = intersect(ok, groupHop(walk, from, 'egress', setOf(toAddress), to.eni.groupIds, to.label, track))
  ok = intersect(ok, intraRoute(walk, from.subnet, toAddress, 'outbound', track))
  const crossesSubnets = from.subnet.id !== to.subnet.id
  const port = {from: query.port, to: query.port}
  if (crossesSubnets) {
    ok = intersect(ok, aclHop(walk, from.subnet, true, setOf(toAddress), port, 'outbound', track))
    ok = intersect(ok, aclHop(walk, to.subnet, false, setOf(fromAddress), port, 'inbound', track))
  } else {
    walk.info({component: from.subnet.id, kind: 'network-acl', detail: 'same subnet: network ACLs do not apply'})
  }
  ok = intersect(ok, groupHop(walk, to, 'ingress', setOf(fromAddress), from.eni.groupIds, from.label, track))
  if (crossesSubnets) {
    ok = intersect(ok, intraRoute(walk, to.subnet, fromAddress, 'return', track, true))
    ok = intersect(ok, aclHop(walk, to.subnet, true, setOf(fromAddress), walk.ephemeral, 'return', track))
    ok = intersect(ok, aclHop(walk, from.subnet, false, setOf(toAddress), walk.ephemeral, 'return', track))
  }
  return ok
}

/** Inside the VPC the local route delivers, unless a more specific route sends the traffic through an appliance. */
function intraRoute(walk: Walk, subnet: Subnet, address: string, direction: PathHop['direction'], track: AddressSet, quietWhenLocal = false): AddressSet {
  const table = routeTableOf(walk, subnet, direction, track)
  if (!table) return []
  const partition = routePieces(walk, table, setOf(address), direction, track)
  if (partition.unknownPrefixLists.length > 0) return []
  const piece = partition.pieces[0]
  if (!piece) {
    walk.block({component: table.id, kind: 'route-table', direction, code: 'NO_ROUTE_TO_DESTINATION', detail: `no route matches ${address}`}, track, `${table.id} has no route to ${address}`)
    return []
  }
  const target = piece.route.target
  if (piece.route.state === 'blackhole') {
    walk.block({component: table.id, kind: 'route-table', direction, code: 'BAD_STATE_ROUTE', detail: `${piece.destination} → ${target.id} is a blackhole`}, track, `${table.id} blackholes ${address}`)
    return []
  }
  if (target.kind === 'local') {
    if (!quietWhenLocal) walk.allow({component: table.id, kind: 'route-table', direction, detail: `${piece.destination} → local`})
    return track
  }
  walk.allow({component: table.id, kind: 'route-table', direction, detail: `${piece.destination} → ${target.id} (more specific than the local route)`})
  if (target.kind === 'network-interface' || target.kind === 'instance') return applianceHop(walk, piece.route, track)
  walk.block(
    {component: table.id, kind: 'route-table', direction, code: 'MORE_SPECIFIC_ROUTE', detail: `${piece.destination} → ${target.id} is more specific than the local route and leaves the VPC`},
    track,
    `${table.id} does not deliver ${address} locally`,
  )
  return []
}

/**
 * An interface addressing another by its public IP: out through the source's internet gateway (or
 * NAT gateway), back in through the destination's, where the source is its public address and
 * security group references no longer match.
 */
function viaPublicAddress(walk: Walk, from: Interface, to: Interface): AddressSet {
  const track = walk.tracked
  const out = outbound(walk, from, setOf(to.address), to.label, track)
  const publicSource = out.publicSource.get('4')
  if (!publicSource) return []
  const arriving: Interface = {...to}
  return intersect(out.passed, inbound(walk, setOf(publicSource), arriving, `${from.label} (as ${publicSource})`, track))
}

export function analyzeReachability(model: NetworkModel, query: ReachQuery): ReachResult {
  const {from, to} = query
  if (from.kind === 'missing' || to.kind === 'missing') {
    const end = from.kind === 'missing' ? from : (to as Extract<Endpoint, {kind: 'missing'}>)
    const walk = new Walk(model, query, setOf('0.0.0.0/32'), false)
    walk.doubt({component: end.component, kind: 'data', code: 'UNKNOWN_RESOURCE', detail: end.detail}, walk.tracked, `${end.label}: ${end.detail}`, end.missing ?? end.component)
    return walk.finish([])
  }
  if (to.kind === 'nat-gateway') {
    const sources = from.kind === 'external' ? externalAddresses(from) : from.kind === 'interface' ? setOf(privateAddress(from)) : setOf('0.0.0.0/32')
    const walk = new Walk(model, query, sources, from.kind === 'external' && setSize(sources) > 1n)
    walk.block(
      {
        component: to.natGatewayId,
        kind: 'nat-gateway',
        direction: 'inbound',
        code: 'NO_PATH',
        detail: `${to.label} is an address of ${to.natGatewayId}: a NAT gateway only translates connections started inside the VPC; it accepts none`,
      },
      sources,
      `${to.natGatewayId} accepts no connections: it only translates flows started inside the VPC`,
    )
    return walk.finish([])
  }
  if (from.kind === 'nat-gateway') {
    const walk = new Walk(model, query, setOf('0.0.0.0/32'), false)
    walk.doubt(
      {component: from.natGatewayId, kind: 'nat-gateway', code: 'UNSUPPORTED_COMPONENT', detail: 'a NAT gateway as the source of a flow is not modelled: start from the instance behind it'},
      walk.tracked,
      'a NAT gateway is not a source this engine models',
      `flows started at ${from.natGatewayId}`,
    )
    return walk.finish([])
  }
  if (from.kind === 'interface' && to.kind === 'interface') {
    const walk = new Walk(model, query, setOf(privateAddress(from)), false)
    return walk.finish(betweenInterfaces(walk, from, to))
  }
  if (from.kind === 'external' && to.kind === 'interface') {
    const sources = externalAddresses(from, to.eni)
    const walk = new Walk(model, query, sources, setSize(sources) > 1n)
    return walk.finish(inbound(walk, sources, to, from.label, sources))
  }
  if (from.kind === 'interface' && to.kind === 'external') {
    const destinations = externalAddresses(to, from.eni)
    const walk = new Walk(model, query, destinations, setSize(destinations) > 1n)
    return walk.finish(outbound(walk, from, destinations, to.label, destinations).passed)
  }
  const walk = new Walk(model, query, [], false)
  const result = walk.finish([])
  return {...result, verdict: 'unknown', code: 'NO_PATH', summary: 'both ends are outside the VPCs in the data: nothing to analyze'}
}
