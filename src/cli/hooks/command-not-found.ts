/**
 * A mistyped command. On a terminal, @oclif/plugin-not-found asks "Did you mean …?" and runs the
 * suggestion when confirmed. Anywhere else (scripts, CI) it would only warn and exit 127, so the
 * suggestion is printed here as the one error line, and the exit code is 2 like every usage error.
 */
import {toConfiguredId, type Hook} from '@oclif/core'
import {EXIT} from '../../errors.js'
import {editDistance} from '../../text/edit-distance.js'

const hook: Hook.CommandNotFound = async function (options) {
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const {default: askDidYouMean} = await import('@oclif/plugin-not-found')
    try {
      return await askDidYouMean.call(this, options)
    } catch (error) {
      // Declined: the plugin's "Run emr-access help" ends in exit 127; a usage error is 2 here.
      if ((error as {oclif?: {exit?: number}}).oclif?.exit === 127) this.exit(EXIT.usage)
      throw error
    }
  }
  const visible = options.config.commands.filter((command) => !command.hidden).map((command) => command.id)
  const closest = visible.map((id) => ({id, distance: editDistance(options.id, id)})).sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))[0]
  const typed = toConfiguredId(options.id, options.config)
  const suggestion = closest && closest.distance <= Math.max(2, Math.floor(options.id.length / 3)) ? `; did you mean "${toConfiguredId(closest.id, options.config)}"?` : ''
  process.stderr.write(`Error: "${typed}" is not an ${options.config.bin} command${suggestion} (${options.config.bin} --help lists them)\n`)
  this.exit(EXIT.usage)
}

export default hook
