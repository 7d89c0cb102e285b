import {defineRule} from '../rule.js'
import remediation from './emra-011-public-igw-route.remediation.js'
import {defaultRoute, igwDefaultRouteVerdict, stopUnknown} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-011',
    title: 'Public subnet without an active internet gateway default route',
    severity: 'critical',
    topologies: ['public'],
    description: "Checks the public cluster subnet's route table for an active 0.0.0.0/0 route to an internet gateway that is attached to the VPC.",
    risk: 'EMR clusters in a public subnet reach Amazon EMR, S3 and other AWS services through an internet gateway; without an active 0.0.0.0/0 route to an internet gateway attached to the VPC, clusters fail to launch ("Cannot find route to InternetGateway") or lose contact with the service.',
    messages: {
      noIgwDefaultRoute: 'Cluster {{clusterId}} is in public subnet {{subnetId}}, but {{problem}}: EMR needs an active 0.0.0.0/0 route to an internet gateway attached to {{vpcId}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'internetGateways'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const verdict = igwDefaultRouteVerdict(context.model, subnet.id, subnet.vpcId)
    if (verdict.status === 'unknown') return stopUnknown(context, verdict)
    if (verdict.status === 'broken') {
      const table = context.model.effectiveRouteTable(subnet.id)
      const target = table ? defaultRoute(context.model, table)?.target : undefined
      const internetGatewayId = target?.kind === 'internet-gateway' ? target.id : context.model.internetGatewaysOf(subnet.vpcId)[0]?.id
      context.report({
        resourceId: table?.id ?? subnet.id,
        messageId: 'noIgwDefaultRoute',
        data: {
          clusterId: cluster.id,
          subnetId: subnet.id,
          vpcId: subnet.vpcId,
          problem: verdict.detail,
          ...(table ? {routeTableId: table.id} : {}),
          ...(internetGatewayId ? {internetGatewayId} : {}),
        },
        origin: verdict.origin,
      })
    }
  },
})
