import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags, eiceFlags, viaFlags} from '../cli/flags.js'
import {EXIT, UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import {assembleModel} from '../sources/aws-json/assemble.js'
import type {LiveFlags} from '../sources/live/command-support.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'
import {BindError, checkBind, DEFAULT_BIND} from '../tunnel/bind-policy.js'
import {BrowserNotFound, defaultDiscoveryEnvironment, findBrowser, launch, pickUi, planLaunch, type FoundBrowser} from '../tunnel/browser/browser.js'
import {createReporter, type Reporter} from '../tunnel/events.js'
import {TunnelFailure} from '../tunnel/failures.js'
import {ForwardSpecError, parseForwardSpec} from '../tunnel/local-forward.js'
import {AllowlistError} from '../tunnel/socks/allowlist.js'
import {DestinationError, parseDestination, type Destination} from '../tunnel/ssh/destination.js'
import type {HostKeyChecking} from '../tunnel/ssh/host-key-policy.js'
import {parseJumpList} from '../tunnel/ssh/hops.js'
import {defaultEnvironment, SshConfigFile} from '../tunnel/ssh/ssh-config.js'
import {DEFAULT_CONNECTIONS, MAX_CONNECTIONS} from '../tunnel/ssh/connection-pool.js'
import {deriveTunnelTarget, hostTarget, primaryWebUiUrls, TargetError, withCatalogueUis, type TunnelTarget} from '../tunnel/target.js'

export const DEFAULT_SOCKS_PORT = 8157
export const DEFAULT_PAC_PORT = 8158

/** Where the cluster's network model comes from: saved AWS CLI JSON, or AWS with connect's discovery calls only. */
export interface ClusterSource {
  snapshot?: string
  aws?: LiveFlags
  debug?: boolean
  json?: boolean
}

export async function loadClusterModel(clusterId: string, source: ClusterSource): Promise<NetworkModel> {
  if (source.snapshot) return loadSnapshot(source.snapshot)
  // The few calls templates/iam/connect-discovery-policy.json grants: cluster, instances, subnet, VPC, DHCP options.
  // The AWS SDK is loaded only here: pac, proxy-config and connect --host start without it.
  const [{collectForCommand}, {liveDocumentSet}, {CONNECT_DISCOVERY_DATASETS}] = await Promise.all([
    import('../sources/live/command-support.js'),
    import('../sources/live/collect.js'),
    import('../sources/live/operations.js'),
  ])
  const collection = await collectForCommand({...source.aws, cluster: clusterId}, {json: Boolean(source.json), debug: Boolean(source.debug)}, CONNECT_DISCOVERY_DATASETS)
  return assembleModel(liveDocumentSet(collection))
}

/** The cluster's tunnel target from the model (snapshot or live). */
export async function resolveClusterTarget(clusterId: string, source: ClusterSource): Promise<{model: NetworkModel; target: TunnelTarget}> {
  const model = await loadClusterModel(clusterId, source)
  const cluster = model.clusters.get(clusterId)
  if (!cluster) throw new UserError(`${clusterId}: no such cluster in ${model.source}`)
  try {
    // The web UIs (printed, on the landing page) follow the cluster's release, applications and configuration.
    return {model, target: withCatalogueUis(deriveTunnelTarget(model, cluster), cluster)}
  } catch (error) {
    if (error instanceof TargetError) throw new UserError(error.message)
    throw error
  }
}

/** `--bastion i-…`: the instance's public DNS name or address, from the model. */
export function bastionFromModel(model: NetworkModel | undefined, destination: Destination): Destination {
  if (!/^i-[0-9a-f]{8,17}$/.test(destination.host)) return destination
  if (!model) {
    throw new UserError(
      `--bastion ${destination.host}: resolving an instance id needs the cluster's AWS data (give a CLUSTER_ID); with --host give the bastion's address instead`,
    )
  }
  const instance = model.instances.get(destination.host)
  const address = instance?.publicDnsName || instance?.publicIp
  if (!instance) throw new UserError(`--bastion ${destination.host}: no such instance in ${model.source}`)
  if (!address) throw new UserError(`--bastion ${destination.host}: the instance has no public address`)
  return {...destination, host: address}
}

/** `--bastion i-…` reached through EICE: the instance's private address. */
export function privateBastionFromModel(model: NetworkModel | undefined, destination: Destination): Destination {
  if (!/^i-[0-9a-f]{8,17}$/.test(destination.host)) return destination
  if (!model) throw new UserError(`--bastion ${destination.host}: resolving an instance id needs the cluster's AWS data (give a CLUSTER_ID); with --host give the bastion's private address instead`)
  const instance = model.instances.get(destination.host)
  if (!instance) throw new UserError(`--bastion ${destination.host}: no such instance in ${model.source}`)
  if (!instance.privateIp) throw new UserError(`--bastion ${destination.host}: the instance has no private IPv4 address`)
  return {...destination, host: instance.privateIp}
}

/** --via / --bastion-via and their options, checked before anything connects. */
function checkTransportFlags(f: ConnectFlags): void {
  if (f.via === 'ssm' || f['bastion-via'] === 'ssm') throw new UserError(`${f.via === 'ssm' ? '--via' : '--bastion-via'} ssm is not available in this build`)
  const eice = f.via === 'eice' || f['bastion-via'] === 'eice'
  if (!eice && f['eice-id']) throw new UserError('--eice-id needs --via eice or --bastion-via eice')
  if (f['bastion-via'] !== 'ssh' && !f.bastion) throw new UserError(`--bastion-via ${f['bastion-via']} needs --bastion`)
  if (f.host && !eice) {
    const given = (['region', 'profile', 'endpoint-url'] as const).filter((flag) => f[flag] !== undefined)
    if (given.length > 0) throw new UserError(`--${given[0]} with --host is used only by --via eice or --bastion-via eice (without them, --host makes no AWS call)`)
  }
}

function usage<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof AllowlistError || error instanceof BindError || error instanceof ForwardSpecError) throw new UserError(error.message)
    throw error
  }
}

