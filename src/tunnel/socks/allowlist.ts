/**
 * Which destinations the SOCKS proxy will open a channel to. Entries, as `--allow` takes them:
 *
 * - `CIDR` (`10.0.0.0/16`, `fd00::/8`) or a bare IP address: IP destinations inside it. A name
 *   is never resolved locally to test it (names resolve on the far side, by design);
 * - `.suffix` (or `*.suffix`): names ending in it, and the suffix itself (`.ec2.internal`);
 * - `host`: exactly that name.
 *
 * Names compare case-insensitively without a trailing dot. A domain-type request carrying an IP
 * literal is judged as that IP; IPv4-mapped IPv6 as IPv4. Numeric names that are not dotted quads
 * ("167772180", "0x0a.0.0.1", "10.1") are refused: resolvers read them as IPv4 addresses, so a
 * name rule must not let them through.
 */
import {DomainError} from '../../errors.js'
import {cidrContains, parseCidr} from '../../model/ip.js'

export type AllowRule = {kind: 'cidr'; cidr: string} | {kind: 'suffix'; suffix: string} | {kind: 'host'; host: string}

/** An allowlist entry that is none of CIDR, .suffix or host name. */
export class AllowlistError extends DomainError {
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super('allow', entry, reason)
  }
}

export interface Destination {
  /** How the client named it (SOCKS5 ATYP). */
  type: 'ipv4' | 'ipv6' | 'domain'
  host: string
  port: number
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/

function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false
  return text.split('.').every((label) => LABEL.test(label))
}

/** Looks like something inet_aton would take as an address: only digits, dots and hex/octal forms. */
function isNumericName(text: string): boolean {
  return /^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*$/i.test(text)
}

function normaliseName(text: string): string {
  const lower = text.toLowerCase()
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}

/** IPv4 for an IPv4-mapped IPv6 address (::ffff:10.0.0.1), else the address unchanged. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return match ? match[1]! : address
}

function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
}

export function parseAllowEntry(entry: string): AllowRule {
  const text = entry.trim()
  if (!text) throw new AllowlistError(entry, 'is empty')
  if (text.includes('/') || parseCidr(stripBrackets(text))) {
    const parsed = parseCidr(stripBrackets(text))
    if (!parsed) throw new AllowlistError(entry, 'is not a valid CIDR (e.g. 10.0.0.0/16)')
    return {kind: 'cidr', cidr: parsed.text.includes('/') ? parsed.text : `${parsed.text}/${parsed.version === 4 ? 32 : 128}`}
  }
  const suffix = text.startsWith('*.') ? text.slice(1) : text
  if (suffix.startsWith('.')) {
    const name = normaliseName(suffix.slice(1))
    if (!isHostName(name)) throw new AllowlistError(entry, 'is not a valid DNS suffix (e.g. .ec2.internal)')
    return {kind: 'suffix', suffix: name}
  }
  const name = normaliseName(text)
  if (!isHostName(name)) throw new AllowlistError(entry, 'is not a CIDR, a .suffix or a host name')
  if (isNumericName(name)) throw new AllowlistError(entry, 'looks like a partial IP address; give a CIDR or a full address')
  return {kind: 'host', host: name}
}

export class Allowlist {
  private constructor(readonly rules: readonly AllowRule[]) {}

  static parse(entries: readonly string[]): Allowlist {
    const rules: AllowRule[] = []
    const seen = new Set<string>()
    for (const entry of entries) {
      const rule = parseAllowEntry(entry)
      const key = JSON.stringify(rule)
      if (seen.has(key)) continue
      seen.add(key)
      rules.push(rule)
    }
    return new Allowlist(rules)
  }

  get cidrs(): string[] {
    return this.rules.flatMap((rule) => (rule.kind === 'cidr' ? [rule.cidr] : []))
  }

  get suffixes(): string[] {
    return this.rules.flatMap((rule) => (rule.kind === 'suffix' ? [rule.suffix] : []))
  }

  get hosts(): string[] {
    return this.rules.flatMap((rule) => (rule.kind === 'host' ? [rule.host] : []))
  }

  /** The entries in `--allow` syntax. */
  toStrings(): string[] {
    return this.rules.map((rule) => (rule.kind === 'cidr' ? rule.cidr : rule.kind === 'suffix' ? `.${rule.suffix}` : rule.host))
  }

  allows(destination: Destination): boolean {
    if (destination.port < 1 || destination.port > 65535) return false
    const host = stripBrackets(destination.host)
    const address = parseCidr(host) && !host.includes('/') ? unmapIpv4(host.toLowerCase()) : undefined
    if (address) return this.cidrs.some((cidr) => cidrContains(cidr, address))
    if (destination.type !== 'domain') return false
    const name = normaliseName(host)
    if (!isHostName(name) || isNumericName(name)) return false
    for (const rule of this.rules) {
      if (rule.kind === 'host' && rule.host === name) return true
      if (rule.kind === 'suffix' && (name === rule.suffix || name.endsWith(`.${rule.suffix}`))) return true
    }
    return false
  }
}
