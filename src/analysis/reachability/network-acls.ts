/**
 * Network ACLs are stateless and ordered: for each packet the lowest-numbered matching entry
 * decides, and the implicit final entry denies. A source given as a CIDR and a return path on a
 * port range are judged for every address and port (boxes), so partial denies are found.
 */
import {hasPorts, protocolMatches} from '../../model/protocol.js'
import type {NetworkAcl, NetworkAclEntry, PortRange, Protocol} from '../../model/types.js'
import {Box, formatInterval, formatPorts, intersectBox, intervalOf, subtractBox} from './address-set.js'

export interface AclDecision {
  allowed: boolean
  /** The entry that allowed (first one used) or denied; undefined for the implicit deny. */
  entry?: NetworkAclEntry
  /** For a deny: which addresses and ports were denied, in words. */
  denied?: string
}

const ALL_PORTS: PortRange = {from: 0, to: 65535}

export function evaluateNetworkAcl(
  acl: NetworkAcl,
  egress: boolean,
  protocol: Protocol,
  /** The remote side: source for inbound entries, destination for outbound ones. */
  addresses: string,
  ports: PortRange | undefined,
): AclDecision {
  const target = intervalOf(addresses)
  if (!target) return {allowed: false, denied: `unparseable address ${addresses}`}
  let remaining: Box[] = [{addresses: target, ports: ports ?? ALL_PORTS}]
  let firstAllow: NetworkAclEntry | undefined
  for (const entry of acl.entries) {
    if (entry.egress !== egress || !protocolMatches(entry.protocol, protocol)) continue
    const entryCidr = target.version === 4 ? entry.cidr : entry.ipv6Cidr
    if (!entryCidr) continue
    const interval = intervalOf(entryCidr)
    if (!interval) continue
    const entryPorts = hasPorts(entry.protocol) && entry.ports ? entry.ports : ALL_PORTS
    const entryBox: Box = {addresses: interval, ports: entryPorts}
    const next: Box[] = []
    for (const box of remaining) {
      const overlap = intersectBox(box, entryBox)
      if (!overlap) {
        next.push(box)
        continue
      }
      if (entry.action === 'deny') {
        return {allowed: false, entry, denied: `${formatInterval(overlap.addresses)} ${formatPorts(overlap.ports)}`}
      }
      firstAllow ??= entry
      next.push(...subtractBox(box, overlap))
    }
    remaining = next
    if (remaining.length === 0) return {allowed: true, entry: firstAllow}
  }
  const rest = remaining[0]!
  return {allowed: false, denied: `${formatInterval(rest.addresses)} ${formatPorts(rest.ports)}`}
}

export function describeEntry(entry: NetworkAclEntry | undefined): string {
  if (!entry) return 'the implicit final deny (*)'
  const number = entry.ruleNumber === 32767 ? '*' : String(entry.ruleNumber)
  const protocol = entry.protocol === 'all' ? 'all traffic' : entry.protocol.toUpperCase()
  const ports = entry.ports && hasPorts(entry.protocol) ? ` ${formatPorts(entry.ports)}` : ''
  return `rule ${number} (${entry.action} ${protocol}${ports} ${entry.egress ? 'to' : 'from'} ${entry.cidr ?? entry.ipv6Cidr})`
}
