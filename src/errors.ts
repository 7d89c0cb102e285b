/**
 * Errors a user can act on. Commands print `message` as one line and exit with `exitCode`;
 * a stack trace is shown only with --debug.
 */
export class UserError extends Error {
  readonly exitCode: number

  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message)
    this.name = 'UserError'
    this.exitCode = exitCode
  }
}

/**
 * Control characters (C0, DEL, C1), Unicode bidi embeddings / overrides / isolates and unpaired
 * surrogates: never printed raw, so a hostile file name or value cannot rewrite the terminal line
 * or break the one-line error.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** `text` with every unprintable character written as a `\uXXXX` escape. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Bad input data: names the file, the JSON path inside it, and what was expected. */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(escapeUnprintable(`${file}${pointer ? ` at ${pointer}` : ''}: ${problem}`))
    this.name = 'InputError'
  }
}

/**
 * The inputs the core takes from a user, by the core's own names. Which flag or argument gives each
 * is the command line's business (src/cli/domain-errors.ts).
 */
export type DomainInput =
  | 'snapshot'
  | 'terraformPlan'
  | 'out'
  | 'endpointUrl'
  | 'cluster'
  | 'vpc'
  | 'bastion'
  | 'adminCidrs'
  | 'onpremCidrs'
  | 'from'
  | 'to'
  | 'ephemeralPorts'
  | 'forward'
  | 'allow'
  | 'bind'
  | 'browser'
  | 'identityFile'

/**
 * What the core (src/analysis, src/sources, src/tunnel) throws about a value it was given: typed
 * fields in the core's own terms, never a command-line flag. The message is `value: reason`; the
 * command line says which flag gave the value (src/cli/domain-errors.ts). Exit code 2, like every
 * usage or input error.
 */
export abstract class DomainError extends Error {
  constructor(
    /** Which of the user's inputs the value came in. */
    readonly input: DomainInput,
    /** The value as given. */
    readonly value: string,
    /** What is wrong with it, in a phrase that follows `value: `. */
    readonly reason: string,
  ) {
    super(`${escapeUnprintable(value)}: ${reason}`)
    this.name = new.target.name
  }
}

/** A port range that is not `FROM-TO` within 1-65535. */
export class InvalidPortRange extends DomainError {
  constructor(value: string, reason: string) {
    super('ephemeralPorts', value, reason)
  }
}

/** A reachability end (`internet`, a CIDR, an id, `j-…:primary`, `TARGET:PORT`) that does not parse or is not in the data. */
export class InvalidEndpoint extends DomainError {
  constructor(value: string, reason: string, end: 'from' | 'to' = 'from') {
    super(end, value, reason)
  }
}

/** A CIDR that is not a CIDR block. */
export class InvalidCidr extends DomainError {
  constructor(value: string, reason: string, input: 'adminCidrs' | 'onpremCidrs' = 'adminCidrs') {
    super(input, value, reason)
  }
}

/** An AWS endpoint URL that is not an http(s) URL. */
export class InvalidEndpointUrl extends DomainError {
  constructor(value: string, reason: string) {
    super('endpointUrl', value, reason)
  }
}

/** A snapshot path to read (`snapshot`) or write (`out`) that cannot be used. */
export class SnapshotPathError extends DomainError {}

/** An id of `input` that the data does not hold (`known`: the ids it does, when the data lists them). */
export abstract class UnknownId extends DomainError {
  constructor(
    input: 'cluster' | 'vpc',
    readonly id: string,
    reason: string,
    readonly known?: readonly string[],
  ) {
    super(input, id, reason)
  }
}

/** A cluster id not in the data. */
export class UnknownCluster extends UnknownId {
  constructor(id: string, reason: string, known?: readonly string[]) {
    super('cluster', id, reason, known)
  }
}

/** A VPC id not in the data. */
export class UnknownVpc extends UnknownId {
  constructor(id: string, reason: string, known?: readonly string[]) {
    super('vpc', id, reason, known)
  }
}

/** A cluster asked for together with a VPC it is not in. */
export class ClusterNotInVpc extends DomainError {
  constructor(
    readonly clusterId: string,
    readonly vpcId: string,
    readonly subnetId?: string,
  ) {
    super('cluster', clusterId, subnetId ? `is in subnet ${subnetId}, which is not in ${vpcId}` : `is not in ${vpcId}`)
  }
}

/** An instance id not in the data, or one that lacks what was needed of it (`reason`). */
export class UnknownInstance extends DomainError {
  constructor(
    readonly id: string,
    reason: string,
    input: DomainInput = 'bastion',
  ) {
    super(input, id, reason)
  }
}

/**
 * A call the collection cannot go on without failed (`reason`: denied, unavailable; `purpose`: what
 * it answers). `alternative`: the input that would make the call unnecessary, when there is one.
 */
export class EssentialCallFailed extends UserError {
  constructor(
    readonly reason: string,
    readonly purpose: string,
    readonly alternative?: DomainInput,
  ) {
    super(`${reason}: ${purpose}`)
    this.name = 'EssentialCallFailed'
  }
}

/** Every exit code emr-access uses; what each means per command: src/cli/exit-codes.ts. */
export const EXIT = {
  ok: 0,
  /** audit: findings at or above --fail-on; reach: not reachable; connect: the tunnel failed. */
  failed: 1,
  /** Usage or input error, on every command: the command line or a file it names is wrong. */
  usage: 2,
  /** reach: the data cannot tell. */
  undecided: 3,
  /** audit --fail-on-not-evaluated: some rules could not be evaluated. */
  notEvaluated: 4,
  /** A bug in emr-access (sysexits EX_SOFTWARE): not the user's doing. */
  internal: 70,
} as const
