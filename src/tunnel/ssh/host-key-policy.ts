/**
 * Host-key verification: one policy object, consulted for every hop (bastion, jump hosts and the
 * primary alike) on every connection and reconnection. `KnownHostsPolicy` behaves like OpenSSH with
 * `StrictHostKeyChecking yes` (strict) or `accept-new`: an unknown key is refused with its
 * fingerprint and the flag that accepts it (strict) or recorded in OpenSSH format (accept-new, on
 * the first connection only — never on an automatic reconnect); a changed key (another key, of any
 * type, for a host known by some key) or a revoked key is refused whatever the mode.
 * `PinnedHostKeyPolicy` accepts only keys vouched for out of band (an instance's EC2 console
 * output), and `PerHopHostKeyPolicy` gives each hop its own policy (ssh_config's per-host
 * UserKnownHostsFile / StrictHostKeyChecking, console pins for the hops that have them).
 */
import {appendFile, mkdir, readFile, stat} from 'node:fs/promises'
import {dirname} from 'node:path'
import {TunnelFailure} from '../failures.js'
import {algorithmsForKeyType, displayKeyType, hostKeyFromBlob, type HostKey} from './host-key.js'
import {formatKnownHostsLine, KnownHosts, knownHostsName, type KnownHostsEntry} from './known-hosts.js'

export interface HostIdentity {
  /** The name or address connected to (after ssh_config HostName), as known_hosts files it. */
  host: string
  port: number
  /** For messages: "bastion ec2-user@203.0.113.10". */
  label: string
}

export interface HostKeyVerdict {
  key: HostKey
  /** known: a known_hosts line vouched for it; recorded: accept-new just wrote it; pinned: an out-of-band source (console output) vouched for it. */
  status: 'known' | 'recorded' | 'pinned'
  /** file:line that vouched for it, or the file it was written to. */
  where: string
}

export interface HostKeyPolicy {
  /** Host-key algorithms to offer this host: types it is known by first, as OpenSSH orders them. */
  preferredAlgorithms(host: HostIdentity): Promise<string[] | undefined>
  /**
   * Resolves when the key may be trusted; rejects with a TunnelFailure of kind host-key otherwise.
   * `reconnecting`: an automatic reconnect, where no new key is ever accepted (accept-new is for the
   * connection a person started, not for a host that changed while nobody was looking).
   */
  verify(host: HostIdentity, blob: Buffer, context?: {reconnecting?: boolean}): Promise<HostKeyVerdict>
}

export const HOST_KEY_CHECKING = ['strict', 'accept-new'] as const
export type HostKeyChecking = (typeof HOST_KEY_CHECKING)[number]

export interface KnownHostsPolicyOptions {
  /** Files to read, in order (missing files are empty). */
  files: string[]
  /** Where accept-new appends (OpenSSH: the first UserKnownHostsFile). */
  appendTo: string
  mode: HostKeyChecking
  /** Write hashed names (ssh_config HashKnownHosts yes). */
  hashNewEntries?: boolean
  /** ssh2's full host-key algorithm list, to reorder. */
  supportedAlgorithms: readonly string[]
  /** Told about unparseable lines once per file:line, for --debug. */
  onProblem?: (message: string) => void
  /** How the user turns accept-new on, for the advice in a refusal (the command line's words). */
  acceptNewName?: string
}

const where = (entry: KnownHostsEntry) => `${entry.file}:${entry.line}`

