import {evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {defineRule} from '../rule.js'
import remediation from './emra-033-service-access-rules-8x.remediation.js'
import {allowsGroupPort, groupLabel, primaryGroupIds, serviceAccessSetup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-033',
    title: 'Service access security group rules incomplete (EMR 8.0 and later, private subnet)',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    description:
      'For a private-subnet cluster on EMR 8.0 and later, checks that the service access security group admits TCP 443 from the VPC CIDR blocks (or from both node groups) and that the primary node may send TCP 443 to it.',
    risk: 'From EMR 8.0.0 (and emr-spark-8.0.0) a private-subnet cluster talks to the EMR service through a VPC endpoint (aws.api.<region>.emr-service-cell01) that carries the service access group. That group must admit HTTPS (TCP 443) from the VPC CIDR block(s), and the primary node must be allowed out on TCP 443 to it. Otherwise the cluster cannot reach the cluster manager and fails.',
    messages: {
      noServiceAccessGroup: '{{clusterId}} ({{releaseLabel}}) is in a private subnet but names no service access security group for the EMR service VPC endpoint.',
      noHttpsFromVpc:
        '{{group}}, the service access group of {{clusterId}} ({{releaseLabel}}), has no inbound TCP 443 rule from the VPC CIDR {{cidr}} of {{vpcId}}: cluster nodes cannot reach the EMR service VPC endpoint.',
      noHttpsToServiceAccess:
        '{{group}}, the EMR-managed primary group of {{clusterId}} ({{releaseLabel}}), has restricted egress without TCP 443 to the service access group {{serviceAccess}} (nor do the additional primary groups allow it): the primary node cannot reach the cluster manager through the EMR VPC endpoint.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const {cluster, vpc, release, primary, core, serviceAccess} = serviceAccessSetup(context, (line) => (line.major < 8 ? `${line.label} is earlier than 8.0 (see EMRA-032)` : undefined))
    if (!serviceAccess) return context.report({resourceId: cluster.id, messageId: 'noServiceAccessGroup', data: {clusterId: cluster.id, releaseLabel: release.label}, origin: cluster.origin})
    const {model} = context
    const uncovered = vpc.cidrBlocks.filter((cidr) => !evaluateSecurityGroups(model, [serviceAccess.id], 'ingress', {addresses: cidr, groupIds: []}, 'tcp', 443).allowed)
    // Rules naming both node groups admit every cluster instance too: as good as the VPC CIDR for the cluster.
    const byGroups = allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', primary.id, 443) && allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', core.id, 443)
    const shared = {clusterId: cluster.id, releaseLabel: release.label, vpcId: vpc.id, serviceAccessGroupId: serviceAccess.id, primaryGroupId: primary.id, port: 443}
    if (uncovered.length > 0 && !byGroups) {
      context.report({
        resourceId: serviceAccess.id,
        messageId: 'noHttpsFromVpc',
        data: {...shared, group: groupLabel(serviceAccess), groupId: serviceAccess.id, cidr: uncovered.join(', '), vpcCidr: uncovered[0]!},
        origin: serviceAccess.origin,
      })
    }
    if (!allowsGroupPort(model, vpc, primaryGroupIds(cluster), 'egress', serviceAccess.id, 443)) {
      context.report({
        resourceId: primary.id,
        messageId: 'noHttpsToServiceAccess',
        data: {...shared, group: groupLabel(primary), groupId: primary.id, serviceAccess: groupLabel(serviceAccess), ...(vpc.cidrBlocks[0] ? {vpcCidr: vpc.cidrBlocks[0]} : {})},
        origin: primary.origin,
      })
    }
  },
})
