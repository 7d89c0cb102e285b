import type {SecurityGroup} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import remediation from './emra-041-primary-ssh-open-to-world.remediation.js'
import {clusterGroupsOrStop, describedCluster, reportSshFromWorld} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-041',
    title: 'SSH (TCP 22) on the primary node is open to the whole internet',
    severity: 'high',
    topologies: 'all',
    description:
      "Checks the primary node's security groups (the EMR-managed primary group and any additional primary groups) for TCP 22 admitted from every public address: by one rule (0.0.0.0/0, ::/0, a prefix list covering them) or by several rules together.",
    risk: 'Before December 2020 EMR created the managed primary group with TCP 22 open to all sources, and many accounts still carry that rule (or re-added it). SSH open to 0.0.0.0/0 (or to every public address through several rules together) exposes the primary node to constant brute-force and exploit attempts; AWS recommends removing it and admitting only trusted sources.',
    messages: {
      worldOpen: '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{peer}}: SSH on the primary node is open to the whole internet.',
      worldOpenByUnion:
        'The primary security groups of {{clusterId}} ({{groupIds}}) together admit TCP 22 from the whole internet ({{cidr}}), though no single rule does: {{rules}}. SSH on the primary node is open to the whole internet.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const ids = [
      ...(cluster.managedPrimarySecurityGroupId ? [{id: cluster.managedPrimarySecurityGroupId, role: 'EMR-managed primary'}] : []),
      ...cluster.additionalPrimarySecurityGroupIds.map((id) => ({id, role: 'additional primary'})),
    ].filter((entry, index, all) => all.findIndex((other) => other.id === entry.id) === index)
    if (ids.length === 0) return context.lacking('describeCluster', `a primary security group of ${cluster.id}`, cluster.id)
    const groups = clusterGroupsOrStop(context, cluster, ids)
    const roles = new Map(groups.map(({group, role}) => [group.id, role]))
    const owner = {ofGroup: (group: SecurityGroup) => ({role: roles.get(group.id) ?? 'primary', clusterId: cluster.id}), together: {clusterId: cluster.id}, groupIds: ids.map(({id}) => id)}
    reportSshFromWorld(
      context,
      groups.map(({group}) => group),
      owner,
      {single: {messageId: 'worldOpen'}, union: {messageId: 'worldOpenByUnion'}},
    )
  },
})
