/**
 * Security groups are stateful allow-lists: traffic is allowed when any rule of any attached
 * group covers it (the most permissive rule wins). Return traffic is always allowed.
 */
import {hasPorts, protocolMatches} from '../../model/protocol.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Protocol, SecurityGroup, SecurityGroupRule} from '../../model/types.js'
import {Interval, covers, intervalOf} from './address-set.js'

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

export function evaluateSecurityGroups(
  model: NetworkModel,
  groupIds: readonly string[],
  direction: 'ingress' | 'egress',
  peer: Peer,
  protocol: Protocol,
  port: number | undefined,
): GroupDecision {
  const target = intervalOf(peer.addresses)
  const matched: GroupDecision['matched'] = []
  const unknownGroups: string[] = []
  const partial: Interval[] = []
  const partialRules: GroupDecision['matched'] = []
  for (const groupId of groupIds) {
    const group = model.securityGroups.get(groupId)
    if (!group) {
      unknownGroups.push(groupId)
      continue
    }
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (!portInRule(rule, protocol, port)) continue
      if (rule.peer.kind === 'security-group') {
        if (peer.groupIds.includes(rule.peer.groupId)) matched.push({group, rule})
        continue
      }
      for (const text of ruleCidrs(model, rule)) {
        const interval = intervalOf(text)
        if (!interval || !target) continue
        if (covers([interval], target)) matched.push({group, rule})
        else if (interval.version === target.version && interval.first <= target.last && target.first <= interval.last) {
          partial.push(interval)
          partialRules.push({group, rule})
        }
      }
    }
  }
  if (matched.length === 0 && target && partial.length > 0 && covers(partial, target)) matched.push(...partialRules)
  return {allowed: matched.length > 0, matched: matched.slice(0, 3), unknownGroups}
}

export function describeRule(rule: SecurityGroupRule): string {
  const protocol = rule.protocol === 'all' ? 'all traffic' : rule.protocol.toUpperCase()
  const ports =
    rule.protocol === 'all' || !rule.ports || rule.ports.from === -1
      ? ''
      : rule.ports.from === rule.ports.to
        ? ` ${rule.ports.from}`
        : ` ${rule.ports.from}-${rule.ports.to}`
  const peer =
    rule.peer.kind === 'cidr' ? rule.peer.cidr : rule.peer.kind === 'security-group' ? rule.peer.groupId : rule.peer.prefixListId
  return `${rule.direction} ${protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}`
}
