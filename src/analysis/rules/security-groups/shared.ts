/**
 * Readers shared by the security-group rules (and the bastion rules): naming groups and rules in
 * messages, finding a cluster's groups or stopping, and judging "does this group allow all
 * traffic of a protocol to/from that peer group" with split port ranges and CIDR rules counted.
 */
import {cidrContains} from '../../../model/ip.js'
import type {NetworkModel} from '../../../model/network-model.js'
import {hasPorts, protocolMatches} from '../../../model/protocol.js'
import type {EmrCluster, SecurityGroup, SecurityGroupRule, Vpc} from '../../../model/types.js'
import {WEB_UIS, type WebUi} from '../../../catalog/web-uis.js'
import {evaluateSecurityGroups, ruleCidrs} from '../../reachability/security-groups.js'
import {type GroupRule, type WorldAdmission, WORLD, internetFamilies, unresolvedPrefixLists, worldAdmissions} from '../exposure.js'
import type {MessageData} from '../../messages.js'
import {clusterSecurityGroups, parseRelease, type ReleaseVersion} from '../helpers.js'
import type {RuleContext} from '../rule.js'

/** `sg-0abc (ElasticMapReduce-master)`. */
export function groupLabel(group: SecurityGroup): string {
  return group.name && group.name !== group.id ? `${group.id} (${group.name})` : group.id
}

/** `sg-a (name), sg-b (not in the data)`: groups named in a message. */
export function groupNames(model: NetworkModel, ids: readonly string[]): string {
  return ids.map((id) => (model.securityGroups.get(id) ? groupLabel(model.securityGroups.get(id)!) : `${id} (not in the data)`)).join(', ')
}

/** The group, or stop the rule: the cluster names a group the data does not hold. */
export function requireGroup(context: RuleContext, groupId: string, role: string): SecurityGroup {
  const group = context.model.securityGroups.get(groupId)
  // With the group's id: a source that knows why this group is missing (EMR's default group, unknown before deploy) says so.
  if (!group) return context.lacking('securityGroups', `the ${role} security group ${groupId}`, groupId)
  return group
}

/** The cluster, described (its security groups are known), or stop. */
export function describedCluster(context: RuleContext): EmrCluster {
  const cluster = context.cluster()
  context.need('describeCluster', cluster.id)
  if (!cluster.described) return context.lacking('describeCluster', `the description of ${cluster.id}`, cluster.id)
  return cluster
}

/** The primary and core/task managed groups, or stop when the cluster does not name them. */
export function managedGroups(context: RuleContext, cluster: EmrCluster): {primary: SecurityGroup; core: SecurityGroup} {
  if (!cluster.managedPrimarySecurityGroupId || !cluster.managedCoreSecurityGroupId) {
    return context.lacking('describeCluster', `the EMR-managed primary and core/task security groups of ${cluster.id}`, cluster.id)
  }
  return {
    primary: requireGroup(context, cluster.managedPrimarySecurityGroupId, 'EMR-managed primary'),
    core: requireGroup(context, cluster.managedCoreSecurityGroupId, 'EMR-managed core/task'),
  }
}

/** The described cluster, its VPC and its EMR-managed primary and core/task groups, or stop: what the managed-group rules judge. */
export function clusterManagedGroups(context: RuleContext): {cluster: EmrCluster; vpc: Vpc; primary: SecurityGroup; core: SecurityGroup} {
  const cluster = describedCluster(context)
  const vpc = context.vpc()
  return {cluster, vpc, ...managedGroups(context, cluster)}
}

/**
 * What the service access rules (one per EMR release line) judge: the cluster's release, its managed groups and
 * its service access group (undefined when the cluster names none). Stops when the release label cannot be read,
 * or as not applicable with the reason `otherLine` gives for a release of the other rule's line.
 */
