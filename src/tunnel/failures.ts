/**
 * Why a tunnel could not be made or was lost, as plain data: the supervisor decides from `kind`
 * whether to retry, `--json` prints it, and a later "why can't I connect?" command can match it
 * against the reachability engine (hop, host, port) without importing anything of the tunnel.
 */
export type FailureKind =
  /** The server refused every key we offered (or a key could not be used). Stop. */
  | 'auth'
  /** Unknown, changed or revoked host key. Stop: retrying cannot fix it and must not wear it down. */
  | 'host-key'
  /** A hop's name does not resolve (locally for the first hop, on the previous hop for the others). Stop. */
  | 'unknown-host'
  /** A hop refuses to forward (AllowTcpForwarding / PermitOpen), or the user is not allowed. Stop. */
  | 'permission'
  /** Refused, reset, timed out, unreachable, keepalive lost. Retry with backoff. */
  | 'network'
  /** Our side cannot proceed: no usable key, no algorithm in common, a bad option. Stop. */
  | 'config'

export interface FailureDetail {
  /** Which hop, as people name it: "bastion ec2-user@203.0.113.10", "primary hadoop@ip-10-…". */
  hop?: string
  host?: string
  port?: number
  /** The underlying code: ECONNREFUSED, ENOTFOUND, an SSH open-failure reason, … */
  code?: string
}

export class TunnelFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly detail: FailureDetail = {},
  ) {
    super(message)
    this.name = 'TunnelFailure'
  }

  get retryable(): boolean {
    return this.kind === 'network'
  }

  toJSON(): {kind: FailureKind; message: string} & FailureDetail {
    return {kind: this.kind, message: this.message, ...this.detail}
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'EAI_AGAIN'])

/**
 * A name lookup that failed only for now: getaddrinfo's EAI_AGAIN, as Node reports it locally
 * (code EAI_AGAIN) or as OpenSSH relays it when a hop resolves the next one ("Temporary failure in
 * name resolution", gai_strerror's text). A DNS server that did not answer in time; retrying can fix it.
 */
export function isTemporaryNameFailure(codeOrText: string): boolean {
  return /\bEAI_AGAIN\b|temporary failure in name resolution/i.test(codeOrText)
}

/**
 * A hop's name did not resolve: `unknown-host` (stop: retrying cannot fix a wrong name) unless the
 * failure was temporary, which is retried like any network failure.
 */
export function nameLookupFailure(message: string, reason: string, detail: FailureDetail): TunnelFailure {
  return isTemporaryNameFailure(reason)
    ? new TunnelFailure('network', `${message}; the name lookup failed temporarily (${reason}), retrying`, {...detail, code: 'EAI_AGAIN'})
    : new TunnelFailure('unknown-host', `${message} (${reason})`, {...detail, code: detail.code ?? 'UNRESOLVED'})
}

/** A local socket error (the first hop's TCP connection) as a failure of the given hop. */
export function classifySocketError(error: NodeJS.ErrnoException, detail: FailureDetail): TunnelFailure {
  const code = error.code ?? ''
  const where = `${detail.hop ?? detail.host ?? 'host'}`
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA') {
    return new TunnelFailure('unknown-host', `${where}: ${detail.host ?? 'the host'} does not resolve (${code}); check the name`, {...detail, code})
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new TunnelFailure('permission', `${where}: not permitted to connect (${code})`, {...detail, code})
  }
  if (NETWORK_CODES.has(code) || isTemporaryNameFailure(code)) {
    return new TunnelFailure('network', `${where}: ${describeCode(code)} (${code})`, {...detail, code})
  }
  return new TunnelFailure('network', `${where}: ${error.message}`, {...detail, code: code || undefined})
}

function describeCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on the SSH port, or a firewall rejects it)'
    case 'ETIMEDOUT':
      return 'connection timed out (a security group, network ACL or firewall may drop it)'
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return 'host unreachable'
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'network unreachable (no route)'
    case 'EAI_AGAIN':
      return 'name lookup failed temporarily'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'connection reset'
    default:
      return code
  }
}

/** A key file named to use does not exist (a configuration failure, said before any connection). */
export class MissingKeyFile extends TunnelFailure {
  constructor(readonly file: string) {
    super('config', `identity file ${file}: no such file`)
    this.name = 'MissingKeyFile'
  }
}

/** Which of the tunnel's local listeners could not listen. */
export type ListenerKind = 'socks' | 'pac' | 'http-proxy' | 'forward'

/**
 * A local listener could not listen: the port is taken (`in-use`), the bind address is not this
 * machine's (`no-such-address`), or the port needs privileges (`not-permitted`). `reason` follows
 * `port N: ` (or `address A: ` for no-such-address).
 */
export class ListenFailure extends TunnelFailure {
  constructor(
    readonly listener: ListenerKind,
    readonly problem: 'in-use' | 'no-such-address' | 'not-permitted' | 'other',
    readonly bind: string,
    readonly port: number,
    readonly reason: string,
    code?: string,
  ) {
    super('config', `${problem === 'no-such-address' ? `address ${bind}` : `${listener} port ${port}`}: ${reason}`, {code})
    this.name = 'ListenFailure'
  }
}