export function destinationFlag(flag: string, value: string): Destination {
  try {
    return parseDestination(value)
  } catch (error) {
    if (error instanceof DestinationError) throw new UserError(`${flag} ${value} ${error.message}; expected [user@]host[:port]`)
    throw error
  }
}

interface ConnectFlags {
  host?: string
  bastion?: string
  jump?: string[]
  'identity-file'?: string[]
  'known-hosts'?: string
  'host-key-checking': string
  'socks-port': number
  'pac-port': number
  'http-proxy-port'?: number
  allow?: string[]
  bind: string
  'allow-remote-clients': boolean
  forward?: string[]
  connections: number
  snapshot?: string
  region?: string
  profile?: string
  'endpoint-url'?: string
  debug: boolean
  json: boolean
  open?: string
  browser?: string
  'browser-arg'?: string[]
  via: 'ssh' | 'eice' | 'ssm'
  'bastion-via': 'ssh' | 'eice' | 'ssm'
  'eice-id'?: string
  'eice-endpoint-url'?: string
  'max-tunnel-duration': number
}

/** The value `--open` gets when given without a UI name: the landing page. */
export const OPEN_LANDING = 'landing'

/**
 * oclif flags cannot have optional values: a bare `--open` (last, or before another flag or a
 * CLUSTER_ID) becomes `--open=landing`.
 */
export function normalizeOpenArgv(argv: string[]): string[] {
  const result: string[] = []
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!
    if (arg === '--') {
      result.push(...argv.slice(index))
      break
    }
    const next = argv[index + 1]
    if (arg === '--open' && (next === undefined || next.startsWith('-') || /^j-[0-9A-Z]{1,20}$/.test(next))) result.push(`--open=${OPEN_LANDING}`)
    else result.push(arg)
  }
  return result
}

export default class Connect extends BaseCommand {
  static override summary = 'Open an SSH tunnel to an EMR primary node (through a bastion) with a SOCKS5 proxy and a PAC file.'

  static override description = `Connects over SSH — directly, or through --bastion and --jump hosts like OpenSSH's ProxyJump — verifies every hop's host key against known_hosts, and serves a SOCKS5 proxy (127.0.0.1:8157) that opens one SSH channel per connection to allow-listed destinations only, plus a PAC file (http://127.0.0.1:8158/proxy.pac) that sends only those destinations to the proxy. Reconnects with backoff when the connection drops; stops with the reason on authentication, host-key, unknown-host and permission failures. Ctrl-C / SIGTERM close everything and exit 0.

With --json, stdout carries one JSON event per line (ready, reconnecting, reconnected, error, closed) and nothing else; every failure, a flag that does not parse included, is an error event then a closed event with the exit code.`

