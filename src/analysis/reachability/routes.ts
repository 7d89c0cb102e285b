/**
 * Route selection as the VPC router does it: longest prefix match; the local route wins over
 * propagated routes that overlap it; for equal prefixes static routes beat propagated ones.
 * Routes a VGW propagates from its VPN connections' static routes are added when the table
 * propagates that VGW and the export did not list them.
 */
import {cidrContains, cidrOverlaps} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Route, RouteTable} from '../../model/types.js'

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
  return Number(text.split('/')[1] ?? 32)
}

function priority(route: Route): number {
  if (route.target.kind === 'local') return 3
  return route.origin === PROPAGATED ? 1 : 2
}

export function selectRoute(model: NetworkModel, table: RouteTable, addresses: string): RouteChoice {
  const routes = effectiveRoutes(model, table)
  const inLocal = routes.some((route) => route.target.kind === 'local' && destinationCidrs(model, route).some((c) => cidrContains(c, addresses)))
  let best: {route: Route; destination: string; length: number} | undefined
  const partial: Route[] = []
  for (const route of routes) {
    if (inLocal && route.origin === PROPAGATED) continue
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
