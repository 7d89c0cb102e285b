/**
 * Security groups are stateful allow-lists: traffic is allowed when any rule of any attached
 * group covers it (the most permissive rule wins). Return traffic is always allowed.
 */
import {hasPorts, protocolMatches} from '../../model/protocol.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Protocol, SecurityGroup, SecurityGroupRule} from '../../model/types.js'
import {type AddressSet, intersect, sameSet, setOf, subtract, union} from './address-set.js'
import {incompleteness} from './completeness.js'

/** The other side of the traffic, as a security group sees it. */
export interface Peer {
  /** The peer's addresses (an interface's address, or a whole CIDR judged universally). */
  addresses: string
  /** Security groups of the peer's network interface, when the peer is one. */
  groupIds: readonly string[]
}

export interface GroupDecision {
  allowed: boolean
  /** Rules that matched, with their group (at most a few, for the explanation). */
  matched: {group: SecurityGroup; rule: SecurityGroupRule}[]
  /** Attached group ids not found in the model. */
  unknownGroups: string[]
}

export function portInRule(rule: SecurityGroupRule, protocol: Protocol, port: number | undefined): boolean {
  if (!protocolMatches(rule.protocol, protocol)) return false
  if (rule.protocol === 'all' || !hasPorts(rule.protocol) || port === undefined || !rule.ports) return true
  // AWS writes "all ports" as -1 or 0-65535.
  if (rule.ports.from === -1) return true
  return rule.ports.from <= port && port <= rule.ports.to
}

/** CIDRs a rule's peer stands for: its CIDR, or a prefix list's entries. */
export function ruleCidrs(model: NetworkModel, rule: SecurityGroupRule): string[] {
  if (rule.peer.kind === 'cidr') return [rule.peer.cidr]
  if (rule.peer.kind === 'prefix-list') return model.prefixLists.get(rule.peer.prefixListId)?.cidrs ?? []
  return []
}

export interface GroupSetDecision {
  /** Peer addresses some rule admits. */
  allowed: AddressSet
  /** Peer addresses a rule might admit, but the data cannot tell (a prefix list whose entries are missing). */
  unknown: AddressSet
  /** Rules that admitted some of the traffic, with their group. */
  matched: {group: SecurityGroup; rule: SecurityGroupRule}[]
  /** Attached group ids not found in the model. */
  unknownGroups: string[]
  /** Prefix lists named by a matching rule whose entries are not in the data. */
  unknownPrefixLists: string[]
  /** Why attached groups may lack rules (one entry per cause, see `incompleteness`): a missing rule may admit more. */
  incomplete: string[]
}

/**
 * The peer addresses the attached groups admit: the union over every rule of every group. A rule
 * naming a security group matches only a peer interface that carries that group (`peer.groupIds`);
 * traffic from outside the VPC, or that arrives through a public IP, carries none.
 */
export function evaluateSecurityGroupsSet(
  model: NetworkModel,
  groupIds: readonly string[],
  direction: 'ingress' | 'egress',
  peer: {addresses: AddressSet; groupIds: readonly string[]},
  protocol: Protocol,
  port: number | undefined,
): GroupSetDecision {
  const matched: GroupSetDecision['matched'] = []
  const unknownGroups: string[] = []
  const unknownPrefixLists: string[] = []
  const incomplete: string[] = []
  const admitted: AddressSet[] = []
  for (const groupId of groupIds) {
    const group = model.securityGroups.get(groupId)
    if (!group) {
      unknownGroups.push(groupId)
      continue
    }
    // Rules only allow: a rule the data lacks can admit more, never less.
    const lacking = incompleteness(model, 'securityGroups', groupId)
    if (lacking && !incomplete.includes(lacking)) incomplete.push(lacking)
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (!portInRule(rule, protocol, port)) continue
      if (rule.peer.kind === 'security-group') {
        if (peer.groupIds.includes(rule.peer.groupId)) {
          matched.push({group, rule})
          admitted.push(peer.addresses)
        }
        continue
      }
      if (rule.peer.kind === 'prefix-list' && !model.prefixLists.has(rule.peer.prefixListId)) {
        if (!unknownPrefixLists.includes(rule.peer.prefixListId)) unknownPrefixLists.push(rule.peer.prefixListId)
        continue
      }
      const overlap = intersect(peer.addresses, setOf(...ruleCidrs(model, rule)))
      if (overlap.length > 0) {
        matched.push({group, rule})
        admitted.push(overlap)
      }
    }
  }
  const allowed = union(...admitted)
  const undecided = unknownGroups.length > 0 || unknownPrefixLists.length > 0 || incomplete.length > 0
  return {allowed, unknown: undecided ? subtract(peer.addresses, allowed) : [], matched, unknownGroups, unknownPrefixLists, incomplete}
}

/** One peer (an address, or a CIDR judged for every address in it), all or nothing: the audit rules' question. */
export function evaluateSecurityGroups(model: NetworkModel, groupIds: readonly string[], direction: 'ingress' | 'egress', peer: Peer, protocol: Protocol, port: number | undefined): GroupDecision {
  const target = setOf(peer.addresses)
  const decision = evaluateSecurityGroupsSet(model, groupIds, direction, {addresses: target, groupIds: peer.groupIds}, protocol, port)
  const byReference = decision.matched.some(({rule}) => rule.peer.kind === 'security-group')
  const allowed = target.length > 0 ? sameSet(decision.allowed, target) : byReference
  return {allowed, matched: allowed ? decision.matched.slice(0, 3) : [], unknownGroups: decision.unknownGroups}
}

export function describeRule(rule: SecurityGroupRule): string {
  const protocol = rule.protocol === 'all' ? 'all traffic' : rule.protocol.toUpperCase()
  const ports = rule.protocol === 'all' || !rule.ports || rule.ports.from === -1 ? '' : rule.ports.from === rule.ports.to ? ` ${rule.ports.from}` : ` ${rule.ports.from}-${rule.ports.to}`
  const peer = rule.peer.kind === 'cidr' ? rule.peer.cidr : rule.peer.kind === 'security-group' ? rule.peer.groupId : rule.peer.prefixListId
  return `${rule.direction} ${protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}`
}
