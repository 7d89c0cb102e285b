/**
 * The proxy auto-config file: tunnel candidates go to `SOCKS5 host:port`, everything else DIRECT.
 * Candidates are exactly what the SOCKS allowlist admits, so the browser never sends the proxy
 * something it will refuse, nor sends an internal name DIRECT.
 *
 * Rules browsers impose (emr-networking.md §3.4), and how the file respects them:
 * - names are matched as text (`==`, `dnsDomainIs`) and never resolved: no `dnsResolve`, and
 *   `isInNet` only for IPv4 literals (on a name it would do a local DNS lookup, leaking the name
 *   and blocking the browser); IPv6 literals are compared in plain JS;
 * - `SOCKS5` (remote name resolution in Chrome; Firefox needs "Proxy DNS when using SOCKS v5"),
 *   never `SOCKS` (v4 resolves locally) and no DIRECT fallback: if the tunnel is down an internal
 *   page fails instead of leaking its name to the local network;
 * - only `host` is used (browsers strip the path of https URLs).
 *
 * Every value is checked (proxy host and port, names, CIDRs) and embedded as a JSON string literal
 * or a canonical number, never as raw text, so no input can end a string or a comment.
 */
import {checkCidr, checkHost, checkPort, isHostName, UnsafeValueError} from '../exports/safe-values.js'
import type {Allowlist} from '../socks/allowlist.js'

export interface PacInput {
  proxy: {host: string; port: number}
  /** Exact host names. */
  hosts: string[]
  /** DNS suffixes, without the leading dot. */
  suffixes: string[]
  /** IPv4 and IPv6 CIDRs. */
  cidrs: string[]
}

export function pacInputFromAllowlist(allowlist: Allowlist, proxy: {host: string; port: number}): PacInput {
  return {proxy, hosts: allowlist.hosts, suffixes: allowlist.suffixes, cidrs: allowlist.cidrs}
}

// U+2028/2029 are line terminators in JavaScript source: escaped too (checked values never hold them).
const str = (text: string) => JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)

/** The PAC input with every value checked; names lower-cased without a trailing dot, CIDRs canonical. */
export function checkPacInput(input: PacInput): PacInput {
  const name = (where: string, text: string) => {
    const lower = text.toLowerCase().replace(/\.$/, '')
    if (!isHostName(lower)) throw new UnsafeValueError(where, text, 'expected a host name (RFC 1123)')
    return lower
  }
  return {
    proxy: {host: checkHost('the SOCKS host', input.proxy.host), port: checkPort('the SOCKS port', input.proxy.port)},
    hosts: [...new Set(input.hosts.map((host) => name('a destination host', host)))],
    suffixes: [...new Set(input.suffixes.map((suffix) => name('a destination suffix', suffix.replace(/^\./, ''))))],
    cidrs: [...new Set(input.cidrs.map((cidr) => checkCidr('a destination CIDR', cidr).text))],
  }
}

function ipv4Mask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
  return [mask >>> 24, (mask >>> 16) & 255, (mask >>> 8) & 255, mask & 255].join('.')
}

function ipv4Text(value: bigint): string {
  const n = Number(value)
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** The network's first `prefix` bits as a string of 0/1. */
function ipv6PrefixBits(first: bigint, prefix: number): string {
  return first.toString(2).padStart(128, '0').slice(0, prefix)
}

const IPV6_HELPER = `
// An IPv6 literal as 128 "0"/"1" characters, or "" when it is not one (IPv4-embedded forms included).
function emraIpv6Bits(text) {
  var halves = text.split("::");
  if (halves.length > 2) return "";
  var head = halves[0] ? halves[0].split(":") : [];
  var tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  var missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return "";
  var groups = head.slice(0);
  for (var i = 0; i < missing; i++) groups.push("0");
  groups = groups.concat(tail);
  var bits = "";
  for (var j = 0; j < 8; j++) {
    if (!/^[0-9a-f]{1,4}$/.test(groups[j])) return "";
    var part = parseInt(groups[j], 16).toString(2);
    while (part.length < 16) part = "0" + part;
    bits += part;
  }
  return bits;
}
`

export function generatePac(unchecked: PacInput): string {
  const input = checkPacInput(unchecked)
  const proxy = `SOCKS5 ${input.proxy.host.includes(':') ? `[${input.proxy.host}]` : input.proxy.host}:${input.proxy.port}`
  const {hosts, suffixes} = input
  const v4: string[] = []
  const v6: string[] = []
  for (const text of input.cidrs) {
    const {cidr} = checkCidr('a destination CIDR', text)
    if (cidr.version === 4) v4.push(`    if (isInNet(h, ${str(ipv4Text(cidr.first))}, ${str(ipv4Mask(cidr.prefix))})) return tunnel; // ${text}`)
    else v6.push(`    if (bits.substring(0, ${cidr.prefix}) === ${str(ipv6PrefixBits(cidr.first, cidr.prefix))}) return tunnel; // ${text}`)
  }
  const lines = [
    '// emr-access proxy auto-config: EMR-internal names and VPC addresses go through the SSH tunnel',
    `// (${proxy}); everything else is DIRECT. Names are matched as text and never resolved here.`,
    ...(v6.length > 0 ? [IPV6_HELPER.trim(), ''] : []),
    'function FindProxyForURL(url, host) {',
    `  var tunnel = ${str(proxy)};`,
    '  var h = String(host).toLowerCase();',
    '  if (h.charAt(0) === "[" && h.charAt(h.length - 1) === "]") h = h.substring(1, h.length - 1);',
    '  if (h.charAt(h.length - 1) === ".") h = h.substring(0, h.length - 1);',
  ]
  if (hosts.length > 0) {
    lines.push('  // The primary node(s) and other hosts by name.')
    for (const host of hosts) lines.push(`  if (h === ${str(host)}) return tunnel;`)
  }
  if (suffixes.length > 0) {
    lines.push("  // Internal DNS suffixes (the VPC's, and its DHCP option set's domain).")
    for (const suffix of suffixes) lines.push(`  if (h === ${str(suffix)} || dnsDomainIs(h, ${str(`.${suffix}`)})) return tunnel;`)
  }
  if (v4.length > 0) {
    lines.push('  // IPv4 literals only: isInNet on a name would resolve it locally.')
    lines.push('  if (/^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$/.test(h)) {')
    lines.push(...v4)
    lines.push('    return "DIRECT";')
    lines.push('  }')
  }
  if (v6.length > 0) {
    lines.push('  if (h.indexOf(":") >= 0) {')
    lines.push('    var bits = emraIpv6Bits(h);')
    lines.push('    if (bits === "") return "DIRECT";')
    lines.push(...v6)
    lines.push('  }')
  }
  lines.push('  return "DIRECT";', '}', '')
  return lines.join('\n')
}
