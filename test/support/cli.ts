/** Runs the built CLI (bin/run.js) as a user would: a child process, no TTY, no stdin. */
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: '',
    env: {...process.env, NO_COLOR: '1', ...env},
    timeout: 30_000,
  })
  return {code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr}
}
