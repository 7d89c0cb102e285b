/**
 * From what the user asked for to what a session needs: the hop chain (flags + ~/.ssh/config), the
 * target and its allowlist, the host-key policy (known_hosts files, mode) and the key ring. No I/O
 * beyond reading config and key files; nothing connects here.
 */
import {join} from 'node:path'
import {Allowlist} from './socks/allowlist.js'
import {KeyRing, type KeyRingOptions, type PassphrasePrompt} from './ssh/auth.js'
import type {Destination} from './ssh/destination.js'
import {SSH2_HOST_KEY_ALGORITHMS} from './ssh/host-key.js'
import {KnownHostsPolicy, PerHopHostKeyPolicy, type HostKeyChecking, type HostKeyPolicy} from './ssh/host-key-policy.js'
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
  /** Absent: each hop's ssh_config StrictHostKeyChecking, else strict. */
  hostKeyChecking?: HostKeyChecking
  /** How the user turns accept-new on, for the advice when a host key is unknown (the command line's words). */
  acceptNewName?: string
  /** A ProxyCommand (tokens not expanded) carrying the first hop. */
  proxyCommand?: string
  /** --allow entries (replace the target's default allowlist when given). */
  allow?: string[]
  agentSocket?: string
  /** The cluster's active primary (from AWS data): set on the primary hop when it is that primary. */
  primaryInstanceId?: string
  /** --bastion i-…: set on the bastion hop. */
  bastionInstanceId?: string
  /** --ephemeral-key: offered (after a push) to every hop with an instance id. */
  ephemeral?: KeyRingOptions['ephemeral']
}

export interface TunnelPlan {
  hops: Hop[]
  target: TunnelTarget
  allowlist: Allowlist
  /** Per hop: the known_hosts files and mode its ssh_config gives (--known-hosts and --host-key-checking first). */
  hostKeys: HostKeyPolicy
  keys: KeyRing
  /** For the user: ignored ssh_config settings, assumptions about the cluster. */
  notes: string[]
}

export function planTunnel(request: TunnelRequest, sshConfig: SshConfigFile, options: {prompt: PassphrasePrompt; onKnownHostsProblem?: (message: string) => void}): TunnelPlan {
  const {hops, notes} = resolveHops({primary: request.primary, bastion: request.bastion, jumps: request.jumps, proxyCommand: request.proxyCommand}, sshConfig)
  const last = hops.at(-1)!
  // Instance ids only where the hop is that instance: the cluster's primary, a --bastion given as i-….
  if (request.primaryInstanceId && request.clusterTarget) last.instanceId = request.primaryInstanceId
  const bastionHop = hops.find((hop) => hop.role === 'bastion')
  if (request.bastionInstanceId && request.bastion && bastionHop) bastionHop.instanceId = request.bastionInstanceId
  if (request.ephemeral) {
    for (const hop of hops) if (!hop.instanceId) notes.push(`${hop.label} is not a known EC2 instance: no ephemeral key for it, its usual keys are used`)
  }
  const target = request.clusterTarget ?? hostTarget(last.host)
  const allowlist = Allowlist.parse(request.allow && request.allow.length > 0 ? request.allow : target.allowlist)
  const policies = new Map<string, HostKeyPolicy>()
  for (const hop of hops) policies.set(hop.label, knownHostsPolicyFor(hop, request, sshConfig, notes, options.onKnownHostsProblem))
  const hostKeys = new PerHopHostKeyPolicy(policies, policies.get(last.label)!)
  const keys = new KeyRing({identityFiles: request.identityFiles, agentSocket: request.agentSocket, home: sshConfig.env.home, prompt: options.prompt, ephemeral: request.ephemeral})
  return {hops, target, allowlist, hostKeys, keys, notes: [...(request.clusterTarget?.notes ?? []), ...notes]}
}

/** OpenSSH's default UserKnownHostsFile. */
const DEFAULT_USER_KNOWN_HOSTS = ['.ssh/known_hosts', '.ssh/known_hosts2']

/**
 * One hop's known_hosts policy, as OpenSSH would check it: the files are --known-hosts, then the
 * hop's UserKnownHostsFile (default ~/.ssh/known_hosts, ~/.ssh/known_hosts2); new keys go to
 * --known-hosts, else the first UserKnownHostsFile. The mode is --host-key-checking, else the
 * hop's StrictHostKeyChecking: yes → strict, accept-new → accept-new; `ask` cannot prompt here
 * and means yes; `no`/`off` mean accept-new (a changed key is refused whatever is configured).
 */
function knownHostsPolicyFor(hop: Hop, request: TunnelRequest, sshConfig: SshConfigFile, notes: string[], onProblem?: (message: string) => void): KnownHostsPolicy {
  const entry = sshConfig.lookup(hop.alias)
  const userFiles = entry.userKnownHostsFiles ?? DEFAULT_USER_KNOWN_HOSTS.map((file) => join(sshConfig.env.home, file))
  const appendTo = request.knownHostsFile ?? userFiles[0]
  let mode: HostKeyChecking = request.hostKeyChecking ?? 'strict'
  if (!request.hostKeyChecking) {
    switch (entry.strictHostKeyChecking) {
      case 'accept-new':
        mode = 'accept-new'
        break
      case 'no':
      case 'off':
        mode = 'accept-new'
        notes.push(
          `ssh_config StrictHostKeyChecking ${entry.strictHostKeyChecking} for ${hop.alias} is taken as accept-new: emr-access records unknown host keys but never connects to a host whose key changed`,
        )
        break
      case 'ask':
        notes.push(`ssh_config StrictHostKeyChecking ask for ${hop.alias} is taken as yes: emr-access does not prompt (${request.acceptNewName ?? 'accept-new'} records a new key)`)
        break
      default:
        break
    }
  }
  if (mode === 'accept-new' && !appendTo) {
    mode = 'strict'
    notes.push(`ssh_config UserKnownHostsFile none for ${hop.alias}: no file to record a new host key in, so unknown keys are refused`)
  }
  return new KnownHostsPolicy({
    files: [...new Set([...(request.knownHostsFile ? [request.knownHostsFile] : []), ...userFiles])],
    appendTo: appendTo ?? '',
    mode,
    hashNewEntries: entry.hashKnownHosts,
    supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS,
    onProblem,
    acceptNewName: request.acceptNewName,
  })
}
