import {routeDestination, selectRoute} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import {subnetRouteTable} from '../routing/shared.js'
import remediation from './emra-092-no-route-to-onprem.remediation.js'
import {onpremCidrs} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-092',
    title: 'No route from the cluster subnet to the on-premises networks',
    severity: 'critical',
    topologies: ['vpn'],
    description:
      "Checks that the cluster subnet's route table sends each on-premises CIDR to a virtual private gateway or transit gateway by an active route (the on-premises CIDRs given, else the VPN connections' static routes).",
    risk: "Replies from the primary node to on-premises clients follow the cluster subnet's route table. Unless the on-premises CIDRs route to the virtual private gateway (a static route or propagation) or the transit gateway, replies go to the NAT gateway or nowhere and every connection from on-premises fails.",
    messages: {
      noRoute: 'The route table {{routeTableId}} of the cluster subnet {{subnetId}} has no route matching {{cidr}}: replies to on-premises clients in {{cidr}} (from {{cidrSource}}) never reach them.',
      routedLocally:
        'The route table {{routeTableId}} of the cluster subnet {{subnetId}} delivers {{cidr}} locally: it lies inside the VPC range {{destination}} (see EMRA-093): replies to on-premises clients in {{cidr}} (from {{cidrSource}}) never reach them.',
      routeInactive:
        'The route table {{routeTableId}} of the cluster subnet {{subnetId}} routes {{cidr}} by {{destination}} → {{targetId}}, which is {{state}}: replies to on-premises clients in {{cidr}} (from {{cidrSource}}) never reach them.',
      routedElsewhere:
        'The route table {{routeTableId}} of the cluster subnet {{subnetId}} routes {{cidr}} by {{destination}} → {{targetId}}, not to a virtual private gateway or transit gateway: replies to on-premises clients in {{cidr}} (from {{cidrSource}}) never reach them.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['routeTables', 'subnets'],
  },
  check(context) {
    const {subnet, table} = subnetRouteTable(context)
    const {model} = context
    const onprem = onpremCidrs(context, subnet.vpcId)
    for (const cidr of onprem.cidrs) {
      const choice = selectRoute(model, table, cidr)
      const route = choice.route
      const target = route?.target
      if (route && target && (target.kind === 'vpn-gateway' || target.kind === 'transit-gateway') && route.state === 'active') continue
      const vgwId = model.vpnGatewaysOf(subnet.vpcId)[0]?.id
      const data = {routeTableId: table.id, subnetId: subnet.id, vpcId: subnet.vpcId, cidr, cidrSource: onprem.source, ...(vgwId ? {vgwId} : {})}
      const location = {resourceId: table.id, pathLabel: `${subnet.id} -> ${cidr}`, origin: route?.source ?? table.origin}
      if (!route || !target) context.report({...location, messageId: 'noRoute', data})
      else if (target.kind === 'local') context.report({...location, messageId: 'routedLocally', data: {...data, destination: choice.destination ?? routeDestination(route)}})
      else if (route.state !== 'active')
        context.report({...location, messageId: 'routeInactive', data: {...data, destination: routeDestination(route), targetId: target.id, state: route.state ?? 'unknown'}})
      else context.report({...location, messageId: 'routedElsewhere', data: {...data, destination: choice.destination ?? routeDestination(route), targetId: target.id}})
    }
  },
})
