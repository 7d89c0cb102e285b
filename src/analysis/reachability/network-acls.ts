/**
 * Network ACLs are stateless and ordered: for each packet the lowest-numbered matching entry
 * decides, and the implicit final entry denies. A remote side given as a set of addresses and a
 * return path on a port range are judged for every address and port (boxes), so the ACL says
 * exactly which addresses it lets through and which entry stops the rest.
 */
import {hasPorts, protocolMatches} from '../../model/protocol.js'
import type {NetworkAcl, NetworkAclEntry, PortRange, Protocol} from '../../model/types.js'
import {type AddressSet, type Box, formatInterval, formatPorts, intersectBox, intervalOf, normalizeSet, subtract, subtractBox} from './address-set.js'

export interface AclDecision {
  allowed: boolean
  /** The entry that allowed (first one used) or denied; undefined for the implicit deny. */
  entry?: NetworkAclEntry
  /** For a deny: which addresses and ports were denied, in words. */
  denied?: string
}

export interface AclDenial {
  /** undefined: the implicit final deny. */
  entry?: NetworkAclEntry
  addresses: AddressSet
  /** The first denied box, in words. */
  text: string
}

export interface AclSetDecision {
  /** Remote addresses for which every port asked for is allowed. */
  allowed: AddressSet
  /** Entries that allowed some of the traffic, in rule order. */
  allowedBy: NetworkAclEntry[]
  /** Entries (or the implicit deny) that denied some, in rule order. */
  denials: AclDenial[]
}

const ALL_PORTS: PortRange = {from: 0, to: 65535}

export function evaluateNetworkAclSet(
  acl: NetworkAcl,
  egress: boolean,
  protocol: Protocol,
  /** The remote side: sources for inbound entries, destinations for outbound ones. */
  addresses: AddressSet,
  ports: PortRange | undefined,
): AclSetDecision {
  let remaining: Box[] = addresses.map((interval) => ({addresses: interval, ports: ports ?? ALL_PORTS}))
  const allowedBy: NetworkAclEntry[] = []
  const denials: AclDenial[] = []
  for (const entry of acl.entries) {
    if (remaining.length === 0) break
    if (entry.egress !== egress || !protocolMatches(entry.protocol, protocol)) continue
    const entryPorts = hasPorts(entry.protocol) && entry.ports ? entry.ports : ALL_PORTS
    const boxes = [entry.cidr, entry.ipv6Cidr].flatMap((text) => (text ? (intervalOf(text) ?? []) : [])).map((interval): Box => ({addresses: interval, ports: entryPorts}))
    for (const entryBox of boxes) {
      const next: Box[] = []
      const hit: Box[] = []
      for (const box of remaining) {
        const overlap = intersectBox(box, entryBox)
        if (!overlap) {
          next.push(box)
          continue
        }
        hit.push(overlap)
        next.push(...subtractBox(box, overlap))
      }
      remaining = next
      if (hit.length === 0) continue
      if (entry.action === 'deny') {
        denials.push({entry, addresses: normalizeSet(hit.map((box) => box.addresses)), text: `${formatInterval(hit[0]!.addresses)} ${formatPorts(hit[0]!.ports)}`})
      } else if (!allowedBy.includes(entry)) {
        allowedBy.push(entry)
      }
    }
  }
  if (remaining.length > 0) {
    denials.push({addresses: normalizeSet(remaining.map((box) => box.addresses)), text: `${formatInterval(remaining[0]!.addresses)} ${formatPorts(remaining[0]!.ports)}`})
  }
  // An address is let through only when every port asked for is: one denied port is a failed connection.
  const denied = normalizeSet(denials.flatMap((denial) => denial.addresses))
  return {allowed: subtract(addresses, denied), allowedBy, denials}
}

/** One remote CIDR or address, all or nothing (the audit rules' question). */
export function evaluateNetworkAcl(acl: NetworkAcl, egress: boolean, protocol: Protocol, addresses: string, ports: PortRange | undefined): AclDecision {
  const target = intervalOf(addresses)
  if (!target) return {allowed: false, denied: `unparseable address ${addresses}`}
  const decision = evaluateNetworkAclSet(acl, egress, protocol, [target], ports)
  const denial = decision.denials[0]
  if (denial) return {allowed: false, entry: denial.entry, denied: denial.text}
  return {allowed: true, entry: decision.allowedBy[0]}
}

export function describeEntry(entry: NetworkAclEntry | undefined): string {
  if (!entry) return 'the implicit final deny (*)'
  const number = entry.ruleNumber === 32767 ? '*' : String(entry.ruleNumber)
  const protocol = entry.protocol === 'all' ? 'all traffic' : entry.protocol.toUpperCase()
  const ports = entry.ports && hasPorts(entry.protocol) ? ` ${formatPorts(entry.ports)}` : ''
  return `rule ${number} (${entry.action} ${protocol}${ports} ${entry.egress ? 'to' : 'from'} ${entry.cidr ?? entry.ipv6Cidr})`
}
