/** IP protocols as AWS writes them ("-1", "tcp", "6", "udp", "17", "icmp", "1", "58", …) normalised. */
import type {Protocol} from './types.js'

const BY_NUMBER: Record<string, Protocol> = {'-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6'}

export function normalizeProtocol(raw: string): Protocol {
  const lower = raw.trim().toLowerCase()
  if (lower === 'all') return 'all'
  return BY_NUMBER[lower] ?? lower
}

/** Does a rule for `ruleProtocol` cover traffic of `protocol`? */
export function protocolMatches(ruleProtocol: Protocol, protocol: Protocol): boolean {
  return ruleProtocol === 'all' || ruleProtocol === protocol
}

/** Protocols that carry ports: only for these do port ranges restrict a rule. */
export function hasPorts(protocol: Protocol): boolean {
  return protocol === 'tcp' || protocol === 'udp'
}
