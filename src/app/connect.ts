/**
 * `connect`: from the parsed command line to a running tunnel. Checks everything it can before any
 * SSH work (listeners, the hop chain, keys, the browser for --open), then runs the session until
 * Ctrl-C / SIGTERM. Core errors become one line naming the flag here.
 */
import {EXIT, UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import type {LiveFlags} from './live-collection.js'
import {BindError, checkBind} from '../tunnel/bind-policy.js'
import {BrowserNotFound, defaultDiscoveryEnvironment, findBrowser, launch, pickUi, planLaunch, type FoundBrowser} from '../tunnel/browser/browser.js'
import type {Reporter} from '../tunnel/events.js'
import {ListenFailure, MissingKeyFile, TunnelFailure, type ListenerKind} from '../tunnel/failures.js'
import type {ForwardSpec} from '../tunnel/local-forward.js'
import type {Destination} from '../tunnel/ssh/destination.js'
import type {HostKeyChecking} from '../tunnel/ssh/host-key-policy.js'
import {defaultEnvironment, SshConfigFile} from '../tunnel/ssh/ssh-config.js'
import {hostTarget, primaryWebUiUrls, type TunnelTarget} from '../tunnel/target.js'
import type {HostKeySource} from '../tunnel/key-sources.js'
import {ProxyCommandError} from '../tunnel/transports/proxy-command.js'
import {bastionFromModel, checkClusterId, privateBastionFromModel, resolveClusterTarget} from './cluster-target.js'

/** What `--open` asked for: the landing page, or one web UI by name or port. */
export type OpenRequest = {landing: true} | {ui: string}

/** connect's command line, parsed (each field is the flag of the same name). */
export interface ConnectRequest {
  clusterId?: string
  host?: Destination
  bastion?: Destination
  jumps: Destination[]
  identityFiles: string[]
  knownHostsFile?: string
  /** Absent: each hop's ssh_config StrictHostKeyChecking, else strict. */
  hostKeyChecking?: HostKeyChecking
  hostKeySource: HostKeySource
  proxyCommand?: string
  ephemeralKey: boolean
  socksPort: number
  pacPort: number
  httpProxyPort?: number
  allow?: string[]
  bind: string
  allowRemoteClients: boolean
  forwards: ForwardSpec[]
  connections: number
  snapshot?: string
  aws: LiveFlags
  debug: boolean
  json: boolean
  open?: OpenRequest
  browser?: string
  browserArgs?: string[]
  /** --via / --bastion-via: how SSH reaches the primary and the bastion. */
  via: HopTransportKindFlag
  bastionVia: HopTransportKindFlag
  /** --eice-id, --eice-endpoint-url, --max-tunnel-duration. */
  eice: {endpointId?: string; endpointUrl?: string; maxTunnelDurationSeconds?: number}
}

export type HopTransportKindFlag = 'ssh' | 'eice' | 'ssm'

/** --via / --bastion-via and their options, checked before anything connects. */
function checkTransportFlags(request: ConnectRequest): void {
  const {via, bastionVia} = request
  const eice = via === 'eice' || bastionVia === 'eice'
  const ssm = via === 'ssm' || bastionVia === 'ssm'
  if (!eice) {
    // An EICE option means nothing without an EICE hop: said, not silently ignored. (The endpoint
    // URL may come from its environment variable, set for every run: that one is not refused.)
    const given = (
      [
        ['eice-id', request.eice.endpointId],
        ['max-tunnel-duration', request.eice.maxTunnelDurationSeconds],
      ] as const
    ).find(([, value]) => value !== undefined)
    if (given) throw new UserError(`--${given[0]} needs --via eice or --bastion-via eice`)
  }
  if (bastionVia !== 'ssh' && !request.bastion) throw new UserError(`--bastion-via ${bastionVia} needs --bastion`)
  if (via === 'ssm' && (request.bastion || request.jumps.length > 0)) {
    throw new UserError(`--via ssm reaches the primary through Session Manager, without ${request.bastion ? '--bastion' : '--jump'}: drop it (or keep the bastion and use --bastion-via ssm)`)
  }
  if (request.host && !ssm && !eice) {
    const given = (['region', 'profile', 'endpoint-url'] as const).filter((flag) => request.aws[flag] !== undefined)
    if (given.length > 0) throw new UserError(`--${given[0]} with --host is used only by --via eice|ssm or --bastion-via eice|ssm (without them, --host makes no AWS call)`)
  }
}

/** The flag that sets each listener's port. */
const LISTENER_FLAGS: Readonly<Record<ListenerKind, string>> = {socks: '--socks-port', pac: '--pac-port', 'http-proxy': '--http-proxy-port', forward: '--forward'}

/** The core's errors about connect's own inputs, said as the flags (the rest: src/cli/domain-errors.ts). */
function inConnectTerms(error: unknown): unknown {
  if (error instanceof BindError && error.problem === 'not-loopback') {
    return new UserError(`--bind ${error.value} is not a loopback address: other machines could use the tunnel into your VPC; add --allow-remote-clients if that is what you want`)
  }
  if (error instanceof MissingKeyFile) return new UserError(`--identity-file ${error.file}: no such file`)
  if (error instanceof ProxyCommandError) return new UserError(`--proxy-command: ${error.message}`)
  if (error instanceof ListenFailure && error.problem !== 'other') {
    const subject = error.problem === 'no-such-address' ? `--bind ${error.bind}` : `${LISTENER_FLAGS[error.listener]} ${error.port}`
    return new TunnelFailure(error.kind, `${subject}: ${error.reason}`, error.detail)
  }
  if (error instanceof BrowserNotFound) {
    return new UserError(
      error.path
        ? `--browser ${error.path}: no such file`
        : `--open: ${error.message}; give --browser PATH, or run without --open and set a browser profile's automatic proxy configuration URL to the PAC file connect prints`,
    )
  }
  return error
}

/** Runs `fn`, saying its errors as connect's flags. */
async function saying<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw inConnectTerms(error)
  }
}

