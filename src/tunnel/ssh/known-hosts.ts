/**
 * OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): parsing, host matching and
 * writing, with OpenSSH's rules:
 *
 * - `[@cert-authority|@revoked] patterns keytype base64 [comment]`;
 * - patterns are comma-separated, with `*` / `?` wildcards and `!` negation (a negated match
 *   excludes the line), compared case-insensitively;
 * - a host on a port other than 22 is looked up as `[host]:port`;
 * - hashed names `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (HashKnownHosts);
 * - any matching line makes the key known; a host known by any key that presents another one — of
 *   the same type or not — has a *changed* key. (OpenSSH itself asks, or under accept-new records,
 *   a key of a type it has no line for; here a host that is known at all never gets a new key
 *   silently: a swap to another key type is how an impersonator would dodge the check.)
 *
 * ssh2 does not negotiate host certificates, so `@cert-authority` lines cannot vouch for a host;
 * they are reported so the message can say so.
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto'
import {keyTypeOf, type HostKey} from './host-key.js'

export type HostPattern = {kind: 'hashed'; salt: Buffer; hash: Buffer} | {kind: 'pattern'; text: string; negated: boolean; regex: RegExp}

export interface KnownHostsEntry {
  file: string
  /** 1-based line number. */
  line: number
  marker?: 'cert-authority' | 'revoked'
  patterns: HostPattern[]
  /** The type the blob itself names (the line's type field only when the blob does not say). */
  keyType: string
  blob: Buffer
}

export interface KnownHostsProblem {
  file: string
  line: number
  reason: string
}

export interface ParsedKnownHosts {
  entries: KnownHostsEntry[]
  problems: KnownHostsProblem[]
}

const HASH_MAGIC = '|1|'

function wildcardRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 's')
}

function parsePatterns(field: string): HostPattern[] | undefined {
  if (field.startsWith(HASH_MAGIC)) {
    const [salt, hash, extra] = field.slice(HASH_MAGIC.length).split('|')
    if (!salt || !hash || extra !== undefined) return undefined
    const saltBytes = Buffer.from(salt, 'base64')
    const hashBytes = Buffer.from(hash, 'base64')
    if (saltBytes.length !== 20 || hashBytes.length !== 20) return undefined
    return [{kind: 'hashed', salt: saltBytes, hash: hashBytes}]
  }
  const patterns: HostPattern[] = []
  for (const raw of field.split(',')) {
    if (!raw) continue
    const negated = raw.startsWith('!')
    const text = (negated ? raw.slice(1) : raw).toLowerCase()
    if (!text) continue
    patterns.push({kind: 'pattern', text, negated, regex: wildcardRegex(text)})
  }
  return patterns.length > 0 ? patterns : undefined
}

export function parseKnownHosts(text: string, file: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = []
  const problems: KnownHostsProblem[] = []
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const lineText = (lines[index] ?? '').trim()
    if (!lineText || lineText.startsWith('#')) continue
    const fields = lineText.split(/[ \t]+/)
    let marker: KnownHostsEntry['marker']
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()
      if (name === '@cert-authority') marker = 'cert-authority'
      else if (name === '@revoked') marker = 'revoked'
      else {
        problems.push({file, line: index + 1, reason: `unknown marker ${name}`})
        continue
      }
    }
    const [hostField, typeField, keyField] = fields
    if (!hostField || !typeField || !keyField) {
      problems.push({file, line: index + 1, reason: 'expected: host patterns, key type, base64 key'})
      continue
    }
    const patterns = parsePatterns(hostField)
    if (!patterns) {
      problems.push({file, line: index + 1, reason: 'malformed host pattern or hashed name'})
      continue
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyField)) {
      problems.push({file, line: index + 1, reason: 'the key is not base64'})
      continue
    }
    const blob = Buffer.from(keyField, 'base64')
    const blobType = keyTypeOf(blob)
    if (!blobType) {
      problems.push({file, line: index + 1, reason: 'the key is not an SSH public key'})
      continue
    }
    if (blobType !== typeField) {
      problems.push({file, line: index + 1, reason: `the line says ${typeField} but the key is ${blobType}`})
      continue
    }
    entries.push({file, line: index + 1, marker, patterns, keyType: blobType, blob})
  }
  return {entries, problems}
}

