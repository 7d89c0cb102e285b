/**
 * "Open to the world" judged the way AWS forwards traffic: over the union of everything that
 * admits a port, not rule by rule. Two /1 rules, or a prefix list whose entries add up, open a
 * port to the world as surely as one 0.0.0.0/0 rule; for network ACLs the first matching entry
 * decides, so the set of sources an ACL actually allows is computed in rule-number order.
 *
 * The internet is the set of addresses an internet gateway delivers traffic from: public unicast
 * addresses. RFC 1918, loopback, link-local, CGNAT (RFC 6598), documentation, benchmarking,
 * multicast and reserved ranges never arrive from it, so a union that leaves only those out (for
 * example an anti-spoofing NACL that denies 10.0.0.0/8 before allowing 0.0.0.0/0) is still open
 * to the whole internet.
 */
import {ANY_IPV4, ANY_IPV6} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import {hasPorts, protocolMatches} from '../../model/protocol.js'
import type {NetworkAcl, NetworkAclEntry, PortRange, Protocol, SecurityGroup, SecurityGroupRule} from '../../model/types.js'
import {PUBLIC_INTERNET, type Interval, covers, intersect, intervalOf, subtract} from '../reachability/address-set.js'
import {portInRule, ruleCidrs} from '../reachability/security-groups.js'

export type Family = 4 | 6

/** The internet per family as sorted intervals: the engine's one definition (address-set.ts). */
const INTERNET: Record<Family, Interval[]> = {4: [...PUBLIC_INTERNET[4]], 6: [...PUBLIC_INTERNET[6]]}

/** How the whole internet of a family is written in rules and messages. */
export const WORLD: Record<Family, string> = {4: ANY_IPV4, 6: ANY_IPV6}

/** Does the union of `parts` hold every internet address of the family? */
export function coversInternet(parts: Interval[], family: Family): boolean {
  const mine = parts.filter((part) => part.version === family)
  return mine.length > 0 && INTERNET[family].every((range) => covers(mine, range))
}

/** The families whose whole internet the union of these CIDRs covers. */
export function internetFamilies(cidrs: readonly string[]): Family[] {
  const parts = cidrs.flatMap((text) => intervalOf(text) ?? [])
  return ([4, 6] as const).filter((family) => coversInternet(parts, family))
}

/** Does the CIDR hold only addresses that can arrive from the internet (no private or reserved part)? */
export function onlyInternet(text: string): boolean {
  const interval = intervalOf(text)
  if (!interval) return false
  return INTERNET[interval.version].some((range) => covers([range], interval))
}

// ---------------------------------------------------------------------------------------------
// Security groups

export interface GroupRule {
  group: SecurityGroup
  rule: SecurityGroupRule
}

/** A way the groups admit a port from the whole internet of one family. */
export interface WorldAdmission {
  family: Family
  /** One rule admits the whole internet on its own (0.0.0.0/0, ::/0, or a prefix list that adds up to it). */
  single: GroupRule[]
  /** Otherwise: the rules whose union admits it (empty when `single` is not). */
  union: GroupRule[]
}

/**
 * For `protocol`/`port` (port undefined: any rule of the protocol), per family: the ingress rules
 * of `groups` (CIDRs and prefix-list entries) that admit the whole internet, alone or together.
 */
export function worldAdmissions(model: NetworkModel, groups: readonly SecurityGroup[], protocol: Protocol, port: number | undefined): WorldAdmission[] {
  const admitting: {ref: GroupRule; parts: Interval[]}[] = []
  for (const group of groups) {
    for (const rule of group.ingress) {
      if (rule.peer.kind === 'security-group' || !portInRule(rule, protocol, port)) continue
      const parts = ruleCidrs(model, rule).flatMap((text) => intervalOf(text) ?? [])
      if (parts.length > 0) admitting.push({ref: {group, rule}, parts})
    }
  }
  const result: WorldAdmission[] = []
  for (const family of [4, 6] as const) {
    const single = admitting.filter(({parts}) => coversInternet(parts, family)).map(({ref}) => ref)
    if (single.length > 0) {
      result.push({family, single, union: []})
      continue
    }
    const contributing = admitting.filter(({parts}) => parts.some((part) => part.version === family && INTERNET[family].some((range) => range.first <= part.last && part.first <= range.last)))
    if (
      coversInternet(
        contributing.flatMap(({parts}) => parts),
        family,
      )
    )
      result.push({family, single: [], union: contributing.map(({ref}) => ref)})
  }
  return result
}

