/**
 * moto_server for the live tests: started on a free loopback port, waited for, killed by pid.
 * Without python3 + moto the suites skip with the reason, except under CI=true, where they fail.
 */
import {spawn, spawnSync, type ChildProcess, type StdioOptions} from 'node:child_process'
import {mkdtempSync, openSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const IN_CI = process.env.CI === 'true'

function probe(): string | undefined {
  const python = spawnSync('python3', ['-c', 'import moto'], {encoding: 'utf8'})
  if (python.error !== undefined || python.status !== 0) return "python3 cannot import moto (pip install 'moto[server]')"
  return undefined
}

/** Why the moto tests cannot run here, or undefined. */
export const MOTO_MISSING = probe()

/** Why the AWS CLI cross-check cannot run here, or undefined. */
export const AWS_CLI_MISSING = (() => {
  const aws = spawnSync('aws', ['--version'], {encoding: 'utf8'})
  return aws.error !== undefined || aws.status !== 0 ? 'the AWS CLI (aws) is not installed' : undefined
})()

/** Skip (with the reason on stderr) only outside CI; under CI=true a missing tool fails the suite. */
export function skipMoto(file: string): boolean {
  if (MOTO_MISSING !== undefined && !IN_CI) {
    console.warn(`${file} skipped: ${MOTO_MISSING}`)
    return true
  }
  return false
}

export function requireMoto(): void {
  if (MOTO_MISSING !== undefined) throw new Error(`CI=true but ${MOTO_MISSING}`)
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface Moto {
  url: string
  stop(): void
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const onPath = spawnSync('moto_server', ['--help'], {encoding: 'utf8'}).status === 0
  // MOTO_LOG=FILE keeps moto's request log and tracebacks, for debugging a test.
  const log = process.env.MOTO_LOG ? openSync(process.env.MOTO_LOG, 'a') : 'ignore'
  const stdio: StdioOptions = ['ignore', log, log]
  // moto reads AWS_* itself (an empty AWS_DEFAULT_REGION breaks it): start it without them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')))
  const child: ChildProcess = onPath
    ? spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {stdio, env})
    : spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {stdio, env})
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  }
  const deadline = Date.now() + 30_000
  let lastError: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`)
    try {
      const response = await fetch(`${url}/moto-api/reset`, {method: 'POST'})
      if (response.ok) return {url, stop}
      lastError = new Error(`HTTP ${response.status}`)
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  stop()
  throw new Error(`moto_server did not answer at ${url}: ${String(lastError)}`)
}

/**
 * Environment for the CLI, the AWS CLI and in-process SDK clients: dummy credentials, an empty
 * config (plus the AWS CLI v1 timestamp format that v2 uses by default), no inherited profile
 * or endpoint, no instance metadata lookups, few retries (moto's SSM answers HTTP 500).
 */
export function dummyAwsEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'emr-access-aws-'))
  const config = join(dir, 'config')
  writeFileSync(config, '[default]\ncli_timestamp_format = iso8601\n')
  const credentials = join(dir, 'credentials')
  writeFileSync(credentials, '')
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: '',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PROFILE: '',
    AWS_DEFAULT_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_ENDPOINT_URL: '',
    AWS_MAX_ATTEMPTS: '2',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}
