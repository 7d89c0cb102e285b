/**
 * The SSH hop chain, like OpenSSH's ProxyJump but in one process (libraries.md P3): each hop is an
 * ssh2 `Client` over a duplex stream — a TCP socket for the first hop, a `direct-tcpip` channel
 * through the previous hop for the others. `StreamOpener` is the seam for other transports (a
 * `--proxy-command` child's stdio, an SSM session): anything that yields a Duplex per hop.
 *
 * Every hop gets its own host-key check (the one `HostKeyPolicy`), keepalive, ready timeout and
 * auth; TCP_NODELAY is set on the socket we own (P1). Failures come out as `TunnelFailure`s
 * classified for the supervisor.
 */
import {createRequire} from 'node:module'
import {getCiphers} from 'node:crypto'
import {connect as tcpConnect, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import ssh2, {type Client as SshClient, type ClientChannel} from 'ssh2'
import {classifySocketError, nameLookupFailure, TunnelFailure} from '../failures.js'
import {authHandler, type KeyRing, type KeySource} from './auth.js'
import type {HostKeyPolicy, HostKeyVerdict} from './host-key-policy.js'
import type {Hop} from './hops.js'
import {classifyOpenFailure} from './open-failure.js'
import {destroyChannel} from '../splice.js'
import {openProxyCommand} from '../transports/proxy-command.js'

/** The previous hop, already connected, that a later hop's stream can be opened through. */
export interface PreviousHop {
  client: SshClient
  hop: Hop
}

/** Opens the byte stream a hop's SSH session runs over (`via`: the previous hop, if any). */
/** Opens a hop's byte stream; `signal` (Ctrl-C while connecting) cancels an opening it can cancel. */
export type StreamOpener = (hop: Hop, via: PreviousHop | undefined, timeoutMs: number, signal?: AbortSignal) => Promise<Duplex>

export interface ChainTiming {
  /** ssh2 keepaliveInterval (ms) on every hop; ServerAliveInterval. */
  keepaliveInterval: number
  keepaliveCountMax: number
  /** Per-hop limit for TCP connect + SSH handshake + auth. */
  readyTimeout: number
  /** How long a channel open (direct-tcpip) may go unanswered (default 15 s). */
  channelOpenTimeout?: number
}

/**
 * A hop that stops answering is declared lost after keepaliveCountMax unanswered keepalives, i.e.
 * within (keepaliveCountMax + 1) × keepaliveInterval = 20 s (ssh2 counts one interval more than
 * OpenSSH's ServerAliveCountMax).
 */
export const DEFAULT_TIMING: ChainTiming = {keepaliveInterval: 5_000, keepaliveCountMax: 3, readyTimeout: 20_000, channelOpenTimeout: 15_000}

const DEFAULT_CHANNEL_OPEN_TIMEOUT = 15_000

/**
 * A direct-tcpip channel from `client` to host:port, bounded in time: a server that never answers
 * the open would otherwise hold the client forever. A channel that opens after the deadline is closed.
 */
export function openDirectChannel(client: SshClient, source: {address: string; port: number}, host: string, port: number, timeoutMs: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      reject(Object.assign(new Error(`channel open to ${host}:${port} timed out after ${Math.round(timeoutMs / 1000)} s (no answer from the SSH server)`), {reason: 'TIMEOUT'}))
    }, timeoutMs)
    timer.unref()
    try {
      client.forwardOut(source.address, source.port, host, port, (error, channel) => {
        clearTimeout(timer)
        if (timedOut) {
          if (!error) destroyChannel(channel)
          return
        }
        if (error) reject(error)
        else resolve(channel)
      })
    } catch (error) {
      clearTimeout(timer)
      reject(error)
    }
  })
}

export interface HopReport {
  hop: Hop
  hostKey: HostKeyVerdict
  /** The key source that authenticated ("ssh-agent", a key file label). */
  authenticatedWith?: string
}

export interface ChainOptions {
  hops: Hop[]
  hostKeys: HostKeyPolicy
  keys: KeyRing
  timing: ChainTiming
  openStream?: StreamOpener
  /** Aborts a connection in progress (Ctrl-C while connecting): streams and clients are destroyed. */
  signal?: AbortSignal
  /** An automatic reconnect: no new host key is accepted (see HostKeyPolicy.verify). */
  reconnecting?: boolean
  /** Progress, for people: "connecting to bastion …", "host key accepted", "… connected". */
  onStep?: (step: {hop: Hop; phase: 'connecting'} | {hop: Hop; phase: 'host-key'; hostKey: HostKeyVerdict} | ({phase: 'connected'} & HopReport)) => void
}

