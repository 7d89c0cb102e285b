/**
 * The values the generated files (PAC, ssh_config, FoxyProxy JSON, a browser command line) may
 * embed. Each export checks every value it writes here, whatever validated it before: the values
 * come from flags and from AWS data (a snapshot someone else collected), and one stray newline,
 * quote or `%` turns a file the user trusts into a command that runs on their next `ssh`.
 * A value that fails is an UnsafeValueError naming where it came from (a flag, or the data).
 */
import {parseCidr} from '../../model/ip.js'
import {printable, UNSAFE_TEXT} from '../../reports/escape.js'

export {printable, UNSAFE_TEXT}

export class UnsafeValueError extends Error {
  constructor(
    /** Where the value came from: `--socks-host`, or `the primary's address in snap/`. */
    readonly where: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`${where} ${printable(value)}: ${expected}`)
    this.name = 'UnsafeValueError'
  }
}

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/

/** RFC 1123 host name (underscores tolerated, as AWS and resolvers do), one trailing dot allowed. */
export function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text
  if (name.length === 0 || name.length > 253) return false
  return name.split('.').every((label) => LABEL.test(label))
}

/** An IPv4 or IPv6 address literal, without brackets, prefix or zone. */
export function isAddressLiteral(text: string): boolean {
  return /^[0-9A-Fa-f:.]+$/.test(text) && !text.includes('/') && parseCidr(text) !== undefined
}

/** A host name or an IP literal. */
export function checkHost(where: string, value: string): string {
  if (isAddressLiteral(value) || (isHostName(value) && !/^[0-9.]+$/.test(value))) return value
  throw new UnsafeValueError(where, value, 'expected a host name (RFC 1123) or an IP address')
}

export function checkPort(where: string, value: number): number {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return value
  throw new UnsafeValueError(where, String(value), 'expected a port, an integer 1-65535')
}

/** A login name as Linux and EC2 AMIs take them (useradd's portable set). */
export function checkUser(where: string, value: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(value)) return value
  throw new UnsafeValueError(where, value, 'expected a user name of letters, digits, ".", "_" and "-"')
}

/** A CIDR, returned in canonical text (`10.0.0.0/8`). */
export function checkCidr(where: string, value: string): {text: string; cidr: NonNullable<ReturnType<typeof parseCidr>>} {
  const cidr = /^[0-9A-Fa-f:.]+\/[0-9]{1,3}$/.test(value) ? parseCidr(value) : undefined
  if (!cidr) throw new UnsafeValueError(where, value, 'expected a CIDR such as 10.0.0.0/16')
  return {text: `${cidr.version === 4 ? ipv4Text(cidr.first) : value.split('/')[0]!.toLowerCase()}/${cidr.prefix}`, cidr}
}

function ipv4Text(value: bigint): string {
  const n = Number(value)
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** A file path: any characters but control and format characters (they would reach the terminal or end a line). */
export function checkPath(where: string, value: string): string {
  if (value !== '' && !UNSAFE_TEXT.test(value)) return value
  throw new UnsafeValueError(where, value, 'expected a file path without control characters')
}

/** A flag value with control or format characters is refused before anything echoes it to the terminal. */
export function checkFlagText(flag: string, values: string | readonly string[] | undefined): void {
  for (const value of typeof values === 'string' ? [values] : (values ?? [])) {
    if (UNSAFE_TEXT.test(value)) throw new UnsafeValueError(flag, value, 'contains control or invisible formatting characters')
  }
}
