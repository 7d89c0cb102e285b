/**
 * FoxyProxy (v8, Firefox and Chrome) import JSON: one SOCKS5 proxy with "Proxy DNS" on, in
 * "pattern" mode, whose include patterns admit exactly what the PAC file sends to the tunnel:
 * the hosts by name, the DNS suffixes (the suffix itself and every name under it) and the IPv4
 * CIDRs. FoxyProxy tests each pattern as a case-insensitive regular expression against the whole
 * URL, so the patterns are anchored regexes on the URL's host, not wildcards (a wildcard like
 * `*.ec2.internal` would also match `http://ec2.internal.example.com/` or a query string).
 * IPv6 ranges have no faithful regex over every textual form of an address: they are left out,
 * and `notes` says so.
 */
import {parseCidr} from '../../model/ip.js'
import {checkPacInput, type PacInput} from '../pac/pac-file.js'
import {UNSAFE_TEXT, UnsafeValueError} from './safe-values.js'

export interface FoxyProxyPattern {
  type: 'regex'
  title: string
  pattern: string
  active: boolean
}

export interface FoxyProxyExport {
  mode: 'pattern'
  sync: boolean
  proxyDNS: boolean
  globalExcludeWildcard: string
  globalExcludeRegex: string
  data: {
    active: boolean
    title: string
    type: 'socks5'
    hostname: string
    port: string
    username: string
    password: string
    cc: string
    city: string
    color: string
    pac: string
    pacString: string
    proxyDNS: boolean
    include: FoxyProxyPattern[]
    exclude: FoxyProxyPattern[]
  }[]
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** scheme://[userinfo@]HOST[.][:port] followed by the end of the authority. */
const urlHost = (host: string) => `^[a-z][a-z0-9+.-]*://([^/?#@]*@)?${host}\\.?(:[0-9]+)?([/?#]|$)`

const ANY_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'

/** An IPv4 CIDR as a regex over dotted-quad text: fixed octets literal, the partial one enumerated. */
export function ipv4CidrRegex(first: number, prefix: number): string {
  const octets = [first >>> 24, (first >>> 16) & 255, (first >>> 8) & 255, first & 255]
  return octets
    .map((octet, index) => {
      const bits = Math.max(0, Math.min(8, prefix - 8 * index))
      if (bits === 8) return String(octet)
      if (bits === 0) return ANY_OCTET
      const size = 2 ** (8 - bits)
      const base = octet & (256 - size)
      return `(${Array.from({length: size}, (_, offset) => String(base + offset)).join('|')})`
    })
    .join('\\.')
}

export function foxyProxyPatterns(unchecked: Pick<PacInput, 'hosts' | 'suffixes' | 'cidrs'>): {include: FoxyProxyPattern[]; notes: string[]} {
  // The same checks as the PAC file: only host names, suffixes and canonical CIDRs reach a pattern.
  const input = checkPacInput({proxy: {host: '127.0.0.1', port: 1}, ...unchecked})
  const include: FoxyProxyPattern[] = []
  const notes: string[] = []
  const add = (title: string, host: string) => include.push({type: 'regex', title, pattern: urlHost(host), active: true})
  for (const host of [...new Set(input.hosts.map((entry) => entry.toLowerCase()))]) add(host, escapeRegex(host))
  for (const suffix of [...new Set(input.suffixes.map((entry) => entry.toLowerCase().replace(/^\./, '')))]) {
    add(`.${suffix}`, `([^/?#@:\\[\\]]*\\.)?${escapeRegex(suffix)}`)
  }
  for (const text of input.cidrs) {
    const cidr = parseCidr(text)
    if (!cidr) continue
    if (cidr.version === 4) add(text, ipv4CidrRegex(Number(cidr.first), cidr.prefix))
    else notes.push(`${text}: IPv6 ranges are not in the FoxyProxy patterns (use the PAC file for IPv6 literals)`)
  }
  return {include, notes}
}

export function foxyProxyExport(unchecked: PacInput, title = 'emr-access'): {json: FoxyProxyExport; notes: string[]} {
  const input = checkPacInput(unchecked)
  if (UNSAFE_TEXT.test(title)) throw new UnsafeValueError('the proxy title', title, 'expected text without control characters')
  const {include, notes} = foxyProxyPatterns(input)
  return {
    json: {
      mode: 'pattern',
      sync: false,
      proxyDNS: true,
      globalExcludeWildcard: '',
      globalExcludeRegex: '',
      data: [
        {
          active: true,
          title,
          type: 'socks5',
          hostname: input.proxy.host,
          port: String(input.proxy.port),
          username: '',
          password: '',
          cc: '',
          city: '',
          color: '#2e7d32',
          pac: '',
          pacString: '',
          // Names are resolved on the far side (SOCKS5 with remote DNS): internal names never leak.
          proxyDNS: true,
          include,
          exclude: [],
        },
      ],
    },
    notes,
  }
}

/** How FoxyProxy decides, for tests: the first active include pattern that matches the URL (case-insensitive). */
export function foxyProxyDecides(exported: FoxyProxyExport, url: string): string {
  for (const proxy of exported.data) {
    if (!proxy.active) continue
    const matches = (patterns: FoxyProxyPattern[]) => patterns.some((entry) => entry.active && new RegExp(entry.pattern, 'i').test(url))
    if (!matches(proxy.exclude) && matches(proxy.include)) return `SOCKS5 ${proxy.hostname}:${proxy.port}`
  }
  return 'DIRECT'
}
