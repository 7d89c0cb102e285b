import {defineRule} from '../rule.js'
import {coversTcpPort, describedCluster, groupLabel, primaryGroupIds, requireGroup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-031',
    title: 'Public primary security group lacks the TCP 8443 rule for the EMR service',
    severity: 'high',
    topologies: ['public'],
    rationale:
      'In a public subnet the EMR service (cluster manager) reaches the primary node on TCP 8443 from Amazon address ranges; EMR adds this rule to the managed primary group. Without it EMR cannot manage the cluster: status, scaling and steps stall and the cluster may be terminated as unhealthy.',
    remediation: {
      summary: 'Restore the inbound TCP 8443 rule from the EMR service address ranges on the managed primary group (launching a cluster with the group re-adds it).',
      cli: 'aws ec2 authorize-security-group-ingress --group-id <managed-primary-sg-id> --protocol tcp --port 8443 --cidr <emr-service-cidr>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref EmrManagedPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 8443\n  ToPort: 8443\n  CidrIp: <emr-service-cidr>\n  Description: EMR cluster manager',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const managedId = cluster.managedPrimarySecurityGroupId
    if (!managedId) return context.notEvaluated(`${cluster.id}: DescribeCluster names no EMR-managed primary security group`)
    const managed = requireGroup(context, managedId, 'EMR-managed primary')
    const groups = primaryGroupIds(cluster).flatMap((id) => context.model.securityGroups.get(id) ?? [])
    const admits = groups.some((group) => group.ingress.some((rule) => rule.peer.kind !== 'security-group' && coversTcpPort(rule, 8443)))
    if (!admits) {
      const others = groups.filter((group) => group.id !== managed.id).map(groupLabel)
      context.report({
        resourceId: managed.id,
        message: `${groupLabel(managed)}, the EMR-managed primary group of ${cluster.id}, has no inbound TCP 8443 rule from an address range${others.length ? ` (nor do the additional primary groups ${others.join(', ')})` : ''}: the EMR service cannot reach the primary node to manage the cluster.`,
        origin: managed.origin,
      })
    }
  },
})
