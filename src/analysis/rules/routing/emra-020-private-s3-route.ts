import {defineRule} from '../rule.js'
import {internetEgress, s3EndpointFor, tableLabel, S3_GATEWAY_ENDPOINT_FIX, regionOrStop, routeTableOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-020',
    title: 'Private cluster subnet has no route to Amazon S3',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    risk:
      'Every EMR node reads its bootstrap packages, Amazon Linux and EMR repositories and writes logs in Amazon S3; a private subnet needs an S3 gateway endpoint on its route table (or an S3 interface endpoint, or a working NAT default route), or clusters fail to start.',
    remediation: {
      summary: 'Create an S3 gateway endpoint and associate it with the cluster subnet\'s route table (or add it to an existing endpoint).',
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
    if (egress.verdict.status === 'ok') return
    if (egress.verdict.status === 'unknown') {
      return context.notEvaluated(`no S3 endpoint serves ${subnet.id} (${s3.problems.join('; ')}), and ${egress.verdict.detail}`)
    }
    context.report({
      resourceId: table.id,
      message: `Private subnet ${subnet.id} of cluster ${cluster.id} has no route to S3 through route table ${tableLabel(table, subnet.id)}: ${s3.problems.join('; ')}; and no working internet egress: ${egress.verdict.detail}.`,
      origin: egress.verdict.origin ?? table.origin,
    })
  },
})
