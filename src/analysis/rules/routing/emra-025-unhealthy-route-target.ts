import {routeDestination} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import remediation from './emra-025-unhealthy-route-target.remediation.js'
import {describeRoute, natHealthVerdict, subnetRouteTable, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-025',
    title: "Blackhole route or unhealthy NAT gateway in the cluster subnet's route table",
    severity: 'high',
    topologies: 'all',
    description: "Checks every route in the cluster subnet's route table for the blackhole state, and every NAT gateway it targets for being available and (if public) routed to an internet gateway.",
    risk: 'A blackhole route (its target deleted or stopped) silently drops the traffic it matches, and a NAT gateway that is not available, or whose own subnet has no internet gateway route, gives the cluster a default route that leads nowhere: S3, EMR and other AWS services become unreachable.',
    messages: {
      blackholeRoute: 'Route table {{routeTable}} of cluster subnet {{subnetId}} has a blackhole route {{route}}: its target no longer exists or is stopped, so traffic to {{destination}} is dropped.',
      unhealthyNat: 'Route table {{routeTable}} of cluster subnet {{subnetId}} sends {{destination}} to {{natGatewayId}}, but {{problem}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const {subnet, table} = subnetRouteTable(context)
    const label = tableLabel(table, subnet.id)
    const checkedNats = new Set<string>()
    for (const route of table.routes) {
      const where = {
        routeTableId: table.id,
        routeTable: label,
        subnetId: subnet.id,
        destination: routeDestination(route),
        ...(route.destinationCidr ? {cidr: route.destinationCidr} : {}),
        ...(route.destinationPrefixListId ? {prefixListId: route.destinationPrefixListId} : {}),
      }
      if (route.state === 'blackhole') {
        context.report({
          resourceId: table.id,
          messageId: 'blackholeRoute',
          data: {...where, route: describeRoute(route), targetId: route.target.id},
          origin: route.source,
        })
        continue
      }
      if (route.target.kind !== 'nat-gateway' || checkedNats.has(route.target.id)) continue
      checkedNats.add(route.target.id)
      context.need('natGateways')
      const verdict = natHealthVerdict(context.model, route.target.id)
      if (verdict.status !== 'broken') continue
      const natSubnetId = verdict.nat?.subnetId
      const natRouteTableId = natSubnetId ? context.model.effectiveRouteTable(natSubnetId)?.id : undefined
      context.report({
        resourceId: route.target.id,
        messageId: 'unhealthyNat',
        data: {
          ...where,
          natGatewayId: route.target.id,
          problem: verdict.detail,
          ...(verdict.nat?.state ? {natState: verdict.nat.state} : {}),
          ...(natSubnetId ? {natSubnetId} : {}),
          ...(natRouteTableId ? {natRouteTableId} : {}),
        },
        origin: verdict.origin ?? route.source,
      })
    }
  },
})
