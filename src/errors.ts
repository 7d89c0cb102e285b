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
 * What the core (src/analysis, src/sources, src/tunnel) throws about a value it was given: typed
 * fields, in the core's own terms, never a command-line flag. src/app and src/commands know which
 * flag or argument gave the value and say so in one line (src/app/errors.ts).
 */
export abstract class DomainError extends Error {
  /** The value as given, and what is wrong with it (the message is `value: reason`). */
  constructor(
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${escapeUnprintable(value)}: ${reason}`)
    this.name = new.target.name
  }
}

/** A port range that is not `FROM-TO` within 1-65535. */
export class InvalidPortRange extends DomainError {}

/** A reachability end (`internet`, a CIDR, an id, `j-…:primary`, `TARGET:PORT`) that does not parse or is not in the data. */
export class InvalidEndpoint extends DomainError {
  constructor(
    value: string,
    reason: string,
    /** Which end of the flow, when the caller knows. */
    readonly end?: 'from' | 'to',
  ) {
    super(value, reason)
  }
}

/** A CIDR that is not a CIDR block; `option` names the caller's option it came in (e.g. `adminCidrs`). */
export class InvalidCidr extends DomainError {
  constructor(
    value: string,
    reason: string,
    readonly option?: string,
  ) {
    super(value, reason)
  }
}

/** A cluster id not in the data (`known`: the ids that are). */
export class UnknownCluster extends DomainError {
  constructor(
    readonly id: string,
    readonly known: readonly string[],
    readonly where: string,
  ) {
    super(id, `no such cluster in ${where}`)
  }
}

/** A VPC id not in the data (`known`: the ids that are). */
export class UnknownVpc extends DomainError {
  constructor(
    readonly id: string,
    readonly known: readonly string[],
    readonly where: string,
  ) {
    super(id, `no such VPC in ${where}`)
  }
}

/** A cluster asked for together with a VPC it is not in. */
export class ClusterNotInVpc extends DomainError {
  constructor(
    readonly clusterId: string,
    readonly vpcId: string,
    readonly subnetId?: string,
  ) {
    super(clusterId, `not in ${vpcId}`)
  }
}

/** An instance id not in the data, or one that lacks what was needed of it (`reason`). */
export class UnknownInstance extends DomainError {
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(id, reason)
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