export class KnownHostsPolicy implements HostKeyPolicy {
  private readonly reported = new Set<string>()
  /** Serialises accept-new writes so two hops never interleave lines. */
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly options: KnownHostsPolicyOptions) {}

  /** Read on every use, so an entry removed with `ssh-keygen -R` during a session counts at the next reconnect. */
  private async load(): Promise<KnownHosts> {
    const files: {file: string; text: string}[] = []
    for (const file of this.options.files) {
      try {
        files.push({file, text: await readFile(file, 'utf8')})
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new TunnelFailure('config', `cannot read known_hosts file ${file}: ${(error as Error).message}`)
        }
      }
    }
    const {knownHosts, problems} = KnownHosts.parse(files)
    for (const problem of problems) {
      const id = `${problem.file}:${problem.line}`
      if (this.reported.has(id)) continue
      this.reported.add(id)
      this.options.onProblem?.(`${id}: ignored (${problem.reason})`)
    }
    return knownHosts
  }

  async preferredAlgorithms(host: HostIdentity): Promise<string[] | undefined> {
    const known = (await this.load()).knownTypes(host.host, host.port)
    if (known.length === 0) return undefined
    const preferred = known.flatMap(algorithmsForKeyType).filter((algorithm) => this.options.supportedAlgorithms.includes(algorithm))
    return [...new Set([...preferred, ...this.options.supportedAlgorithms])]
  }

  async verify(host: HostIdentity, blob: Buffer, context: {reconnecting?: boolean} = {}): Promise<HostKeyVerdict> {
    const key = hostKeyFromBlob(blob)
    const shown = `${displayKeyType(key.type)} key ${key.fingerprint}`
    const detail = {hop: host.label, host: host.host, port: host.port}
    const verdict = (await this.load()).check(host.host, host.port, key)
    switch (verdict.status) {
      case 'known':
        return {key, status: 'known', where: where(verdict.entry)}
      case 'revoked':
        throw new TunnelFailure('host-key', `${host.label}: the host presented a REVOKED ${shown} (${where(verdict.entry)}); refusing to connect`, detail)
      case 'changed': {
        const old = verdict.entries[0]!
        const name = knownHostsName(host.host, host.port)
        const otherType = old.keyType !== key.type ? ' (a key of another type: the host is known, so a new key type is a change too)' : ''
        throw new TunnelFailure(
          'host-key',
          `${host.label}: HOST KEY HAS CHANGED - possible impersonation (someone may be intercepting the connection) or the host was replaced: ` +
            `it now presents ${shown}, but ${where(old)} records a different ${displayKeyType(old.keyType)} key${otherType}. ` +
            `Refusing to connect in any host-key checking mode; if the change is expected, remove the old entry ` +
            `(ssh-keygen -R '${name}' -f ${old.file}) and connect again`,
          detail,
        )
      }
      case 'unknown': {
        if (this.options.mode === 'accept-new' && !context.reconnecting) {
          await this.record(host, key)
          return {key, status: 'recorded', where: this.options.appendTo}
        }
        const also =
          verdict.certificateAuthorities.length > 0
            ? ` (${where(verdict.certificateAuthorities[0]!)} trusts a certificate authority for it, but host certificates are not supported: add the host key itself)`
            : ''
        const acceptNew = this.options.acceptNewName ?? 'accept-new host-key checking'
        const compare = `compare with ssh-keygen -lf /etc/ssh/ssh_host_${shortType(key.type)}_key.pub on the host, or its EC2 console output`
        throw new TunnelFailure(
          'host-key',
          context.reconnecting && this.options.mode === 'accept-new'
            ? `${host.label}: host key not known when reconnecting (its known_hosts entry is gone); it presents ${shown}. ` +
                `${acceptNew} applies only to the connection you start, never to an automatic reconnect: ` +
                `if that is the host's key (${compare}), connect again`
            : `${host.label}: host key not known${also}; it presents ${shown}. ` + `If that is the host's key (${compare}), ` + `run again with ${acceptNew} to record it in ${this.options.appendTo}`,
          detail,
        )
      }
    }
  }

  private async record(host: HostIdentity, key: HostKey): Promise<void> {
    const line = formatKnownHostsLine(host.host, host.port, key, {hash: this.options.hashNewEntries})
    const file = this.options.appendTo
    const write = async () => {
      await mkdir(dirname(file), {recursive: true, mode: 0o700})
      let prefix = ''
      try {
        const info = await stat(file)
        if (info.size > 0) {
          const text = await readFile(file)
          if (text[text.length - 1] !== 0x0a) prefix = '\n'
        }
      } catch {
        // a new file
      }
      await appendFile(file, `${prefix}${line}\n`, {mode: 0o600})
    }
    const next = this.writing.then(write, write)
    this.writing = next.catch(() => undefined)
    try {
      await next
    } catch (error) {
      throw new TunnelFailure('config', `cannot record the host key of ${host.label} in ${file}: ${(error as Error).message}`, {
        hop: host.label,
      })
    }
  }
}

/** What an out-of-band source vouches for: `accepts` decides, `algorithms` are the pinned types. */
export interface HostKeyPins {
  /** For messages and the verdict: "the EC2 console output of i-0abc…". */
  source: string
  accepts(blob: Buffer): boolean
  /** Host-key algorithms of the pinned keys, so the host presents one of them. */
  algorithms: string[]
  /** For the refusal: the fingerprints pinned. */
  fingerprints: string[]
}

/**
 * Only the pinned keys, for one hop: no known_hosts lookup, nothing recorded, no trust on first
 * use. Any other key is refused as a possible impersonation (the same failure kind, and so the same
 * exit code, as a changed known_hosts key).
 */
export class PinnedHostKeyPolicy implements HostKeyPolicy {
  constructor(
    private readonly pins: HostKeyPins,
    private readonly supportedAlgorithms: readonly string[],
  ) {}

  async preferredAlgorithms(): Promise<string[] | undefined> {
    // In ssh2's order of preference (ed25519 first), whatever order the console printed them in.
    const algorithms = this.supportedAlgorithms.filter((algorithm) => this.pins.algorithms.includes(algorithm))
    return algorithms.length > 0 ? algorithms : undefined
  }

  async verify(host: HostIdentity, blob: Buffer): Promise<HostKeyVerdict> {
    const key = hostKeyFromBlob(blob)
    if (this.pins.accepts(blob)) return {key, status: 'pinned', where: this.pins.source}
    throw new TunnelFailure(
      'host-key',
      `${host.label}: HOST KEY DOES NOT MATCH ${this.pins.source} - possible impersonation (someone may be intercepting the connection): ` +
        `it presents ${displayKeyType(key.type)} key ${key.fingerprint}, but the console printed ${this.pins.fingerprints.join(', ')}. Refusing to connect`,
      {hop: host.label, host: host.host, port: host.port, code: 'HOST_KEY_MISMATCH'},
    )
  }
}

/** A policy per hop (by label), and a default for the others. */
export class PerHopHostKeyPolicy implements HostKeyPolicy {
  constructor(
    private readonly byLabel: ReadonlyMap<string, HostKeyPolicy>,
    private readonly fallback: HostKeyPolicy,
  ) {}

  private policyFor(host: HostIdentity): HostKeyPolicy {
    return this.byLabel.get(host.label) ?? this.fallback
  }

  preferredAlgorithms(host: HostIdentity): Promise<string[] | undefined> {
    return this.policyFor(host).preferredAlgorithms(host)
  }

  verify(host: HostIdentity, blob: Buffer, context?: {reconnecting?: boolean}): Promise<HostKeyVerdict> {
    return this.policyFor(host).verify(host, blob, context)
  }
}

function shortType(type: string): string {
  if (type === 'ssh-ed25519') return 'ed25519'
  if (type.startsWith('ecdsa-')) return 'ecdsa'
  if (type === 'ssh-rsa') return 'rsa'
  return '*'
}
