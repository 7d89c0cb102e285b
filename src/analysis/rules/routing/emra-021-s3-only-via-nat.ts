import {defineRule} from '../rule.js'
import remediation from './emra-021-s3-only-via-nat.remediation.js'
import {s3WithoutEndpoint, stopUnknown} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-021',
    title: 'S3 is reached only through a NAT gateway',
    severity: 'low',
    topologies: ['private'],
    description: 'Checks whether a private cluster subnet without a usable S3 endpoint sends its S3 traffic through the NAT gateway of its 0.0.0.0/0 route.',
    risk: 'Without an S3 endpoint, all S3 traffic of a private cluster (often its largest traffic) crosses the NAT gateway, which bills per gigabyte processed and caps bandwidth; AWS recommends an S3 gateway endpoint for private-subnet clusters.',
    messages: {
      s3ViaNat: 'S3 traffic of cluster {{clusterId}} from {{subnetId}} leaves through NAT gateway {{natGatewayId}} (0.0.0.0/0 in route table {{routeTable}}): {{s3Problem}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints'],
  },
  check(context) {
    const bypass = s3WithoutEndpoint(context)
    if (!bypass) return
    const {subnet, table, egress} = bypass
    if (egress.verdict.status === 'unknown') return stopUnknown(context, egress.verdict)
    if (egress.verdict.status === 'broken') return context.notApplicable(`${subnet.id} has no route to S3 at all (see EMRA-020)`)
    if (egress.via !== 'nat-gateway' || !egress.route) return
    context.report({
      resourceId: table.id,
      messageId: 's3ViaNat',
      data: {...bypass.data, natGatewayId: egress.route.target.id, cidr: '0.0.0.0/0'},
      origin: egress.route.source ?? table.origin,
    })
  },
})
