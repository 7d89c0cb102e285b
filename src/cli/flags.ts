/**
 * Flags that several commands share, declared once, and the typed flag kinds: a value that does not
 * parse is refused by oclif's parser with one line naming the flag and the value (see oneLineMessage).
 */
import {Flags} from '@oclif/core'
import {DomainError, InvalidCidr, UserError} from '../errors.js'
import {isCidr} from '../model/ip.js'
import type {PortRange} from '../model/types.js'
import {printable, UNSAFE_TEXT} from '../reports/escape.js'
import {parseForwardSpec, type ForwardSpec} from '../tunnel/local-forward.js'
import {parseDestination, type Destination} from '../tunnel/ssh/destination.js'
import {parseJumpList} from '../tunnel/ssh/hops.js'
import {HOST_KEY_CHECKING} from '../tunnel/ssh/host-key-policy.js'
import {parsePortRange, parseTarget, type ParsedTarget} from '../analysis/reachability/endpoints.js'

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
export const reachTargetFlag = Flags.custom<ParsedTarget>({parse: parsed(parseTarget)})

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
