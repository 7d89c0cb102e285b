/**
 * What every emr-access command shares: --debug, and turning errors into one line on stderr with
 * a meaningful exit code (2 for usage and input errors). A stack trace only with --debug.
 */
import {Command, Flags, Interfaces} from '@oclif/core'
import {UserError} from '../errors.js'

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Print stack traces and diagnostic detail on errors.', default: false, helpGroup: 'GLOBAL'}),
  }

  protected debugEnabled = process.argv.includes('--debug')

  /** Color only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
  protected get color(): boolean {
    return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    // A flag that failed to parse is still a parsed command line: no "did not parse" warning.
    this.parsed = true
    const isUserError = error instanceof UserError
    // oclif's own parse errors (unknown flag, bad option value) are usage errors too.
    const isParseError = !isUserError && (error as {oclif?: {exit?: number}}).oclif?.exit === 2
    if (!isUserError && !isParseError) {
      if (this.debugEnabled) throw error
      process.stderr.write(`Error: ${error.message}\n(run again with --debug for details)\n`)
      process.exitCode = 2
      return
    }
    const message = error.message.split('\n')[0]
    if (this.debugEnabled && error.stack) process.stderr.write(`${error.stack}\n`)
    if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify({error: {message, exitCode: 2}})}\n`)
    const parseMessage = error.message.replace(/^The following errors? occurred:\s*/, '').replace(/\s*\n\s*/g, ' ')
    process.stderr.write(`Error: ${isParseError ? parseMessage : message}\n`)
    process.exitCode = isUserError ? error.exitCode : 2
  }
}