  static override examples = [
    '<%= config.bin %> connect --host ip-10-0-1-23.ec2.internal --bastion ec2-user@203.0.113.10 -i ~/.ssh/emr.pem',
    '<%= config.bin %> connect --host 10.0.1.23 --bastion bastion.example.com --host-key-checking accept-new',
    '<%= config.bin %> connect --host hadoop@10.0.1.23 --jump corp-gw --bastion 203.0.113.10 -L 8088:8088 --json',
    '<%= config.bin %> connect j-2AXXXXXXGAPLF --snapshot snap/ --bastion i-0abc12345def67890',
    '<%= config.bin %> connect j-2AXXXXXXGAPLF --bastion i-0abc12345def67890 --open',
    '<%= config.bin %> connect --host ip-10-0-1-23.ec2.internal --bastion 203.0.113.10 --open yarn --browser /usr/bin/firefox',
  ]

  static override args = {
    clusterId: Args.string({description: 'EMR cluster id (j-…): its primary, VPC CIDRs and DNS suffixes come from AWS (or --snapshot).', required: false}),
  }

  static override flags = {
    host: Flags.string({
      description: 'The primary node, without AWS: [user@]NAME_OR_IP[:port] (user: hadoop). An ~/.ssh/config alias works.',
      helpValue: '[USER@]HOST',
      exclusive: ['snapshot'],
    }),
    bastion: Flags.string({description: 'Hop through this bastion: [user@]host[:port] (user: ec2-user), or an instance id (i-…).', helpValue: '[USER@]HOST[:PORT]'}),
    jump: Flags.string({description: 'A jump host before the bastion, like ssh -J (repeatable, in order; a,b also works).', multiple: true, helpValue: '[USER@]HOST[:PORT]'}),
    'identity-file': Flags.string({char: 'i', description: 'Private key file (repeatable). Default: ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.', multiple: true, helpValue: 'FILE'}),
    'known-hosts': Flags.string({description: 'known_hosts file read besides ~/.ssh/known_hosts; accepted keys are written here.', helpValue: 'FILE'}),
    'host-key-checking': Flags.string({
      description: 'strict: refuse unknown host keys; accept-new: record unknown keys. A changed key is always refused.',
      options: ['strict', 'accept-new'],
      default: 'strict',
    }),
    'socks-port': Flags.integer({description: 'SOCKS5 proxy port (0: any free port).', helpValue: 'PORT', default: DEFAULT_SOCKS_PORT, min: 0, max: 65535}),
    'pac-port': Flags.integer({description: 'PAC file port, served at /proxy.pac (0: any free port).', helpValue: 'PORT', default: DEFAULT_PAC_PORT, min: 0, max: 65535}),
    'http-proxy-port': Flags.integer({
      helpValue: 'PORT',
      description: 'Also serve an HTTP proxy here (absolute URLs and CONNECT) for tools that only take HTTP_PROXY / HTTPS_PROXY (0: any free port). Same tunnel and allowlist.',
      min: 0,
      max: 65535,
    }),
    allow: Flags.string({
      description: 'Destination the proxy may open (repeatable; replaces the default): CIDR, .suffix or host. Default: the VPC CIDRs and internal DNS suffixes; with --host: RFC 1918 ranges, .ec2.internal, .compute.internal.',
      multiple: true,
      helpValue: 'CIDR|.SUFFIX|HOST',
    }),
    bind: Flags.string({description: 'Listen address for the proxy, the PAC file and forwards. Non-loopback needs --allow-remote-clients.', default: DEFAULT_BIND, helpValue: 'ADDRESS'}),
    'allow-remote-clients': Flags.boolean({description: 'Let other machines use the listeners (with a non-loopback --bind).', default: false}),
    forward: Flags.string({char: 'L', description: 'Local port forward to the primary, LOCAL:REMOTE_PORT (repeatable), e.g. 8088:8088.', multiple: true, helpValue: 'LOCAL:REMOTE'}),
    connections: Flags.integer({
      description: `SSH connections (each a whole hop chain, host keys checked on every one) that proxied connections are spread over.`,
      default: DEFAULT_CONNECTIONS,
      min: 1,
      max: MAX_CONNECTIONS,
      helpValue: 'N',
    }),
    json: Flags.boolean({description: 'Newline-delimited JSON events on stdout (ready, reconnecting, reconnected, error, closed) and nothing else.', default: false}),
    snapshot: Flags.string({description: 'Resolve CLUSTER_ID (and --bastion i-…) from saved AWS CLI JSON instead of AWS.', helpValue: 'PATH'}),
    open: Flags.string({
      description: 'When the tunnel is up, start a browser in its own profile, using the PAC file, at the landing page — or at the web UI named (yarn, spark, zeppelin, …, or a port).',
      helpValue: '[UI]',
    }),
    browser: Flags.string({description: 'With --open: the browser executable (Chromium, Chrome, Edge, or Firefox). Default: the first found on the usual paths.', helpValue: 'PATH'}),
    'browser-arg': Flags.string({description: 'With --open: an extra argument for the browser (repeatable; e.g. --browser-arg=--headless).', multiple: true, hidden: true, helpValue: 'ARG'}),
    ...viaFlags(),
    ...eiceFlags(),
    // With --host, AWS is called only for --via eice (checked in connect()).
    ...awsFlags({exclusive: ['snapshot']}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Connect, normalizeOpenArgv(this.argv))
    const reporter = createReporter({json: flags.json, debug: flags.debug, stdout: process.stdout, stderr: process.stderr})
    await this.connect(args.clusterId, flags, reporter)
  }

