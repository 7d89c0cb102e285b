import {defineRule} from '../rule.js'
import remediation from './emra-020-private-s3-route.remediation.js'
import {s3WithoutEndpoint, stopUnknown} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-020',
    title: 'Private cluster subnet has no route to Amazon S3',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    description: 'Checks that a private cluster subnet reaches Amazon S3: an S3 gateway endpoint on its route table, an S3 interface endpoint with private DNS, or a working NAT default route.',
    risk: 'Every EMR node reads its bootstrap packages, Amazon Linux and EMR repositories and writes logs in Amazon S3; a private subnet needs an S3 gateway endpoint on its route table (or an S3 interface endpoint, or a working NAT default route), or clusters fail to start.',
    messages: {
      noS3Route: 'Private subnet {{subnetId}} of cluster {{clusterId}} has no route to S3 through route table {{routeTable}}: {{s3Problem}}; and no working internet egress: {{egressProblem}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints'],
  },
  check(context) {
    const bypass = s3WithoutEndpoint(context)
    if (!bypass) return
    const {subnet, table, egress} = bypass
    if (egress.verdict.status === 'ok') return
    if (egress.verdict.status === 'unknown') return stopUnknown(context, egress.verdict, `no S3 endpoint serves ${subnet.id} (${bypass.s3Problem})`)
    context.report({resourceId: table.id, messageId: 'noS3Route', data: {...bypass.data, egressProblem: egress.verdict.detail}, origin: egress.verdict.origin ?? table.origin})
  },
})
