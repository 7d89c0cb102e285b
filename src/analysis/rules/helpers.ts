/** Small readers shared by rules. Each answers one question about the model. */
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, SecurityGroup, SecurityGroupRule} from '../../model/types.js'
import {portInRule} from '../reachability/security-groups.js'

export {primarySecurityGroupIds} from '../topology/bastion.js'

export interface ReleaseVersion {
  /** `emr` or `emr-spark` (the 8.0 Spark-only line). */
  family: string
  major: number
  minor: number
  patch: number
  label: string
}

/** `emr-6.15.0` → {family: emr, 6, 15, 0}; `emr-spark-8.0.0` → {family: emr-spark, 8, 0, 0}. */
export function parseRelease(label: string | undefined): ReleaseVersion | undefined {
  const match = /^(emr(?:-[a-z]+)?)-(\d+)\.(\d+)\.(\d+)/.exec(label ?? '')
  if (!match) return undefined
  return {family: match[1]!, major: Number(match[2]), minor: Number(match[3]), patch: Number(match[4]), label: label!}
}

export function releaseAtLeast(release: ReleaseVersion, major: number, minor = 0, patch = 0): boolean {
  if (release.major !== major) return release.major > major
  if (release.minor !== minor) return release.minor > minor
  return release.patch >= patch
}

/** All of the cluster's security group ids with the role each plays. */
export function clusterSecurityGroups(cluster: EmrCluster): {id: string; role: string}[] {
  const groups: {id: string; role: string}[] = []
  if (cluster.managedPrimarySecurityGroupId) groups.push({id: cluster.managedPrimarySecurityGroupId, role: 'EMR-managed primary'})
  if (cluster.managedCoreSecurityGroupId) groups.push({id: cluster.managedCoreSecurityGroupId, role: 'EMR-managed core/task'})
  if (cluster.serviceAccessSecurityGroupId) groups.push({id: cluster.serviceAccessSecurityGroupId, role: 'service access'})
  for (const id of cluster.additionalPrimarySecurityGroupIds) groups.push({id, role: 'additional primary'})
  for (const id of cluster.additionalCoreSecurityGroupIds) groups.push({id, role: 'additional core/task'})
  const seen = new Set<string>()
  return groups.filter((group) => !seen.has(group.id) && seen.add(group.id))
}

/** Does the group have a rule in `direction` for protocol/port whose peer is `peerGroupId`? */
export function allowsGroup(group: SecurityGroup | undefined, direction: 'ingress' | 'egress', peerGroupId: string, protocol: string, port?: number): boolean {
  if (!group) return false
  return (direction === 'ingress' ? group.ingress : group.egress).some((rule) => rule.peer.kind === 'security-group' && rule.peer.groupId === peerGroupId && portInRule(rule, protocol, port))
}

/** Does the group have a rule in `direction` for protocol/port to/from the given CIDR exactly or wider? */
export function allowsCidr(
  model: NetworkModel,
  group: SecurityGroup | undefined,
  direction: 'ingress' | 'egress',
  covers: (cidr: string) => boolean,
  protocol: string,
  port?: number,
): SecurityGroupRule | undefined {
  if (!group) return undefined
  return (direction === 'ingress' ? group.ingress : group.egress).find((rule) => {
    if (!portInRule(rule, protocol, port)) return false
    if (rule.peer.kind === 'cidr') return covers(rule.peer.cidr)
    if (rule.peer.kind === 'prefix-list') return (model.prefixLists.get(rule.peer.prefixListId)?.cidrs ?? []).some(covers)
    return false
  })
}

/** An egress rule allowing all traffic to 0.0.0.0/0. */
export function hasAllowAllEgress(group: SecurityGroup | undefined): boolean {
  return Boolean(group?.egress.some((rule) => rule.protocol === 'all' && rule.peer.kind === 'cidr' && rule.peer.cidr === '0.0.0.0/0'))
}

/** The cluster's Region-default DHCP domain name: ec2.internal in us-east-1, else <region>.compute.internal. */
export function defaultDomainName(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`
}
