/**
 * A snapshot: a directory of AWS CLI JSON files (`ec2-describe-vpcs.json`, …) or one JSON
 * file whose top-level keys are those names. See README "Snapshot format".
 *
 * Every filesystem or size problem is one line naming the file: a directory where a file should
 * be, a symbolic link loop or a dangling link, no permission, a FIFO / socket / device (refused
 * from lstat/fstat, never read: a FIFO would block forever), a file over MAX_SNAPSHOT_FILE_BYTES.
 * In a directory, names that are near misses of a snapshot document (`.jsn`, `.JSON`, no
 * extension, `.json.txt`, a typo in a known name) are rejected with "did you mean"; other files
 * (a README, notes) are ignored with a note.
 */
import {closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, statSync, type Stats} from 'node:fs'
import {basename, join} from 'node:path'
import {isUtf8} from 'node:buffer'
import {DATASETS} from '../../model/datasets.js'
import {type NetworkModel} from '../../model/network-model.js'
import {InputError, SnapshotPathError, UserError, escapeUnprintable} from '../../errors.js'
import {editDistance} from '../../text/edit-distance.js'
import {type DocumentSet, VPC_ATTRIBUTES, assembleModel} from '../aws-json/assemble.js'
import {Node} from '../aws-json/shape.js'

/**
 * The largest snapshot file read: 256 MiB. V8 cannot hold a string over ~512 Mi characters, and
 * JSON.parse needs the file as one string plus several times its size for the parsed objects; a
 * directory snapshot may hold many such files (bench/snapshot-size.mjs measures peak memory).
 */
export const MAX_SNAPSHOT_FILE_BYTES = 256 * 1024 * 1024

const GLOBAL_NAMES = Object.values(DATASETS)
  .filter((spec) => !spec.perResource)
  .map((spec) => spec.baseName)
const GLOBAL_NAME_SET = new Set<string>(GLOBAL_NAMES)
const PER_RESOURCE_BASES = Object.values(DATASETS)
  .filter((spec) => spec.perResource)
  .map((spec) => spec.baseName)
const PER_RESOURCE = [
  new RegExp(`^${DATASETS.vpcAttribute.baseName}-vpc-[0-9a-zA-Z]{1,64}-(${VPC_ATTRIBUTES.join('|')})$`),
  new RegExp(`^${DATASETS.describeCluster.baseName}-j-[A-Za-z0-9]{1,64}$`),
  new RegExp(`^${DATASETS.listInstances.baseName}-j-[A-Za-z0-9]{1,64}$`),
  new RegExp(`^${DATASETS.managedPrefixListEntries.baseName}-pl-[0-9a-f]{1,64}$`),
]
/** The resource part of a per-resource name: `-vpc-….-enableDnsSupport` or `-j-…`. */
const RESOURCE_SUFFIX = new RegExp(`-(vpc-[0-9a-zA-Z]{1,64}-(?:${VPC_ATTRIBUTES.join('|')})|j-[A-Za-z0-9]{1,64}|pl-[0-9a-f]{1,64})$`, 'i')

export function isSnapshotDocumentName(name: string): boolean {
  return GLOBAL_NAME_SET.has(name) || PER_RESOURCE.some((pattern) => pattern.test(name))
}

/** Where notes about ignored files go (already escaped, one line each); the commands' default is stderr. */
export type NoteSink = (note: string) => void

const stderrNote: NoteSink = (note) => {
  process.stderr.write(`note: ${note}\n`)
}

/** The known name closest to `name` (case-insensitively, up to 3 edits), or undefined. */
function nearestName(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase()
  let best: {name: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate, 3)
    if (distance <= 3 && (!best || distance < best.distance)) best = {name: candidate, distance}
  }
  return best?.name
}

/**
 * The snapshot document a file name was probably meant to be, as `<name>.json`, or undefined when
 * it is not close to one. `base` is the name without its extension(s).
 */
function intendedDocument(base: string): string | undefined {
  if (isSnapshotDocumentName(base)) return `${base}.json`
  const resource = RESOURCE_SUFFIX.exec(base)
  if (resource) {
    const prefix = nearestName(base.slice(0, resource.index), PER_RESOURCE_BASES)
    if (!prefix) return undefined
    const fixed = `${prefix}-${resource[1]}`
    // The id's case matters (cluster ids are upper case); the attribute's spelling is AWS's.
    const attribute = VPC_ATTRIBUTES.find((name) => fixed.toLowerCase().endsWith(`-${name.toLowerCase()}`))
    const repaired = attribute ? `${fixed.slice(0, -attribute.length)}${attribute}` : fixed
    return isSnapshotDocumentName(repaired) ? `${repaired}.json` : undefined
  }
  const global = nearestName(base, GLOBAL_NAMES)
  return global ? `${global}.json` : undefined
}

