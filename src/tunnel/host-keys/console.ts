/**
 * Host keys from an instance's EC2 console output (`ec2:GetConsoleOutput`), for
 * `--host-key-source console`: at boot, cloud-init prints the host's public keys between
 * `-----BEGIN SSH HOST KEY KEYS-----` / `-----END SSH HOST KEY KEYS-----` and their fingerprints
 * (`256 SHA256:… root@host (ECDSA)`) between `-----BEGIN SSH HOST KEY FINGERPRINTS-----` / `-----END …`.
 * AWS delivers that text out of band (the hypervisor's serial console), so it can vouch for a key
 * before the first SSH connection: no trust on first use.
 *
 * The console is hostile input (any process that writes to /dev/console can print there): the text
 * is bounded, each block must be complete, each key line must be exactly `type base64 [comment]`
 * with a well-formed SSH key blob of that type, and nothing of it is ever echoed — messages carry
 * only counts, key types and fingerprints computed here. Lines may carry the prefixes consoles add
 * (`[   12.34] `, `ec2: `, `cloud-init[812]: `). Other lines inside a block (a kernel message
 * printed at the same moment) are skipped; the last complete block (the latest boot) counts.
 */
import {GetConsoleOutputCommand, type EC2Client} from '@aws-sdk/client-ec2'
import {escapeUnprintable} from '../../errors.js'
import {TunnelFailure} from '../failures.js'
import {displayKeyType, fingerprintOf, hostKeyFromBlob, keyTypeOf, type HostKey} from '../ssh/host-key.js'
import {PerHopHostKeyPolicy, PinnedHostKeyPolicy, type HostKeyPins, type HostKeyPolicy} from '../ssh/host-key-policy.js'
import type {Hop} from '../ssh/hops.js'

/** GetConsoleOutput returns at most 64 KiB; anything far beyond is not a console. */
export const MAX_CONSOLE_BYTES = 512 * 1024
const MAX_LINE = 16 * 1024
const MAX_KEYS = 16

/** The IAM actions this module calls (templates/iam/connect-keys-policy.json). */
export const CONSOLE_HOST_KEY_ACTIONS = ['ec2:GetConsoleOutput'] as const

export interface ConsoleFingerprint {
  /** ED25519, ECDSA, RSA, as cloud-init prints (ssh-keygen -l). */
  displayType: string
  bits: number
  /** `SHA256:…` */
  fingerprint: string
}

export interface ConsoleHostKeys {
  /** From the KEYS block (full keys: pinned by value). */
  keys: HostKey[]
  /** From the FINGERPRINTS block (SHA256 only; MD5 fingerprints of old images are not used). */
  fingerprints: ConsoleFingerprint[]
}

const PREFIX = /^(?:\[\s*\d+\.\d+\]\s*)?(?:<\d{1,3}>)?(?:[A-Za-z][\w.-]{0,31}(?:\[\d{1,10}\])?:\s+)?/
const KEY_LINE =
  /^((?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)) ([A-Za-z0-9+/]{16,16384}={0,2})(?: [\x20-\x7e]{0,256})?$/
const FINGERPRINT_LINE = /^(\d{3,5}) (SHA256:[A-Za-z0-9+/]{43})(?: [\x20-\x7e]{0,256})? \(([A-Z0-9-]{2,16})\)$/

/** The lines of the last complete BEGIN…END block of `name`, prefixes removed; undefined when there is none. */
function lastBlock(lines: string[], name: string): string[] | undefined {
  const begin = `-----BEGIN ${name}-----`
  const end = `-----END ${name}-----`
  let found: string[] | undefined
  let current: string[] | undefined
  for (const line of lines) {
    if (line === begin) current = []
    else if (line === end) {
      if (current) found = current
      current = undefined
    } else current?.push(line)
  }
  return found
}

/** The host keys and fingerprints in console text; undefined when it holds neither block. */
export function parseConsoleHostKeys(text: string): ConsoleHostKeys | undefined {
  const bounded = text.length > MAX_CONSOLE_BYTES ? text.slice(-MAX_CONSOLE_BYTES) : text
  const lines = bounded.split(/\r?\n/).map((line) => (line.length > MAX_LINE ? '' : line.trimEnd().replace(PREFIX, '')))
  const keyLines = lastBlock(lines, 'SSH HOST KEY KEYS')
  const fingerprintLines = lastBlock(lines, 'SSH HOST KEY FINGERPRINTS')
  if (!keyLines && !fingerprintLines) return undefined
  const keys: HostKey[] = []
  for (const line of keyLines ?? []) {
    const match = KEY_LINE.exec(line)
    if (!match || keys.length >= MAX_KEYS) continue
    const blob = Buffer.from(match[2]!, 'base64')
    // The blob must name the type the line names (a mislabelled key is not pinned).
    if (keyTypeOf(blob) !== match[1]) continue
    if (!keys.some((key) => key.blob.equals(blob))) keys.push(hostKeyFromBlob(blob))
  }
  const fingerprints: ConsoleFingerprint[] = []
  for (const line of fingerprintLines ?? []) {
    const match = FINGERPRINT_LINE.exec(line)
    if (!match || fingerprints.length >= MAX_KEYS) continue
    fingerprints.push({bits: Number(match[1]), fingerprint: match[2]!, displayType: match[3]!})
  }
  if (keys.length === 0 && fingerprints.length === 0) return undefined
  return {keys, fingerprints}
}

/** Does the key presented by a host match what the console printed? */
export function consoleVouchesFor(pins: ConsoleHostKeys, blob: Buffer): boolean {
  if (pins.keys.length > 0) return pins.keys.some((key) => key.blob.equals(blob))
  const fingerprint = fingerprintOf(blob)
  return pins.fingerprints.some((entry) => entry.fingerprint === fingerprint)
}

