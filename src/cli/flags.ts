/**
 * Flags that several commands share, declared once, and the typed flag kinds: a value that does not
 * parse is refused by oclif's parser with one line naming the flag and the value (see oneLineMessage).
 */
import {Args, Flags} from '@oclif/core'
import {DomainError, InvalidCidr, UserError} from '../errors.js'
import {isCidr} from '../model/ip.js'
import type {PortRange} from '../model/types.js'
import {printable, UNSAFE_TEXT} from '../reports/escape.js'
import {parseForwardSpec, type ForwardSpec} from '../tunnel/local-forward.js'
import {parseDestination, type Destination} from '../tunnel/ssh/destination.js'
import {parseJumpList} from '../tunnel/ssh/hops.js'
import {HOST_KEY_CHECKING} from '../tunnel/ssh/host-key-policy.js'
import {parsePortRange, parseReachTarget, type ParsedTarget} from '../analysis/reachability/endpoints.js'

export const DEFAULT_SOCKS_PORT = 8157
export const DEFAULT_PAC_PORT = 8158

/**
 * A flag value's parser: `parse` turns the text into T or throws; the error becomes one line
 * `--NAME VALUE…` (`describe` words it). Values with control characters are refused before any
 * message echoes them.
 */
function parsed<T>(parse: (text: string) => T, describe: (flag: string, value: string, error: Error) => string = domainErrorLine) {
  return async (input: string, _context: unknown, options: {name: string}): Promise<T> => {
    const flag = `--${options.name}`
    if (UNSAFE_TEXT.test(input)) throw new UserError(`${flag} ${printable(input)}: contains control or invisible formatting characters`)
    try {
      return parse(input)
    } catch (error) {
      if (!(error instanceof Error) || error instanceof UserError) throw error
      throw new UserError(describe(flag, printable(input), error))
    }
  }
}

/** `--flag VALUE: reason` for a DomainError; anything else is not a bad value but a bug, and is rethrown. */
function domainErrorLine(flag: string, value: string, error: Error): string {
  if (error instanceof DomainError) return `${flag} ${value}: ${error.reason}`
  throw error
}

/** `[user@]host[:port]` (--host, --bastion). */
export const destinationFlag = Flags.custom<Destination>({
  parse: parsed(parseDestination, (flag, value, error) => `${flag} ${value} ${error.message}; expected [user@]host[:port]`),
})

/** `--jump a,b` or repeated: each value is a list of hops, in order. */
export const jumpFlag = Flags.custom<Destination[]>({
  parse: parsed(parseJumpList, (flag, value, error) => `${flag} ${value} ${error.message}; expected [user@]host[:port]`),
})

/** `--bastion [user@]host[:port]` (or an instance id, resolved later): the hop before the primary (connect, proxy-config). */
export function bastionFlag(description: string) {
  return destinationFlag({description, helpValue: '[USER@]HOST[:PORT]'})
}

/** `--jump` (repeatable, in order): hops before the bastion (connect, proxy-config). */
export function jumpHostsFlag(description: string) {
  return jumpFlag({description, multiple: true, helpValue: '[USER@]HOST[:PORT]'})
}

/** `-i/--identity-file FILE` (repeatable): private keys for SSH (connect, proxy-config). */
export function identityFileFlag(description: string) {
  return Flags.string({char: 'i', description, multiple: true, helpValue: 'FILE'})
}

/** The optional CLUSTER_ID argument (connect, pac, proxy-config, ui list): where the core's `cluster` input comes from. */
export function clusterIdArg(description: string) {
  return Args.string({description, required: false})
}

/** How a command with CLUSTER_ID names the cluster input in its errors. */
export const CLUSTER_ID_INPUT = {cluster: 'CLUSTER_ID'}

/** `-L/--forward LOCAL:REMOTE_PORT`. */
export const forwardFlag = Flags.custom<ForwardSpec>({
  parse: parsed(parseForwardSpec),
})

/** A CIDR block (kept as typed). */
export const cidrFlag = Flags.custom<string>({
  parse: parsed((text) => {
    if (!isCidr(text)) throw new InvalidCidr(text, 'expected a CIDR block such as 203.0.113.0/24')
    return text
  }),
})

/** `FROM-TO` ports, e.g. 32768-60999. */
export const portRangeFlag = Flags.custom<PortRange>({parse: parsed(parsePortRange)})

/** `TARGET:PORT[/tcp|udp]` (reach --to); the target itself is resolved against the data later. */
export const reachTargetFlag = Flags.custom<ParsedTarget>({parse: parsed(parseReachTarget)})

export const hostKeyCheckingFlag = Flags.option({
  description: 'strict: refuse unknown host keys; accept-new: record unknown keys. A changed key is always refused.',
  options: HOST_KEY_CHECKING,
  default: 'strict' as const,
})

export const snapshotFlag = Flags.string({
  description: 'Saved AWS CLI JSON: a directory of <service>-<operation>.json files, or one JSON file keyed by those names.',
  required: true,
  helpValue: 'PATH',
})

/** A file that declares the network to judge, read instead of a snapshot (audit, reach). */
function networkFileFlag(description: string) {
  return Flags.string({description, helpValue: 'FILE', exclusive: ['snapshot']})
}

/** A saved Terraform plan as JSON: audit or reach a network before it exists. */
export const terraformPlanFlag = networkFileFlag(
  "A saved Terraform plan as JSON (`terraform show -json plan.out > plan.json`): audit the network it would build. Findings name the resource address, and the .tf file and line when the module's .tf files are next to the plan.",
)

