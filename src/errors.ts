/**
 * Errors a user can act on. Commands print `message` as one line and exit with `exitCode`;
 * a stack trace is shown only with --debug.
 */
export class UserError extends Error {
  readonly exitCode: number

  constructor(message: string, exitCode = 2) {
    super(message)
    this.name = 'UserError'
    this.exitCode = exitCode
  }
}

/** Bad input data: names the file, the JSON path inside it, and what was expected. */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file}${pointer ? ` at ${pointer}` : ''}: ${problem}`)
    this.name = 'InputError'
  }
}