/** `name` without up to two extensions: `a.json.txt` → `a.json`, `a`. */
function baseNames(name: string): string[] {
  const names = [name]
  let current = name
  for (let i = 0; i < 2; i++) {
    const dot = current.lastIndexOf('.')
    if (dot <= 0) break
    current = current.slice(0, dot)
    names.push(current)
  }
  return names
}

const UNKNOWN_HINT = 'expected <service>-<operation>.json names such as ec2-describe-vpcs.json or emr-describe-cluster-<cluster-id>.json (see README, "Snapshot format")'

/** `asKey`: the name is a key of a single-file snapshot, so the suggestion has no `.json`. */
function unknownName(file: string, pointer: string, name: string, asKey = false): never {
  const suggestion = baseNames(name).map(intendedDocument).find(Boolean)
  if (suggestion) {
    throw new InputError(file, pointer, `unknown snapshot document "${name}"; did you mean ${asKey ? suggestion.slice(0, -'.json'.length) : suggestion}?`)
  }
  throw new InputError(file, pointer, `unknown snapshot document "${name}": ${UNKNOWN_HINT}`)
}

function systemError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? ''
}

/** One line for a filesystem error on `file`. */
function fileSystemError(file: string, error: unknown): InputError {
  const code = systemError(error)
  const problem: Record<string, string> = {
    ENOENT: 'no such file (or a symbolic link whose target does not exist)',
    ELOOP: 'symbolic link loop (ELOOP)',
    EACCES: 'permission denied (EACCES)',
    EPERM: 'operation not permitted (EPERM)',
    EISDIR: 'is a directory, expected a JSON file (EISDIR)',
    ENOTDIR: 'a path component is not a directory (ENOTDIR)',
    ENAMETOOLONG: 'file name too long (ENAMETOOLONG)',
    EMFILE: 'too many open files (EMFILE)',
    EIO: 'input/output error (EIO)',
  }
  return new InputError(file, '', problem[code] ?? `cannot be read (${code || (error as Error).message})`)
}

/** What kind of non-regular file this is, for the refusal (`expected` names the file wanted, e.g. a template file). */
export function kindOf(stats: Stats, expected = 'JSON file'): string {
  if (stats.isDirectory()) return `is a directory, expected a ${expected}`
  if (stats.isFIFO()) return `is a FIFO (named pipe), expected a regular ${expected}; refused without reading`
  if (stats.isSocket()) return `is a socket, expected a regular ${expected}; refused without reading`
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return `is a device, expected a regular ${expected}; refused without reading`
  return `is not a regular file, expected a ${expected}`
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/**
 * What a path is, following a symbolic link: a dangling link and a loop are named as such. Never
 * opens the path.
 */
function inspect(path: string): Stats {
  let link: Stats
  try {
    link = lstatSync(path)
  } catch (error) {
    throw fileSystemError(path, error)
  }
  if (!link.isSymbolicLink()) return link
  try {
    return statSync(path)
  } catch (error) {
    const code = systemError(error)
    if (code === 'ENOENT') throw new InputError(path, '', 'dangling symbolic link: its target does not exist')
    throw fileSystemError(path, error)
  }
}

/**
 * A snapshot file's text: a regular file, at most MAX_SNAPSHOT_FILE_BYTES, valid UTF-8. Opened
 * non-blocking and checked again with fstat, so a file swapped for a FIFO after the lstat is
 * still never read.
 */
function readSnapshotFile(file: string): string {
  const stats = inspect(file)
  if (!stats.isFile()) throw new InputError(file, '', kindOf(stats))
  if (stats.size > MAX_SNAPSHOT_FILE_BYTES) {
    throw new InputError(file, '', `${mebibytes(stats.size)}, over the ${mebibytes(MAX_SNAPSHOT_FILE_BYTES)} limit for one snapshot file (split it into a snapshot directory)`)
  }
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    throw fileSystemError(file, error)
  }
  try {
    const opened = fstatSync(fd)
    if (!opened.isFile()) throw new InputError(file, '', kindOf(opened))
    if (opened.size > MAX_SNAPSHOT_FILE_BYTES) throw new InputError(file, '', `${mebibytes(opened.size)}, over the ${mebibytes(MAX_SNAPSHOT_FILE_BYTES)} limit for one snapshot file`)
    const buffer = Buffer.allocUnsafe(opened.size)
    let filled = 0
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled)
      if (read === 0) break
      filled += read
    }
    return decode(file, buffer.subarray(0, filled))
  } catch (error) {
    if (error instanceof UserError) throw error
    throw fileSystemError(file, error)
  } finally {
    closeSync(fd)
  }
}

