import type {VpcEndpoint} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import {awsServiceName, internetEgress, regionOrStop} from './shared.js'

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
    risk:
      'Services without a VPC endpoint can only be reached through a NAT gateway or internet gateway. A private subnet with neither, and without interface endpoints for STS, KMS, CloudWatch and the EMR API, leaves jobs, agents and encryption that call them hanging on timeouts.',
    remediation: {
      summary:
        'Give the subnet a 0.0.0.0/0 route through a NAT gateway, or create interface endpoints (private DNS on) for the services the cluster uses: sts, kms, logs, monitoring, elasticmapreduce, plus any your jobs call (glue, secretsmanager, ssm …).',
      cli:
        'aws ec2 create-route --route-table-id <rtb-id> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>\n# or, per service:\naws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.sts --subnet-ids <subnet-id> --security-group-ids <endpoint-sg-id> --private-dns-enabled',
      cloudformation:
        'StsEndpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n    VpcEndpointType: Interface\n    ServiceName: !Sub com.amazonaws.${AWS::Region}.sts\n    PrivateDnsEnabled: true\n    SubnetIds: [!Ref ClusterSubnet]\n    SecurityGroupIds: [!Ref EndpointSecurityGroup]',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const region = regionOrStop(context)
    const egress = internetEgress(context.model, subnet)
    if (egress.verdict.status === 'ok') return
    const endpoints = context.model.vpcEndpointsOf(subnet.vpcId)
    const missing: string[] = []
    const notes: string[] = []
    for (const {service, why} of SERVICES) {
      const name = awsServiceName(region, service)
      const matching = endpoints.filter((endpoint: VpcEndpoint) => endpoint.serviceName === name && endpoint.type === 'interface')
      if (matching.some((endpoint) => endpoint.state === 'available' && endpoint.privateDnsEnabled)) continue
      missing.push(`${service} (${why})`)
      for (const endpoint of matching) {
        notes.push(endpoint.state !== 'available' ? `${endpoint.id} for ${service} is ${endpoint.state || 'in an unknown state'}` : `${endpoint.id} for ${service} has private DNS off`)
      }
    }
    if (missing.length === 0) return
    if (egress.verdict.status === 'unknown') return context.notEvaluated(`${egress.verdict.detail}; interface endpoints are missing for ${missing.join(', ')}`)
    context.report({
      resourceId: subnet.id,
      message: `Private subnet ${subnet.id} of cluster ${cluster.id} has no working internet egress (${egress.verdict.detail}) and ${subnet.vpcId} has no usable interface endpoint for ${missing.join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}: calls to these services time out.`,
      origin: egress.verdict.origin ?? subnet.origin,
    })
  },
})
