/**
 * Where authentication keys come from. A `KeySource` is anything that yields an ssh2 auth method:
 * ssh-agent (SSH_AUTH_SOCK), a key file (decrypted once, with a passphrase asked for only on a
 * terminal), or a key held in memory (EC2 Instance Connect's ephemeral keys later). They are
 * interchangeable; `KeyRing` decides the order per hop, as OpenSSH does:
 *
 * - key files named on the command line (-i) or in ssh_config (IdentityFile) first, then the agent
 *   (so an agent with many keys does not use up sshd's MaxAuthTries before the named key);
 * - with no key named: the agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa when they exist;
 * - ssh_config IdentitiesOnly yes: the agent is left out (its other keys would be offered too);
 * - --ephemeral-key: on a hop with an instance id, only the ephemeral key, pushed just before.
 *
 * Labels name files and fingerprints, never key material or passphrases.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import ssh2, {type AgentAuthMethod, type AuthHandlerMiddleware, type ParsedKey, type PublicKeyAuthMethod} from 'ssh2'
import {MissingKeyFile, TunnelFailure} from '../failures.js'
import {displayKeyType, fingerprintOf} from './host-key.js'
import type {Hop} from './hops.js'

export interface KeySource {
  /** For messages: "ssh-agent", "/home/me/.ssh/emr.pem (ED25519 SHA256:…)". */
  readonly label: string
  method(username: string): AgentAuthMethod | PublicKeyAuthMethod
}

export class AgentKeySource implements KeySource {
  readonly label: string

  constructor(private readonly socketPath: string) {
    this.label = 'ssh-agent'
  }

  method(username: string): AgentAuthMethod {
    return {type: 'agent', username, agent: this.socketPath}
  }
}

/** A decrypted private key held in memory (a key file once read, or an ephemeral key). */
export class ParsedKeySource implements KeySource {
  readonly label: string

  constructor(
    private readonly key: ParsedKey,
    origin: string,
  ) {
    this.label = `${origin} (${displayKeyType(key.type)} ${fingerprintOf(key.getPublicSSH())})`
  }

  method(username: string): PublicKeyAuthMethod {
    return {type: 'publickey', username, key: this.key}
  }
}

/** Asks for a secret without echo; resolves undefined when there is no terminal to ask on. */
export type PassphrasePrompt = (question: string) => Promise<string | undefined>

export const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa']
const MAX_PASSPHRASE_ATTEMPTS = 3

export interface KeyRingOptions {
  /** -i/--identity-file, in order. */
  identityFiles: string[]
  /** SSH_AUTH_SOCK, when set. */
  agentSocket?: string
  home: string
  prompt: PassphrasePrompt
  /** --ephemeral-key: the key offered to hops with an instance id, after `prepare` pushed it. */
  ephemeral?: {source: KeySource; prepare(hop: Hop): Promise<void>}
}

/** A key file that could not be used, and why (for the authentication failure message). */
export interface SkippedKey {
  file: string
  reason: string
}

export class KeyRing {
  private readonly loaded = new Map<string, ParsedKeySource | SkippedKey>()
  readonly skipped: SkippedKey[] = []
  private readonly agent?: AgentKeySource

  constructor(private readonly options: KeyRingOptions) {
    if (options.agentSocket) this.agent = new AgentKeySource(options.agentSocket)
  }

  /**
   * Reads (and asks passphrases for) the keys named on the command line before any connection;
   * fails when one does not exist, or when none of them is usable and there is no agent.
   */
  async preload(): Promise<void> {
    let usable = 0
    for (const file of this.options.identityFiles) {
      const loaded = await this.load(file, true)
      if (loaded instanceof ParsedKeySource) usable += 1
      else if (!existsSync(file)) throw new MissingKeyFile(file)
    }
    if (this.options.identityFiles.length > 0 && usable === 0 && !this.agent) {
      const reasons = this.skipped.map((skip) => `${skip.file}: ${skip.reason}`).join('; ')
      throw new TunnelFailure('config', `no usable key: ${reasons}`)
    }
  }

