import {defineRule} from '../rule.js'
import remediation from './emra-012-public-via-nat.remediation.js'
import {defaultRoute, subnetRouteTable, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-012',
    title: 'Public subnet sends its default route through a NAT gateway',
    severity: 'high',
    topologies: ['public'],
    description: "Checks the default route (0.0.0.0/0) of the public cluster subnet's route table: it must not go to a NAT gateway.",
    risk: 'Amazon EMR cannot communicate with clusters in public subnets through a NAT device: a public-subnet cluster needs its 0.0.0.0/0 route on an internet gateway (a NAT gateway may still carry other, more specific traffic).',
    messages: {
      defaultRouteViaNat:
        'Route table {{routeTable}} of public subnet {{subnetId}} (cluster {{clusterId}}) sends 0.0.0.0/0 to NAT gateway {{natGatewayId}}: EMR cannot manage a public-subnet cluster through NAT.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const {subnet, table} = subnetRouteTable(context)
    const route = defaultRoute(context.model, table)
    if (route?.target.kind === 'nat-gateway') {
      const internetGatewayId = context.model.internetGatewaysOf(subnet.vpcId)[0]?.id
      context.report({
        resourceId: table.id,
        messageId: 'defaultRouteViaNat',
        data: {
          routeTable: tableLabel(table, subnet.id),
          routeTableId: table.id,
          subnetId: subnet.id,
          clusterId: cluster.id,
          natGatewayId: route.target.id,
          cidr: '0.0.0.0/0',
          ...(internetGatewayId ? {internetGatewayId} : {}),
        },
        origin: route.source,
      })
    }
  },
})