/** ssh2 host-key algorithms for what the console printed, in its order (so the host presents a pinned type). */
export function algorithmsForConsoleKeys(pins: ConsoleHostKeys): string[] {
  const types =
    pins.keys.length > 0
      ? pins.keys.map((key) => key.type)
      : pins.fingerprints.map((entry) => {
          switch (entry.displayType) {
            case 'ED25519':
              return 'ssh-ed25519'
            case 'ECDSA':
              return `ecdsa-sha2-nistp${entry.bits === 384 ? 384 : entry.bits === 521 ? 521 : 256}`
            case 'RSA':
              return 'ssh-rsa'
            default:
              return ''
          }
        })
  return [...new Set(types.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : type ? [type] : [])))]
}

export type ConsoleLookup =
  | {status: 'found'; pins: ConsoleHostKeys; instanceId: string}
  /** No block (cloud-init did not print one, the output was rotated, a non-Nitro "latest" gap…): fall back. */
  | {status: 'absent'; instanceId: string; reason: string}

type ConsoleClient = Pick<EC2Client, 'send'>

/**
 * The instance's console output, newest first: `Latest: true` (Nitro instances), else, when AWS
 * refuses that for the instance type, the boot-time buffer. AWS errors (no permission, no such
 * instance) are thrown for the caller to report.
 */
export async function lookupConsoleHostKeys(client: ConsoleClient, instanceId: string): Promise<ConsoleLookup> {
  let output: string | undefined
  try {
    output = (await client.send(new GetConsoleOutputCommand({InstanceId: instanceId, Latest: true}))).Output
  } catch (error) {
    const name = (error as {name?: string}).name ?? ''
    // "Latest" is for instance types built on the Nitro System only.
    if (!/^(UnsupportedOperation|InvalidParameter|InvalidParameterCombination|InvalidParameterValue)$/.test(name)) throw error
    output = (await client.send(new GetConsoleOutputCommand({InstanceId: instanceId}))).Output
  }
  if (!output) return {status: 'absent', instanceId, reason: 'the console output is empty (the instance may have just started)'}
  if (output.length > (MAX_CONSOLE_BYTES * 4) / 3 + 4) return {status: 'absent', instanceId, reason: 'the console output is larger than any console AWS returns; not read'}
  const pins = parseConsoleHostKeys(Buffer.from(output, 'base64').toString('utf8'))
  if (!pins) return {status: 'absent', instanceId, reason: 'the console output holds no SSH HOST KEY block (cloud-init prints it at first boot; it may have scrolled out)'}
  return {status: 'found', pins, instanceId}
}

/** What a console lookup vouches for, as the pinned policy takes it. */
export function consolePins(found: Extract<ConsoleLookup, {status: 'found'}>): HostKeyPins {
  const {pins} = found
  return {
    source: `the EC2 console output of ${found.instanceId}`,
    accepts: (blob) => consoleVouchesFor(pins, blob),
    algorithms: algorithmsForConsoleKeys(pins),
    fingerprints: pins.keys.length > 0 ? pins.keys.map((key) => `${displayKeyType(key.type)} ${key.fingerprint}`) : pins.fingerprints.map((entry) => `${entry.displayType} ${entry.fingerprint}`),
  }
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/

/**
 * `--host-key-source console`: each hop with an instance id gets the keys its console printed,
 * pinned (nothing else accepted); a hop whose console has no block, or whose instance is not known,
 * keeps `fallback` (the known_hosts policy) and `notify` says so. An AWS error (no permission, no
 * such instance) stops here: the user asked for pinning, so it is not silently dropped.
 */
export async function consoleHostKeyPolicy(
  hops: readonly Hop[],
  client: ConsoleClient,
  fallback: HostKeyPolicy,
  supportedAlgorithms: readonly string[],
  notify: (message: string) => void,
): Promise<HostKeyPolicy> {
  const pinned = new Map<string, HostKeyPolicy>()
  for (const hop of hops) {
    if (!hop.instanceId || !INSTANCE_ID.test(hop.instanceId)) {
      notify(`${hop.label}: no EC2 instance id known for this hop, so its host key is checked against known_hosts (console host keys need the cluster's primary or a bastion given as an instance id)`)
      continue
    }
    let lookup: ConsoleLookup
    try {
      lookup = await lookupConsoleHostKeys(client, hop.instanceId)
    } catch (error) {
      throw consoleFailure(hop, hop.instanceId, error)
    }
    if (lookup.status === 'absent') {
      notify(`${hop.label}: ${lookup.reason} of ${hop.instanceId}; its host key is checked against known_hosts instead`)
      continue
    }
    pinned.set(hop.label, new PinnedHostKeyPolicy(consolePins(lookup), supportedAlgorithms))
  }
  return pinned.size > 0 ? new PerHopHostKeyPolicy(pinned, fallback) : fallback
}

function consoleFailure(hop: Hop, instanceId: string, error: unknown): TunnelFailure {
  const name = (error as {name?: string}).name ?? 'Error'
  const detail = {hop: hop.label, code: name}
  if (/AccessDenied|UnauthorizedOperation/.test(name)) {
    return new TunnelFailure(
      'permission',
      `${hop.label}: not allowed to read the console output of ${instanceId} (ec2:GetConsoleOutput, ${name}): grant it (templates/iam/connect-keys-policy.json) or check host keys against known_hosts instead`,
      detail,
    )
  }
  if (/InvalidInstanceID/.test(name)) return new TunnelFailure('config', `${hop.label}: no instance ${instanceId} in this account and Region (${name})`, detail)
  return new TunnelFailure('network', `${hop.label}: cannot read the console output of ${instanceId}: ${escapeUnprintable((error as Error).message ?? String(error))}`, detail)
}
