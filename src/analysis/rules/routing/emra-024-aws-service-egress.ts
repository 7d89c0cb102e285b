import type {VpcEndpoint} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import remediation from './emra-024-aws-service-egress.remediation.js'
import {awsServiceName, clusterSubnetEgress, stopUnknown} from './shared.js'

/** AWS services EMR nodes commonly call besides S3 and the EMR service endpoint (reference §1.4, §9 EMRA-024). */
const SERVICES: {service: string; why: string}[] = [
  {service: 'sts', why: 'temporary credentials'},
  {service: 'kms', why: 'encryption keys'},
  {service: 'logs', why: 'CloudWatch Logs'},
  {service: 'monitoring', why: 'CloudWatch metrics'},
  {service: 'elasticmapreduce', why: 'EMR API'},
]

export default defineRule({
  meta: {
    id: 'EMRA-024',
    title: 'No egress path for other AWS services',
    severity: 'medium',
    topologies: ['private'],
    description:
      'Checks that a private cluster subnet without working internet egress has available interface endpoints with private DNS for STS, KMS, CloudWatch Logs, CloudWatch metrics and the EMR API.',
    risk: 'Services without a VPC endpoint can only be reached through a NAT gateway or internet gateway. A private subnet with neither, and without interface endpoints for STS, KMS, CloudWatch and the EMR API, leaves jobs, agents and encryption that call them hanging on timeouts.',
    messages: {
      noServiceEgress:
        'Private subnet {{subnetId}} of cluster {{clusterId}} has no working internet egress ({{egressProblem}}) and {{vpcId}} has no usable interface endpoint for {{missing}}{{notes}}: calls to these services time out.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints'],
  },
  check(context) {
    const {cluster, subnet, region, egress} = clusterSubnetEgress(context)
    if (egress.verdict.status === 'ok') return
    const endpoints = context.model.vpcEndpointsOf(subnet.vpcId)
    const missing: string[] = []
    const missingServices: string[] = []
    const notes: string[] = []
    for (const {service, why} of SERVICES) {
      const name = awsServiceName(region, service)
      const matching = endpoints.filter((endpoint: VpcEndpoint) => endpoint.serviceName === name && endpoint.type === 'interface')
      if (matching.some((endpoint) => endpoint.state === 'available' && endpoint.privateDnsEnabled)) continue
      missing.push(`${service} (${why})`)
      missingServices.push(service)
      for (const endpoint of matching) {
        notes.push(endpoint.state !== 'available' ? `${endpoint.id} for ${service} is ${endpoint.state || 'in an unknown state'}` : `${endpoint.id} for ${service} has private DNS off`)
      }
    }
    if (missing.length === 0) return
    if (egress.verdict.status === 'unknown') return stopUnknown(context, egress.verdict, `interface endpoints are missing for ${missing.join(', ')}`)
    const natGatewayId = egress.route?.target.kind === 'nat-gateway' ? egress.route.target.id : undefined
    context.report({
      resourceId: subnet.id,
      messageId: 'noServiceEgress',
      data: {
        clusterId: cluster.id,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        ...(egress.table ? {routeTableId: egress.table.id} : {}),
        ...(natGatewayId ? {natGatewayId} : {}),
        egressProblem: egress.verdict.detail,
        missing: missing.join(', '),
        missingServices: missingServices.join(' '),
        service: missingServices[0]!,
        notes: notes.length ? ` (${notes.join('; ')})` : '',
      },
      origin: egress.verdict.origin ?? subnet.origin,
    })
  },
})