export function runConnect(request: ConnectRequest, reporter: Reporter): Promise<void> {
  return saying(() => connect(request, reporter))
}

async function connect(request: ConnectRequest, reporter: Reporter): Promise<void> {
  const {clusterId} = request
  if (clusterId && request.host) throw new UserError('give either CLUSTER_ID or --host, not both')
  if (!clusterId && !request.host) throw new UserError('give a CLUSTER_ID (j-…) or --host NAME_OR_IP of the primary node')
  if (request.snapshot && !clusterId) throw new UserError('--snapshot needs a CLUSTER_ID')
  if (clusterId) checkClusterId(clusterId)
  if (request.browser && request.open === undefined) throw new UserError('--browser needs --open')
  checkTransportFlags(request)
  if (checkBind(request.bind, request.allowRemoteClients).remote) {
    reporter.warn(`listening on ${request.bind} with --allow-remote-clients: anyone who can reach these ports can reach your cluster through the tunnel`)
  }
  checkDistinctListenerPorts(request, request.forwards)

  // The SSH machinery (ssh2) loads only when a tunnel is made.
  const [{planTunnel}, {runUntilStopped, TunnelSession}, {terminalPrompt}, {DEFAULT_TIMING}] = await Promise.all([
    import('../tunnel/plan.js'),
    import('../tunnel/session.js'),
    import('../tunnel/ssh/auth.js'),
    import('../tunnel/ssh/transport.js'),
  ])
  let sshConfig: SshConfigFile
  try {
    sshConfig = SshConfigFile.load(defaultEnvironment())
  } catch (error) {
    throw new UserError((error as Error).message)
  }

  let model: NetworkModel | undefined
  let clusterTarget: TunnelTarget | undefined
  let primary: Destination
  if (clusterId) {
    reporter.progress(`› resolving ${clusterId} …`)
    ;({model, target: clusterTarget} = await resolveClusterTarget(clusterId, {snapshot: request.snapshot, aws: request.aws, debug: request.debug, json: request.json}))
    primary = {host: clusterTarget.sshHost}
  } else {
    primary = request.host!
  }
  // A bastion reached through Session Manager keeps its instance id: that is the session's target.
  const eice = {primary: request.via === 'eice', bastion: request.bastionVia === 'eice'}
  // Through Session Manager the bastion keeps its instance id (the session's target); through EICE it is private: its private address.
  const bastion = request.bastion
    ? request.bastionVia === 'ssm'
      ? request.bastion
      : eice.bastion
        ? privateBastionFromModel(model, request.bastion)
        : bastionFromModel(model, request.bastion)
    : undefined
  // Instance ids for --ephemeral-key and --host-key-source console: the cluster's active primary, a --bastion i-….
  const primaryInstanceId = clusterTarget?.primaries.find((node) => node.active)?.instanceId
  const bastionInstanceId = request.bastion && /^i-[0-9a-f]{8,17}$/.test(request.bastion.host) ? request.bastion.host : undefined
  for (const [wanted, flag] of [
    [request.ephemeralKey, '--ephemeral-key'],
    [request.hostKeySource === 'console', '--host-key-source console'],
  ] as const) {
    if (wanted && !primaryInstanceId && !bastionInstanceId) throw new UserError(`${flag} needs an EC2 instance among the hops: give a CLUSTER_ID (its primary) or --bastion i-…`)
  }
  const {openKeyServices, withConsoleHostKeys} = await import('../tunnel/key-sources.js')
  const keyServices = await openKeyServices({
    ephemeralKey: request.ephemeralKey,
    hostKeySource: request.hostKeySource,
    aws: {region: request.aws.region, profile: request.aws.profile, endpointUrl: request.aws['endpoint-url']},
  })
  const ephemeral = keyServices?.ephemeral
  const plan = planTunnel(
    {
      primary,
      clusterTarget,
      bastion,
      jumps: request.jumps,
      identityFiles: request.identityFiles,
      knownHostsFile: request.knownHostsFile,
      hostKeyChecking: request.hostKeyChecking,
      acceptNewName: '--host-key-checking accept-new',
      proxyCommand: request.proxyCommand,
      primaryInstanceId,
      bastionInstanceId,
      ephemeral: ephemeral && {source: ephemeral.source, prepare: (hop) => ephemeral.push(hop)},
      allow: request.allow,
      agentSocket: process.env.SSH_AUTH_SOCK || undefined,
    },
    sshConfig,
    {prompt: terminalPrompt, onKnownHostsProblem: (message) => reporter.debug(`known_hosts ${message}`)},
  )
  if (request.via === 'ssm' || request.bastionVia === 'ssm') {
    const [{withSsmHops, SsmPlanError}, {onSsmEvent}] = await Promise.all([import('../tunnel/transports/ssm/hop-plan.js'), import('../tunnel/transports/ssm/session.js')])
    onSsmEvent((event) => {
      if (event.kind === 'resuming') reporter.debug(`${event.hop}: Session Manager WebSocket closed (${event.reason}); resuming session ${event.sessionId}, attempt ${event.attempt}`)
      else if (event.kind === 'resumed') reporter.debug(`${event.hop}: session ${event.sessionId} resumed (${event.resent} unacknowledged messages resent)`)
      else reporter.debug(`${event.hop}: Session Manager handshake with agent ${event.agentVersion ?? 'unknown'} (session type ${event.sessionType ?? 'unknown'})`)
    })
    // --via ssm: the primary is reached through its own session; a ProxyJump from ssh_config is not used.
    if (request.via === 'ssm' && plan.hops.length > 1) {
      plan.notes.push(`--via ssm: ssh_config ProxyJump for ${primary.host} is not used (the primary is reached through Session Manager)`)
      plan.hops = plan.hops.slice(-1)
    }
    try {
      plan.hops = withSsmHops(plan.hops, {
        primary: request.via === 'ssm',
        bastion: request.bastionVia === 'ssm',
        primaryInstanceId: clusterTarget?.primaries.find((node) => node.active)?.instanceId,
        aws: {region: request.aws.region, profile: request.aws.profile, endpointUrl: request.aws['endpoint-url']},
      })
    } catch (error) {
      if (error instanceof SsmPlanError) throw new UserError(`${error.role === 'primary' ? '--via' : '--bastion-via'} ssm: ${error.reason}`)
      throw error
    }
  }
  if (eice.primary || eice.bastion) {
    const {eiceTargetsFromModel, withEiceHops} = await import('./eice-hop-plan.js')
    try {
      plan.hops = withEiceHops(plan.hops, eice, eiceTargetsFromModel(model, clusterTarget, request.bastion?.host), {
        ...request.eice,
        aws: {region: request.aws.region, profile: request.aws.profile, endpointUrl: request.aws['endpoint-url']},
      })
    } catch (error) {
      // Flags that do not fit together: a usage error (2), said before anything connects.
      throw error instanceof TunnelFailure && error.kind === 'config' ? new UserError(error.message) : error
    }
  }
  for (const note of plan.notes) reporter.warn(note)
  plan.hostKeys = await withConsoleHostKeys(plan.hops, keyServices, plan.hostKeys, (message) => reporter.warn(message))
  // --open: the browser and the UI are checked before any SSH work.
  const opener = request.open ? browserOpener(request.open, request.browser, plan.target ?? clusterTarget ?? hostTarget(primary.host)) : undefined
  try {
    await plan.keys.preload()
  } catch (error) {
    // A key file named with -i that is missing or holds no usable private key is an input error (2);
    // a passphrase that cannot be given (no terminal, wrong three times) is not: the tunnel failed (1).
    const passphrase = plan.keys.skipped.some((skip) => /passphrase/i.test(skip.reason))
    if (error instanceof TunnelFailure && error.kind === 'config' && !passphrase) throw error instanceof MissingKeyFile ? inConnectTerms(error) : new UserError(error.message)
    throw error
  }
  const session = new TunnelSession({
    ...plan,
    timing: DEFAULT_TIMING,
    bind: request.bind,
    allowRemoteClients: request.allowRemoteClients,
    socksPort: request.socksPort,
    pacPort: request.pacPort,
    httpProxyPort: request.httpProxyPort,
    forwards: request.forwards,
    connections: request.connections,
    browserHint: 'emr-access connect --open',
    reporter,
  })
  await runUntilStopped(session, reporter, async (ready) => {
    if (!opener || !ready.pac) return
    const pacUrl = ready.pac.url
    const url = opener.url(pacUrl)
    const launchPlan = planLaunch(opener.browser, {
      pacUrl,
      pacPort: Number(new URL(pacUrl).port),
      url,
      extra: request.browserArgs,
      environment: defaultDiscoveryEnvironment(),
    })
    try {
      const pid = await launch(launchPlan)
      reporter.event({event: 'browser', kind: opener.browser.kind, name: opener.browser.name, path: opener.browser.path, pid, profile: launchPlan.profile, url})
    } catch (error) {
      reporter.warn(`--open: ${(error as Error).message}; open ${url} in a browser that uses the PAC file ${pacUrl}`)
    }
  })
  process.exitCode = EXIT.ok
}

