import type {SecurityGroup} from '../../../model/types.js'
import {parseRelease, releaseAtLeast} from '../helpers.js'
import {defineRule} from '../rule.js'
import {allowsGroupPort, coreGroupIds, describedCluster, groupLabel, managedGroups, primaryGroupIds, requireGroup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-032',
    title: 'Service access security group rules incomplete (EMR 7.x and earlier, private subnet)',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    risk:
      'For a cluster in a private subnet on EMR 7.x and earlier, the EMR service reaches the nodes through an interface carrying the service access group: it connects to the primary and core/task nodes on TCP 8443 and the primary node calls back on TCP 9443 (5.30.0 and later). Missing rules stop EMR from managing the cluster; it cannot start, or is reported unhealthy and terminated.',
    remediation: {
      summary: 'Re-add the missing rules: TCP 8443 into the primary and core/task groups from the service access group, TCP 9443 into the service access group from the primary group, and TCP 8443 out of the service access group to both node groups.',
      cli:
        'aws ec2 authorize-security-group-ingress --group-id <managed-primary-sg-id> --protocol tcp --port 8443 --source-group <service-access-sg-id>\n' +
        'aws ec2 authorize-security-group-ingress --group-id <managed-core-sg-id> --protocol tcp --port 8443 --source-group <service-access-sg-id>\n' +
        'aws ec2 authorize-security-group-ingress --group-id <service-access-sg-id> --protocol tcp --port 9443 --source-group <managed-primary-sg-id>\n' +
        "aws ec2 authorize-security-group-egress --group-id <service-access-sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=8443,ToPort=8443,UserIdGroupPairs=[{GroupId=<managed-primary-sg-id>},{GroupId=<managed-core-sg-id>}]'",
      cloudformation:
        'PrimaryFromServiceAccess:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedPrimarySecurityGroup\n    IpProtocol: tcp\n    FromPort: 8443\n    ToPort: 8443\n    SourceSecurityGroupId: !Ref ServiceAccessSecurityGroup\nCoreFromServiceAccess:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedCoreSecurityGroup\n    IpProtocol: tcp\n    FromPort: 8443\n    ToPort: 8443\n    SourceSecurityGroupId: !Ref ServiceAccessSecurityGroup\nServiceAccessFromPrimary:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref ServiceAccessSecurityGroup\n    IpProtocol: tcp\n    FromPort: 9443\n    ToPort: 9443\n    SourceSecurityGroupId: !Ref EmrManagedPrimarySecurityGroup\nServiceAccessToPrimary:\n  Type: AWS::EC2::SecurityGroupEgress\n  Properties:\n    GroupId: !Ref ServiceAccessSecurityGroup\n    IpProtocol: tcp\n    FromPort: 8443\n    ToPort: 8443\n    DestinationSecurityGroupId: !Ref EmrManagedPrimarySecurityGroup\nServiceAccessToCore:\n  Type: AWS::EC2::SecurityGroupEgress\n  Properties:\n    GroupId: !Ref ServiceAccessSecurityGroup\n    IpProtocol: tcp\n    FromPort: 8443\n    ToPort: 8443\n    DestinationSecurityGroupId: !Ref EmrManagedCoreSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const vpc = context.vpc()
    const release = parseRelease(cluster.releaseLabel)
    if (!release) return context.notEvaluated(`${cluster.id}: release label ${cluster.releaseLabel ?? '(none)'} is not one this rule can read`)
    if (release.major >= 8) return context.notApplicable(`${release.label} uses the service access group on the EMR VPC endpoint (see EMRA-033)`)
    const {primary, core} = managedGroups(context, cluster)
    if (!cluster.serviceAccessSecurityGroupId) {
      context.report({
        resourceId: cluster.id,
        message: `${cluster.id} (${release.label}) is in a private subnet but names no service access security group (Ec2InstanceAttributes.ServiceAccessSecurityGroup): the EMR service has no way to reach its nodes.`,
        origin: cluster.origin,
      })
      return
    }
    const serviceAccess = requireGroup(context, cluster.serviceAccessSecurityGroupId, 'service access')
    const {model} = context
    const missing = new Map<SecurityGroup, string[]>()
    const add = (group: SecurityGroup, text: string): void => {
      missing.set(group, [...(missing.get(group) ?? []), text])
    }
    const sa = groupLabel(serviceAccess)
    if (!allowsGroupPort(model, vpc, primaryGroupIds(cluster), 'ingress', serviceAccess.id, 8443)) add(primary, `inbound TCP 8443 from the service access group ${sa}`)
    if (!allowsGroupPort(model, vpc, coreGroupIds(cluster), 'ingress', serviceAccess.id, 8443)) add(core, `inbound TCP 8443 from the service access group ${sa}`)
    if (releaseAtLeast(release, 5, 30) && !allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', primary.id, 9443)) {
      add(serviceAccess, `inbound TCP 9443 from the managed primary group ${groupLabel(primary)}`)
    }
    if (!allowsGroupPort(model, vpc, [serviceAccess.id], 'egress', primary.id, 8443)) add(serviceAccess, `outbound TCP 8443 to the managed primary group ${groupLabel(primary)}`)
    if (!allowsGroupPort(model, vpc, [serviceAccess.id], 'egress', core.id, 8443)) add(serviceAccess, `outbound TCP 8443 to the managed core/task group ${groupLabel(core)}`)
    for (const [group, rules] of missing) {
      const role = group === serviceAccess ? 'service access' : group === primary ? 'EMR-managed primary' : 'EMR-managed core/task'
      context.report({
        resourceId: group.id,
        message: `${groupLabel(group)}, the ${role} group of ${cluster.id} (${release.label}), lacks ${rules.map((rule, index) => `(${index + 1}) ${rule}`).join(', ')}: the EMR service cannot manage the cluster's nodes.`,
        origin: group.origin,
      })
    }
  },
})