/**
 * Cipher preference, fastest first (issue 11): AES-GCM when the CPU has AES instructions (one AEAD
 * pass in OpenSSL, no separate MAC), else chacha20-poly1305; CTR ciphers last. The server picks the
 * first of ours it also offers, so this is "the fastest both ends offer". ssh2's own default is
 * similar, but only when its optional cpu-features binding loaded; this order says it explicitly.
 * Window (2 MiB) and packet size (32 KiB) are ssh2 constants, the same as OpenSSH's defaults for
 * forwarded channels; ssh2 has no option to change them (see bench/README.md).
 */
export function preferredCiphers(hasAes: boolean = cpuHasAes(), available: string[] = getCiphers()): string[] {
  const gcm = ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com']
  const chacha = ['chacha20-poly1305@openssh.com']
  const ctr = ['aes128-ctr', 'aes192-ctr', 'aes256-ctr']
  const order = hasAes ? [...gcm, ...chacha, ...ctr] : [...chacha, ...gcm, ...ctr]
  const openssl: Record<string, string> = {
    'aes128-gcm@openssh.com': 'aes-128-gcm',
    'aes256-gcm@openssh.com': 'aes-256-gcm',
    'aes128-ctr': 'aes-128-ctr',
    'aes192-ctr': 'aes-192-ctr',
    'aes256-ctr': 'aes-256-ctr',
  }
  // chacha20-poly1305 is ssh2's own binding (or its JS fallback): always usable.
  return order.filter((name) => !openssl[name] || available.includes(openssl[name]))
}

/** AES instructions on this CPU (cpu-features, ssh2's optional native dependency); unknown → assume yes (x86-64, arm64 servers). */
function cpuHasAes(): boolean {
  try {
    const features = createRequire(import.meta.url)('cpu-features') as () => {flags?: Record<string, boolean>}
    const flags = features().flags
    return flags ? Boolean(flags.aes) : true
  } catch {
    return true
  }
}

const CIPHERS = preferredCiphers()

/** The hop's own transport when it has one; else the first hop over TCP (TCP_NODELAY on), later hops through the previous hop's channel. */
export const defaultStreamOpener: StreamOpener = (hop, via, timeoutMs, signal) => {
  switch (hop.transport?.kind) {
    case 'proxy-command':
      return openProxyCommand(hop.label, hop.transport.command)
    case 'eice': {
      // EICE is reached from here, whatever hop comes before; the AWS SDK loads only when it is used.
      const transport = hop.transport
      return import('../transports/eice/open-tunnel.js').then(({openEiceTunnel}) => openEiceTunnel(hop, transport, timeoutMs, {signal}))
    }
    case 'ssm': {
      // A Session Manager session reaches the hop's instance from here, whatever hop comes before.
      const transport = hop.transport
      return import('../transports/ssm/session.js').then(({openSsmHop}) => openSsmHop(hop, transport, timeoutMs))
    }
    default:
      return via ? forwardThrough(via, hop, timeoutMs) : openTcp(hop, timeoutMs)
  }
}

/** A stream its transport ends at a known time (an EICE tunnel's maxTunnelDuration), in epoch ms. */
export function streamExpiresAt(stream: Duplex): number | undefined {
  const expiresAt = (stream as Duplex & {expiresAt?: unknown}).expiresAt
  return typeof expiresAt === 'number' ? expiresAt : undefined
}

function openTcp(hop: Hop, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({host: hop.host, port: hop.port})
    const timer = setTimeout(() => {
      socket.destroy()
      reject(
        new TunnelFailure('network', `${hop.label}: TCP connect timed out after ${Math.round(timeoutMs / 1000)} s (a security group, network ACL or firewall may drop it)`, {
          hop: hop.label,
          host: hop.host,
          port: hop.port,
          code: 'ETIMEDOUT',
        }),
      )
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.removeAllListeners('error')
      socket.setNoDelay(true)
      resolve(socket)
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      socket.destroy()
      reject(classifySocketError(error, {hop: hop.label, host: hop.host, port: hop.port}))
    })
  })
}

