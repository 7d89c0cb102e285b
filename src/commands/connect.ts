import {Flags} from '@oclif/core'
import {runConnect, type OpenRequest} from '../app/connect.js'
import {BaseCommand} from '../cli/base-command.js'
import {
  awsFlags,
  bastionFlag,
  CLUSTER_ID_INPUT,
  clusterIdArg,
  DEFAULT_PAC_PORT,
  DEFAULT_SOCKS_PORT,
  destinationFlag,
  eiceFlags,
  forwardFlag,
  identityFileFlag,
  jumpHostsFlag,
  viaFlags,
} from '../cli/flags.js'
import {normalizeOpenArgv, OPEN_LANDING} from '../cli/open-argv.js'
import {EXIT} from '../errors.js'
import {DEFAULT_BIND} from '../tunnel/bind-policy.js'
import {createReporter} from '../tunnel/events.js'
import {TunnelFailure} from '../tunnel/failures.js'
import {DEFAULT_CONNECTIONS, MAX_CONNECTIONS} from '../tunnel/ssh/connection-pool.js'
import {HOST_KEY_CHECKING} from '../tunnel/ssh/host-key-policy.js'

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
    clusterId: clusterIdArg('EMR cluster id (j-…): its primary, VPC CIDRs and DNS suffixes come from AWS (or --snapshot).'),
  }

  static override flags = {
    host: destinationFlag({
      description: 'The primary node, without AWS: [user@]NAME_OR_IP[:port] (user: hadoop). An ~/.ssh/config alias works.',
      helpValue: '[USER@]HOST',
      exclusive: ['snapshot'],
    }),
    bastion: bastionFlag('Hop through this bastion: [user@]host[:port] (user: ec2-user), or an instance id (i-…).'),
    jump: jumpHostsFlag('A jump host before the bastion, like ssh -J (repeatable, in order; a,b also works).'),
    'identity-file': identityFileFlag('Private key file (repeatable). Default: ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.'),
    'known-hosts': Flags.string({description: 'known_hosts file read besides ~/.ssh/known_hosts; accepted keys are written here.', helpValue: 'FILE'}),
    'host-key-checking': Flags.option({
      description: "strict: refuse unknown host keys; accept-new: record unknown keys. A changed key is always refused. Default: each hop's ssh_config StrictHostKeyChecking, else strict.",
      options: HOST_KEY_CHECKING,
    })(),
    'host-key-source': Flags.option({
      description:
        'console: pin the host keys each EC2 instance hop printed on its console at boot (ec2:GetConsoleOutput), accept no other; a hop whose console shows none uses known_hosts (with a message). known-hosts: known_hosts only.',
      options: ['known-hosts', 'console'] as const,
      default: 'known-hosts' as const,
    })(),
    'proxy-command': Flags.string({
      description:
        "Carry the first hop (the first --jump, else --bastion, else the primary) over this command's stdin/stdout, like OpenSSH's ProxyCommand: %h %p %r %n %% substituted, run with $SHELL -c.",
      helpValue: 'COMMAND',
    }),
    'ephemeral-key': Flags.boolean({
      description:
        'Authenticate with an ed25519 key made in memory for this run (never written to disk), pushed with EC2 Instance Connect (SendSSHPublicKey, valid 60 s) to each hop that is an EC2 instance just before it authenticates.',
      default: false,
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
      description:
        'Destination the proxy may open (repeatable; replaces the default): CIDR, .suffix or host. Default: the VPC CIDRs and internal DNS suffixes; with --host: RFC 1918 ranges, .ec2.internal, .compute.internal.',
      multiple: true,
      helpValue: 'CIDR|.SUFFIX|HOST',
    }),
    bind: Flags.string({description: 'Listen address for the proxy, the PAC file and forwards. Non-loopback needs --allow-remote-clients.', default: DEFAULT_BIND, helpValue: 'ADDRESS'}),
    'allow-remote-clients': Flags.boolean({description: 'Let other machines use the listeners (with a non-loopback --bind).', default: false}),
    forward: forwardFlag({char: 'L', description: 'Local port forward to the primary, LOCAL:REMOTE_PORT (repeatable), e.g. 8088:8088.', multiple: true, helpValue: 'LOCAL:REMOTE'}),
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
    // With --host, AWS is called only for --via eice / ssm, --bastion-via eice / ssm (checked in src/app/connect.ts).
    ...awsFlags({exclusive: ['snapshot']}),
  }

  protected override inputNames = CLUSTER_ID_INPUT

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Connect, normalizeOpenArgv(this.argv))
    const reporter = createReporter({json: flags.json, debug: flags.debug, stdout: process.stdout, stderr: process.stderr})
    await runConnect(
      {
        clusterId: args.clusterId,
        host: flags.host,
        bastion: flags.bastion,
        jumps: (flags.jump ?? []).flat(),
        identityFiles: flags['identity-file'] ?? [],
        knownHostsFile: flags['known-hosts'],
        hostKeyChecking: flags['host-key-checking'],
        hostKeySource: flags['host-key-source'],
        proxyCommand: flags['proxy-command'],
        ephemeralKey: flags['ephemeral-key'],
        socksPort: flags['socks-port'],
        pacPort: flags['pac-port'],
        httpProxyPort: flags['http-proxy-port'],
        allow: flags.allow,
        bind: flags.bind,
        allowRemoteClients: flags['allow-remote-clients'],
        forwards: flags.forward ?? [],
        connections: flags.connections,
        snapshot: flags.snapshot,
        aws: flags,
        debug: flags.debug,
        json: flags.json,
        open: flags.open === undefined ? undefined : openRequest(flags.open),
        browser: flags.browser,
        browserArgs: flags['browser-arg'],
        via: flags.via,
        bastionVia: flags['bastion-via'],
        eice: {endpointId: flags['eice-id'], endpointUrl: flags['eice-endpoint-url'], maxTunnelDurationSeconds: flags['max-tunnel-duration']},
      },
      reporter,
    )
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
}

/** `--open` (landing, or empty) or `--open UI`. */
function openRequest(value: string): OpenRequest {
  const wanted = value.trim()
  return wanted === '' || wanted.toLowerCase() === OPEN_LANDING ? {landing: true} : {ui: wanted}
}