/** `audit --snapshot` is optional: without it, audit reads AWS live (--cluster or --vpc). */
export const optionalSnapshotFlag = Flags.string({
  description:
    'Saved AWS CLI JSON: a directory of <service>-<operation>.json files (what `emr-access snapshot` writes), or one JSON file keyed by those names. Without it, the data is read live from AWS for --cluster or --vpc.',
  helpValue: 'PATH',
})

/** pac and proxy-config: the same destinations, proxy address and cluster source. */
export const proxyExportFlags = {
  allow: Flags.string({description: 'Destinations for the proxy (repeatable; replaces the default): CIDR, .suffix or host.', multiple: true, helpValue: 'CIDR|.SUFFIX|HOST'}),
  'socks-host': Flags.string({description: 'Where the SOCKS5 proxy listens.', default: '127.0.0.1', helpValue: 'ADDRESS'}),
  'socks-port': Flags.integer({description: 'SOCKS5 proxy port.', default: DEFAULT_SOCKS_PORT, min: 1, max: 65535}),
  snapshot: Flags.string({description: 'Resolve CLUSTER_ID from saved AWS CLI JSON instead of AWS.', helpValue: 'PATH'}),
}

/**
 * Where and as whom to call AWS. Each has the AWS CLI's meaning, and the SDK's default chain
 * fills in what is not given (AWS_REGION / AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL,
 * the shared config and credentials files, SSO, process credentials, container and instance roles).
 */
export function awsFlags(options: {exclusive?: string[]} = {}) {
  const exclusive = options.exclusive ?? []
  return {
    region: Flags.string({
      description: "AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).",
      helpValue: 'REGION',
      helpGroup: 'AWS',
      exclusive,
    }),
    profile: Flags.string({
      description: 'Named profile of the shared AWS config and credentials files (default: AWS_PROFILE).',
      helpValue: 'NAME',
      helpGroup: 'AWS',
      exclusive,
    }),
    'endpoint-url': Flags.string({
      description: 'Send every AWS call to this URL: an AWS API emulator, or VPC interface endpoints (default: AWS_ENDPOINT_URL).',
      helpValue: 'URL',
      helpGroup: 'AWS',
      exclusive,
    }),
  }
}

/** How `connect` reaches the primary and the bastion (issue 13): SSH over TCP, or a hop-carrying AWS service. */
export const VIA_TRANSPORTS = ['ssh', 'eice', 'ssm'] as const

export function viaFlags() {
  return {
    via: Flags.option({
      options: VIA_TRANSPORTS,
      default: 'ssh' as const,
      description: 'How SSH reaches the primary: ssh (TCP, through --bastion/--jump if given), eice (an EC2 Instance Connect Endpoint, no bastion), ssm (Session Manager).',
    })(),
    'bastion-via': Flags.option({
      options: VIA_TRANSPORTS,
      default: 'ssh' as const,
      description: 'How SSH reaches a private --bastion: ssh (TCP), eice (an EC2 Instance Connect Endpoint), ssm (Session Manager).',
    })(),
  }
}

/** `--template FILE` (audit, reach): a CloudFormation template judged before it is deployed. */
export const templateFlag = networkFileFlag(
  'A CloudFormation template (YAML or JSON) to judge before it is deployed: the network it declares is audited like a deployed one; values known only after deploy are "unknown before deploy", never guessed. Resources may be named by logical id (--bastion Bastion, --to Cluster:primary:22).',
)

/** `--parameter Key=Value` (repeatable), with --template. */
export const parameterFlag = Flags.string({
  description: 'A template parameter value (repeatable). Parameters not given take their Default; one without a Default is unknown before deploy.',
  helpValue: 'KEY=VALUE',
  multiple: true,
  dependsOn: ['template'],
})

/** `--parameter` values as {Key: Value}; a value may itself contain `=`. */
export function templateParameters(values: readonly string[] | undefined): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const value of values ?? []) {
    const at = value.indexOf('=')
    if (UNSAFE_TEXT.test(value) || at <= 0) throw new UserError(`--parameter ${printable(value)}: expected Key=Value, e.g. --parameter AdminCidr=203.0.113.0/24`)
    parameters[value.slice(0, at)] = value.slice(at + 1)
  }
  return parameters
}

/** The EC2 Instance Connect Endpoint options of `--via eice` / `--bastion-via eice`. */
export function eiceFlags() {
  return {
    'eice-id': Flags.string({
      description: "With --via/--bastion-via eice: the endpoint (eice-…). Default: the one in the cluster's VPC (ec2:DescribeInstanceConnectEndpoints).",
      helpValue: 'EICE_ID',
      helpGroup: 'EICE',
    }),
    'eice-endpoint-url': Flags.string({
      description: "With --via/--bastion-via eice: open tunnels at this wss:// (or ws://) URL instead of the endpoint's DNS name (e.g. a local stand-in endpoint for tests).",
      helpValue: 'URL',
      helpGroup: 'EICE',
      env: 'EMR_ACCESS_EICE_ENDPOINT_URL',
    }),
    'max-tunnel-duration': Flags.integer({
      // No oclif default: given without an EICE hop it is refused, so connect must see whether it was given.
      description: 'With --via/--bastion-via eice: seconds each endpoint tunnel lasts (AWS allows 1 to 3600; default 3600); the tunnel is renewed before, the proxy stays up.',
      helpValue: 'SECONDS',
      helpGroup: 'EICE',
      min: 1,
      max: 3600,
    }),
  }
}