function forwardThrough(via: PreviousHop, hop: Hop, timeoutMs: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const detail = {hop: hop.label, host: hop.host, port: hop.port}
    const fail = (error: unknown) => {
      const failure = classifyOpenFailure(error)
      const previous = via.hop.label
      switch (failure.kind) {
        case 'prohibited':
          return reject(
            new TunnelFailure(
              'permission',
              `${hop.label}: ${previous} refuses to forward to ${hop.host}:${hop.port} (administratively prohibited): its sshd has AllowTcpForwarding no, or a PermitOpen that excludes this destination`,
              {...detail, code: 'ADMINISTRATIVELY_PROHIBITED'},
            ),
          )
        case 'unresolved':
          return reject(nameLookupFailure(`${hop.label}: ${hop.host} does not resolve on ${previous}`, failure.description, detail))
        default:
          return reject(new TunnelFailure('network', `${hop.label}: cannot reach ${hop.host}:${hop.port} from ${previous}: ${failure.description}`, {...detail, code: failure.kind}))
      }
    }
    openDirectChannel(via.client, {address: '127.0.0.1', port: 0}, hop.host, hop.port, timeoutMs).then(resolve, fail)
  })
}

type SshError = Error & {level?: string; code?: number | string}

function classifySshError(error: SshError, hop: Hop, tried: string[], agentErrors: string[], keys: KeyRing): TunnelFailure {
  // A transport's own failure (a proxy command's exit status, an EICE close reason) says it best: keep it.
  if (error instanceof TunnelFailure) return error
  const detail = {hop: hop.label, host: hop.host, port: hop.port}
  const message = error.message ?? String(error)
  if (error.level === 'client-authentication' || /authentication/i.test(message)) {
    const skipped = keys.skipped.map((skip) => `${skip.file} (${skip.reason})`)
    const triedText = tried.length > 0 ? `offered ${tried.join(', ')}` : 'no key was offered'
    const extra = [...agentErrors.map((text) => `ssh-agent: ${text}`), ...skipped.map((text) => `skipped ${text}`)]
    return new TunnelFailure(
      'auth',
      `${hop.label}: authentication failed (publickey): ${triedText}, and the server accepted none${extra.length ? `; ${extra.join('; ')}` : ''}. ` +
        `Check the user name (${hop.role === 'primary' ? 'hadoop on EMR primaries' : 'ec2-user on Amazon Linux bastions'}; give user@host otherwise) and ` +
        (tried.some((label) => label.startsWith('ephemeral key'))
          ? 'that the instance runs the EC2 Instance Connect agent (the ec2-instance-connect package), which lets sshd accept a pushed key'
          : 'that this key is the one the instance was launched with'),
      {...detail, code: 'AUTH_FAILED'},
    )
  }
  if (error.level === 'client-socket') return classifySocketError(error as NodeJS.ErrnoException, detail)
  if (error.level === 'client-timeout') {
    const what = /keepalive/i.test(message) ? 'no answer to SSH keepalives' : `no SSH handshake within the timeout (${message})`
    return new TunnelFailure('network', `${hop.label}: ${what}`, {...detail, code: 'TIMEOUT'})
  }
  if (error.level === 'handshake' || error.level === 'protocol') {
    return new TunnelFailure('config', `${hop.label}: SSH handshake failed: ${message}`, {...detail, code: 'HANDSHAKE'})
  }
  return new TunnelFailure('network', `${hop.label}: ${message}`, {...detail, code: typeof error.code === 'string' ? error.code : undefined})
}

interface HopPreparation {
  algorithms?: string[]
  sources: KeySource[]
}

/** What a hop needs before any byte is sent: its host-key algorithm order and its keys. */
async function prepareHop(hop: Hop, options: ChainOptions): Promise<HopPreparation> {
  const algorithms = await options.hostKeys.preferredAlgorithms({host: hop.host, port: hop.port, label: hop.label})
  return {algorithms, sources: await options.keys.forHop(hop)}
}

