/** Runs the built CLI (bin/run.js) as a user would: a child process, no TTY, no stdin. */
import {spawn, spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const TIMEOUT_MS = 30_000

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
    timeout: TIMEOUT_MS,
  })
  return {code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr}
}

/** As runCli, without blocking this process: for tests that serve the CLI from here (a proxy, a stand-in). */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}