export function serviceAccessSetup(
  context: RuleContext,
  otherLine: (release: ReleaseVersion) => string | undefined,
): {cluster: EmrCluster; vpc: Vpc; release: ReleaseVersion; primary: SecurityGroup; core: SecurityGroup; serviceAccess?: SecurityGroup} {
  const cluster = describedCluster(context)
  const vpc = context.vpc()
  const release = parseRelease(cluster.releaseLabel)
  if (!release) return context.notEvaluated(`${cluster.id}: release label ${cluster.releaseLabel ?? '(none)'} is not one this rule can read`)
  const notThisLine = otherLine(release)
  if (notThisLine) return context.notApplicable(notThisLine)
  const {primary, core} = managedGroups(context, cluster)
  const serviceAccess = cluster.serviceAccessSecurityGroupId ? requireGroup(context, cluster.serviceAccessSecurityGroupId, 'service access') : undefined
  return {cluster, vpc, release, primary, core, ...(serviceAccess ? {serviceAccess} : {})}
}

/** The VPC's IPv4 CIDRs: the address set a peer group's members are drawn from. */
export function vpcCidrs(vpc: Vpc): string[] {
  return vpc.cidrBlocks
}

/**
 * Does the rule's peer stand for (all of) the members of `peerGroupId`: a reference to that group,
 * or a CIDR / prefix list covering every VPC CIDR?
 */
export function ruleCoversGroup(model: NetworkModel, rule: SecurityGroupRule, peerGroupId: string, vpc: Vpc): boolean {
  if (rule.peer.kind === 'security-group') return rule.peer.groupId === peerGroupId
  const cidrs = ruleCidrs(model, rule)
  const blocks = vpcCidrs(vpc)
  return blocks.length > 0 && blocks.every((block) => cidrs.some((cidr) => cidrContains(cidr, block)))
}

/** Does the rule allow every ICMP type (IpProtocol icmp with type -1, or all traffic)? */
function allIcmp(rule: SecurityGroupRule): boolean {
  if (rule.protocol === 'all') return true
  return rule.protocol === 'icmp' && (!rule.ports || rule.ports.from === -1)
}

/**
 * Does `group` allow all `protocol` traffic (all ports; every ICMP type) in `direction` to/from
 * the members of `peerGroupId`? Port ranges of several rules are joined.
 */
export function allowsAllFrom(model: NetworkModel, vpc: Vpc, group: SecurityGroup, direction: 'ingress' | 'egress', peerGroupId: string, protocol: 'tcp' | 'udp' | 'icmp' | 'all'): boolean {
  const rules = (direction === 'ingress' ? group.ingress : group.egress).filter((rule) => ruleCoversGroup(model, rule, peerGroupId, vpc))
  if (protocol === 'all') return rules.some((rule) => rule.protocol === 'all') || (['tcp', 'udp', 'icmp'] as const).every((p) => allowsAllFrom(model, vpc, group, direction, peerGroupId, p))
  if (protocol === 'icmp') return rules.some(allIcmp)
  const ranges = rules
    .filter((rule) => protocolMatches(rule.protocol, protocol))
    .map((rule) => (rule.protocol === 'all' || !rule.ports || rule.ports.from === -1 ? {from: 0, to: 65535} : rule.ports))
    .sort((a, b) => a.from - b.from)
  let next = 0
  for (const range of ranges) {
    if (range.from > next) return false
    next = Math.max(next, range.to + 1)
    if (next > 65535) return true
  }
  return next > 65535
}

/**
 * Do the groups allow TCP `port` in `direction` to/from members of `peerGroupId` (judged for every
 * address of every VPC CIDR, so an allow-all to 0.0.0.0/0 or a VPC-wide rule counts too)?
 */
export function allowsGroupPort(model: NetworkModel, vpc: Vpc, groupIds: readonly string[], direction: 'ingress' | 'egress', peerGroupId: string, port: number): boolean {
  const blocks = vpcCidrs(vpc)
  const addresses = blocks.length > 0 ? blocks : ['0.0.0.0/32']
  return addresses.every((block) => evaluateSecurityGroups(model, groupIds, direction, {addresses: block, groupIds: [peerGroupId]}, 'tcp', port).allowed)
}

