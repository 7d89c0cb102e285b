import {routeDestination, selectRoute} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import {onpremCidrs} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-092',
    title: 'No route from the cluster subnet to the on-premises networks',
    severity: 'critical',
    topologies: ['vpn'],
    risk:
      'Replies from the primary node to on-premises clients follow the cluster subnet\'s route table. Unless the on-premises CIDRs route to the virtual private gateway (a static route or propagation) or the transit gateway, replies go to the NAT gateway or nowhere and every connection from on-premises fails.',
    remediation: {
      summary: 'Enable route propagation from the virtual private gateway on the cluster subnet\'s route table, or add a static route for each on-premises CIDR to the VGW or transit gateway.',
      cli:
        'aws ec2 enable-vgw-route-propagation --route-table-id <rtb-id> --gateway-id <vgw-id>\n' +
        'aws ec2 create-route --route-table-id <rtb-id> --destination-cidr-block <onprem-cidr> --gateway-id <vgw-id>',
      cloudformation:
        'Type: AWS::EC2::VPNGatewayRoutePropagation\nProperties:\n  RouteTableIds: [!Ref ClusterRouteTable]\n  VpnGatewayId: !Ref VpnGateway',
    },
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['routeTables', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const {model} = context
    const table = model.effectiveRouteTable(subnet.id)
    if (!table) return context.notEvaluated(`no route table for ${subnet.id} in ec2-describe-route-tables`)
    const onprem = onpremCidrs(context, subnet.vpcId)
    for (const cidr of onprem.cidrs) {
      const choice = selectRoute(model, table, cidr)
      const route = choice.route
      const target = route?.target
      if (route && target && (target.kind === 'vpn-gateway' || target.kind === 'transit-gateway') && route.state === 'active') continue
      let problem: string
      if (!route || !target) problem = `has no route matching ${cidr}`
      else if (target.kind === 'local') problem = `delivers ${cidr} locally: it lies inside the VPC range ${choice.destination} (see EMRA-093)`
      else if (route.state !== 'active') problem = `routes ${cidr} by ${routeDestination(route)} → ${target.id}, which is ${route.state}`
      else problem = `routes ${cidr} by ${choice.destination} → ${target.id}, not to a virtual private gateway or transit gateway`
      context.report({
        resourceId: table.id,
        message: `The route table ${table.id} of the cluster subnet ${subnet.id} ${problem}: replies to on-premises clients in ${cidr} (from ${onprem.source}) never reach them.`,
        pathLabel: `${subnet.id} -> ${cidr}`,
        origin: route?.source ?? table.origin,
      })
    }
  },
})
