/**
 * A long-running `emr-access connect --json` as a child process (the built bin/run.js): stdout is
 * read as NDJSON events, stderr kept. Every process is tracked by id and killed by `killAll()`.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {connect} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

export interface Event {
  event: string
  [key: string]: unknown
}

export interface ExitResult {
  code: number | null
  signal: NodeJS.Signals | null
  events: Event[]
  stdout: string
  stderr: string
}

const running = new Set<ChildProcess>()
const temporary: string[] = []

/** A temporary directory removed by `killAll()` (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

/** A fresh HOME: no ~/.ssh keys, config or known_hosts leak in from the machine. */
export function freshHome(): string {
  return tempDir('emra-home-')
}

export class ConnectProcess {
  readonly child: ChildProcess
  readonly events: Event[] = []
  stdout = ''
  stderr = ''
  private listeners: (() => void)[] = []
  readonly exited: Promise<ExitResult>

  constructor(args: string[], env: Record<string, string | undefined> = {}) {
    const base: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'}
    delete base.SSH_AUTH_SOCK
    const merged: NodeJS.ProcessEnv = {...base, HOME: freshHome(), ...env}
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]
    this.child = spawn(process.execPath, [BIN, 'connect', ...args], {env: merged, stdio: ['ignore', 'pipe', 'pipe']})
    running.add(this.child)
    let partial = ''
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk
      partial += chunk
      const lines = partial.split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        if (!line.trim()) continue
        // Every stdout line must be an event: JSON.parse throws (and the test fails) otherwise.
        this.events.push(JSON.parse(line) as Event)
      }
      for (const listener of this.listeners) listener()
    })
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
    })
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        running.delete(this.child)
        // Let the last stdout bytes arrive.
        setTimeout(() => {
          for (const listener of this.listeners) listener()
          resolve({code, signal, events: this.events, stdout: this.stdout, stderr: this.stderr})
        }, 50)
      })
    })
  }

  /** The first event of this kind after `after` events, within `timeoutMs`. */
  waitFor(kind: string, timeoutMs = 20_000, after = 0): Promise<Event> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(after).find((event) => event.event === kind)
        if (found) {
          done()
          resolve(found)
          return true
        }
        return false
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`no "${kind}" event within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}; stderr: ${this.stderr}`))
      }, timeoutMs)
      const listener = () => void check()
      const done = () => {
        clearTimeout(timer)
        this.listeners = this.listeners.filter((entry) => entry !== listener)
      }
      if (check()) return
      this.listeners.push(listener)
      void this.exited.then(() => {
        if (!check()) {
          done()
          reject(new Error(`connect exited without a "${kind}" event; events: ${JSON.stringify(this.events)}; stderr: ${this.stderr}`))
        }
      })
    })
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ExitResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs)
    const result = await this.exited
    clearTimeout(timer)
    return result
  }
}

/** Runs connect to completion (for failures that must end it on their own). */
export async function runConnect(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<ExitResult & {elapsedMs: number}> {
  const started = Date.now()
  const process_ = new ConnectProcess(args, env)
  const timer = setTimeout(() => process_.child.kill('SIGKILL'), timeoutMs)
  const result = await process_.exited
  clearTimeout(timer)
  return {...result, elapsedMs: Date.now() - started}
}

/** Kills every connect still running (by process) and removes the temporary directories. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
  for (const dir of temporary.splice(0)) rmSync(dir, {recursive: true, force: true})
}

/** Resolves true when something accepts a TCP connection there, false when refused. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({port, host})
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.setTimeout(3_000, () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** curl through the SOCKS proxy with remote name resolution (bounded; async so timers keep running). */
export function curlSocks(socksPort: number, url: string, extra: string[] = []): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-sS', '--max-time', '20', '--socks5-hostname', `127.0.0.1:${socksPort}`, ...extra, url], {stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
  })
}

export interface ReadyEvent extends Event {
  socks: {host: string; port: number; url: string}
  pac: {url: string}
  forwards: {local: {host: string; port: number}; remote: {host: string; port: number}}[]
  hops: {role: string; host: string; port: number; user: string; hostKey: {type: string; fingerprint: string; status: string}; auth?: string}[]
  primary: {host: string; port: number; user: string}
  allow: string[]
  webUis: {name: string; url: string}[]
}
