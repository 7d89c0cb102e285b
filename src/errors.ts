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
