import {defineRule} from '../rule.js'
import {clusterGroupsOrStop, coversTcpPort, describedCluster, groupLabel, openedText, ruleLabel, worldCidr} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-041',
    title: 'SSH (TCP 22) on the primary node is open to the whole internet',
    severity: 'high',
    topologies: 'all',
    rationale:
      'Before December 2020 EMR created the managed primary group with TCP 22 open to all sources, and many accounts still carry that rule (or re-added it). SSH open to 0.0.0.0/0 exposes the primary node to constant brute-force and exploit attempts; AWS recommends removing it and admitting only trusted sources.',
    remediation: {
      summary: 'Delete the world-open SSH rule; admit TCP 22 only from your client CIDR (public subnet) or the bastion security group (private subnet).',
      cli:
        'aws ec2 revoke-security-group-ingress --group-id <primary-sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\n' +
        'aws ec2 authorize-security-group-ingress --group-id <primary-sg-id> --protocol tcp --port 22 --cidr <admin-cidr>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref AdditionalPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  SourceSecurityGroupId: !Ref BastionSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const ids = [
      ...(cluster.managedPrimarySecurityGroupId ? [{id: cluster.managedPrimarySecurityGroupId, role: 'EMR-managed primary'}] : []),
      ...cluster.additionalPrimarySecurityGroupIds.map((id) => ({id, role: 'additional primary'})),
    ].filter((entry, index, all) => all.findIndex((other) => other.id === entry.id) === index)
    if (ids.length === 0) return context.notEvaluated(`${cluster.id}: DescribeCluster names no primary security group`)
    for (const {group, role} of clusterGroupsOrStop(context, cluster, ids)) {
      for (const rule of group.ingress) {
        const cidr = worldCidr(rule)
        if (!cidr || !coversTcpPort(rule, 22)) continue
        context.report({
          resourceId: group.id,
          message: `${groupLabel(group)} (${role} group of ${cluster.id}) allows inbound ${openedText(rule)} from ${cidr}: SSH on the primary node is open to the whole internet.`,
          pathLabel: ruleLabel(group, rule, cidr),
          origin: rule.origin,
        })
      }
    }
  },
})
