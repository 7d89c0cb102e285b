/**
 * emr-access's help: oclif's, with four changes. The summary above a command's help wraps too. Descriptions flow to the terminal's width (a line
 * break inside a paragraph is a space; indented lines keep theirs). The default usage line lists each
 * flag once (oclif's groups `exclusive` flags into alternatives with empty members). Each command has
 * an EXIT CODES section from the one table (src/cli/exit-codes.ts), before its examples.
 */
import {type Command, CommandHelp, Help} from '@oclif/core'
import {COMMAND_EXIT_CODES} from './exit-codes.js'

/** Joins the lines of each paragraph, except lines that start with whitespace (lists, tables). */
export function reflow(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\n(?=\S)/g, ' '))
    .join('\n\n')
}

const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()

class EmrAccessCommandHelp extends CommandHelp {
  protected override defaultUsage(): string {
    const args = Object.values(this.command.args ?? {})
      .filter((arg) => !arg.hidden)
      .map((arg) => (arg.required ? upperSnake(arg.name) : `[${upperSnake(arg.name)}]`))
    const flags = Object.values(this.command.flags ?? {}).filter((flag) => !flag.hidden && (flag.helpGroup !== 'GLOBAL' || flag.name === 'json'))
    const label = (flag: Command.Flag.Any): string => {
      const name = flag.char ? `-${flag.char}` : `--${flag.name}`
      if (flag.type === 'boolean') return name
      const value = flag.helpValue ?? (flag.options ? flag.options.join('|') : 'VALUE')
      return `${name} ${Array.isArray(value) ? value.join(' ') : value}${flag.multiple ? '…' : ''}`
    }
    const required = flags.filter((flag) => flag.required).map(label)
    const optional = flags.filter((flag) => !flag.required).map((flag) => `[${label(flag)}]`)
    return [...args, ...required, ...optional].join(' ')
  }

  protected override sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections()
    const table = COMMAND_EXIT_CODES[this.command.id.replaceAll(' ', ':')]
    if (!table) return sections
    const header = 'EXIT CODES'
    const rows = [...table].sort((a, b) => a.code - b.code).map((entry): [string, string] => [String(entry.code), entry.meaning])
    const exitCodes = {header, generate: () => [{header, body: rows}]}
    const at = sections.findIndex((section) => section.header === 'EXAMPLES')
    return at === -1 ? [...sections, exitCodes] : [...sections.slice(0, at), exitCodes, ...sections.slice(at)]
  }
}

export default class EmrAccessHelp extends Help {
  /** The one-line summary above a command's help, wrapped to the terminal like the rest. */
  protected override summary(command: Command.Loadable): string | undefined {
    const summary = super.summary(command)
    return summary === undefined ? undefined : this.wrap(summary)
  }

  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    const description = command.description === undefined ? undefined : reflow(command.description)
    return new EmrAccessCommandHelp({...command, description}, this.config, this.opts)
  }
}
