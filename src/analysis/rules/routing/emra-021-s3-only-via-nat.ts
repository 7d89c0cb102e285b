import {defineRule} from '../rule.js'
import {internetEgress, s3EndpointFor, tableLabel, S3_GATEWAY_ENDPOINT_FIX, regionOrStop, routeTableOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-021',
    title: 'S3 is reached only through a NAT gateway',
    severity: 'low',
    topologies: ['private'],
    risk:
      'Without an S3 endpoint, all S3 traffic of a private cluster (often its largest traffic) crosses the NAT gateway, which bills per gigabyte processed and caps bandwidth; AWS recommends an S3 gateway endpoint for private-subnet clusters.',
    remediation: {
      summary: 'Add an S3 gateway endpoint (no hourly or data charge) and associate it with the cluster subnet\'s route table.',
      ...S3_GATEWAY_ENDPOINT_FIX,
    },
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
    context.report({
      resourceId: table.id,
      message: `S3 traffic of cluster ${cluster.id} from ${subnet.id} leaves through NAT gateway ${egress.route.target.id} (0.0.0.0/0 in route table ${tableLabel(table, subnet.id)}): ${s3.problems.join('; ')}.`,
      origin: egress.route.source ?? table.origin,
    })
  },
})
