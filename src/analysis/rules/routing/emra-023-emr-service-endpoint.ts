import type {VpcEndpoint} from '../../../model/types.js'
import {parseRelease} from '../helpers.js'
import {defineRule} from '../rule.js'
import remediation from './emra-023-emr-service-endpoint.remediation.js'
import {regionOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-023',
    title: 'EMR 8.x private cluster without the EMR service VPC endpoint',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    description: "Checks that a private cluster on EMR 8.x has an available interface VPC endpoint for the EMR service (emr-service-cell01) carrying the cluster's service access security group.",
    risk: 'From Amazon EMR 8.0.0 and EMR Spark 8.0.0, private-subnet clusters talk to the EMR service through an interface VPC endpoint for aws.api.<region>.emr-service-cell01 that carries the service access security group; without it (or without the permissions for EMR to create it) clusters cannot be managed.',
    messages: {
      noEmrServiceEndpoint:
        '{{vpcId}} has no VPC endpoint for {{serviceName}}, which cluster {{clusterId}} ({{releaseLabel}}) in private subnet {{subnetId}} needs to communicate with the EMR service.',
      unusableEmrServiceEndpoint:
        'EMR service endpoint {{endpointId}} ({{serviceName}}) {{problem}}: cluster {{clusterId}} ({{releaseLabel}}) in private subnet {{subnetId}} cannot use it to reach the EMR service.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['vpcEndpoints'],
  },
  check(context) {
    const cluster = context.cluster()
    context.need('describeCluster', cluster.id)
    const release = parseRelease(cluster.releaseLabel)
    if (!release) return context.notEvaluated(`${cluster.id} has ${cluster.releaseLabel ? `an unrecognised release label ${cluster.releaseLabel}` : 'no release label'}`)
    if (release.major < 8) return context.notApplicable(`${cluster.id} runs ${release.label}; the EMR service endpoint is required from 8.0.0`)
    const subnet = context.subnet()
    const region = regionOrStop(context)
    const serviceName = `aws.api.${region}.emr-service-cell01`
    // The documented name is cell01; accept other cells of the same service should EMR use them.
    const pattern = new RegExp(`^aws\\.api\\.${region.replace(/[.-]/g, '\\$&')}\\.emr-service-cell\\d+$`)
    const candidates = context.model.vpcEndpointsOf(subnet.vpcId).filter((endpoint) => pattern.test(endpoint.serviceName))
    const serviceAccess = cluster.serviceAccessSecurityGroupId
    const problem = (endpoint: VpcEndpoint): string | undefined => {
      if (endpoint.type !== 'interface') return `is a ${endpoint.type} endpoint, not an interface endpoint`
      if (endpoint.state !== 'available') return `is ${endpoint.state || 'in an unknown state'}, not available`
      if (serviceAccess && !endpoint.groupIds.includes(serviceAccess)) {
        return `does not carry the cluster's service access security group ${serviceAccess} (it has ${endpoint.groupIds.join(', ') || 'no security group'})`
      }
      return undefined
    }
    const problems = candidates.map((endpoint) => ({endpoint, problem: problem(endpoint)}))
    if (problems.some((entry) => entry.problem === undefined)) return
    const where = {
      clusterId: cluster.id,
      releaseLabel: release.label,
      vpcId: subnet.vpcId,
      subnetId: subnet.id,
      ...(serviceAccess ? {serviceAccessGroupId: serviceAccess} : {}),
    }
    if (problems.length === 0) {
      context.report({
        resourceId: subnet.vpcId,
        messageId: 'noEmrServiceEndpoint',
        data: {...where, serviceName},
        origin: context.vpc().origin,
      })
      return
    }
    for (const {endpoint, problem: why} of problems) {
      context.report({
        resourceId: endpoint.id,
        messageId: 'unusableEmrServiceEndpoint',
        data: {...where, serviceName: endpoint.serviceName, endpointId: endpoint.id, endpointType: endpoint.type, endpointState: endpoint.state, problem: why ?? ''},
        origin: endpoint.origin,
      })
    }
  },
})