/**
 * Does the rule on its own admit the whole internet of a family: 0.0.0.0/0, ::/0 (or 2000::/3),
 * or a prefix list whose entries add up to it? Returns the peer in words; undefined otherwise.
 */
export function worldPeer(model: NetworkModel, rule: SecurityGroupRule): string | undefined {
  const families = internetFamilies(ruleCidrs(model, rule))
  if (families.length === 0) return undefined
  if (rule.peer.kind === 'cidr') return rule.peer.cidr
  if (rule.peer.kind !== 'prefix-list') return undefined
  const list = model.prefixLists.get(rule.peer.prefixListId)
  return `${rule.peer.prefixListId}${list?.name ? ` (${list.name})` : ''}, whose entries cover ${families.map((family) => WORLD[family]).join(' and ')}`
}

/** The peer written short, for path labels: the CIDR or the prefix-list id. */
export function peerId(rule: SecurityGroupRule): string {
  return rule.peer.kind === 'cidr' ? rule.peer.cidr : rule.peer.kind === 'prefix-list' ? rule.peer.prefixListId : rule.peer.groupId
}

/** `sg-a ingress TCP 0-65535 from 0.0.0.0/1; sg-b …` — the rules a union is made of. */
export function unionText(rules: readonly GroupRule[]): string {
  return rules.map(({group, rule}) => `${group.id} ${openedText(rule)} from ${peerId(rule)}`).join('; ')
}

/** Admissions from the whole internet through a union of rules only (no single rule does it). */
export function unionOnly(admissions: readonly WorldAdmission[]): WorldAdmission[] {
  return admissions.filter((admission) => admission.union.length > 0)
}

/** The TCP/UDP port range a rule opens ([0, 65535] for all traffic or all ports); undefined for ICMP and others. */
export function portRange(rule: SecurityGroupRule): {from: number; to: number} | undefined {
  if (rule.protocol === 'all') return {from: 0, to: 65535}
  if (!hasPorts(rule.protocol)) return undefined
  if (!rule.ports || rule.ports.from === -1) return {from: 0, to: 65535}
  return rule.ports
}

/** `22` (a number) or `8080-8090`: a port range as finding data and path labels write it. */
export function portSpan(range: {from: number; to: number}): number | string {
  return range.from === range.to ? range.from : `${range.from}-${range.to}`
}

/** `TCP 22`, `UDP 8080-8090`, `all TCP ports`: a port range of a protocol, in words. */
export function portsOpenedText(protocol: string, range: {from: number; to: number}): string {
  const name = protocol.toUpperCase()
  return range.from === 0 && range.to === 65535 ? `all ${name} ports` : `${name} ${portSpan(range)}`
}

/** `22`, `8080-8090`, `all` — for path labels. */
export function portsText(rule: SecurityGroupRule): string {
  const range = portRange(rule)
  if (!range) return !rule.ports || rule.ports.from === -1 ? 'all' : String(rule.ports.from)
  return range.from === 0 && range.to === 65535 ? 'all' : String(portSpan(range))
}

/** A path label for a rule-level finding: `0.0.0.0/0 -> sg-0abc:22/tcp`. Keeps fingerprints distinct per rule. */
export function ruleLabel(group: SecurityGroup, rule: SecurityGroupRule, peer: string): string {
  const protocol = rule.protocol === 'all' ? 'all' : rule.protocol
  return rule.direction === 'ingress' ? `${peer} -> ${group.id}:${portsText(rule)}/${protocol}` : `${group.id} -> ${peer}:${portsText(rule)}/${protocol}`
}

/** Does the rule admit TCP `port` (protocol all counts)? */
export function coversTcpPort(rule: SecurityGroupRule, port: number): boolean {
  const range = portRange(rule)
  return (rule.protocol === 'tcp' || rule.protocol === 'all') && range !== undefined && range.from <= port && port <= range.to
}

