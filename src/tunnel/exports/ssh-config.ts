/**
 * An ssh_config block for people who run OpenSSH themselves: the bastion (and jump hosts) as
 * ProxyJump, DynamicForward on the SOCKS port, and the primary as HostName. `ssh emr-CLUSTER` then
 * gives the same SOCKS5 proxy the PAC file and the FoxyProxy export point at.
 *
 * Users append this to ~/.ssh/config, so no value may add a directive (ProxyCommand, LocalCommand,
 * Match, Include…): host names, users and ports are checked against their grammars (no spaces,
 * quotes, `%` tokens or leading `-`), and paths are double-quoted the way OpenSSH's argv_split
 * reads them, with `%` doubled (a token otherwise) and `${` refused (environment expansion).
 */
import type {Destination} from '../ssh/destination.js'
import {checkHost, checkPath, checkPort, checkUser, UNSAFE_TEXT, UnsafeValueError} from './safe-values.js'

export interface SshConfigInput {
  /** The Host alias (emr-j-… or emr-primary). */
  alias: string
  primary: Destination
  /** In order: jump hosts, then the bastion. */
  jumps: Destination[]
  socksHost: string
  socksPort: number
  identityFiles: string[]
  /** The command line that wrote the block, for its header comment (a constant of the caller's). */
  madeBy?: string
  /** Where each value came from, for the error (a flag, or the AWS data); defaults name the field. */
  from?: Partial<Record<'alias' | 'primary' | 'socksHost' | 'socksPort' | 'identityFiles', string>> & {jumps?: string[]}
}

function checkAlias(where: string, alias: string): string {
  // No pattern characters (* ? ! ,) either: the alias must match itself only.
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(alias)) return alias
  throw new UnsafeValueError(where, alias, 'expected a Host alias of letters, digits, ".", "_" and "-"')
}

/** One ProxyJump element, `[user@]host[:port]`, every part checked. */
function jumpText(where: string, jump: Destination): string {
  const user = jump.user === undefined ? '' : `${checkUser(`${where} user`, jump.user)}@`
  const host = checkHost(where, jump.host)
  const port = jump.port === undefined ? undefined : checkPort(`${where} port`, jump.port)
  const shown = port !== undefined && port !== 22
  return `${user}${shown && host.includes(':') ? `[${host}]` : host}${shown ? `:${port}` : ''}`
}

/** A path as one ssh_config argument: quoted, `\` and `"` escaped, `%` doubled; `${` refused. */
export function sshConfigPath(where: string, path: string): string {
  checkPath(where, path)
  if (path.includes('${')) throw new UnsafeValueError(where, path, 'OpenSSH would expand "${…}" in it; rename the file')
  return `"${path.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%')}"`
}

export function sshConfigBlock(input: SshConfigInput): string {
  const from = (key: Exclude<keyof NonNullable<SshConfigInput['from']>, 'jumps'>, fallback: string) => input.from?.[key] ?? fallback
  const alias = checkAlias(from('alias', 'the Host alias'), input.alias)
  const hostName = checkHost(from('primary', 'the primary host'), input.primary.host)
  const user = checkUser(`${from('primary', 'the primary')} user`, input.primary.user ?? 'hadoop')
  const port = input.primary.port === undefined ? undefined : checkPort(`${from('primary', 'the primary')} port`, input.primary.port)
  const jumps = input.jumps.map((jump, index) => jumpText(input.from?.jumps?.[index] ?? 'a jump host', jump))
  const socksHost = checkHost(from('socksHost', 'the SOCKS host'), input.socksHost)
  const socksPort = checkPort(from('socksPort', 'the SOCKS port'), input.socksPort)
  const identityFiles = input.identityFiles.map((file) => sshConfigPath(from('identityFiles', 'an identity file'), file))
  const madeBy = input.madeBy ?? 'emr-access'
  // One comment line: the caller's words must not start a directive of their own.
  if (UNSAFE_TEXT.test(madeBy)) throw new UnsafeValueError('the header comment', madeBy, 'expected text without control characters')
  const lines = [`# ${madeBy}: \`ssh -N ${alias}\` opens a SOCKS5 proxy on ${socksHost}:${socksPort}`, `Host ${alias}`, `  HostName ${hostName}`, `  User ${user}`]
  if (port !== undefined && port !== 22) lines.push(`  Port ${port}`)
  if (jumps.length > 0) lines.push(`  ProxyJump ${jumps.join(',')}`)
  lines.push(`  DynamicForward ${socksHost.includes(':') ? `[${socksHost}]` : socksHost}:${socksPort}`)
  for (const file of identityFiles) lines.push(`  IdentityFile ${file}`)
  lines.push('  StrictHostKeyChecking yes', '  ExitOnForwardFailure yes', '  ServerAliveInterval 30', '  ServerAliveCountMax 3', '')
  return lines.join('\n')
}
