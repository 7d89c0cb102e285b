/**
 * One running tunnel, and the owner of everything it opens: the SOCKS5 listener, the PAC listener,
 * the -L forwards and the supervisor (which owns the SSH chain and its channels). Listeners are
 * bound first (a busy port fails before any SSH work), stay up across reconnects, and `close()`
 * ends all of them.
 */
import type {Allowlist} from './socks/allowlist.js'
import {checkBind, clientPolicy} from './bind-policy.js'
import type {ReadyEvent, Reporter} from './events.js'
import {ListenFailure, type TunnelFailure, type ListenerKind} from './failures.js'
import {LocalForward, type ForwardSpec} from './local-forward.js'
import {generatePac, pacInputFromAllowlist} from './pac/pac-file.js'
import {PAC_PATH, PacServer} from './pac/pac-server.js'
import {HttpProxyServer} from './http/http-proxy.js'
import type {TunnelStatus} from './pac/landing-page.js'
import {RefusalLog} from './refusal-log.js'
import {REPLY, replyForOpenFailure} from './socks/replies.js'
import {Socks5Server, SocksOpenError} from './socks/socks5-server.js'
import type {KeyRing} from './ssh/auth.js'
import type {HostKeyPolicy} from './ssh/host-key-policy.js'
import type {Hop} from './ssh/hops.js'
import {classifyOpenFailure} from './ssh/open-failure.js'
import {connectChain, type ChainTiming, type SshChain} from './ssh/transport.js'
import {ConnectionPool, DEFAULT_CONNECTIONS} from './ssh/connection-pool.js'
import {TunnelSupervisor, type Backoff} from './supervisor.js'
import {primaryWebUiUrls, type TunnelTarget} from './target.js'
import {displayKeyType} from './ssh/host-key.js'

export interface SessionConfig {
  hops: Hop[]
  hostKeys: HostKeyPolicy
  keys: KeyRing
  timing: ChainTiming
  backoff?: Backoff
  initialAttempts?: number
  target: TunnelTarget
  allowlist: Allowlist
  bind: string
  allowRemoteClients: boolean
  socksPort: number
  pacPort: number
  /** --http-proxy-port: an HTTP proxy (absolute URIs and CONNECT) through the tunnel; absent: none. */
  httpProxyPort?: number
  forwards: ForwardSpec[]
  /** --connections: SSH connections (whole hop chains) that channels are spread over. */
  connections?: number
  reporter: Reporter
  /** The landing page's words for starting a browser that uses the PAC file (a command line). */
  browserHint?: string
  /** Clock for the landing page's "since" (tests). */
  now?: () => Date
}

