/**
 * What every emr-access command shares: --debug, and turning any error into one line on stderr with
 * the exit code exitCodeOf gives (2 for every usage and input error). --debug adds the stack trace
 * and never changes the exit code.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {EXIT, UserError} from '../errors.js'
import {safeText} from '../reports/escape.js'
import {inCommandTerms, type InputNames} from './domain-errors.js'
import {exitCodeOf} from './exit-codes.js'

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Print stack traces and diagnostic detail on errors.', default: false, helpGroup: 'GLOBAL'}),
  }

  protected debugEnabled = process.argv.includes('--debug')

  /** Where this command takes each core input when it is not the usual flag (e.g. the cluster from CLUSTER_ID). */
  protected inputNames: InputNames = {}

  /** Color only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
  protected get color(): boolean {
    return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  }

  /** What the command could do only in part: one `Warning: …` line each on stderr (stdout carries the output). */
  protected writeWarnings(warnings: readonly string[]): void {
    for (const warning of warnings) process.stderr.write(`Warning: ${warning}\n`)
  }

  /**
   * With --json, how a failure appears on stdout (also when the flags did not parse). Default: one
   * `{"error": {message, exitCode}}` object; connect overrides it with its NDJSON events.
   */
  protected writeJsonError(message: string, exitCode: number, _error: Error): void {
    process.stdout.write(`${JSON.stringify({error: {message, exitCode}})}\n`)
  }

  /** --json asked for, read from the raw command line: it must work when the flags do not parse. */
  protected jsonRequested(): boolean {
    return this.jsonEnabled()
  }

  protected override async catch(thrown: Interfaces.CommandError): Promise<unknown> {
    // A flag that failed to parse is still a parsed command line: no "did not parse" warning.
    this.parsed = true
    // The core's errors name no flag: say which one gave the value (the stack stays the core's, for --debug).
    const error = inCommandTerms(thrown, this.inputNames) as Interfaces.CommandError
    const exitCode = exitCodeOf(error)
    // Flag values and file names from the command line or the data are echoed: shown, never obeyed by the terminal.
    const message = safeText(oneLineMessage(error, this.id))
    if (this.debugEnabled && error.stack) process.stderr.write(`${error.stack}\n`)
    if (this.jsonRequested()) this.writeJsonError(message, exitCode, error)
    process.stderr.write(`Error: ${message}\n`)
    if (exitCode === EXIT.internal && !this.debugEnabled) process.stderr.write('(an internal error: run again with --debug for details)\n')
    process.exitCode = exitCode
    return undefined
  }
}

/**
 * oclif's parse errors span lines ("The following errors occurred:", "See more help with --help");
 * ours are one line already. Either way: one line, pointing at the command's --help for usage errors.
 */
export function oneLineMessage(error: Error, commandId: string | undefined): string {
  // A typed flag's parser (src/cli/flags.ts) throws a UserError that names the flag; oclif wraps its
  // message in "Parsing --flag \n\t…\nSee more help with --help": the user's line is the middle one.
  const wrapped = error instanceof UserError ? /^Parsing --[\w-]+ \n\t(.*)\nSee more help with --help$/s.exec(error.message) : null
  if (wrapped) return wrapped[1]!.split('\n')[0] ?? ''
  const isParseError = !(error instanceof UserError) && (error as {oclif?: {exit?: unknown}}).oclif?.exit === EXIT.usage
  if (!isParseError) return error.message.split('\n')[0] ?? ''
  const problems = error.message
    .replace(/^The following errors? occurred:/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^See more help with --help$/.test(line))
    .map((line) => line.replace(/^Missing required flag (\w[\w-]*)$/, 'Missing required flag --$1'))
  const text = problems
    .join('; ')
    .replace(/\s+/g, ' ')
    .replace(/^Parsing (--[\w-]+); /, '$1: ')
  return commandId ? `${text} (see: emr-access ${commandId.replaceAll(':', ' ')} --help)` : text
}