  /** --json is a plain flag here (connect prints NDJSON events): read it from the raw command line. */
  protected override jsonRequested(): boolean {
    const end = this.argv.indexOf('--')
    return (end === -1 ? this.argv : this.argv.slice(0, end)).includes('--json')
  }

  /** With --json every failure, a flag that did not parse included, is an `error` then a `closed` event. */
  protected override writeJsonError(message: string, exitCode: number, error: Error): void {
    const reporter = createReporter({json: true, debug: false, stdout: process.stdout, stderr: process.stderr})
    const kind = error instanceof TunnelFailure ? error.kind : exitCode === EXIT.usage ? 'usage' : 'internal'
    const detail = error instanceof TunnelFailure ? error.detail : {}
    reporter.event({event: 'error', kind, message, fatal: true, ...detail})
    reporter.event({event: 'closed', reason: 'error', exitCode})
  }

  private async connect(clusterId: string | undefined, f: ConnectFlags, reporter: Reporter): Promise<void> {
    if (clusterId && f.host) throw new UserError('give either CLUSTER_ID or --host, not both')
    if (!clusterId && !f.host) throw new UserError('give a CLUSTER_ID (j-…) or --host NAME_OR_IP of the primary node')
    if (f.snapshot && !clusterId) throw new UserError('--snapshot needs a CLUSTER_ID')
    if (clusterId && !/^j-[0-9A-Z]{1,20}$/.test(clusterId)) throw new UserError(`${clusterId} is not an EMR cluster id (j-…)`)
    const {warning} = usage(() => checkBind(f.bind, f['allow-remote-clients']))
    if (warning) reporter.warn(warning)
    const forwards = usage(() => (f.forward ?? []).map(parseForwardSpec))
    checkDistinctListenerPorts(f, forwards)

    // The SSH machinery (ssh2) loads only when a tunnel is made: pac and proxy-config import this module's helpers.
    const [{planTunnel}, {runUntilStopped, TunnelSession}, {terminalPrompt}, {DEFAULT_TIMING}] = await Promise.all([
      import('../tunnel/plan.js'),
      import('../tunnel/session.js'),
      import('../tunnel/ssh/auth.js'),
      import('../tunnel/ssh/transport.js'),
    ])
    const env = defaultEnvironment()
    let sshConfig: SshConfigFile
    try {
      sshConfig = SshConfigFile.load(env)
    } catch (error) {
      throw new UserError((error as Error).message)
    }

    let model: NetworkModel | undefined
    let clusterTarget: TunnelTarget | undefined
    let primary: Destination
    if (clusterId) {
      reporter.progress(`› resolving ${clusterId} …`)
      ;({model, target: clusterTarget} = await resolveClusterTarget(clusterId, {snapshot: f.snapshot, aws: f, debug: f.debug, json: f.json}))
      primary = {host: clusterTarget.sshHost}
    } else {
      primary = destinationFlag('--host', f.host!)
    }
    const eice = {primary: f.via === 'eice', bastion: f['bastion-via'] === 'eice'}
    checkTransportFlags(f)
    const bastionDestination = f.bastion ? destinationFlag('--bastion', f.bastion) : undefined
    // A bastion reached through EICE is private: an instance id means its private address.
    const bastion = bastionDestination ? (eice.bastion ? privateBastionFromModel(model, bastionDestination) : bastionFromModel(model, bastionDestination)) : undefined
    let jumps: Destination[]
    try {
      jumps = (f.jump ?? []).flatMap((value) => parseJumpList(value))
    } catch (error) {
      throw new UserError(`--jump ${(f.jump ?? []).join(',')} ${(error as Error).message}; expected [user@]host[:port]`)
    }
    const plan = usage(() =>
      planTunnel(
        {
          primary,
          clusterTarget,
          bastion,
          jumps,
          identityFiles: f['identity-file'] ?? [],
          knownHostsFile: f['known-hosts'],
          hostKeyChecking: f['host-key-checking'] as HostKeyChecking,
          allow: f.allow,
          agentSocket: process.env.SSH_AUTH_SOCK || undefined,
        },
        sshConfig,
        {prompt: terminalPrompt, onKnownHostsProblem: (message) => reporter.debug(`known_hosts ${message}`)},
      ),
    )
    if (eice.primary || eice.bastion) {
      const {eiceTargetsFromModel, withEiceHops} = await import('../tunnel/transports/eice/hop-plan.js')
      try {
        plan.hops = withEiceHops(plan.hops, eice, eiceTargetsFromModel(model, clusterTarget, bastionDestination?.host), {
          endpointId: f['eice-id'],
          endpointUrl: f['eice-endpoint-url'],
          maxTunnelDurationSeconds: f['max-tunnel-duration'],
          aws: {region: f.region, profile: f.profile, endpointUrl: f['endpoint-url']},
        })
      } catch (error) {
        // Flags that do not fit together: a usage error (2), said before anything connects.
        throw error instanceof TunnelFailure && error.kind === 'config' ? new UserError(error.message) : error
      }
    }
    for (const note of plan.notes) reporter.warn(note)
    // --open: the browser and the UI are checked before any SSH work.
    let browser: FoundBrowser | undefined
    let openUrl: ((pacUrl: string) => string) | undefined
    if (f.browser && f.open === undefined) throw new UserError('--browser needs --open')
    if (f.open !== undefined) {
      try {
        browser = findBrowser(defaultDiscoveryEnvironment(), f.browser)
      } catch (error) {
        if (error instanceof BrowserNotFound) throw new UserError(error.message)
        throw error
      }
      const target = plan.target ?? clusterTarget ?? hostTarget(primary.host)
      const uis = target.webUis ?? primaryWebUiUrls(target.uiHost)
      const wanted = f.open.trim()
      if (wanted === '' || wanted.toLowerCase() === OPEN_LANDING) openUrl = (pacUrl) => pacUrl.replace(/\/proxy\.pac$/, '/')
      else {
        const ui = pickUi(uis, wanted)
        if (!ui) throw new UserError(`--open ${wanted}: no such web UI; one of: ${uis.map((entry) => entry.name).join(', ')} (or a port, or nothing for the landing page)`)
        openUrl = () => ui.url
      }
    }
    try {
      await plan.keys.preload()
    } catch (error) {
      // A key file named with -i that is missing or holds no usable private key is an input error (2);
      // a passphrase that cannot be given (no terminal, wrong three times) is not: the tunnel failed (1).
      const passphrase = plan.keys.skipped.some((skip) => /passphrase/i.test(skip.reason))
      if (error instanceof TunnelFailure && error.kind === 'config' && !passphrase) throw new UserError(error.message)
      throw error
    }
    const session = usage(
      () =>
        new TunnelSession({
          ...plan,
          timing: DEFAULT_TIMING,
          bind: f.bind,
          allowRemoteClients: f['allow-remote-clients'],
          socksPort: f['socks-port'],
          pacPort: f['pac-port'],
          httpProxyPort: f['http-proxy-port'],
          forwards,
          connections: f.connections,
          reporter,
        }),
    )
    await runUntilStopped(session, reporter, async (ready) => {
      if (!browser || !openUrl || !ready.pac) return
      const pacUrl = ready.pac.url
      const url = openUrl(pacUrl)
      const launchPlan = planLaunch(browser, {pacUrl, pacPort: Number(new URL(pacUrl).port), url, extra: f['browser-arg'], environment: defaultDiscoveryEnvironment()})
      try {
        const pid = await launch(launchPlan)
        reporter.event({event: 'browser', kind: browser.kind, name: browser.name, path: browser.path, pid, profile: launchPlan.profile, url})
      } catch (error) {
        reporter.warn(`--open: ${(error as Error).message}; open ${url} in a browser that uses the PAC file ${pacUrl}`)
      }
    })
    process.exitCode = EXIT.ok
  }
}

/**
 * Two of connect's own listeners on one port would fail as "already in use" after the SSH work; it
 * is a usage error, said before anything starts. Port 0 (any free port) may repeat.
 */
export function checkDistinctListenerPorts(f: Pick<ConnectFlags, 'socks-port' | 'pac-port' | 'http-proxy-port'>, forwards: readonly {localPort: number; remotePort: number}[]): void {
  const listeners: [string, number | undefined][] = [
    [`--socks-port ${f['socks-port']}`, f['socks-port']],
    [`--pac-port ${f['pac-port']}`, f['pac-port']],
    [`--http-proxy-port ${f['http-proxy-port']}`, f['http-proxy-port']],
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
