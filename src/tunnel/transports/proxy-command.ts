/**
 * A hop's SSH stream from a ProxyCommand child process, with OpenSSH's semantics (ssh_config(5)
 * ProxyCommand, sshconnect.c ssh_proxy_connect):
 *
 * - the tokens %h (the host after HostName), %p, %r, %n (the name as given) and %% are substituted
 *   once, as given — OpenSSH does not quote them; an unknown token is an error, as in OpenSSH;
 * - the command runs as `$SHELL -c "exec COMMAND"` ($SHELL unset or empty: /bin/sh);
 * - the child's stdin/stdout carry the SSH bytes; its stderr goes to the user's log, line by line;
 * - the child is sent SIGHUP when the stream closes (OpenSSH's kill on exit).
 *
 * A child that exits with a non-zero status (before or while connected) destroys the stream with a
 * TunnelFailure naming the exit status and its last stderr line; the stream ends cleanly only when
 * the child exits 0. A value substituted for a token must not carry shell metacharacters (OpenSSH
 * 9.6 refuses them in user and host names for the same reason): our names come from validated
 * data, but a user name typed on the command line is not shell-safe by construction.
 */
import {spawn, type ChildProcessByStdio} from 'node:child_process'
import {Duplex} from 'node:stream'
import type {Readable, Writable} from 'node:stream'
import {escapeUnprintable} from '../../errors.js'
import {TunnelFailure} from '../failures.js'

export class ProxyCommandError extends Error {}

export interface ProxyCommandTokens {
  /** %h: the host connected to (ssh_config HostName applied). */
  host: string
  /** %p */
  port: number
  /** %r: the remote user name. */
  user: string
  /** %n: the name as the user gave it (an alias). */
  alias: string
}

/** Characters a substituted value may hold: names, addresses (IPv6 with a scope), user names. */
const SHELL_SAFE = /^[A-Za-z0-9._:%@+-]+$/

/** The command with ProxyCommand's tokens substituted once (a `%` in a value is not expanded again). */
export function expandProxyCommand(template: string, tokens: ProxyCommandTokens): string {
  const values: Record<string, string> = {h: tokens.host, p: String(tokens.port), r: tokens.user, n: tokens.alias}
  return template.replace(/%(.?)/gs, (_, token: string) => {
    if (token === '%') return '%'
    const value = values[token]
    if (value === undefined) throw new ProxyCommandError(token ? `unknown token %${escapeUnprintable(token)} (ProxyCommand takes %h %p %r %n %%)` : 'ends with a lone %')
    if (!SHELL_SAFE.test(value) || value.startsWith('-')) {
      throw new ProxyCommandError(`%${token} would be "${escapeUnprintable(value)}", which a shell could misread; use a plain name`)
    }
    return value
  })
}

const STDERR_LINE_LIMIT = 1_000
const EXIT_GRACE_MS = 1_000
const KILL_AFTER_END_MS = 2_000

export interface ProxyCommandOptions {
  /** Told each stderr line of the child (unprintable characters escaped, long lines cut). */
  onStderr?: (line: string) => void
  /** Environment for the child (default: ours). */
  env?: NodeJS.ProcessEnv
}

/** `[hop] proxy-command: line` on our stderr: what OpenSSH does by letting the child inherit it. */
function defaultStderr(label: string): (line: string) => void {
  return (line) => process.stderr.write(`${label}: proxy command: ${line}\n`)
}

type ProxyChild = ChildProcessByStdio<Writable, Readable, Readable>

/**
 * The child's stdio as one Duplex. EOF is passed on only after the child exited 0; a non-zero exit
 * or a signal destroys the stream with a TunnelFailure instead, so ssh2 (and then the user) sees why.
 */
class ProxyCommandStream extends Duplex {
  private lastStderr = ''
  private exit?: {code: number | null; signal: NodeJS.Signals | null}
  private stdoutEnded = false
  private finished = false

