/**
 * The chain of SSH hops from what the user typed and ~/.ssh/config: the jump hosts (--jump, in
 * order), the bastion (--bastion), then the primary (--host or the cluster's primary). Without
 * --jump/--bastion, the primary's ProxyJump from ssh_config is used, and each first hop's own
 * ProxyJump is followed, as OpenSSH does.
 *
 * ProxyCommand: `--proxy-command` carries the first hop (the first jump host, else the bastion,
 * else the primary); otherwise the first hop's ssh_config ProxyCommand does, and nothing is put
 * before it. As in OpenSSH, ProxyJump and ProxyCommand exclude each other and the first obtained
 * wins: the command line (--jump/--bastion/--proxy-command) before ssh_config, and within ssh_config
 * whichever comes first (`none` included). A later hop's own ProxyCommand is not used (OpenSSH
 * reaches it through the previous hop too), and the notes say so.
 *
 * Precedence per hop: `user@` / `:port` as typed, then ssh_config (User, HostName, Port,
 * IdentityFile), then the defaults: `hadoop` on the primary, `ec2-user` on every hop before it.
 */
import {TunnelFailure} from '../failures.js'
import {formatDestination, parseDestination, type Destination} from './destination.js'
import type {SshConfigFile, SshHostConfig} from './ssh-config.js'
import type {HopTransport} from '../transports/hop-transport.js'
import {expandProxyCommand, ProxyCommandError} from '../transports/proxy-command.js'

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
  /** ssh_config IdentitiesOnly yes: only the named key files (or the default ones), never the agent's other keys. */
  identitiesOnly?: boolean
  /** The EC2 instance behind this hop, when known from AWS data (ephemeral keys, console host keys). */
  instanceId?: string
}

export const PRIMARY_USER = 'hadoop'
export const BASTION_USER = 'ec2-user'
const MAX_PROXY_JUMP_DEPTH = 8

export interface HopRequest {
  primary: Destination
  bastion?: Destination
  jumps: Destination[]
  /** --proxy-command, tokens not yet expanded: carries the first hop. */
  proxyCommand?: string
}

export interface ResolvedHops {
  hops: Hop[]
  /** Things the user should know (a ProxyCommand that was ignored, …). */
  notes: string[]
}

const COMMAND_LINE = 'command line'

type ResolvingHop = Hop & {proxyJump?: string; proxyCommand?: string}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim().toLowerCase() !== 'none'

function resolveOne(destination: Destination, role: HopRole, config: SshConfigFile, notes: string[]): ResolvingHop {
  const entry: SshHostConfig = config.lookup(destination.host)
  const host = entry.hostName ?? destination.host
  const port = destination.port ?? entry.port ?? 22
  const user = destination.user ?? entry.user ?? (role === 'primary' ? PRIMARY_USER : BASTION_USER)
  if (entry.certificateFiles.length > 0) {
    notes.push(`ssh_config CertificateFile for ${destination.host} is not used: ssh2 cannot authenticate with user certificates; the plain keys are offered`)
  }
  return {
    role,
    alias: destination.host,
    host,
    port,
    user,
    identityFiles: entry.identityFiles,
    ...(entry.identitiesOnly ? {identitiesOnly: true} : {}),
    label: `${role === 'jump' ? 'jump host' : role} ${formatDestination({user, host, port})}`,
    proxyJump: entry.proxyJump,
    proxyCommand: entry.proxyCommand,
  }
}

/** The hop carried by `template` (tokens from the hop itself); `source` names where the command came from. */
function withProxyCommand(hop: ResolvingHop, template: string, source: string): void {
  try {
    hop.transport = {kind: 'proxy-command', command: expandProxyCommand(template, {host: hop.host, port: hop.port, user: hop.user, alias: hop.alias})}
  } catch (error) {
    if (error instanceof ProxyCommandError) {
      // The command line's own value: its words are the app's to add; ssh_config's: named here.
      throw source === COMMAND_LINE ? error : new TunnelFailure('config', `${source}: ${error.message}`)
    }
    throw error
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
  const commandLineProxy = before.length > 0 || request.proxyCommand !== undefined
  if (commandLineProxy) {
    const ignored = isSet(primary.proxyCommand) ? 'ProxyCommand' : isSet(primary.proxyJump) ? 'ProxyJump' : undefined
    if (ignored) notes.push(`ssh_config ${ignored} for ${request.primary.host} is not used: the command line's ${before.length > 0 ? 'jump hosts come' : 'proxy command comes'} first, as in OpenSSH`)
  } else if (isSet(primary.proxyJump)) {
    try {
      before = parseJumpList(primary.proxyJump)
    } catch (error) {
      throw new TunnelFailure('config', `ssh_config ProxyJump for ${request.primary.host} ("${primary.proxyJump}") ${(error as Error).message}`)
    }
  }
  const roleOf = (index: number, count: number): HopRole => (index === count - 1 ? 'bastion' : 'jump')
  let hops = before.map((destination, index) => resolveOne(destination, roleOf(index, before.length), config, notes))
  for (const hop of hops.slice(1)) {
    if (isSet(hop.proxyCommand)) notes.push(`ssh_config ProxyCommand for ${hop.alias} is not used: it is reached through ${hops[hops.indexOf(hop) - 1]!.alias}`)
  }
  if (hops.length > 0 && isSet(primary.proxyCommand) && !commandLineProxy) {
    notes.push(`ssh_config ProxyCommand for ${request.primary.host} is not used: it is reached through ${hops.at(-1)!.alias}`)
  }
  if (request.proxyCommand !== undefined) {
    withProxyCommand(hops[0] ?? primary, request.proxyCommand, COMMAND_LINE)
  } else {
    // The first hop may itself sit behind a ProxyCommand or a ProxyJump (ssh_config), recursively.
    const seen = new Set(hops.map((hop) => hop.alias))
    for (let depth = 0; depth <= MAX_PROXY_JUMP_DEPTH; depth += 1) {
      const first = hops[0] ?? primary
      if (isSet(first.proxyCommand)) {
        withProxyCommand(first, first.proxyCommand, `ssh_config ProxyCommand for ${first.alias}`)
        break
      }
      if (hops.length === 0 || !isSet(first.proxyJump) || depth === MAX_PROXY_JUMP_DEPTH) break
      let extra: Destination[]
      try {
        extra = parseJumpList(first.proxyJump)
      } catch (error) {
        throw new TunnelFailure('config', `ssh_config ProxyJump for ${first.alias} ("${first.proxyJump}") ${(error as Error).message}`)
      }
      if (extra.length === 0 || extra.some((destination) => seen.has(destination.host))) break
      for (const destination of extra) seen.add(destination.host)
      hops = [...extra.map((destination) => resolveOne(destination, 'jump', config, notes)), ...hops]
    }
  }
  const strip = ({proxyJump: _proxyJump, proxyCommand: _proxyCommand, ...hop}: ResolvingHop): Hop => hop
  return {hops: [...hops.map(strip), strip(primary)], notes}
}
