/** The README's shell commands, as a reader would copy them, for the tests that run them. */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface DocCommand {
  /** Where it is written: "README.md:42" or "audit --help". */
  where: string
  command: string
}

/** Lines of ```sh blocks, and `$ ` lines of plain blocks; continuation lines joined, trailing comments dropped. */
export function readmeCommands(text = readFileSync(`${REPO_ROOT}/README.md`, 'utf8')): DocCommand[] {
  const commands: DocCommand[] = []
  const lines = text.split('\n')
  let fence: string | undefined
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!
    const opening = /^```(\w*)\s*$/.exec(line)
    if (fence === undefined && opening) {
      fence = opening[1]!
      continue
    }
    if (fence !== undefined && /^```\s*$/.test(line)) {
      fence = undefined
      continue
    }
    if (fence === undefined) continue
    let command: string | undefined
    if (fence === 'sh') command = line
    else if (fence === '' && line.startsWith('$ ')) command = line.slice(2)
    if (command === undefined) continue
    const where = `README.md:${index + 1}`
    while (command.endsWith('\\') && index + 1 < lines.length) {
      index += 1
      command = `${command.slice(0, -1)} ${lines[index]!.trim()}`
    }
    command = command.replace(/\s+#\s.*$/, '').trim()
    if (command !== '') commands.push({where, command})
  }
  return commands
}

/** The examples of every command's --help, from the oclif manifest `npm run build` writes. */
export function helpExamples(): DocCommand[] {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/oclif.manifest.json`, 'utf8')) as {
    commands: Record<string, {examples?: (string | {command: string})[]}>
  }
  return Object.entries(manifest.commands).flatMap(([id, command]) =>
    (command.examples ?? []).map((example) => ({
      where: `${id.replace(':', ' ')} --help`,
      command: (typeof example === 'string' ? example : example.command).replaceAll('<%= config.bin %>', 'emr-access'),
    })),
  )
}

/** Commands that run emr-access on a bundled example: they must run as written. */
export function runsOnBundledExample(command: DocCommand): boolean {
  return /^emr-access\s/.test(command.command) && /examples\/|templates\/cloudformation\//.test(command.command)
}