function decode(file: string, bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(file, '', 'is UTF-16 encoded (as PowerShell 5 writes with ">"); save it as UTF-8')
  }
  // isUtf8 is native and several times faster than a fatal TextDecoder on large files.
  if (!isUtf8(bytes)) throw new InputError(file, '', 'is not valid UTF-8 text')
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  return bytes.toString('utf8', start)
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InputError(file, '', `malformed JSON (${(error as Error).message})`)
  }
}

function readDirectory(path: string): string[] {
  try {
    return readdirSync(path).sort()
  } catch (error) {
    throw fileSystemError(path, error)
  }
}

/**
 * `read(path)` for a path the user gave as `input`: a path that does not exist is a SnapshotPathError
 * (the command line says which flag named it); any other problem stays the InputError it is.
 */
export function readInputPath<T>(input: 'snapshot' | 'terraformPlan', path: string, missing: string, read: (path: string) => T): T {
  try {
    return read(path)
  } catch (error) {
    if (error instanceof InputError && error.problem.startsWith('no such file')) throw new SnapshotPathError(input, path, missing)
    throw error
  }
}

export interface LoadOptions {
  /** Notes about files that are not snapshot documents and were ignored (default: stderr). */
  onNote?: NoteSink
}

export function readSnapshotDocuments(path: string, options: LoadOptions = {}): DocumentSet {
  const note = options.onNote ?? stderrNote
  const stats = readInputPath('snapshot', path, 'no such file or directory', inspect)
  const documents = new Map<string, Node>()
  if (stats.isDirectory()) {
    for (const entry of readDirectory(path)) {
      const file = join(path, entry)
      if (!entry.endsWith('.json')) {
        const suggestion = baseNames(entry).map(intendedDocument).find(Boolean)
        if (suggestion) throw new InputError(file, '', `not a snapshot document name (near miss); did you mean ${suggestion}?`)
        note(escapeUnprintable(`ignoring ${file}: not a snapshot document (<service>-<operation>.json)`))
        continue
      }
      const name = entry.slice(0, -'.json'.length)
      if (!isSnapshotDocumentName(name)) unknownName(file, '', name)
      documents.set(name, new Node(parseJson(file, readSnapshotFile(file)), file, ''))
    }
    if (documents.size === 0) throw new SnapshotPathError('snapshot', path, 'the directory holds no snapshot .json files')
    return {source: path, documents, missing: (_dataset, name) => ({cause: 'file-missing', file: `${name}.json`})}
  }

  return documentsFromObject(parseJson(path, readSnapshotFile(path)), path)
}

/** A single-object snapshot: top-level keys are document names (with or without `.json`). */
export function documentsFromObject(value: unknown, source: string): DocumentSet {
  const root = new Node(value, source, '')
  const documents = new Map<string, Node>()
  for (const key of Object.keys(root.object())) {
    const name = key.endsWith('.json') ? key.slice(0, -'.json'.length) : key
    if (!isSnapshotDocumentName(name)) unknownName(source, `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, name, true)
    if (documents.has(name)) throw new InputError(source, `/${key}`, `document "${name}" appears twice (with and without ".json")`)
    documents.set(name, root.get(key))
  }
  return {source, documents, missing: (_dataset, name) => ({cause: 'file-missing', file: `${name} in ${basename(source)}`})}
}

/** One JSON file read with the snapshot's checks (regular file, size limit, UTF-8), for other file sources. */
export function readJsonFile(file: string): unknown {
  return parseJson(file, readSnapshotFile(file))
}

export function loadSnapshot(path: string, options: LoadOptions = {}): NetworkModel {
  return assembleModel(readSnapshotDocuments(path, options))
}
