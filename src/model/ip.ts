/**
 * IPv4/IPv6 address and CIDR arithmetic. IPv4 is done on unsigned 32-bit integers (the audit's
 * hot path); IPv6 is parsed with ipaddr.js and compared as BigInt.
 */
import ipaddr from 'ipaddr.js'

export interface Cidr {
  version: 4 | 6
  /** First address, as bigint so one type serves both families. */
  first: bigint
  last: bigint
  prefix: number
  text: string
}

const V4_BITS = 32n
const V6_BITS = 128n

function toBigInt(bytes: number[]): bigint {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

/** Parses an address or CIDR; returns undefined when it is not one. A bare address is a /32 or /128. */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim()
  const [addressText, prefixText, extra] = trimmed.split('/')
  if (addressText === undefined || extra !== undefined) return undefined
  let address: ipaddr.IPv4 | ipaddr.IPv6
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) address = ipaddr.IPv4.parse(addressText)
    else if (ipaddr.IPv6.isValid(addressText)) address = ipaddr.IPv6.parse(addressText)
    else return undefined
  } catch {
    return undefined
  }
  const version = address.kind() === 'ipv4' ? 4 : 6
  const bits = version === 4 ? V4_BITS : V6_BITS
  let prefix = Number(bits)
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined
    prefix = Number(prefixText)
    if (prefix > Number(bits)) return undefined
  }
  const value = toBigInt(address.toByteArray())
  const hostBits = bits - BigInt(prefix)
  const mask = ((1n << bits) - 1n) ^ ((1n << hostBits) - 1n)
  const first = value & mask
  const last = first | ((1n << hostBits) - 1n)
  return {version, first, last, prefix, text: trimmed}
}

export function isCidr(text: string): boolean {
  return text.includes('/') && parseCidr(text) !== undefined
}

export function isIpAddress(text: string): boolean {
  return !text.includes('/') && parseCidr(text) !== undefined
}

const cache = new Map<string, Cidr | null>()

/** parseCidr with memoisation: the same rule CIDRs are compared many times in one audit. */
export function cidr(text: string): Cidr | undefined {
  let hit = cache.get(text)
  if (hit === undefined) {
    hit = parseCidr(text) ?? null
    if (cache.size > 100_000) cache.clear()
    cache.set(text, hit)
  }
  return hit ?? undefined
}

/** Does `outer` contain every address of `inner`? Different families never contain each other. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = cidr(outer)
  const b = cidr(inner)
  if (!a || !b || a.version !== b.version) return false
  return a.first <= b.first && b.last <= a.last
}

export function cidrOverlaps(left: string, right: string): boolean {
  const a = cidr(left)
  const b = cidr(right)
  if (!a || !b || a.version !== b.version) return false
  return a.first <= b.last && b.first <= a.last
}

export function cidrSize(text: string): bigint {
  const c = cidr(text)
  return c ? c.last - c.first + 1n : 0n
}

export function isIpv6(text: string): boolean {
  return cidr(text)?.version === 6
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']

/** Inside the RFC 1918 private ranges entirely. */
export function isPrivateRange(text: string): boolean {
  return RFC1918.some((range) => cidrContains(range, text))
}

/** Covers the whole IPv4 or IPv6 internet (0.0.0.0/0, ::/0). */
export function isWorld(text: string): boolean {
  const c = cidr(text)
  return c !== undefined && c.prefix === 0
}

/** "Broad": larger than a /24 (IPv4) or /48 (IPv6), or reaching outside private space. */
export function isBroad(text: string): boolean {
  const c = cidr(text)
  if (!c) return false
  if (c.version === 4) return c.prefix < 24 || !isPrivateRange(text)
  return c.prefix < 48
}

/** Is a (single) address a public one: not private, loopback, link-local or shared (RFC 6598)? */
export function isPublicAddress(text: string): boolean {
  try {
    const address = ipaddr.parse(text.split('/')[0] ?? '')
    return address.range() === 'unicast'
  } catch {
    return false
  }
}

/** The first address of a CIDR, as text (IPv4 only; used to pick a representative address). */
export function firstAddress(text: string): string | undefined {
  const c = cidr(text)
  if (!c) return undefined
  if (c.version === 4) {
    const n = Number(c.first)
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
  }
  const parts: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(((c.first >> shift) & 0xffffn).toString(16))
  return ipaddr.IPv6.parse(parts.join(':')).toString()
}

export const ANY_IPV4 = '0.0.0.0/0'
export const ANY_IPV6 = '::/0'