/** The name a host is filed under: `host`, or `[host]:port` when the port is not 22. Lower case. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase()
  return port === 22 ? name : `[${name}]:${port}`
}

export function hashedName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest()
  return `${HASH_MAGIC}${salt.toString('base64')}|${hash.toString('base64')}`
}

/** OpenSSH's match_hostname: a negated match excludes the line, else any positive match includes it. */
export function entryMatchesName(entry: KnownHostsEntry, name: string): boolean {
  let matched = false
  for (const pattern of entry.patterns) {
    if (pattern.kind === 'hashed') {
      const hash = createHmac('sha1', pattern.salt).update(name).digest()
      if (hash.length === pattern.hash.length && timingSafeEqual(hash, pattern.hash)) matched = true
      continue
    }
    if (pattern.regex.test(name)) {
      if (pattern.negated) return false
      matched = true
    }
  }
  return matched
}

export type KnownHostsVerdict =
  /** A line for this host holds exactly this key. */
  | {status: 'known'; entry: KnownHostsEntry}
  /** The key is listed as @revoked. */
  | {status: 'revoked'; entry: KnownHostsEntry}
  /** Lines for this host hold other keys (same type first, then the others). */
  | {status: 'changed'; entries: KnownHostsEntry[]}
  /** No key is known for this host (CA lines may exist). */
  | {status: 'unknown'; certificateAuthorities: KnownHostsEntry[]}

export class KnownHosts {
  constructor(readonly entries: readonly KnownHostsEntry[]) {}

  static parse(files: {file: string; text: string}[]): {knownHosts: KnownHosts; problems: KnownHostsProblem[]} {
    const entries: KnownHostsEntry[] = []
    const problems: KnownHostsProblem[] = []
    for (const {file, text} of files) {
      const parsed = parseKnownHosts(text, file)
      entries.push(...parsed.entries)
      problems.push(...parsed.problems)
    }
    return {knownHosts: new KnownHosts(entries), problems}
  }

  /** Every line naming this host (any marker). */
  entriesFor(host: string, port: number): KnownHostsEntry[] {
    const name = knownHostsName(host, port)
    return this.entries.filter((entry) => entryMatchesName(entry, name))
  }

  /** Key types known for the host (plain lines only), in file order. */
  knownTypes(host: string, port: number): string[] {
    const types: string[] = []
    for (const entry of this.entriesFor(host, port)) {
      if (!entry.marker && !types.includes(entry.keyType)) types.push(entry.keyType)
    }
    return types
  }

  check(host: string, port: number, key: HostKey): KnownHostsVerdict {
    const lines = this.entriesFor(host, port)
    const revoked = lines.find((entry) => entry.marker === 'revoked' && entry.blob.equals(key.blob))
    if (revoked) return {status: 'revoked', entry: revoked}
    const plain = lines.filter((entry) => !entry.marker)
    const same = plain.find((entry) => entry.blob.equals(key.blob))
    if (same) return {status: 'known', entry: same}
    if (plain.length > 0) {
      const sameType = plain.filter((entry) => entry.keyType === key.type)
      return {status: 'changed', entries: [...sameType, ...plain.filter((entry) => entry.keyType !== key.type)]}
    }
    return {status: 'unknown', certificateAuthorities: lines.filter((entry) => entry.marker === 'cert-authority')}
  }
}

/** One known_hosts line as OpenSSH appends it (hashed when asked, like HashKnownHosts yes). */
export function formatKnownHostsLine(host: string, port: number, key: HostKey, options: {hash?: boolean} = {}): string {
  const name = knownHostsName(host, port)
  return `${options.hash ? hashedName(name) : name} ${key.type} ${key.blob.toString('base64')}`
}