/** One hop's SSH session over `stream`: resolves when authenticated. */
function connectHop(hop: Hop, stream: Duplex, prepared: HopPreparation, options: ChainOptions): Promise<{client: SshClient; report: HopReport}> {
  const identity = {host: hop.host, port: hop.port, label: hop.label}
  const {algorithms, sources} = prepared
  const client = new ssh2.Client()
  const tried: string[] = []
  const agentErrors: string[] = []
  let hostKey: HostKeyVerdict | undefined
  let hostKeyFailure: TunnelFailure | undefined
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (failure?: TunnelFailure) => {
      if (settled) return
      settled = true
      client.removeListener('ready', onReady)
      client.removeListener('close', onClose)
      client.removeListener('end', onClose)
      if (failure) {
        client.removeListener('error', onError)
        client.on('error', () => undefined)
        client.end()
        stream.destroy()
        reject(failure)
      }
    }
    const onReady = () => {
      if (!hostKey) return settle(new TunnelFailure('host-key', `${hop.label}: the host key was not verified`, {hop: hop.label}))
      settle()
      client.removeListener('error', onError)
      resolve({client, report: {hop, hostKey, authenticatedWith: tried.at(-1)}})
      return undefined
    }
    const onError = (error: SshError) => {
      if (error.level === 'agent') {
        agentErrors.push(error.message)
        return
      }
      settle(hostKeyFailure ?? classifySshError(error, hop, tried, agentErrors, options.keys))
    }
    const onClose = () =>
      settle(hostKeyFailure ?? new TunnelFailure('network', `${hop.label}: the server closed the connection during the handshake`, {hop: hop.label, host: hop.host, port: hop.port}))
    client.once('ready', onReady)
    client.on('error', onError)
    client.once('close', onClose)
    client.once('end', onClose)
    client.connect({
      sock: stream,
      username: hop.user,
      readyTimeout: options.timing.readyTimeout,
      keepaliveInterval: options.timing.keepaliveInterval,
      keepaliveCountMax: options.timing.keepaliveCountMax,
      algorithms: {cipher: CIPHERS as never, ...(algorithms ? {serverHostKey: algorithms as never} : {})},
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        options.hostKeys.verify(identity, key, {reconnecting: options.reconnecting}).then(
          (verdict) => {
            hostKey = verdict
            options.onStep?.({hop, phase: 'host-key', hostKey: verdict})
            verify(true)
          },
          (error: unknown) => {
            hostKeyFailure = error instanceof TunnelFailure ? error : new TunnelFailure('host-key', `${hop.label}: host key check failed: ${(error as Error).message}`, {hop: hop.label})
            verify(false)
          },
        )
      },
      authHandler: authHandler(sources, hop.user, tried),
    })
  })
}

/** A connected tunnel: one hop chain, or a pool of them (connection-pool.ts). */
export interface SshChain {
  /** Every hop's host-key verdict and authentication (of the first chain in a pool). */
  readonly reports: HopReport[]
  readonly alive: boolean
  /** When a transport under it ends by design (epoch ms; an EICE tunnel's maxTunnelDuration): renew before. */
  readonly expiresAt?: number
  /** A channel from the primary to host:port. */
  forwardOut(sourceAddress: string, sourcePort: number, host: string, port: number): Promise<ClientChannel>
  /** Called once when the tunnel is lost (not after `close()`). */
  onClose(listener: (failure: TunnelFailure) => void): void
  close(): void
}

/** A connected chain. `forwardOut` opens a channel from the last hop (the primary). */
export class HopChain implements SshChain {
  private closing = false
  private lastError?: TunnelFailure
  private readonly closeListeners: ((failure: TunnelFailure) => void)[] = []
  private lost = false

  constructor(
    readonly clients: SshClient[],
    readonly reports: HopReport[],
    private readonly channelOpenTimeout: number = DEFAULT_CHANNEL_OPEN_TIMEOUT,
    readonly expiresAt?: number,
  ) {
    clients.forEach((client, index) => {
      const hop = reports[index]!.hop
      client.on('error', (error: SshError) => {
        if (error.level === 'agent') return
        this.lastError ??=
          error instanceof TunnelFailure
            ? error
            : error.level === 'client-timeout'
              ? new TunnelFailure('network', `${hop.label}: no answer to SSH keepalives; the connection is gone`, {hop: hop.label, code: 'KEEPALIVE'})
              : new TunnelFailure('network', `${hop.label}: ${error.message}`, {hop: hop.label})
      })
      // A hop carried by a channel sees its stream end without always seeing it close: either means gone.
      client.on('end', () => this.onLost(hop.label))
      client.on('close', () => this.onLost(hop.label))
    })
  }