  constructor(
    private readonly child: ProxyChild,
    private readonly label: string,
    private readonly command: string,
    onStderr: (line: string) => void,
  ) {
    super({allowHalfOpen: true})
    child.stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause()
    })
    child.stdout.once('end', () => {
      this.stdoutEnded = true
      this.maybeFinish()
    })
    let partial = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n/)
      partial = lines.pop() ?? ''
      if (partial.length > STDERR_LINE_LIMIT) {
        lines.push(partial)
        partial = ''
      }
      for (const raw of lines) this.stderrLine(raw, onStderr)
    })
    child.stderr.once('end', () => {
      if (partial) this.stderrLine(partial, onStderr)
      partial = ''
    })
    // A child that went away leaves EPIPE on its stdin: the exit status says why.
    child.stdin.on('error', () => undefined)
    child.once('exit', (code, signal) => {
      this.exit = {code, signal}
      // A grandchild holding stdout open must not keep the stream up after the command exited.
      setTimeout(() => {
        this.stdoutEnded = true
        this.maybeFinish()
      }, EXIT_GRACE_MS).unref()
      this.maybeFinish()
    })
  }

  private stderrLine(raw: string, onStderr: (line: string) => void): void {
    const line = escapeUnprintable(raw.length > STDERR_LINE_LIMIT ? `${raw.slice(0, STDERR_LINE_LIMIT)}…` : raw).trim()
    if (!line) return
    this.lastStderr = line
    onStderr(line)
  }

  private maybeFinish(): void {
    if (this.finished || !this.exit || !this.stdoutEnded) return
    this.finished = true
    const {code, signal} = this.exit
    if (code === 0) {
      this.push(null)
      return
    }
    if (this.destroyed) return
    this.destroy(proxyExitFailure(this.label, this.command, code, signal, this.lastStderr))
  }

  override _read(): void {
    this.child.stdout.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.child.stdin.destroyed || !this.child.stdin.writable) {
      callback()
      return
    }
    this.child.stdin.write(chunk, () => callback())
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end()
    // SSH ended its side: the session is over. A command that ignores EOF on stdin is not left behind.
    setTimeout(() => this.kill(), KILL_AFTER_END_MS).unref()
    callback()
  }

  private kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGHUP')
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.kill()
    this.child.stdout.destroy()
    this.child.stdin.destroy()
    callback(error)
  }
}

/** 126/127: the shell could not run it (not executable, not found): a setting to fix, not a network blip. */
function proxyExitFailure(label: string, command: string, code: number | null, signal: NodeJS.Signals | null, lastStderr: string): TunnelFailure {
  const status = signal ? `was killed by ${signal}` : `exited with status ${code}`
  const said = lastStderr ? `: ${lastStderr}` : ' (it printed nothing on stderr)'
  return new TunnelFailure(code === 126 || code === 127 ? 'config' : 'network', `${label}: proxy command "${escapeUnprintable(command)}" ${status}${said}`, {
    hop: label,
    code: signal ? `PROXY_COMMAND_${signal}` : `PROXY_COMMAND_EXIT_${code}`,
  })
}

/** Starts the (already expanded) command; resolves with its stdio as the hop's stream once it runs. */
export function openProxyCommand(label: string, command: string, options: ProxyCommandOptions = {}): Promise<Duplex> {
  const env = options.env ?? process.env
  const shell = env.SHELL || '/bin/sh'
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-c', `exec ${command}`], {env, stdio: ['pipe', 'pipe', 'pipe']})
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new TunnelFailure('config', `${label}: cannot start the proxy command with ${shell}: ${error.message}`, {hop: label, code: error.code})),
    )
    child.once('spawn', () => {
      child.removeAllListeners('error')
      child.on('error', () => undefined)
      resolve(new ProxyCommandStream(child, label, command, options.onStderr ?? defaultStderr(label)))
    })
  })
}
