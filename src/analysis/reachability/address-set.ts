/**
 * Sets of IPv4/IPv6 addresses as sorted, merged intervals, and two-dimensional boxes
 * (addresses × ports) for stateless NACL evaluation. Sources given as CIDRs are judged
 * universally: "every address in 203.0.113.0/24 can reach…", so coverage needs interval math.
 */
import {ANY_IPV4, GLOBAL_UNICAST_IPV6, NON_ROUTABLE, NOT_ANNOUNCED, cidr} from '../../model/ip.js'
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

/** An interval as a CIDR when it is one, else as first-last. */
export function formatInterval(interval: Interval): string {
  const blocks = cidrBlocks(interval)
  if (blocks.length === 1) return blockText(blocks[0]!)
  return `${addressText(interval.version, interval.first)}-${addressText(interval.version, interval.last)}`
}

export function formatPorts(ports: PortRange): string {
  if (ports.from === 0 && ports.to === 65535) return 'all ports'
  return ports.from === ports.to ? `port ${ports.from}` : `ports ${ports.from}-${ports.to}`
}

/**
 * A set of addresses of either family: sorted (IPv4 first), disjoint, merged intervals. The
 * engine carries the source (or destination) range through every hop as one of these, so each
 * hop can say which part of the range it lets through.
 */
export type AddressSet = readonly Interval[]

export const EMPTY: AddressSet = []

function compare(a: Interval, b: Interval): number {
  if (a.version !== b.version) return a.version - b.version
  return a.first < b.first ? -1 : a.first > b.first ? 1 : 0
}

export function normalizeSet(intervals: Iterable<Interval>): AddressSet {
  const sorted = [...intervals].sort(compare)
  const merged: Interval[] = []
  for (const next of sorted) {
    const last = merged.at(-1)
    if (last && last.version === next.version && next.first <= last.last + 1n) {
      if (next.last > last.last) merged[merged.length - 1] = {...last, last: next.last}
    } else {
      merged.push({...next})
    }
  }
  return merged
}

/** The set of some CIDRs or addresses; unparseable text is ignored (callers validate input). */
export function setOf(...texts: string[]): AddressSet {
  return normalizeSet(texts.flatMap((text) => intervalOf(text) ?? []))
}

export function union(...sets: AddressSet[]): AddressSet {
  return normalizeSet(sets.flat())
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  const out: Interval[] = []
  for (const x of a) {
    for (const y of b) {
      if (x.version !== y.version) continue
      const first = x.first > y.first ? x.first : y.first
      const last = x.last < y.last ? x.last : y.last
      if (first <= last) out.push({version: x.version, first, last})
    }
  }
  return normalizeSet(out)
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  let pieces: Interval[] = [...a]
  for (const cut of b) {
    const next: Interval[] = []
    for (const piece of pieces) {
      if (piece.version !== cut.version || cut.last < piece.first || cut.first > piece.last) {
        next.push(piece)
        continue
      }
      if (piece.first < cut.first) next.push({version: piece.version, first: piece.first, last: cut.first - 1n})
      if (cut.last < piece.last) next.push({version: piece.version, first: cut.last + 1n, last: piece.last})
    }
    pieces = next
  }
  return normalizeSet(pieces)
}

export function isEmpty(set: AddressSet): boolean {
  return set.length === 0
}

export function sameSet(a: AddressSet, b: AddressSet): boolean {
  return a.length === b.length && a.every((x, i) => x.version === b[i]!.version && x.first === b[i]!.first && x.last === b[i]!.last)
}

export function family(set: AddressSet, version: 4 | 6): AddressSet {
  return set.filter((interval) => interval.version === version)
}

export function setSize(set: AddressSet): bigint {
  return set.reduce((total, interval) => total + interval.last - interval.first + 1n, 0n)
}

/** The largest CIDR blocks that make up an interval, in order. */
function cidrBlocks(interval: Interval): Interval[] {
  const bits = interval.version === 4 ? 32 : 128
  const blocks: Interval[] = []
  let first = interval.first
  while (first <= interval.last) {
    let size = 1n
    // Grow while aligned and inside the interval.
    while (size < 1n << BigInt(bits) && first % (size * 2n) === 0n && first + size * 2n - 1n <= interval.last) size *= 2n
    blocks.push({version: interval.version, first, last: first + size - 1n})
    first += size
  }
  return blocks
}

function addressText(version: 4 | 6, value: bigint): string {
  if (version === 4) {
    const n = Number(value)
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
  }
  const groups: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16))
  // Compress the longest run of zero groups, as RFC 5952 does.
  let bestStart = -1
  let bestLength = 0
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > bestLength && j - i > 1) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  if (bestStart < 0) return groups.join(':')
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`
}

function blockText(block: Interval): string {
  const bits = block.version === 4 ? 32 : 128
  const size = block.last - block.first + 1n
  const prefix = bits - (size.toString(2).length - 1)
  return `${addressText(block.version, block.first)}/${prefix}`
}

/** The set as CIDR blocks (each interval split into the fewest blocks), for reports and JSON. */
export function setToCidrs(set: AddressSet): string[] {
  return set.flatMap((interval) => cidrBlocks(interval).map(blockText))
}

/** The set in words for one line: up to `limit` CIDRs, then how many more. */
export function describeSet(set: AddressSet, limit = 6): string {
  if (set.length === 0) return '(none)'
  const cidrs = setToCidrs(set)
  return cidrs.length <= limit ? cidrs.join(', ') : `${cidrs.slice(0, limit).join(', ')} and ${cidrs.length - limit} more blocks`
}

/**
 * The addresses an internet gateway delivers traffic from (and sends to): public unicast space,
 * without the ranges it never routes (model/ip.ts NON_ROUTABLE) nor those never announced
 * (NOT_ANNOUNCED). One definition for the engine and the exposure rules, so `reach` and `audit`
 * agree on what "the internet" is.
 */
export const PUBLIC_INTERNET: Readonly<Record<4 | 6, AddressSet>> = {
  4: subtract(setOf(ANY_IPV4), setOf(...NON_ROUTABLE.map((range) => range.cidr), ...NOT_ANNOUNCED)),
  6: subtract(setOf(GLOBAL_UNICAST_IPV6), setOf(...NON_ROUTABLE.map((range) => range.cidr), ...NOT_ANNOUNCED)),
}
