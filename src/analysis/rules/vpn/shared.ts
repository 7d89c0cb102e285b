/** Readers shared by the VPN rules (and the network ACL rules): which gateways and VPN connections serve the VPC, and the on-premises CIDRs. */
import {isWorld} from '../../../model/ip.js'
import type {NetworkModel} from '../../../model/network-model.js'
import type {RouteTable, VpnConnection} from '../../../model/types.js'
import {effectiveRoutes} from '../../reachability/routes.js'
import type {RuleContext} from '../rule.js'

/** VGWs that serve the VPC: attached to it, or named by the subnet's route table (routes or propagation). */
export function vpnGatewayIdsFor(model: NetworkModel, vpcId: string, table?: RouteTable): string[] {
  const ids = new Set(model.vpnGatewaysOf(vpcId).map((vgw) => vgw.id))
  if (table) {
    for (const route of effectiveRoutes(model, table)) if (route.target.kind === 'vpn-gateway') ids.add(route.target.id)
    for (const id of table.propagatingVgwIds) ids.add(id)
  }
  return [...ids]
}

/** Transit gateways that serve the VPC: attached to it, or named by the subnet's route table. */
export function transitGatewayIdsFor(model: NetworkModel, vpcId: string, table?: RouteTable): string[] {
  const ids = new Set(model.data.transitGatewayVpcAttachments.filter((a) => a.vpcId === vpcId).map((a) => a.transitGatewayId))
  if (table) for (const route of table.routes) if (route.target.kind === 'transit-gateway') ids.add(route.target.id)
  return [...ids]
}

/** Site-to-Site VPN connections on those gateways, except deleted ones. */
export function vpnConnectionsFor(model: NetworkModel, vpcId: string, table?: RouteTable): VpnConnection[] {
  const vgws = new Set(vpnGatewayIdsFor(model, vpcId, table))
  const tgws = new Set(transitGatewayIdsFor(model, vpcId, table))
  return model.data.vpnConnections.filter(
    (connection) => connection.state !== 'deleted' && ((connection.vpnGatewayId && vgws.has(connection.vpnGatewayId)) || (connection.transitGatewayId && tgws.has(connection.transitGatewayId))),
  )
}

export interface OnpremCidrs {
  cidrs: string[]
  /** Where they came from, for messages. */
  source: string
}

/**
 * The on-premises networks: those the audit was given, else the static routes and remote network CIDRs
 * (when not 0.0.0.0/0) of the VPN connections serving the VPC; undefined when neither says.
 */
export function findOnpremCidrs(context: RuleContext, vpcId: string): OnpremCidrs | undefined {
  if (context.scope.onpremCidrs.length > 0) return {cidrs: context.scope.onpremCidrs, source: 'the on-premises CIDRs given'}
  if (!context.model.availability('vpnConnections').present) return undefined
  const table = context.scope.subnet ? context.model.effectiveRouteTable(context.scope.subnet.id) : undefined
  const cidrs = new Set<string>()
  for (const connection of vpnConnectionsFor(context.model, vpcId, table)) {
    // A static 0.0.0.0/0 says "everything else goes on-premises", not where on-premises is.
    for (const route of connection.routes) if ((!route.state || !/^delet/i.test(route.state)) && !isWorld(route.destinationCidr)) cidrs.add(route.destinationCidr)
    if (connection.remoteIpv4NetworkCidr && !isWorld(connection.remoteIpv4NetworkCidr)) cidrs.add(connection.remoteIpv4NetworkCidr)
  }
  return cidrs.size > 0 ? {cidrs: [...cidrs], source: "the VPN connections' static routes"} : undefined
}

/** As findOnpremCidrs, but stops the rule (not evaluated, asking for the on-premises CIDRs) when they are unknown. */
export function onpremCidrs(context: RuleContext, vpcId: string): OnpremCidrs {
  const found = findOnpremCidrs(context, vpcId)
  if (found) return found
  context.need('vpnConnections')
  return context.notEvaluated(
    'needs the on-premises CIDRs (the networks on-premises clients connect from): none were given, and no VPN connection of this VPC lists a static route or a remote network CIDR other than 0.0.0.0/0',
  )
}
