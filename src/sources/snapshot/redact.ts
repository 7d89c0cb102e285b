/**
 * `emr-access snapshot --redact`: makes a snapshot shareable with outside reviewers without
 * changing what the audit concludes from it.
 *
 * - AWS account ids (owner ids, security group pair user ids, the account part of ARNs, and the
 *   same 12 digits anywhere else, e.g. in a log bucket name) become `000000000001`, `…2`, … in
 *   order of first appearance.
 * - Public IP addresses (a value that is a public address or a public `/32` / `/128`, the
 *   address inside `ec2-a-b-c-d.` DNS names and in the VPN configuration XML) become addresses
 *   from 198.18.0.0/15 (IPv4, RFC 2544, never routed on the internet) or 2001:db8::/32 (IPv6).
 *   Network ranges (a prefix shorter than the host length, e.g. an admin /24) are policy, not
 *   an address, and are kept: the rules judge them.
 *
 * The mapping is deterministic within one snapshot (documents by name, keys in order), so ids
 * and addresses that refer to each other still match after redaction.
 */
import ipaddr from 'ipaddr.js'

export interface RedactionResult {
  documents: Map<string, Record<string, unknown>>
  accounts: number
  addresses: number
}

const ACCOUNT_KEY = /^(OwnerId|UserId|RequesterId|AccountId|ResourceOwnerId|TransitGatewayOwnerId|VpcOwnerId|PeerOwnerId)$/
const ACCOUNT_ID = /^\d{12}$/
const ARN_ACCOUNT = /arn:(aws[a-z-]*):([^:\s"]*):([^:\s"]*):(\d{12}):/g
const DASHED_IPV4 = /\bec2-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?=\.)/g
const XML_IP = /<ip_address>([^<]+)<\/ip_address>/g

/** A dotted-quad IPv4 or an IPv6 address (not the loose forms ipaddr.js also accepts, like "65000"). */
function isAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text))
}

function isPublic(text: string): boolean {
  return isAddress(text) && ipaddr.parse(text).range() === 'unicast'
}

function walk(value: unknown, visit: (text: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return visit(value, key)
  if (Array.isArray(value)) return value.map((item) => walk(item, visit, key))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) out[name] = walk(member, visit, name)
    return out
  }
  return value
}

class Mapping {
  readonly accounts = new Map<string, string>()
  readonly addresses = new Map<string, string>()
  private nextV4 = ipaddr
    .parse('198.18.0.0')
    .toByteArray()
    .reduce((sum, byte) => sum * 256 + byte, 0)
  private nextV6 = 0

  account(id: string): string {
    let mapped = this.accounts.get(id)
    if (!mapped) {
      mapped = String(this.accounts.size + 1).padStart(12, '0')
      this.accounts.set(id, mapped)
    }
    return mapped
  }

  address(text: string): string {
    const parsed = ipaddr.parse(text)
    const canonical = parsed.toString()
    let mapped = this.addresses.get(canonical)
    if (!mapped) {
      if (parsed.kind() === 'ipv4') {
        this.nextV4 += 1
        const n = this.nextV4
        mapped = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
      } else {
        this.nextV6 += 1
        mapped = `2001:db8::${this.nextV6.toString(16)}`
      }
      this.addresses.set(canonical, mapped)
    }
    return mapped
  }
}

/** Redacts account ids and public addresses in every document (a new map; the input is unchanged). */
export function redactDocuments(documents: Map<string, Record<string, unknown>>): RedactionResult {
  const names = [...documents.keys()].sort()
  const mapping = new Mapping()

  // Pass 1: the account ids, from the fields that hold them and from ARNs.
  for (const name of names) {
    walk(documents.get(name), (text, key) => {
      if (ACCOUNT_KEY.test(key) && ACCOUNT_ID.test(text)) mapping.account(text)
      for (const match of text.matchAll(ARN_ACCOUNT)) mapping.account(match[4]!)
      return text
    })
  }
  const accountPattern = mapping.accounts.size > 0 ? new RegExp(`(?<!\\d)(${[...mapping.accounts.keys()].join('|')})(?!\\d)`, 'g') : undefined

  // Pass 2: replace.
  const redactText = (text: string, key: string): string => {
    let out = text
    if (!/version/i.test(key)) {
      const slash = out.indexOf('/')
      const address = slash === -1 ? out : out.slice(0, slash)
      const prefix = slash === -1 ? undefined : out.slice(slash + 1)
      if (isPublic(address)) {
        const hostLength = ipaddr.parse(address).kind() === 'ipv4' ? '32' : '128'
        if (prefix === undefined || prefix === hostLength) out = `${mapping.address(address)}${prefix === undefined ? '' : `/${prefix}`}`
      }
    }
    out = out.replace(DASHED_IPV4, (whole, a: string, b: string, c: string, d: string) => {
      const address = `${a}.${b}.${c}.${d}`
      return isPublic(address) ? `ec2-${mapping.address(address).replace(/\./g, '-')}` : whole
    })
    out = out.replace(XML_IP, (whole, address: string) => (isPublic(address) ? `<ip_address>${mapping.address(address)}</ip_address>` : whole))
    if (accountPattern) out = out.replace(accountPattern, (id: string) => mapping.account(id))
    return out
  }
  const redacted = new Map<string, Record<string, unknown>>()
  for (const name of names) redacted.set(name, walk(documents.get(name), redactText) as Record<string, unknown>)
  return {documents: redacted, accounts: mapping.accounts.size, addresses: mapping.addresses.size}
}