const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`

function listenFailure(listener: ListenerKind, bind: string, port: number, error: NodeJS.ErrnoException): ListenFailure {
  const failure = (problem: ListenFailure['problem'], reason: string) => new ListenFailure(listener, problem, bind, port, reason, error.code)
  if (error.code === 'EADDRINUSE') return failure('in-use', `${hostPort(bind, port)} is already in use (another tunnel?); choose another port`)
  if (error.code === 'EADDRNOTAVAIL') return failure('no-such-address', 'this machine has no such address')
  if (error.code === 'EACCES') return failure('not-permitted', 'not permitted to listen there (ports below 1024 need privileges)')
  return failure('other', `cannot listen on ${hostPort(bind, port)}: ${error.message}`)
}

export class TunnelSession {
  private readonly supervisor: TunnelSupervisor
  private readonly socks: Socks5Server
  private readonly pac: PacServer
  private readonly httpProxy?: HttpProxyServer
  private readonly forwards: {spec: ForwardSpec; server: LocalForward}[]
  private closing?: Promise<void>
  private readonly stoppedListeners: ((failure: TunnelFailure) => void)[] = []
  private firstConnection = true
  private socksPort = 0
  private status: TunnelStatus
  private readonly now: () => Date

  constructor(private readonly config: SessionConfig) {
    const {reporter} = config
    // The command validated the bind address and warned; this keeps the rule whoever builds a session.
    checkBind(config.bind, config.allowRemoteClients)
    // Every listener refuses non-loopback clients the same way, logged once per address (rate-limited).
    const clientRefusals = new RefusalLog((text) => reporter.warn(text))
    const acceptClient = clientPolicy(config.allowRemoteClients, (address) => clientRefusals.note(address, `refused a client from ${address} (not loopback, and remote clients are not allowed)`))
    const destinationRefusals = new RefusalLog((text) => reporter.debug(text))
    this.now = config.now ?? (() => new Date())
    this.status = {
      state: 'connecting',
      since: this.now().toISOString(),
      clusterId: config.target.clusterId,
      primary: config.target.uiHost,
      route: config.hops.map((hop) => hop.label).join(' → '),
      socks: '',
      pacUrl: '',
      webUis: config.target.webUis ?? primaryWebUiUrls(config.target.uiHost),
    }
    const setState = (state: TunnelStatus['state'], extra: Partial<TunnelStatus> = {}) => {
      this.status = {...this.status, reason: undefined, attempt: undefined, state, since: this.now().toISOString(), ...extra}
    }

    this.supervisor = new TunnelSupervisor({
      connect: (signal) => this.connect(signal),
      backoff: config.backoff,
      initialAttempts: config.initialAttempts,
      hooks: {
        onInitialRetry: (failure, _attempt, delayMs) => reporter.event({event: 'error', kind: failure.kind, message: failure.message, fatal: false, retryInMs: delayMs, ...failure.detail}),
        onReconnecting: (failure, attempt, delayMs) => {
          // "since" stays at the first failure across attempts.
          if (this.status.state === 'reconnecting') this.status = {...this.status, attempt, reason: failure.message}
          else setState('reconnecting', {attempt, reason: failure.message})
          reporter.event({event: 'reconnecting', attempt, delayMs, reason: failure.toJSON()})
        },
        onReconnected: (attempt, downtimeMs) => {
          setState('connected')
          reporter.event({event: 'reconnected', attempt, downtimeMs})
        },
        onFatal: (failure) => {
          setState('closed', {reason: failure.message})
          for (const listener of this.stoppedListeners.splice(0)) listener(failure)
        },
      },
    })

    this.socks = new Socks5Server({
      allow: (destination) => config.allowlist.allows(destination),
      acceptClient,
      open: async (destination, client) => {
        try {
          return await this.supervisor.openChannel(destination.host, destination.port, client)
        } catch (error) {
          const failure = classifyOpenFailure(error)
          throw new SocksOpenError(replyForOpenFailure(failure.kind), failure.description)
        }
      },
      log: (entry) => {
        switch (entry.type) {
          case 'refused-client':
            // Logged by acceptClient, like the other listeners' refusals.
            return
          case 'not-allowed':
            destinationRefusals.note(
              `${entry.destination.host}:${entry.destination.port}`,
              `SOCKS ${entry.destination.host}:${entry.destination.port} refused: not on the allowlist (reply ${REPLY.NOT_ALLOWED})`,
            )
            return
          case 'open-failed':
            reporter.debug(`SOCKS ${entry.destination.host}:${entry.destination.port} failed: ${entry.message} (reply ${entry.reply})`)
            return
          case 'unsupported':
            reporter.debug(`SOCKS request from ${entry.client.address}:${entry.client.port} refused: ${entry.detail} (reply ${entry.reply})`)
            return
          case 'opened':
            reporter.debug(`SOCKS ${entry.destination.host}:${entry.destination.port} open`)
            return
        }
      },
    })

    this.pac = new PacServer({
      socksBind: config.bind,
      acceptClient,
      allowRemoteClients: config.allowRemoteClients,
      render: (socksHost) => generatePac(pacInputFromAllowlist(config.allowlist, {host: socksHost, port: this.socksPort})),
      status: () => this.status,
      browserHint: config.browserHint,
    })

    if (config.httpProxyPort !== undefined) {
      this.httpProxy = new HttpProxyServer({
        allow: (destination) => config.allowlist.allows(destination),
        acceptClient,
        open: (destination, client) => this.supervisor.openChannel(destination.host, destination.port, client),
        log: (text) => reporter.debug(text),
        onNotAllowed: (destination, text) => destinationRefusals.note(`${destination.host}:${destination.port}`, text),
      })
    }

    this.forwards = config.forwards.map((spec) => ({
      spec,
      server: new LocalForward({
        remoteHost: config.target.uiHost,
        remotePort: spec.remotePort,
        acceptClient,
        open: (client) => this.supervisor.openChannel(config.target.uiHost, spec.remotePort, client),
        onOpenFailed: (error) => reporter.debug(`forward to ${config.target.uiHost}:${spec.remotePort} failed: ${classifyOpenFailure(error).description}`),
      }),
    }))
  }

  /** Binds the listeners, connects, and reports `ready`. On failure everything is closed again. */
  async start(): Promise<ReadyEvent> {
    const {config} = this
    try {
      const socks = await this.socks.listen(config.socksPort, config.bind).catch((error) => {
        throw listenFailure('socks', config.bind, config.socksPort, error)
      })
      this.socksPort = socks.port
      const pac = await this.pac.listen(config.pacPort, config.bind).catch((error) => {
        throw listenFailure('pac', config.bind, config.pacPort, error)
      })
      let httpProxy: {host: string; port: number; url: string} | undefined
      if (this.httpProxy) {
        const bound = await this.httpProxy.listen(config.httpProxyPort!, config.bind).catch((error) => {
          throw listenFailure('http-proxy', config.bind, config.httpProxyPort!, error)
        })
        httpProxy = {host: config.bind, port: bound.port, url: `http://${hostPort(config.bind, bound.port)}`}
      }
      const forwards = []
      for (const forward of this.forwards) {
        const bound = await forward.server.listen(forward.spec.localPort, config.bind).catch((error) => {
          throw listenFailure('forward', config.bind, forward.spec.localPort, error)
        })
        forwards.push({local: {host: config.bind, port: bound.port}, remote: {host: config.target.uiHost, port: forward.spec.remotePort}})
      }
      this.status = {...this.status, socks: hostPort(config.bind, socks.port), pacUrl: `http://${hostPort(config.bind, pac.port)}${PAC_PATH}`}
      const chain = await this.supervisor.start()
      this.firstConnection = false
      this.status = {...this.status, state: 'connected', since: this.now().toISOString()}
      const primary = config.hops.at(-1)!
      const ready: ReadyEvent = {
        event: 'ready',
        socks: {host: config.bind, port: socks.port, url: `socks5h://${hostPort(config.bind, socks.port)}`},
        pac: {url: `http://${hostPort(config.bind, pac.port)}${PAC_PATH}`},
        ...(httpProxy ? {httpProxy} : {}),
        forwards,
        hops: this.hopSummaries(chain),
        primary: {host: primary.host, port: primary.port, user: primary.user},
        ...(config.target.clusterId
          ? {
              cluster: {
                id: config.target.clusterId,
                primaries: config.target.primaries.map((node) => ({
                  privateDnsName: node.privateDnsName,
                  privateIp: node.privateIp,
                  instanceId: node.instanceId,
                  active: node.active,
                })),
              },
            }
          : {}),
        allow: config.allowlist.toStrings(),
        webUis: this.status.webUis,
      }
      config.reporter.event(ready)
      return ready
    } catch (error) {
      await this.close()
      throw error
    }
  }

  /** Called once if the tunnel stops on a failure it will not retry. */
  onStopped(listener: (failure: TunnelFailure) => void): void {
    this.stoppedListeners.push(listener)
  }

  /** Closes listeners, channels and the SSH connection. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.supervisor.close()
      await Promise.all([this.socks.close(), this.pac.close(), this.httpProxy?.close(), ...this.forwards.map((forward) => forward.server.close())])
    })()
    return this.closing
  }

  private hopSummaries(chain: SshChain): ReadyEvent['hops'] {
    return chain.reports.map((report) => ({
      role: report.hop.role,
      host: report.hop.host,
      port: report.hop.port,
      user: report.hop.user,
      hostKey: {type: report.hostKey.key.type, fingerprint: report.hostKey.key.fingerprint, status: report.hostKey.status},
      auth: report.authenticatedWith,
    }))
  }

  private connect(signal: AbortSignal): Promise<SshChain> {
    const {reporter} = this.config
    return ConnectionPool.connect({
      size: this.config.connections ?? DEFAULT_CONNECTIONS,
      signal,
      connect: (memberSignal, index) => this.connectOne(memberSignal, index),
      onMemberLost: (failure, remaining) => reporter.debug(`one of the SSH connections failed (${remaining} left, replacing it): ${failure.message}`),
    })
  }

  /** One hop chain; progress is reported for the pool's first connection only. */
  private connectOne(signal: AbortSignal, index: number): Promise<SshChain> {
    const {reporter} = this.config
    const first = this.firstConnection && index === 0
    return connectChain({
      hops: this.config.hops,
      hostKeys: this.config.hostKeys,
      keys: this.config.keys,
      timing: this.config.timing,
      signal,
      reconnecting: !first,
      onStep: (step) => {
        if (step.phase === 'connecting') {
          const via = step.hop.role === 'primary' && this.config.hops.length > 1 ? ` via ${this.config.hops.at(-2)!.role}` : ''
          if (first) reporter.progress(`› connecting to ${step.hop.label}${via} …`)
          else reporter.debug(`${this.firstConnection ? `connection ${index + 1}` : 'reconnecting'}: ${step.hop.label}`)
          return
        }
        const key = `${displayKeyType(step.hostKey.key.type)} ${step.hostKey.key.fingerprint}`
        if (step.phase === 'host-key') {
          const {hop, hostKey} = step
          reporter.event({
            event: 'hostkey',
            role: hop.role,
            hop: hop.label,
            host: hop.host,
            port: hop.port,
            type: hostKey.key.type,
            fingerprint: hostKey.key.fingerprint,
            status: hostKey.status,
            where: hostKey.where,
            reconnect: !first,
          })
          if (hostKey.status === 'recorded') reporter.warn(`${hop.label}: new host key ${key} recorded in ${hostKey.where} (accept-new host-key checking)`)
          return
        }
        const keyNote = step.hostKey.status === 'recorded' ? `host key ${key} recorded in ${step.hostKey.where}` : `host key ${key} matches ${step.hostKey.where}`
        if (first) reporter.progress(`✔ ${step.hop.label}: ${keyNote}; authenticated with ${step.authenticatedWith ?? 'a key'}`)
      },
    })
  }
}