  private onLost(label: string): void {
    if (this.lost) return
    this.lost = true
    const failure = this.lastError ?? new TunnelFailure('network', `${label}: the SSH connection closed`, {hop: label, code: 'CLOSED'})
    this.endAll()
    if (!this.closing) for (const listener of this.closeListeners) listener(failure)
  }

  /** Called once when any hop's connection is lost (not after `close()`). */
  onClose(listener: (failure: TunnelFailure) => void): void {
    this.closeListeners.push(listener)
  }

  get alive(): boolean {
    return !this.lost && !this.closing
  }

  forwardOut(sourceAddress: string, sourcePort: number, host: string, port: number): Promise<ClientChannel> {
    if (!this.alive) return Promise.reject(Object.assign(new Error('tunnel is down'), {reason: undefined}))
    return openDirectChannel(this.clients.at(-1)!, {address: sourceAddress, port: sourcePort}, host, port, this.channelOpenTimeout)
  }

  private endAll(): void {
    for (const client of [...this.clients].reverse()) {
      client.on('error', () => undefined)
      client.end()
    }
  }

  /** Ends every hop, innermost first. */
  close(): void {
    if (this.closing) return
    this.closing = true
    this.endAll()
    // A server that does not answer our disconnect must not keep the process alive.
    const timer = setTimeout(() => {
      for (const client of this.clients) client.destroy()
    }, 2_000)
    timer.unref()
  }
}

/** Connects every hop in order; on failure ends what was made and throws the TunnelFailure. */
export async function connectChain(options: ChainOptions): Promise<HopChain> {
  const openStream = options.openStream ?? defaultStreamOpener
  const clients: SshClient[] = []
  const reports: HopReport[] = []
  const streams: Duplex[] = []
  const aborted = () => new TunnelFailure('network', 'connection attempt cancelled', {code: 'ABORTED'})
  const onAbort = () => {
    for (const stream of streams) stream.destroy()
    for (const client of clients) client.destroy()
  }
  options.signal?.addEventListener('abort', onAbort, {once: true})
  // Ctrl-C while a step is pending (an endpoint that never answers, a slow API call) ends the
  // attempt at once, not when the step gives up by itself.
  const untilAborted = <T>(pending: Promise<T>, dispose?: (value: T) => void): Promise<T> => {
    const signal = options.signal
    if (!signal) return pending
    return new Promise<T>((resolve, reject) => {
      const cancel = () => {
        pending.then(dispose, () => undefined)
        reject(aborted())
      }
      if (signal.aborted) return cancel()
      signal.addEventListener('abort', cancel, {once: true})
      pending.then(
        (value) => {
          signal.removeEventListener('abort', cancel)
          resolve(value)
        },
        (error: unknown) => {
          signal.removeEventListener('abort', cancel)
          reject(error)
        },
      )
    })
  }
  try {
    for (const hop of options.hops) {
      if (options.signal?.aborted) throw aborted()
      options.onStep?.({hop, phase: 'connecting'})
      const previous = clients.length > 0 ? {client: clients.at(-1)!, hop: reports.at(-1)!.hop} : undefined
      const prepared = await untilAborted(prepareHop(hop, options))
      // A stream that opens after Ctrl-C is closed as it arrives.
      const stream = await untilAborted(openStream(hop, previous, options.timing.readyTimeout, options.signal), (late) => late.destroy())
      streams.push(stream)
      if (options.signal?.aborted) throw aborted()
      const {client, report} = await connectHop(hop, stream, prepared, options)
      clients.push(client)
      reports.push(report)
      options.onStep?.({phase: 'connected', ...report})
    }
  } catch (error) {
    for (const client of clients.reverse()) {
      client.on('error', () => undefined)
      client.end()
    }
    for (const stream of streams) stream.destroy()
    if (options.signal?.aborted) throw aborted()
    throw error instanceof TunnelFailure ? error : new TunnelFailure('network', (error as Error).message)
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  const expiries = streams.map(streamExpiresAt).filter((expiresAt): expiresAt is number => expiresAt !== undefined)
  return new HopChain(clients, reports, options.timing.channelOpenTimeout ?? DEFAULT_CHANNEL_OPEN_TIMEOUT, expiries.length > 0 ? Math.min(...expiries) : undefined)
}