/** Every security group attached to the primary node: managed + additional. */
export function primaryGroupIds(cluster: EmrCluster): string[] {
  return [cluster.managedPrimarySecurityGroupId, ...cluster.additionalPrimarySecurityGroupIds].filter((id): id is string => Boolean(id))
}

/** Every security group attached to core/task nodes: managed + additional. */
export function coreGroupIds(cluster: EmrCluster): string[] {
  return [cluster.managedCoreSecurityGroupId, ...cluster.additionalCoreSecurityGroupIds].filter((id): id is string => Boolean(id))
}

/** The web UIs a TCP port range reaches on these hosts. */
export function uisInRange(range: {from: number; to: number}, hosts: ReadonlySet<WebUi['host']>): WebUi[] {
  return WEB_UIS.filter((ui) => hosts.has(ui.host) && range.from <= ui.port && ui.port <= range.to)
}

/** The web UIs a rule exposes on the hosts the group is attached to. */
export function exposedUis(rule: SecurityGroupRule, hosts: ReadonlySet<WebUi['host']>): WebUi[] {
  const range = portRange(rule)
  if (!range || (rule.protocol !== 'tcp' && rule.protocol !== 'all')) return []
  return uisInRange(range, hosts)
}

/** The web UIs a finding names: in words (`YARN ResourceManager 8088, …`) and as ports. */
export function uiData(uis: readonly WebUi[]): {uis: string; uiPorts: string} {
  return {uis: uis.map((ui) => `${ui.name} ${ui.port}`).join(', '), uiPorts: uis.map((ui) => ui.port).join(', ')}
}

/** The hosts (primary, core) each of the cluster's groups is attached to; the service access group has none. */
export function groupHosts(cluster: EmrCluster): Map<string, Set<WebUi['host']>> {
  const hosts = new Map<string, Set<WebUi['host']>>()
  const add = (id: string, host: WebUi['host']): void => {
    hosts.set(id, new Set([...(hosts.get(id) ?? []), host]))
  }
  for (const id of primaryGroupIds(cluster)) add(id, 'primary')
  for (const id of coreGroupIds(cluster)) add(id, 'core')
  return hosts
}

/** The cluster's groups with their roles, stopping when one is not in the data (a partial judgement would pass silently). */
export function clusterGroupsOrStop(context: RuleContext, cluster: EmrCluster, ids: {id: string; role: string}[]): {group: SecurityGroup; role: string}[] {
  const missing = ids.filter(({id}) => !context.model.securityGroups.has(id))
  if (missing.length > 0) {
    for (const {id} of missing) context.need('securityGroups', id)
    return context.lacking('securityGroups', `security groups of ${cluster.id} (${missing.map(({id, role}) => `${id}, ${role}`).join('; ')})`)
  }
  return ids.map(({id, role}) => ({group: context.model.securityGroups.get(id)!, role}))
}

/**
 * The described cluster's security groups with their roles (`nodes`: only those attached to a node; the service
 * access group serves none) and the hosts each is attached to; stops when one is not in the data.
 */
export function clusterGroupsAndHosts(context: RuleContext, which: 'all' | 'nodes'): {cluster: EmrCluster; hosts: Map<string, Set<WebUi['host']>>; groups: {group: SecurityGroup; role: string}[]} {
  const cluster = describedCluster(context)
  const hosts = groupHosts(cluster)
  const ids = clusterSecurityGroups(cluster).filter(({id}) => which === 'all' || hosts.has(id))
  return {cluster, hosts, groups: clusterGroupsOrStop(context, cluster, ids)}
}

/** What a rule opens, in words: `TCP 22`, `all TCP ports`, `all traffic`, `ICMP (all types)`. */
export function openedText(rule: SecurityGroupRule): string {
  if (rule.protocol === 'all') return 'all traffic'
  if (!hasPorts(rule.protocol)) {
    const kind = rule.protocol.toUpperCase()
    return !rule.ports || rule.ports.from === -1 ? `${kind} (all types)` : `${kind} type ${rule.ports.from}`
  }
  return portsOpenedText(rule.protocol, portRange(rule)!)
}