/**
 * Starts the session and keeps it until SIGINT/SIGTERM (→ `closed`, resolves) or a failure it will
 * not retry (→ closes everything, rejects with the TunnelFailure). A signal while connecting aborts
 * the attempt. Every path ends in `session.close()`.
 */
export async function runUntilStopped(session: TunnelSession, reporter: Reporter, onReady?: (ready: ReadyEvent) => Promise<void> | void): Promise<void> {
  let signalled: NodeJS.Signals | undefined
  let wake: (outcome: {signal?: NodeJS.Signals; failure?: TunnelFailure}) => void = () => undefined
  const outcome = new Promise<{signal?: NodeJS.Signals; failure?: TunnelFailure}>((resolve) => {
    wake = resolve
  })
  const onSignal = (signal: NodeJS.Signals) => {
    signalled ??= signal
    wake({signal})
    void session.close()
    // Last resort: a peer that never answers our disconnect must not hold the process.
    setTimeout(() => process.exit(process.exitCode ?? 0), 5_000).unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  session.onStopped((failure) => wake({failure}))
  try {
    try {
      const ready = await session.start()
      if (onReady && !signalled) await onReady(ready)
    } catch (error) {
      if (!signalled) throw error
    }
    const result = await outcome
    await session.close()
    if (result.failure) throw result.failure
    reporter.event({event: 'closed', reason: 'signal', signal: result.signal, exitCode: 0})
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}
