/**
 * The chain of SSH hops from what the user typed and ~/.ssh/config: the jump hosts (--jump, in
 * order), the bastion (--bastion), then the primary (--host or the cluster's primary). Without
 * --jump/--bastion, the primary's ProxyJump from ssh_config is used, and each first hop's own
 * ProxyJump is followed, as OpenSSH does.
 *
 * Precedence per hop: `user@` / `:port` as typed, then ssh_config (User, HostName, Port,
 * IdentityFile), then the defaults: `hadoop` on the primary, `ec2-user` on every hop before it.
 */
import {TunnelFailure} from '../failures.js'
import {formatDestination, parseDestination, type Destination} from './destination.js'
import type {SshConfigFile} from './ssh-config.js'
import type {HopTransport} from '../transports/hop-transport.js'

export type HopRole = 'jump' | 'bastion' | 'primary'

export interface Hop {
  role: HopRole
  /** The name the user gave (an ssh_config alias, a name or an address). */
  alias: string
  /** Where to connect (HostName applied); also the known_hosts name. */
  host: string
  port: number
  user: string
  identityFiles: string[]
  /** "bastion ec2-user@203.0.113.10", "primary hadoop@ip-10-0-2-20.ec2.internal". */
  label: string
  /** How this hop's byte stream is carried; absent means TCP (first hop) or through the previous hop. */
  transport?: HopTransport
}

export const PRIMARY_USER = 'hadoop'
export const BASTION_USER = 'ec2-user'
const MAX_PROXY_JUMP_DEPTH = 8

export interface HopRequest {
  primary: Destination
  bastion?: Destination
  jumps: Destination[]
}

export interface ResolvedHops {
  hops: Hop[]
  /** Things the user should know (a ProxyCommand that was ignored, …). */
  notes: string[]
}

function resolveOne(destination: Destination, role: HopRole, config: SshConfigFile, notes: string[]): Hop & {proxyJump?: string} {
  const entry = config.lookup(destination.host)
  const host = entry.hostName ?? destination.host
  const port = destination.port ?? entry.port ?? 22
  const user = destination.user ?? entry.user ?? (role === 'primary' ? PRIMARY_USER : BASTION_USER)
  if (entry.proxyCommand && entry.proxyCommand.toLowerCase() !== 'none') {
    notes.push(`ssh_config ProxyCommand for ${destination.host} is not supported yet and was ignored`)
  }
  return {
    role,
    alias: destination.host,
    host,
    port,
    user,
    identityFiles: entry.identityFiles,
    label: `${role === 'jump' ? 'jump host' : role} ${formatDestination({user, host, port})}`,
    proxyJump: entry.proxyJump,
  }
}

/** `a,b` of ProxyJump / --jump into destinations (`none` is none). */
export function parseJumpList(text: string): Destination[] {
  if (text.trim().toLowerCase() === 'none') return []
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => parseDestination(part))
}

export function resolveHops(request: HopRequest, config: SshConfigFile): ResolvedHops {
  const notes: string[] = []
  const primary = resolveOne(request.primary, 'primary', config, notes)
  let before: Destination[] = [...request.jumps, ...(request.bastion ? [request.bastion] : [])]
  if (before.length === 0 && primary.proxyJump) {
    try {
      before = parseJumpList(primary.proxyJump)
    } catch (error) {
      throw new TunnelFailure('config', `ssh_config ProxyJump for ${request.primary.host} ("${primary.proxyJump}") ${(error as Error).message}`)
    }
  }
  const roleOf = (index: number, count: number): HopRole => (index === count - 1 ? 'bastion' : 'jump')
  let hops = before.map((destination, index) => resolveOne(destination, roleOf(index, before.length), config, notes))
  // The first hop may itself sit behind a ProxyJump (ssh_config), recursively.
  const seen = new Set(hops.map((hop) => hop.alias))
  for (let depth = 0; depth < MAX_PROXY_JUMP_DEPTH && hops[0]?.proxyJump; depth += 1) {
    let extra: Destination[]
    try {
      extra = parseJumpList(hops[0].proxyJump)
    } catch (error) {
      throw new TunnelFailure('config', `ssh_config ProxyJump for ${hops[0].alias} ("${hops[0].proxyJump}") ${(error as Error).message}`)
    }
    if (extra.length === 0 || extra.some((destination) => seen.has(destination.host))) break
    for (const destination of extra) seen.add(destination.host)
    hops = [...extra.map((destination) => resolveOne(destination, 'jump', config, notes)), ...hops]
  }
  const strip = ({proxyJump: _proxyJump, ...hop}: Hop & {proxyJump?: string}): Hop => hop
  return {hops: [...hops.map(strip), strip(primary)], notes}
}
