/**
 * ~/.ssh/config as far as the tunnel needs it: Host, HostName, User, Port, IdentityFile,
 * IdentitiesOnly, CertificateFile, ProxyJump / ProxyCommand, UserKnownHostsFile,
 * StrictHostKeyChecking (and HashKnownHosts for recorded keys), parsed with the maintained
 * `ssh-config` package.
 *
 * That package runs `Match exec` commands unless told not to (libraries.md P12), follows no
 * `Include` and expands no tokens, so this module: never evaluates `Match exec`; inlines `Include`d
 * files (absolute, or relative to ~/.ssh; `*` and `?` in the file name; 16 levels at most); expands
 * `~` and the tokens %% %h %n %p %r %u %d in HostName and IdentityFile.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {homedir, userInfo} from 'node:os'
import {basename, dirname, isAbsolute, join} from 'node:path'
import SSHConfig from 'ssh-config'

export interface SshHostConfig {
  /** What the user typed. */
  alias: string
  hostName?: string
  user?: string
  port?: number
  identityFiles: string[]
  /**
   * ProxyJump and ProxyCommand exclude each other; as in OpenSSH the first one obtained wins (the
   * other is left undefined). Either may be `none`.
   */
  proxyJump?: string
  proxyCommand?: string
  hashKnownHosts?: boolean
  /** UserKnownHostsFile, `~` and tokens expanded; [] for `none`; undefined when not set. */
  userKnownHostsFiles?: string[]
  /** StrictHostKeyChecking as written, lower case (yes, no, off, accept-new, ask). */
  strictHostKeyChecking?: string
  identitiesOnly?: boolean
  certificateFiles: string[]
}

export interface SshConfigEnvironment {
  home: string
  localUser: string
}

export function defaultEnvironment(): SshConfigEnvironment {
  let localUser = process.env.USER ?? ''
  try {
    localUser ||= userInfo().username
  } catch {
    localUser ||= 'root'
  }
  return {home: process.env.HOME || homedir(), localUser}
}

const MAX_INCLUDE_DEPTH = 16

function globFiles(pattern: string): string[] {
  const directory = dirname(pattern)
  const name = basename(pattern)
  if (!/[*?]/.test(name)) return [pattern]
  const regex = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
  try {
    return readdirSync(directory)
      .filter((entry) => regex.test(entry))
      .sort()
      .map((entry) => join(directory, entry))
  } catch {
    return []
  }
}

/** The config text with each `Include` line replaced by the included files' text. */
export function inlineIncludes(text: string, env: SshConfigEnvironment, depth = 0): string {
  if (depth > MAX_INCLUDE_DEPTH) return ''
  return text
    .split(/\r?\n/)
    .map((line) => {
      const match = /^\s*include\s*[= \t]\s*(.+?)\s*$/i.exec(line)
      if (!match) return line
      const included: string[] = []
      for (const raw of match[1]!.split(/\s+/)) {
        const unquoted = raw.replace(/^"(.*)"$/, '$1')
        const expanded = unquoted.startsWith('~') ? join(env.home, unquoted.slice(1)) : unquoted
        const path = isAbsolute(expanded) ? expanded : join(env.home, '.ssh', expanded)
        for (const file of globFiles(path)) {
          try {
            if (!statSync(file).isFile()) continue
            included.push(inlineIncludes(readFileSync(file, 'utf8'), env, depth + 1))
          } catch {
            // an unreadable include is skipped, as OpenSSH does for a missing one
          }
        }
      }
      return included.join('\n')
    })
    .join('\n')
}

function first(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value[0] : value
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

export class SshConfigFile {
  private constructor(
    private readonly config: SSHConfig,
    readonly env: SshConfigEnvironment,
    readonly path: string | undefined,
  ) {}

  static fromText(text: string, env: SshConfigEnvironment = defaultEnvironment(), path?: string): SshConfigFile {
    return new SshConfigFile(SSHConfig.parse(inlineIncludes(text, env)), env, path)
  }

  /** ~/.ssh/config (or `path`); an absent file is an empty config. */
  static load(env: SshConfigEnvironment = defaultEnvironment(), path = join(env.home, '.ssh', 'config')): SshConfigFile {
    let text = ''
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${path}: ${(error as Error).message}`)
    }
    return SshConfigFile.fromText(text, env, path)
  }

  lookup(alias: string): SshHostConfig {
    const computed = this.config.compute(alias, {ignoreCase: true, matchExec: false}) as Record<string, string | string[] | undefined>
    const portText = first(computed.port)
    const port = portText && /^\d+$/.test(portText) ? Number(portText) : undefined
    const user = first(computed.user)
    const rawHostName = first(computed.hostname)
    const tokens = (text: string, hostName: string) =>
      text.replace(/%([%hnprud])/g, (_, token: string) => {
        switch (token) {
          case '%':
            return '%'
          case 'h':
            return hostName
          case 'n':
            return alias
          case 'p':
            return String(port ?? 22)
          case 'r':
            return user ?? this.env.localUser
          case 'u':
            return this.env.localUser
          default:
            return this.env.home
        }
      })
    const hostName = rawHostName ? tokens(rawHostName, alias) : undefined
    const path = (file: string) => {
      const expanded = tokens(file.replace(/^"(.*)"$/, '$1'), hostName ?? alias)
      return expanded.startsWith('~') ? join(this.env.home, expanded.slice(1)) : expanded
    }
    const identityFiles = all(computed.identityfile).map(path)
    const hash = first(computed.hashknownhosts)?.toLowerCase()
    // The package splits several file names on one line into an array (quotes removed); one name stays a string.
    const knownHostsFiles = computed.userknownhostsfile === undefined ? undefined : all(computed.userknownhostsfile)
    // compute() sets each key when it first meets it, so the key order says which came first.
    const order = Object.keys(computed)
    const jumpFirst = order.indexOf('proxyjump') !== -1 && (order.indexOf('proxycommand') === -1 || order.indexOf('proxyjump') < order.indexOf('proxycommand'))
    const identitiesOnly = first(computed.identitiesonly)?.toLowerCase()
    return {
      alias,
      hostName,
      user,
      port,
      identityFiles,
      proxyJump: jumpFirst ? first(computed.proxyjump) : undefined,
      proxyCommand: jumpFirst ? undefined : first(computed.proxycommand),
      hashKnownHosts: hash === undefined ? undefined : hash === 'yes',
      userKnownHostsFiles: knownHostsFiles === undefined ? undefined : knownHostsFiles.length === 1 && knownHostsFiles[0]!.toLowerCase() === 'none' ? [] : knownHostsFiles.map(path),
      strictHostKeyChecking: first(computed.stricthostkeychecking)?.toLowerCase(),
      identitiesOnly: identitiesOnly === undefined ? undefined : identitiesOnly === 'yes',
      certificateFiles: all(computed.certificatefile).map(path),
    }
  }
}