  /** The key sources to offer one hop, in order. Throws (config) when there is none at all. */
  async forHop(hop: Hop): Promise<KeySource[]> {
    const {ephemeral} = this.options
    if (ephemeral && hop.instanceId) {
      await ephemeral.prepare(hop)
      return [ephemeral.source]
    }
    const named = [...this.options.identityFiles, ...hop.identityFiles.filter((file) => !this.options.identityFiles.includes(file))]
    const agent = hop.identitiesOnly ? undefined : this.agent
    const sources: KeySource[] = []
    if (named.length > 0) {
      for (const file of named) {
        const loaded = await this.load(file, this.options.identityFiles.includes(file))
        if (loaded instanceof ParsedKeySource) sources.push(loaded)
      }
      if (agent) sources.push(agent)
    } else {
      if (agent) sources.push(agent)
      for (const name of DEFAULT_IDENTITY_FILES) {
        const file = join(this.options.home, '.ssh', name)
        if (!existsSync(file)) continue
        const loaded = await this.load(file, false)
        if (loaded instanceof ParsedKeySource) sources.push(loaded)
      }
    }
    if (sources.length === 0) {
      const skipped = this.skipped.map((skip) => `${skip.file}: ${skip.reason}`).join('; ')
      throw new TunnelFailure('config', `no key to authenticate with: give -i KEY_FILE, start ssh-agent (SSH_AUTH_SOCK) with the key added, or put a key in ~/.ssh${skipped ? ` (${skipped})` : ''}`)
    }
    return sources
  }

  private async load(file: string, explicit: boolean): Promise<ParsedKeySource | SkippedKey> {
    const cached = this.loaded.get(file)
    if (cached) return cached
    const result = await this.read(file, explicit)
    this.loaded.set(file, result)
    if (!(result instanceof ParsedKeySource)) this.skipped.push(result)
    return result
  }

  private async read(file: string, explicit: boolean): Promise<ParsedKeySource | SkippedKey> {
    let data: Buffer
    try {
      data = readFileSync(file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (explicit || code !== 'ENOENT') return {file, reason: code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (error as Error).message})`}
      return {file, reason: 'no such file'}
    }
    let parsed = ssh2.utils.parseKey(data)
    if (parsed instanceof Error && /passphrase/i.test(parsed.message)) {
      for (let attempt = 1; attempt <= MAX_PASSPHRASE_ATTEMPTS && parsed instanceof Error; attempt += 1) {
        const passphrase = await this.options.prompt(`Enter passphrase for key ${file}: `)
        if (passphrase === undefined) {
          return {
            file,
            reason: 'the key has a passphrase and there is no terminal to ask for it (add it to ssh-agent with ssh-add, or run on a terminal)',
          }
        }
        parsed = ssh2.utils.parseKey(data, passphrase)
      }
      if (parsed instanceof Error) return {file, reason: `wrong passphrase ${MAX_PASSPHRASE_ATTEMPTS} times`}
    }
    if (parsed instanceof Error) return {file, reason: `not a private key ssh2 can read (${parsed.message})`}
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed
    if (!key) return {file, reason: 'the file holds no key'}
    if (!key.isPrivateKey()) return {file, reason: 'this is a public key; give the private key file'}
    return new ParsedKeySource(key, file)
  }
}

/**
 * An ssh2 authHandler offering each source in turn; `tried` collects their labels for the failure
 * message. Stops when the server no longer accepts public keys.
 */
export function authHandler(sources: KeySource[], username: string, tried: string[]): AuthHandlerMiddleware {
  let next = 0
  return (methodsLeft, _partialSuccess, callback) => {
    if (methodsLeft && !methodsLeft.includes('publickey')) {
      callback(false as never)
      return
    }
    const source = sources[next]
    next += 1
    if (!source) {
      callback(false as never)
      return
    }
    tried.push(source.label)
    callback(source.method(username))
  }
}

/**
 * A passphrase prompt on the controlling terminal (stdin and stderr both TTYs), without echo.
 * Resolves undefined when there is no terminal, or on Ctrl-C / Ctrl-D.
 */
export const terminalPrompt: PassphrasePrompt = async (question) => {
  const input = process.stdin
  const output = process.stderr
  if (!input.isTTY || !output.isTTY || typeof input.setRawMode !== 'function') return undefined
  return new Promise((resolve) => {
    let answer = ''
    const wasRaw = input.isRaw
    // Echo off before the question shows: a passphrase typed (or pasted) the moment it appears
    // must not be echoed into the terminal and its scrollback, as OpenSSH's readpassphrase does.
    input.setRawMode(true)
    output.write(question)
    input.resume()
    const finish = (value: string | undefined) => {
      input.removeListener('data', onData)
      input.setRawMode(wasRaw)
      input.pause()
      output.write('\n')
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(answer)
        if (char === '\u0003' || char === '\u0004') return finish(undefined)
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1)
        else if (char >= ' ') answer += char
      }
      return undefined
    }
    input.on('data', onData)
  })
}
