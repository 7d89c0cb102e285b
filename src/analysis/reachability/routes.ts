/**
 * Route selection as the VPC router does it: longest prefix match; for equal prefixes the local
 * route, then static routes, then prefix-list routes, then propagated ones; propagated routes
 * never override the local route, even when more specific, but a static route more specific than
 * the local route (a middlebox) does. Routes a VGW propagates from its VPN connections' static
 * routes are added when the table propagates that VGW and the export did not list them.
 */
import {cidrContains, cidrOverlaps} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Route, RouteTable} from '../../model/types.js'
import {type AddressSet, intersect, intervalOf, setOf, subtract, union} from './address-set.js'

const PROPAGATED = 'EnableVgwRoutePropagation'

export interface RouteChoice {
  route?: Route
  /** The destination written as the route has it (CIDR or prefix list). */
  destination?: string
  /** More specific routes that cover only part of the address set. */
  partial: Route[]
}

export function routeDestination(route: Route): string {
  return route.destinationCidr ?? route.destinationIpv6Cidr ?? route.destinationPrefixListId ?? '?'
}

export function isPropagated(route: Route): boolean {
  return route.origin === PROPAGATED
}

/** The table's routes including those its propagating VGWs contribute. */
export function effectiveRoutes(model: NetworkModel, table: RouteTable): Route[] {
  if (table.propagatingVgwIds.length === 0) return table.routes
  const routes = [...table.routes]
  for (const vgwId of table.propagatingVgwIds) {
    for (const connection of model.data.vpnConnections) {
      if (connection.vpnGatewayId !== vgwId || connection.state !== 'available') continue
      for (const staticRoute of connection.routes) {
        if (staticRoute.state && staticRoute.state.toLowerCase() !== 'available') continue
        const exists = routes.some((route) => route.destinationCidr === staticRoute.destinationCidr && route.target.id === vgwId)
        if (!exists) {
          routes.push({destinationCidr: staticRoute.destinationCidr, target: {kind: 'vpn-gateway', id: vgwId}, state: 'active', origin: PROPAGATED})
        }
      }
    }
  }
  return routes
}

function destinationCidrs(model: NetworkModel, route: Route): string[] {
  if (route.destinationCidr) return [route.destinationCidr]
  if (route.destinationIpv6Cidr) return [route.destinationIpv6Cidr]
  if (route.destinationPrefixListId) return model.prefixLists.get(route.destinationPrefixListId)?.cidrs ?? []
  return []
}

function prefixLength(text: string): number {
  return Number(text.split('/')[1] ?? (text.includes(':') ? 128 : 32))
}

/** Among routes with the same prefix: local, static, prefix list, propagated. */
function priority(route: Route): number {
  if (route.target.kind === 'local') return 4
  if (isPropagated(route)) return 1
  return route.destinationPrefixListId ? 2 : 3
}

export function selectRoute(model: NetworkModel, table: RouteTable, addresses: string): RouteChoice {
  const routes = effectiveRoutes(model, table)
  const inLocal = routes.some((route) => route.target.kind === 'local' && destinationCidrs(model, route).some((c) => cidrContains(c, addresses)))
  let best: {route: Route; destination: string; length: number} | undefined
  const partial: Route[] = []
  for (const route of routes) {
    if (inLocal && isPropagated(route)) continue
    for (const destination of destinationCidrs(model, route)) {
      if (cidrContains(destination, addresses)) {
        const length = prefixLength(destination)
        if (!best || length > best.length || (length === best.length && priority(route) > priority(best.route))) {
          best = {route, destination, length}
        }
      } else if (cidrOverlaps(destination, addresses)) {
        partial.push(route)
      }
    }
  }
  const destination = best?.route.destinationPrefixListId ? `${best.route.destinationPrefixListId} (${best.destination})` : best?.destination
  return {route: best?.route, destination, partial}
}

export interface RoutedPiece {
  route: Route
  /** The destination written as the route has it (`pl-… (cidr)` for a prefix list entry). */
  destination: string
  addresses: AddressSet
}

export interface RoutePartition {
  /** The addresses each route carries, most specific first. */
  pieces: RoutedPiece[]
  /** Addresses no route matches. */
  unrouted: AddressSet
  /** Prefix lists the table routes to whose entries are not in the data: every address is in doubt. */
  unknownPrefixLists: string[]
}

/** Splits a set of destination addresses by the route the table picks for each. */
export function partitionByRoute(model: NetworkModel, table: RouteTable, addresses: AddressSet): RoutePartition {
  const routes = effectiveRoutes(model, table)
  const local = setOf(...routes.filter((route) => route.target.kind === 'local').flatMap((route) => destinationCidrs(model, route)))
  // Only a middlebox route (to an interface or instance) may be more specific than the local route: a
  // prefix-list route to anything else cannot take the VPC's own addresses, whatever the list holds.
  const beyondLocal = subtract(addresses, local).length > 0
  const unknownPrefixLists = routes.flatMap((route) =>
    route.destinationPrefixListId && !model.prefixLists.has(route.destinationPrefixListId) && (beyondLocal || route.target.kind === 'network-interface' || route.target.kind === 'instance')
      ? [route.destinationPrefixListId]
      : [],
  )
  const candidates = routes.flatMap((route) => destinationCidrs(model, route).map((cidr) => ({route, cidr, length: prefixLength(cidr), rank: priority(route)})))
  candidates.sort((a, b) => b.length - a.length || b.rank - a.rank)
  let remaining = addresses
  const pieces: RoutedPiece[] = []
  for (const candidate of candidates) {
    if (remaining.length === 0) break
    const interval = intervalOf(candidate.cidr)
    if (!interval) continue
    // Propagated routes never take addresses of the local route.
    const reach = isPropagated(candidate.route) ? subtract([interval], local) : [interval]
    const taken = intersect(remaining, reach)
    if (taken.length === 0) continue
    const destination = candidate.route.destinationPrefixListId ? `${candidate.route.destinationPrefixListId} (${candidate.cidr})` : candidate.cidr
    const same = pieces.find((piece) => piece.route === candidate.route)
    if (same) same.addresses = union(same.addresses, taken)
    else pieces.push({route: candidate.route, destination, addresses: taken})
    remaining = subtract(remaining, taken)
  }
  return {pieces, unrouted: remaining, unknownPrefixLists: [...new Set(unknownPrefixLists)]}
}
