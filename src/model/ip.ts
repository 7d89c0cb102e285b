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

/** One spelling per address (IPv6 compressed, lower case), so lookups by address match however it was typed. */
export function normalizeAddress(text: string): string {
  try {
    return ipaddr.parse(text.trim()).toString()
  } catch {
    return text.trim()
  }
}

/**
 * Addresses an internet gateway never delivers from the internet, nor sends to it: RFC 1918, shared
 * address space (RFC 6598), loopback, link-local, "this network", multicast and reserved; for IPv6
 * the unspecified and loopback addresses, IPv4-mapped, discard-only, unique-local, link-local and
 * multicast. Each with the Reachability Analyzer code that names it where there is one.
 */
export const NON_ROUTABLE: readonly {cidr: string; name: string; code: string}[] = [
  {cidr: '10.0.0.0/8', name: 'RFC 1918 private', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '172.16.0.0/12', name: 'RFC 1918 private', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '192.168.0.0/16', name: 'RFC 1918 private', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '100.64.0.0/10', name: 'RFC 6598 shared (CGNAT)', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS'},
  {cidr: '0.0.0.0/8', name: '"this network"', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '127.0.0.0/8', name: 'loopback', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '169.254.0.0/16', name: 'link-local', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '224.0.0.0/4', name: 'multicast', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '240.0.0.0/4', name: 'reserved', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '::/127', name: 'unspecified and loopback', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '::ffff:0:0/96', name: 'IPv4-mapped', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: '100::/64', name: 'discard-only', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: 'fc00::/7', name: 'unique-local', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: 'fe80::/10', name: 'link-local', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
  {cidr: 'ff00::/8', name: 'multicast', code: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'},
]

/** The IPv6 global unicast space: the IPv6 internet. */
export const GLOBAL_UNICAST_IPV6 = '2000::/3'

/**
 * Also outside "the internet" when a user says `internet`, 0.0.0.0/0 or ::/0: documentation and
 * benchmarking ranges (RFC 5737, RFC 2544, RFC 3849) and IETF protocol assignments are never
 * announced. A range named explicitly keeps them: examples and redacted snapshots use them as
 * stand-ins for real public addresses.
 */
export const NOT_ANNOUNCED: readonly string[] = ['192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32']
