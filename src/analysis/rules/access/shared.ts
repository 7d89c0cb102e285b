/** Readers shared by the access rules. */
import type {EmrCluster} from '../../../model/types.js'
import {primaryInstanceOf} from '../../reachability/endpoints.js'
import type {Peer} from '../../reachability/security-groups.js'
import type {RuleContext} from '../rule.js'
import {primaryGroupIds} from '../security-groups/shared.js'

/** `j-1ABC (analytics)` / `j-1ABC`: a cluster as operators know it. */
export function clusterLabel(cluster: EmrCluster): string {
  return cluster.name ? `${cluster.id} (${cluster.name})` : cluster.id
}

/** The primary node's security groups, as a path into it meets them. */
export interface PrimaryGroups {
  ids: string[]
  /** Where a fix goes: an additional primary group rather than the EMR-managed one. */
  fixGroupId: string
  /** The primary as a peer of a rule: its private address, else any address of the cluster subnet (may stop without it). */
  peer: () => Peer
}

/** The groups attached to the primary's interface when the instance is known, else those DescribeCluster configures; or stop. */
export function primaryGroupsOrStop(context: RuleContext, cluster: EmrCluster): PrimaryGroups {
  const eni = primaryInstanceOf(context.model, cluster)?.enis[0]
  const ids = eni?.groupIds.length ? eni.groupIds : primaryGroupIds(cluster)
  if (ids.length === 0) return context.lacking('describeCluster', `a primary security group of ${cluster.id}`, cluster.id)
  const address = eni?.privateIps[0]
  return {
    ids,
    fixGroupId: ids.find((id) => id !== cluster.managedPrimarySecurityGroupId) ?? ids[0]!,
    peer: () => (address ? {addresses: address, groupIds: ids} : {addresses: context.subnet().cidrBlock, groupIds: ids}),
  }
}