/** Why a rule cannot judge rules naming prefix lists whose entries are not in the data (the source's reason per list). */
/**
 * Stop: the rule cannot judge rules that name these prefix lists without their entries. A list whose
 * entries the source lacks stops with that dataset's record of why (a file, a denied action).
 */
export function stopForPrefixLists(context: RuleContext, ids: readonly string[]): never {
  for (const id of ids) context.need('managedPrefixListEntries', id)
  return context.lacking('managedPrefixListEntries', `the entries of prefix list${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`)
}

/** With nothing reported: rules naming prefix lists whose entries are unknown leave the verdict unknown, so stop. */
export function stopWhenPrefixListsUnknown(context: RuleContext, groups: readonly SecurityGroup[]): void {
  const unknown = unresolvedPrefixLists(context.model, groups)
  if (unknown.length > 0) stopForPrefixLists(context, unknown)
}

/** Whose groups a finding names: per group (its role, its owner) and for the groups together. */
export interface GroupsOwner {
  ofGroup: (group: SecurityGroup) => MessageData
  together: MessageData
  groupIds: readonly string[]
}

/**
 * Reports TCP 22 admitted from the whole internet by `groups`: per rule that does it alone (`single`), and per
 * family where only several rules together do (`union`). With nothing to report, stops when a prefix list's
 * entries are unknown.
 */
export function reportSshFromWorld<MessageId extends string>(
  context: RuleContext<MessageId>,
  groups: readonly SecurityGroup[],
  owner: GroupsOwner,
  messages: {single: {messageId: MessageId}; union: {messageId: MessageId}},
): void {
  const {singles, unions} = worldOnTcpPort(context.model, groups, 22)
  for (const {group, rule, peer} of singles) {
    context.report({
      resourceId: group.id,
      ...messages.single,
      data: {group: groupLabel(group), groupId: group.id, ...owner.ofGroup(group), opened: openedText(rule), peer, cidr: peerId(rule), port: 22},
      pathLabel: ruleLabel(group, rule, peerId(rule)),
      origin: rule.origin,
    })
  }
  for (const {family, union} of unions) {
    context.report({
      resourceId: union[0]!.group.id,
      ...messages.union,
      data: {...owner.together, groupIds: owner.groupIds.join(', '), groupId: union[0]!.group.id, cidr: WORLD[family], rules: unionText(union), port: 22},
      pathLabel: `${WORLD[family]} -> ${owner.groupIds.join('+')}:22/tcp`,
      origin: union[0]!.rule.origin,
    })
  }
  if (singles.length === 0 && unions.length === 0) stopWhenPrefixListsUnknown(context, groups)
}

/**
 * How `groups` admit TCP `port` from the whole internet: rules that do it alone (with the peer in
 * words), and per family the rules that only together do it.
 */
export function worldOnTcpPort(model: NetworkModel, groups: readonly SecurityGroup[], port: number): {singles: (GroupRule & {peer: string})[]; unions: WorldAdmission[]} {
  const singles = groups.flatMap((group) =>
    group.ingress.flatMap((rule) => {
      const peer = coversTcpPort(rule, port) ? worldPeer(model, rule) : undefined
      return peer ? [{group, rule, peer}] : []
    }),
  )
  return {singles, unions: unionOnly(worldAdmissions(model, groups, 'tcp', port))}
}

/** The rule's protocol and ports as the EC2 API writes them (`-1` for all; ICMP type in the port fields). */
export function ruleParams(rule: SecurityGroupRule): {protocol: string; port: number | string; fromPort: number; toPort: number} {
  const range = portRange(rule)
  const protocol = rule.protocol === 'all' ? '-1' : rule.protocol
  if (range) return {protocol, port: portSpan(range), fromPort: range.from, toPort: range.to}
  const from = rule.ports?.from ?? -1
  const to = rule.ports?.to ?? -1
  return {protocol, port: from, fromPort: from, toPort: to}
}
