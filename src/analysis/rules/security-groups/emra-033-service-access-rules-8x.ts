import {evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {parseRelease} from '../helpers.js'
import {defineRule} from '../rule.js'
import {allowsGroupPort, describedCluster, groupLabel, managedGroups, primaryGroupIds, requireGroup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-033',
    title: 'Service access security group rules incomplete (EMR 8.0 and later, private subnet)',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    risk:
      'From EMR 8.0.0 (and emr-spark-8.0.0) a private-subnet cluster talks to the EMR service through a VPC endpoint (aws.api.<region>.emr-service-cell01) that carries the service access group. That group must admit HTTPS (TCP 443) from the VPC CIDR block(s), and the primary node must be allowed out on TCP 443 to it. Otherwise the cluster cannot reach the cluster manager and fails.',
    remediation: {
      summary: 'Allow TCP 443 into the service access group from every VPC CIDR block, and, when the primary group\'s egress is restricted, TCP 443 out of the primary group to the service access group.',
      cli:
        'aws ec2 authorize-security-group-ingress --group-id <service-access-sg-id> --protocol tcp --port 443 --cidr <vpc-cidr>\n' +
        "aws ec2 authorize-security-group-egress --group-id <managed-primary-sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=<service-access-sg-id>}]'",
      cloudformation:
        'ServiceAccessHttpsFromVpc:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref ServiceAccessSecurityGroup\n    IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    CidrIp: !GetAtt Vpc.CidrBlock\nPrimaryHttpsToServiceAccess:\n  Type: AWS::EC2::SecurityGroupEgress\n  Properties:\n    GroupId: !Ref EmrManagedPrimarySecurityGroup\n    IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    DestinationSecurityGroupId: !Ref ServiceAccessSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const vpc = context.vpc()
    const release = parseRelease(cluster.releaseLabel)
    if (!release) return context.notEvaluated(`${cluster.id}: release label ${cluster.releaseLabel ?? '(none)'} is not one this rule can read`)
    if (release.major < 8) return context.notApplicable(`${release.label} is earlier than 8.0 (see EMRA-032)`)
    const {primary, core} = managedGroups(context, cluster)
    if (!cluster.serviceAccessSecurityGroupId) {
      context.report({
        resourceId: cluster.id,
        message: `${cluster.id} (${release.label}) is in a private subnet but names no service access security group (Ec2InstanceAttributes.ServiceAccessSecurityGroup) for the EMR service VPC endpoint.`,
        origin: cluster.origin,
      })
      return
    }
    const serviceAccess = requireGroup(context, cluster.serviceAccessSecurityGroupId, 'service access')
    const {model} = context
    const uncovered = vpc.cidrBlocks.filter((cidr) => !evaluateSecurityGroups(model, [serviceAccess.id], 'ingress', {addresses: cidr, groupIds: []}, 'tcp', 443).allowed)
    // Rules naming both node groups admit every cluster instance too: as good as the VPC CIDR for the cluster.
    const byGroups = allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', primary.id, 443) && allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', core.id, 443)
    if (uncovered.length > 0 && !byGroups) {
      context.report({
        resourceId: serviceAccess.id,
        message: `${groupLabel(serviceAccess)}, the service access group of ${cluster.id} (${release.label}), has no inbound TCP 443 rule from the VPC CIDR ${uncovered.join(', ')} of ${vpc.id}: cluster nodes cannot reach the EMR service VPC endpoint.`,
        origin: serviceAccess.origin,
      })
    }
    if (!allowsGroupPort(model, vpc, primaryGroupIds(cluster), 'egress', serviceAccess.id, 443)) {
      context.report({
        resourceId: primary.id,
        message: `${groupLabel(primary)}, the EMR-managed primary group of ${cluster.id} (${release.label}), has restricted egress without TCP 443 to the service access group ${groupLabel(serviceAccess)} (nor do the additional primary groups allow it): the primary node cannot reach the cluster manager through the EMR VPC endpoint.`,
        origin: primary.origin,
      })
    }
  },
})
