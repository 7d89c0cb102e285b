/**
 * Which reference topology a cluster's subnet follows, from the data: public when its route
 * table sends 0.0.0.0/0 to an internet gateway (EMR's own test); VPN when the VPC is reached
 * from on-premises through a VGW or transit gateway; private otherwise.
 */
import type {NetworkModel} from '../../model/network-model.js'
import type {Subnet} from '../../model/types.js'
import type {Topology} from '../findings.js'
import {effectiveRoutes} from '../reachability/routes.js'

export interface Classification {
  topology: Topology
  reason: string
}

export function defaultRouteTarget(model: NetworkModel, subnetId: string): {kind: string; id: string; state: string} | undefined {
  const table = model.effectiveRouteTable(subnetId)
  const route = table?.routes.find((candidate) => candidate.destinationCidr === '0.0.0.0/0')
  return route ? {kind: route.target.kind, id: route.target.id, state: route.state} : undefined
}

export function classifySubnet(model: NetworkModel, subnet: Subnet): Classification | undefined {
  const table = model.effectiveRouteTable(subnet.id)
  if (!table) return undefined
  const explicit = table.associations.some((association) => association.subnetId === subnet.id)
  const which = explicit ? table.id : `${table.id} (the VPC's main table)`
  const defaultRoute = defaultRouteTarget(model, subnet.id)
  if (defaultRoute?.kind === 'internet-gateway' && defaultRoute.state === 'active') {
    return {topology: 'public', reason: `route table ${which} sends 0.0.0.0/0 to ${defaultRoute.id}`}
  }
  // On-premises routes: anything but the default route through a VGW or transit gateway (a default
  // route to a transit gateway alone is usually centralised egress, not a VPN), or VGW propagation.
  const hybrid = effectiveRoutes(model, table).find(
    // A blackholed on-premises route still says what the subnet is meant for.
    (route) => route.target.kind === 'vpn-gateway' || (route.target.kind === 'transit-gateway' && route.destinationCidr !== '0.0.0.0/0'),
  )
  const propagating = table.propagatingVgwIds[0]
  if (hybrid || propagating) {
    const via = hybrid ? `${hybrid.destinationCidr ?? hybrid.destinationPrefixListId} → ${hybrid.target.id}` : `propagation from ${propagating}`
    return {topology: 'vpn', reason: `route table ${which} reaches on-premises networks (${via})`}
  }
  const egress = defaultRoute ? `0.0.0.0/0 → ${defaultRoute.id}` : 'no default route'
  return {topology: 'private', reason: `route table ${which} has no internet gateway default route (${egress})`}
}