/** A port range the groups open to the whole internet only through a union of rules. */
export interface UnionExposure {
  family: Family
  protocol: 'tcp' | 'udp'
  ports: PortRange
  rules: GroupRule[]
}

/**
 * The TCP and UDP port ranges that `groups` together open to the whole internet although no
 * single rule does (those are reported rule by rule). Adjacent ports opened by the same rules merge.
 */
export function unionExposures(model: NetworkModel, groups: readonly SecurityGroup[]): UnionExposure[] {
  const found: UnionExposure[] = []
  for (const protocol of ['tcp', 'udp'] as const) {
    const bounds = new Set<number>([0, 65536])
    for (const group of groups) {
      for (const rule of group.ingress) {
        if (!protocolMatches(rule.protocol, protocol)) continue
        const ports = rule.protocol === 'all' || !hasPorts(rule.protocol) || !rule.ports || rule.ports.from === -1 ? {from: 0, to: 65535} : rule.ports
        bounds.add(ports.from)
        bounds.add(ports.to + 1)
      }
    }
    const edges = [...bounds].filter((edge) => edge >= 0 && edge <= 65536).sort((a, b) => a - b)
    for (let index = 0; index + 1 < edges.length; index++) {
      const ports = {from: edges[index]!, to: edges[index + 1]! - 1}
      for (const admission of worldAdmissions(model, groups, protocol, ports.from)) {
        if (admission.union.length === 0) continue
        const key = admission.union.map(({group, rule}) => `${group.id}/${group.ingress.indexOf(rule)}`).join(',')
        const last = found[found.length - 1]
        const lastKey = last?.rules.map(({group, rule}) => `${group.id}/${group.ingress.indexOf(rule)}`).join(',')
        if (last && last.protocol === protocol && last.family === admission.family && lastKey === key && last.ports.to + 1 === ports.from) last.ports = {from: last.ports.from, to: ports.to}
        else found.push({family: admission.family, protocol, ports, rules: admission.union})
      }
    }
  }
  return found
}

/** Customer-managed prefix lists the groups' rules name but the data does not hold: their entries are unknown. */
export function unresolvedPrefixLists(model: NetworkModel, groups: readonly SecurityGroup[], direction: 'ingress' | 'egress' = 'ingress'): string[] {
  const ids = new Set<string>()
  for (const group of groups) {
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (rule.peer.kind === 'prefix-list' && !model.prefixLists.has(rule.peer.prefixListId)) ids.add(rule.peer.prefixListId)
    }
  }
  return [...ids]
}

// ---------------------------------------------------------------------------------------------
// Network ACLs

/** The entries that decide, in order, for inbound `protocol`/`port` from the internet of one family. */
export interface AclWorldAllowance {
  family: Family
  /** The allow entries that let internet sources in (in rule-number order). */
  allows: NetworkAclEntry[]
}

/**
 * Does the ACL let the whole internet of a family in on `protocol`/`port`? First match by rule
 * number: an allow counts only for the sources no earlier entry matched. Deny entries for
 * non-internet sources (anti-spoofing) do not make a world-open port closed.
 */
export function aclWorldAllowances(acl: NetworkAcl, protocol: Protocol, port: number): AclWorldAllowance[] {
  const result: AclWorldAllowance[] = []
  for (const family of [4, 6] as const) {
    let undecided: Interval[] = INTERNET[family]
    const allowed: Interval[] = []
    const allows: NetworkAclEntry[] = []
    for (const entry of acl.entries) {
      if (entry.egress || !protocolMatches(entry.protocol, protocol)) continue
      if (hasPorts(entry.protocol) && entry.ports && (port < entry.ports.from || port > entry.ports.to)) continue
      const text = family === 4 ? entry.cidr : entry.ipv6Cidr
      const interval = text ? intervalOf(text) : undefined
      if (!interval || interval.version !== family) continue
      const matched = [...intersect(undecided, [interval])]
      if (matched.length === 0) continue
      if (entry.action === 'allow') {
        allowed.push(...matched)
        allows.push(entry)
      }
      undecided = [...subtract(undecided, [interval])]
      if (undecided.length === 0) break
    }
    if (allows.length > 0 && coversInternet(allowed, family)) result.push({family, allows})
  }
  return result
}
