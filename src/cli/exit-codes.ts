/**
 * What emr-access's exit codes mean, per command, and which one a thrown error ends with. The codes
 * themselves are EXIT (src/errors.ts); the error handler and connect's `closed` event use exitCodeOf;
 * each command's EXIT CODES help section and the README's table (a test compares them) come from
 * COMMAND_EXIT_CODES.
 */
import {DomainError, EXIT, UserError} from '../errors.js'
import {TunnelFailure} from '../tunnel/failures.js'

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export interface ExitCodeDoc {
  code: ExitCode
  meaning: string
}

const USAGE: ExitCodeDoc = {code: EXIT.usage, meaning: 'usage or input error: one line on stderr naming the flag, file or JSON path'}
const AWS_USAGE: ExitCodeDoc = {
  code: EXIT.usage,
  meaning: `${USAGE.meaning}; or, live, an AWS error nothing can be collected through (credentials, Region, endpoint, throttling, unknown cluster or VPC)`,
}
const INTERNAL: ExitCodeDoc = {code: EXIT.internal, meaning: 'internal error (a bug): run again with --debug and report it'}

/** What each command's exit codes mean: its help's EXIT CODES section, and the README's table. */
export const COMMAND_EXIT_CODES: Readonly<Record<string, readonly ExitCodeDoc[]>> = {
  audit: [
    {code: EXIT.ok, meaning: 'no finding at or above --fail-on'},
    {code: EXIT.failed, meaning: 'findings at or above --fail-on (default high)'},
    AWS_USAGE,
    {code: EXIT.notEvaluated, meaning: 'with --fail-on-not-evaluated: no finding reached --fail-on, but a rule was not evaluated (missing data or permission)'},
    {
      code: EXIT.internal,
      meaning: 'internal error (a bug): run again with --debug and report it; also when a rule failed with an error and no finding reached --fail-on (the report covers the other rules)',
    },
  ],
  reach: [
    {code: EXIT.ok, meaning: 'reachable, or reachable from part of the source range (the answer says "partially reachable" and lists the sub-ranges)'},
    {code: EXIT.failed, meaning: 'not reachable'},
    USAGE,
    {code: EXIT.undecided, meaning: 'the data cannot tell'},
    INTERNAL,
  ],
  snapshot: [{code: EXIT.ok, meaning: 'written (possibly with missing permissions, listed at the end)'}, AWS_USAGE, INTERNAL],
  connect: [
    {code: EXIT.ok, meaning: 'closed by Ctrl-C / SIGTERM'},
    {code: EXIT.failed, meaning: 'the tunnel could not be made or stopped on a failure (authentication, host key, network, a port another program holds)'},
    AWS_USAGE,
    INTERNAL,
  ],
  pac: [{code: EXIT.ok, meaning: 'printed'}, AWS_USAGE, INTERNAL],
  'proxy-config': [{code: EXIT.ok, meaning: 'printed'}, AWS_USAGE, INTERNAL],
  'ui:list': [{code: EXIT.ok, meaning: 'listed'}, AWS_USAGE, INTERNAL],
  version: [{code: EXIT.ok, meaning: 'printed'}, USAGE],
}

/** A command's own exit codes (not the usage and internal errors every command shares), as the README's table row says them. */
export function ownExitCodesText(commandId: string): string {
  const table = COMMAND_EXIT_CODES[commandId]
  if (!table) throw new Error(`no exit codes declared for ${commandId}`)
  return table
    .filter((entry) => entry.code !== EXIT.usage && entry.code !== EXIT.internal)
    .map((entry) => `**${entry.code}** ${entry.meaning}`)
    .join('; ')
}

/** Parse errors from oclif (unknown flag, missing value, bad option) carry oclif.exit = 2. */
function isOclifUsageError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as {oclif?: {exit?: unknown}}).oclif?.exit === EXIT.usage
}

/** A filesystem error that escaped a reader is about a path the user named: an input error. */
function isFileError(error: unknown): boolean {
  const errno = error as NodeJS.ErrnoException
  return error instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string' && typeof errno.path === 'string'
}

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UserError) return error.exitCode
  if (error instanceof DomainError) return EXIT.usage
  if (error instanceof TunnelFailure) return EXIT.failed
  if (isOclifUsageError(error) || isFileError(error)) return EXIT.usage
  return EXIT.internal
}
