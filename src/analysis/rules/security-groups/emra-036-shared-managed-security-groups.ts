import type {EmrCluster} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import remediation from './emra-036-shared-managed-security-groups.remediation.js'
import {describedCluster} from './shared.js'

const ENDED = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS'])

function managedGroups(cluster: EmrCluster): {id: string; role: string}[] {
  const groups: {id: string; role: string}[] = []
  if (cluster.managedPrimarySecurityGroupId) groups.push({id: cluster.managedPrimarySecurityGroupId, role: 'EMR-managed primary'})
  if (cluster.managedCoreSecurityGroupId) groups.push({id: cluster.managedCoreSecurityGroupId, role: 'EMR-managed core/task'})
  return groups
}

export default defineRule({
  meta: {
    id: 'EMRA-036',
    title: 'EMR-managed security groups are shared with other clusters',
    severity: 'low',
    topologies: 'all',
    description: "Checks whether the cluster's EMR-managed primary and core/task security groups are also the managed groups of other running clusters.",
    risk: "The managed primary and core/task groups admit all traffic from each other and from themselves. Clusters that share them (the default groups are reused by every cluster in the VPC) can reach each other's nodes on every port, and a rule added for one cluster opens all of them.",
    messages: {
      sharedGroup: '{{groupId}}, the {{role}} security group of {{clusterId}}, is also used by {{sharing}}: nodes of these clusters can reach each other on all ports.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: [],
  },
  check(context) {
    const cluster = describedCluster(context)
    const own = managedGroups(cluster)
    if (own.length === 0) return context.lacking('describeCluster', `the EMR-managed security groups of ${cluster.id}`, cluster.id)
    // Only clusters that still run share anything; clusters without describe data have unknown groups (usually other VPCs).
    const others = context.model.data.clusters.filter((other) => other.id !== cluster.id && other.described && !ENDED.has(other.state))
    for (const group of own) {
      const sharing = others.flatMap((other) =>
        managedGroups(other)
          .filter((candidate) => candidate.id === group.id)
          .map((candidate) => ({other, text: `${other.id}${other.name ? ` (${other.name})` : ''} as ${candidate.role}, ${other.state}`})),
      )
      if (sharing.length === 0) continue
      context.report({
        resourceId: group.id,
        messageId: 'sharedGroup',
        data: {
          groupId: group.id,
          role: group.role,
          clusterId: cluster.id,
          vpcId: context.model.securityGroups.get(group.id)?.vpcId ?? '',
          sharing: sharing.map(({text}) => text).join('; '),
          otherClusterIds: sharing.map(({other}) => other.id).join(', '),
        },
        origin: context.model.securityGroups.get(group.id)?.origin ?? cluster.origin,
      })
    }
  },
})
