/**
 * From what the user asked for to what a session needs: the hop chain (flags + ~/.ssh/config), the
 * target and its allowlist, the host-key policy (known_hosts files, mode) and the key ring. No I/O
 * beyond reading config and key files; nothing connects here.
 */
import {join} from 'node:path'
import {Allowlist} from './socks/allowlist.js'
import {KeyRing, type PassphrasePrompt} from './ssh/auth.js'
import type {Destination} from './ssh/destination.js'
import {SSH2_HOST_KEY_ALGORITHMS} from './ssh/host-key.js'
import {KnownHostsPolicy, type HostKeyChecking} from './ssh/host-key-policy.js'
import {resolveHops, type Hop} from './ssh/hops.js'
import type {SshConfigFile} from './ssh/ssh-config.js'
import {hostTarget, type TunnelTarget} from './target.js'

export interface TunnelRequest {
  /** --host, or the cluster's primary (`clusterTarget.sshHost`). */
  primary: Destination
  /** Set when the target came from AWS data (CLUSTER_ID). */
  clusterTarget?: TunnelTarget
  bastion?: Destination
  jumps: Destination[]
  identityFiles: string[]
  knownHostsFile?: string
  hostKeyChecking: HostKeyChecking
  /** How the user turns accept-new on, for the advice when a host key is unknown (the command line's words). */
  acceptNewName?: string
  /** --allow entries (replace the target's default allowlist when given). */
  allow?: string[]
  agentSocket?: string
}

export interface TunnelPlan {
  hops: Hop[]
  target: TunnelTarget
  allowlist: Allowlist
  hostKeys: KnownHostsPolicy
  keys: KeyRing
  /** For the user: ignored ssh_config settings, assumptions about the cluster. */
  notes: string[]
}

export function planTunnel(
  request: TunnelRequest,
  sshConfig: SshConfigFile,
  options: {prompt: PassphrasePrompt; onKnownHostsProblem?: (message: string) => void},
): TunnelPlan {
  const {hops, notes} = resolveHops({primary: request.primary, bastion: request.bastion, jumps: request.jumps}, sshConfig)
  const last = hops.at(-1)!
  const target = request.clusterTarget ?? hostTarget(last.host)
  const allowlist = Allowlist.parse(request.allow && request.allow.length > 0 ? request.allow : target.allowlist)
  const userKnownHosts = join(sshConfig.env.home, '.ssh', 'known_hosts')
  const hostKeys = new KnownHostsPolicy({
    files: [...new Set([...(request.knownHostsFile ? [request.knownHostsFile] : []), userKnownHosts])],
    appendTo: request.knownHostsFile ?? userKnownHosts,
    mode: request.hostKeyChecking,
    hashNewEntries: sshConfig.lookup(last.alias).hashKnownHosts,
    supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS,
    onProblem: options.onKnownHostsProblem,
    acceptNewName: request.acceptNewName,
  })
  const keys = new KeyRing({identityFiles: request.identityFiles, agentSocket: request.agentSocket, home: sshConfig.env.home, prompt: options.prompt})
  return {hops, target, allowlist, hostKeys, keys, notes: [...(request.clusterTarget?.notes ?? []), ...notes]}
}
