import {defineRule} from '../rule.js'
import remediation from './emra-021-s3-only-via-nat.remediation.js'
import {awsServiceName, internetEgress, regionOrStop, routeTableOrStop, s3EndpointFor, s3GatewayEndpointId, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-021',
    title: 'S3 is reached only through a NAT gateway',
    severity: 'low',
    topologies: ['private'],
    description:
      "Checks whether a private cluster subnet without a usable S3 endpoint sends its S3 traffic through the NAT gateway of its 0.0.0.0/0 route.",
    risk:
      'Without an S3 endpoint, all S3 traffic of a private cluster (often its largest traffic) crosses the NAT gateway, which bills per gigabyte processed and caps bandwidth; AWS recommends an S3 gateway endpoint for private-subnet clusters.',
    messages: {
      s3ViaNat:
        'S3 traffic of cluster {{clusterId}} from {{subnetId}} leaves through NAT gateway {{natGatewayId}} (0.0.0.0/0 in route table {{routeTable}}): {{s3Problem}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const region = regionOrStop(context)
    const table = routeTableOrStop(context, subnet)
    const s3 = s3EndpointFor(context.model, subnet, table, region)
    if (s3.endpoint) return
    const egress = internetEgress(context.model, subnet)
    if (egress.verdict.status === 'unknown') return context.notEvaluated(egress.verdict.detail)
    if (egress.verdict.status === 'broken') return context.notApplicable(`${subnet.id} has no route to S3 at all (see EMRA-020)`)
    if (egress.via !== 'nat-gateway' || !egress.route) return
    const endpointId = s3GatewayEndpointId(context.model, subnet.vpcId, region)
    context.report({
      resourceId: table.id,
      messageId: 's3ViaNat',
      data: {
        clusterId: cluster.id,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        routeTableId: table.id,
        routeTable: tableLabel(table, subnet.id),
        natGatewayId: egress.route.target.id,
        cidr: '0.0.0.0/0',
        serviceName: awsServiceName(region, 's3'),
        s3Problem: s3.problems.join('; '),
        ...(endpointId ? {endpointId} : {}),
      },
      origin: egress.route.source ?? table.origin,
    })
  },
})
