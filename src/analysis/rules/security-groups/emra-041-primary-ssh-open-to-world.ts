import {WORLD, unresolvedPrefixLists} from '../exposure.js'
import {defineRule} from '../rule.js'
import {clusterGroupsOrStop, describedCluster, groupLabel, openedText, peerId, prefixListsMissing, ruleLabel, unionText, worldOnTcpPort} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-041',
    title: 'SSH (TCP 22) on the primary node is open to the whole internet',
    severity: 'high',
    topologies: 'all',
    rationale:
      'Before December 2020 EMR created the managed primary group with TCP 22 open to all sources, and many accounts still carry that rule (or re-added it). SSH open to 0.0.0.0/0 (or to every public address through several rules together) exposes the primary node to constant brute-force and exploit attempts; AWS recommends removing it and admitting only trusted sources.',
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
    const groups = clusterGroupsOrStop(context, cluster, ids)
    const roles = new Map(groups.map(({group, role}) => [group.id, role]))
    const {singles, unions} = worldOnTcpPort(context.model, groups.map(({group}) => group), 22)
    for (const {group, rule, peer} of singles) {
      context.report({
        resourceId: group.id,
        message: `${groupLabel(group)} (${roles.get(group.id)} group of ${cluster.id}) allows inbound ${openedText(rule)} from ${peer}: SSH on the primary node is open to the whole internet.`,
        pathLabel: ruleLabel(group, rule, peerId(rule)),
        origin: rule.origin,
      })
    }
    for (const union of unions) {
      context.report({
        resourceId: union.union[0]!.group.id,
        message: `The primary security groups of ${cluster.id} (${ids.map(({id}) => id).join(', ')}) together admit TCP 22 from the whole internet (${WORLD[union.family]}), though no single rule does: ${unionText(union.union)}. SSH on the primary node is open to the whole internet.`,
        pathLabel: `${WORLD[union.family]} -> ${ids.map(({id}) => id).join('+')}:22/tcp`,
        origin: union.union[0]!.rule.origin,
      })
    }
    if (singles.length > 0 || unions.length > 0) return
    const unknown = unresolvedPrefixLists(context.model, groups.map(({group}) => group))
    if (unknown.length > 0) return context.notEvaluated(prefixListsMissing(context.model, unknown))
  },
})
