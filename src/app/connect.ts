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
import {bastionFromModel, checkClusterId, resolveClusterTarget} from './cluster-target.js'

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
  hostKeyChecking: HostKeyChecking
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
}

/** The flag that sets each listener's port. */
const LISTENER_FLAGS: Readonly<Record<ListenerKind, string>> = {socks: '--socks-port', pac: '--pac-port', 'http-proxy': '--http-proxy-port', forward: '--forward'}

/** The core's errors about connect's own inputs, said as the flags (the rest: src/cli/domain-errors.ts). */
function inConnectTerms(error: unknown): unknown {
  if (error instanceof BindError && error.problem === 'not-loopback') {
    return new UserError(`--bind ${error.value} is not a loopback address: other machines could use the tunnel into your VPC; add --allow-remote-clients if that is what you want`)
  }
  if (error instanceof MissingKeyFile) return new UserError(`--identity-file ${error.file}: no such file`)
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
  const bastion = request.bastion ? bastionFromModel(model, request.bastion) : undefined
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
      allow: request.allow,
      agentSocket: process.env.SSH_AUTH_SOCK || undefined,
    },
    sshConfig,
    {prompt: terminalPrompt, onKnownHostsProblem: (message) => reporter.debug(`known_hosts ${message}`)},
  )
  for (const note of plan.notes) reporter.warn(note)
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
