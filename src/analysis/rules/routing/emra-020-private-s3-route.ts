import {defineRule} from '../rule.js'
import remediation from './emra-020-private-s3-route.remediation.js'
import {awsServiceName, internetEgress, regionOrStop, routeTableOrStop, s3EndpointFor, s3GatewayEndpointId, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-020',
    title: 'Private cluster subnet has no route to Amazon S3',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    description:
      "Checks that a private cluster subnet reaches Amazon S3: an S3 gateway endpoint on its route table, an S3 interface endpoint with private DNS, or a working NAT default route.",
    risk:
      'Every EMR node reads its bootstrap packages, Amazon Linux and EMR repositories and writes logs in Amazon S3; a private subnet needs an S3 gateway endpoint on its route table (or an S3 interface endpoint, or a working NAT default route), or clusters fail to start.',
    messages: {
      noS3Route:
        'Private subnet {{subnetId}} of cluster {{clusterId}} has no route to S3 through route table {{routeTable}}: {{s3Problem}}; and no working internet egress: {{egressProblem}}.',
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
    if (egress.verdict.status === 'ok') return
    if (egress.verdict.status === 'unknown') {
      return context.notEvaluated(`no S3 endpoint serves ${subnet.id} (${s3.problems.join('; ')}), and ${egress.verdict.detail}`)
    }
    const endpointId = s3GatewayEndpointId(context.model, subnet.vpcId, region)
    context.report({
      resourceId: table.id,
      messageId: 'noS3Route',
      data: {
        clusterId: cluster.id,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        routeTableId: table.id,
        routeTable: tableLabel(table, subnet.id),
        serviceName: awsServiceName(region, 's3'),
        s3Problem: s3.problems.join('; '),
        egressProblem: egress.verdict.detail,
        ...(endpointId ? {endpointId} : {}),
      },
      origin: egress.verdict.origin ?? table.origin,
    })
  },
})