/** The browser --open starts and the page it opens (from the PAC file's URL). */
function browserOpener(open: OpenRequest, browserPath: string | undefined, target: TunnelTarget): {browser: FoundBrowser; url: (pacUrl: string) => string} {
  const browser = findBrowser(defaultDiscoveryEnvironment(), browserPath)
  if ('landing' in open) return {browser, url: (pacUrl) => pacUrl.replace(/\/proxy\.pac$/, '/')}
  const uis = target.webUis ?? primaryWebUiUrls(target.uiHost)
  const ui = pickUi(uis, open.ui)
  if (!ui) throw new UserError(`--open ${open.ui}: no such web UI; one of: ${uis.map((entry) => entry.name).join(', ')} (or a port, or nothing for the landing page)`)
  return {browser, url: () => ui.url}
}

/**
 * Two of connect's own listeners on one port would fail as "already in use" after the SSH work; it
 * is a usage error, said before anything starts. Port 0 (any free port) may repeat.
 */
export function checkDistinctListenerPorts(ports: Pick<ConnectRequest, 'socksPort' | 'pacPort' | 'httpProxyPort'>, forwards: readonly {localPort: number; remotePort: number}[]): void {
  const listeners: [string, number | undefined][] = [
    [`--socks-port ${ports.socksPort}`, ports.socksPort],
    [`--pac-port ${ports.pacPort}`, ports.pacPort],
    [`--http-proxy-port ${ports.httpProxyPort}`, ports.httpProxyPort],
    ...forwards.map((forward): [string, number] => [`--forward ${forward.localPort}:${forward.remotePort}`, forward.localPort]),
  ]
  const seen = new Map<number, string>()
  for (const [given, port] of listeners) {
    if (port === undefined || port === 0) continue
    const earlier = seen.get(port)
    if (earlier) {
      throw new UserError(`${given}: port ${port} is already ${earlier}, one of emr-access's own listeners (two cannot share a port); choose another`)
    }
    seen.set(port, given)
  }
}
