/**
 * Sets of IPv4/IPv6 addresses as sorted, merged intervals, and two-dimensional boxes
 * (addresses × ports) for stateless NACL evaluation. Sources given as CIDRs are judged
 * universally: "every address in 203.0.113.0/24 can reach…", so coverage needs interval math.
 */
import {cidr} from '../../model/ip.js'
import type {PortRange} from '../../model/types.js'

export interface Interval {
  version: 4 | 6
  first: bigint
  last: bigint
}

export function intervalOf(text: string): Interval | undefined {
  const parsed = cidr(text)
  return parsed ? {version: parsed.version, first: parsed.first, last: parsed.last} : undefined
}

/** Is `target` entirely covered by the union of `parts`? */
export function covers(parts: Interval[], target: Interval): boolean {
  const relevant = parts
    .filter((part) => part.version === target.version && part.last >= target.first && part.first <= target.last)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
  let next = target.first
  for (const part of relevant) {
    if (part.first > next) return false
    if (part.last >= next) next = part.last + 1n
    if (next > target.last) return true
  }
  return next > target.last
}

export interface Box {
  addresses: Interval
  ports: PortRange
}

function intersectRange(a: PortRange, b: PortRange): PortRange | undefined {
  const from = Math.max(a.from, b.from)
  const to = Math.min(a.to, b.to)
  return from <= to ? {from, to} : undefined
}

export function intersectBox(a: Box, b: Box): Box | undefined {
  if (a.addresses.version !== b.addresses.version) return undefined
  const first = a.addresses.first > b.addresses.first ? a.addresses.first : b.addresses.first
  const last = a.addresses.last < b.addresses.last ? a.addresses.last : b.addresses.last
  if (first > last) return undefined
  const ports = intersectRange(a.ports, b.ports)
  return ports ? {addresses: {version: a.addresses.version, first, last}, ports} : undefined
}

/** `box` minus `cut` (which must lie inside `box`): at most four boxes. */
export function subtractBox(box: Box, cut: Box): Box[] {
  const pieces: Box[] = []
  const {version} = box.addresses
  if (box.addresses.first < cut.addresses.first) {
    pieces.push({addresses: {version, first: box.addresses.first, last: cut.addresses.first - 1n}, ports: box.ports})
  }
  if (cut.addresses.last < box.addresses.last) {
    pieces.push({addresses: {version, first: cut.addresses.last + 1n, last: box.addresses.last}, ports: box.ports})
  }
  const middle = {version, first: cut.addresses.first, last: cut.addresses.last}
  if (box.ports.from < cut.ports.from) pieces.push({addresses: middle, ports: {from: box.ports.from, to: cut.ports.from - 1}})
  if (cut.ports.to < box.ports.to) pieces.push({addresses: middle, ports: {from: cut.ports.to + 1, to: box.ports.to}})
  return pieces
}

export function formatInterval(interval: Interval): string {
  if (interval.version === 4) {
    const toText = (value: bigint): string => {
      const n = Number(value)
      return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
    }
    // Print as a CIDR when it is one.
    const size = interval.last - interval.first + 1n
    const bits = size.toString(2).length - 1
    if (size === 1n << BigInt(bits) && interval.first % size === 0n) return `${toText(interval.first)}/${32 - bits}`
    return `${toText(interval.first)}-${toText(interval.last)}`
  }
  return `${interval.first.toString(16)}-${interval.last.toString(16)}`
}

export function formatPorts(ports: PortRange): string {
  if (ports.from === 0 && ports.to === 65535) return 'all ports'
  return ports.from === ports.to ? `port ${ports.from}` : `ports ${ports.from}-${ports.to}`
}
