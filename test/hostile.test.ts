/**
 * The hostile-snapshot corpus (test/fixtures/hostile, made by generate.mjs beside it): every case
 * must be refused with exit 2 and one line naming the file and JSON pointer, or be handled as
 * documented (a README in a snapshot directory is ignored with a note) — never a stack trace, a
 * hang, raw control characters in the output, or data accepted unchecked.
 *
 * All cases run in-process through the loader and the model assembly; a subset (at least one per
 * category and per command) runs through the built CLI (`npm run build` first). FIFOs and devices
 * run only through the CLI, whose child process has a timeout: read in-process by mistake, they
 * would block the test worker forever.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, ftruncateSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {userErrorOf} from '../src/cli/domain-errors.js'
import {DomainError, UserError, escapeUnprintable} from '../src/errors.js'
import {MAX_SNAPSHOT_FILE_BYTES, loadSnapshot} from '../src/sources/snapshot/load-snapshot.js'
import {runCli} from './support/cli.js'
import {tempDir} from './support/snapshot-files.js'

const HOSTILE = fileURLToPath(new URL('./fixtures/hostile/', import.meta.url))

interface Expect {
  exit?: 2
  /** The file the error names, relative to the snapshot (a directory) — or '' / 'snapshot.json' for the snapshot itself. */
  file?: string
  pointer?: string
  message?: string
  /** Handled as documented: loads, with a note mentioning `note` (about `noteFile`). */
  handled?: boolean
  note?: string
  noteFile?: string
}

interface Case {
  id: string
  category: string
  description: string
  snapshot?: string
  kind?: string
  expect: Expect
}

const manifest = JSON.parse(readFileSync(join(HOSTILE, 'cases.json'), 'utf8')) as {cluster: string; cases: Case[]}
const CLUSTER = manifest.cluster

/** Raw control / bidi characters and unpaired surrogates: none may reach stdout or stderr. */
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const scratch = tempDir('emr-access-hostile-')
chmodSync(scratch, 0o755)
afterAll(() => {
  chmodSync(scratch, 0o755)
  rmSync(scratch, {recursive: true, force: true})
})

/** The path the error must name: the snapshot itself, or a file inside a snapshot directory. */
function location(snapshot: string, expected: Expect, isDirectory: boolean): string {
  return isDirectory && expected.file ? join(snapshot, expected.file) : snapshot
}

/** The one-line message a refusal must have, checked against the case's expectation. */
function checkMessage(message: string, snapshot: string, expected: Expect, isDirectory: boolean): void {
  expect(message).not.toMatch(UNPRINTABLE)
  expect(message.split('\n')).toHaveLength(1)
  const where = escapeUnprintable(location(snapshot, expected, isDirectory))
  expect(
    [`${where}: `, `${where} at `, `--snapshot ${where}: `].some((start) => message.startsWith(start)),
    `"${message}" names ${where}`,
  ).toBe(true)
  if (expected.pointer) expect(message).toContain(` at ${escapeUnprintable(expected.pointer)}: `)
  else expect(message).not.toMatch(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at `))
  if (expected.message) expect(message).toContain(expected.message)
}

function loadCase(snapshot: string): {error?: unknown; notes: string[]} {
  const notes: string[] = []
  try {
    loadSnapshot(snapshot, {onNote: (note) => notes.push(note)})
    return {notes}
  } catch (error) {
    return {error, notes}
  }
}

// -------------------------------------------------------------------------------------------------
// Filesystem cases, built here because git cannot hold them

const isRoot = process.getuid?.() === 0
const hasSetpriv = isRoot && spawnSync('setpriv', ['--version']).status === 0
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0
const hasPython = spawnSync('python3', ['--version']).status === 0
const validVpcs = readFileSync(fileURLToPath(new URL('../examples/snapshots/private-bastion-clean/ec2-describe-vpcs.json', import.meta.url)))

interface BuiltCase {
  snapshot: string
  isDirectory: boolean
  /** Why it cannot run here (the tool it needs is missing). */
  skip?: string
  /** Run the CLI as an unprivileged user (permission cases when the tests run as root). */
  asNobody?: boolean
}

function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  ftruncateSync(fd, bytes)
  closeSync(fd)
}

function buildFilesystemCase(entry: Case): BuiltCase {
  const dir = join(scratch, entry.id)
  mkdirSync(dir, {recursive: true})
  chmodSync(dir, 0o755)
  const snapshotDir = join(dir, 'snapshot')
  const document = join(snapshotDir, 'ec2-describe-vpcs.json')
  const inDirectory = (): void => {
    mkdirSync(snapshotDir, {recursive: true})
    writeFileSync(join(snapshotDir, 'ec2-describe-subnets.json'), '{"Subnets": []}')
  }
  switch (entry.kind) {
    case 'directory-document':
      inDirectory()
      mkdirSync(document)
      return {snapshot: snapshotDir, isDirectory: true}
    case 'symlink-loop':
      inDirectory()
      symlinkSync('ec2-describe-vpcs.json', document)
      return {snapshot: snapshotDir, isDirectory: true}
    case 'dangling-symlink':
      inDirectory()
      symlinkSync('nowhere/ec2-describe-vpcs.json', document)
      return {snapshot: snapshotDir, isDirectory: true}
    case 'fifo-document':
      inDirectory()
      if (!hasMkfifo) return {snapshot: snapshotDir, isDirectory: true, skip: 'mkfifo is not installed'}
      execFileSync('mkfifo', [document])
      return {snapshot: snapshotDir, isDirectory: true}
    case 'fifo-snapshot': {
      const fifo = join(dir, 'snapshot.json')
      if (!hasMkfifo) return {snapshot: fifo, isDirectory: false, skip: 'mkfifo is not installed'}
      execFileSync('mkfifo', [fifo])
      return {snapshot: fifo, isDirectory: false}
    }
    case 'socket-document':
      inDirectory()
      if (!hasPython) return {snapshot: snapshotDir, isDirectory: true, skip: 'python3 is not installed (it makes the Unix socket)'}
      execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', document])
      return {snapshot: snapshotDir, isDirectory: true}
    case 'device-snapshot':
      return {snapshot: '/dev/zero', isDirectory: false}
    case 'oversize-document':
      inDirectory()
      sparseFile(document, MAX_SNAPSHOT_FILE_BYTES + 44 * 1024 * 1024)
      return {snapshot: snapshotDir, isDirectory: true}
    case 'oversize-snapshot': {
      const file = join(dir, 'snapshot.json')
      sparseFile(file, MAX_SNAPSHOT_FILE_BYTES + 44 * 1024 * 1024)
      return {snapshot: file, isDirectory: false}
    }
    case 'no-permission':
      inDirectory()
      writeFileSync(document, validVpcs)
      chmodSync(document, 0o000)
      return {snapshot: snapshotDir, isDirectory: true, asNobody: isRoot, skip: isRoot && !hasSetpriv ? 'running as root without setpriv: root reads any file' : undefined}
    case 'no-permission-dir':
      inDirectory()
      chmodSync(snapshotDir, 0o000)
      return {snapshot: snapshotDir, isDirectory: false, asNobody: isRoot, skip: isRoot && !hasSetpriv ? 'running as root without setpriv: root lists any directory' : undefined}
    case 'missing-path':
      return {snapshot: join(dir, 'no-such-snapshot'), isDirectory: false}
    case 'dangling-snapshot': {
      const link = join(dir, 'snapshot')
      symlinkSync(join(dir, 'gone'), link)
      return {snapshot: link, isDirectory: false}
    }
    case 'escape-in-path':
      return {snapshot: join(dir, 'nope\u001b[2J'), isDirectory: false}
    default:
      throw new Error(`unknown filesystem case ${entry.kind}`)
  }
}

/** Cases that could block or run away if read by mistake: only ever run in a child process. */
const CHILD_ONLY = new Set(['fifo-document', 'fifo-snapshot', 'device-snapshot'])

// -------------------------------------------------------------------------------------------------

describe('hostile snapshot corpus', () => {
  it('holds at least 150 distinct cases, and generate.mjs reproduces it exactly', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(150)
    expect(new Set(manifest.cases.map((entry) => entry.description)).size).toBe(manifest.cases.length)
    const out = tempDir('emr-access-hostile-gen-')
    execFileSync(process.execPath, [join(HOSTILE, 'generate.mjs'), '--out', out])
    expect(readFileSync(join(out, 'cases.json'), 'utf8')).toBe(readFileSync(join(HOSTILE, 'cases.json'), 'utf8'))
    for (const entry of manifest.cases.filter((candidate) => candidate.snapshot?.endsWith('.json'))) {
      expect(readFileSync(join(out, entry.snapshot!)).equals(readFileSync(join(HOSTILE, entry.snapshot!))), entry.id).toBe(true)
    }
    rmSync(out, {recursive: true, force: true})
  })

  const fileCases = manifest.cases.filter((entry) => entry.snapshot)
  it.each(fileCases.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const snapshot = join(HOSTILE, entry.snapshot!)
    const isDirectory = !entry.snapshot!.endsWith('.json')
    const {error, notes} = loadCase(snapshot)
    for (const note of notes) expect(note).not.toMatch(UNPRINTABLE)
    if (entry.expect.handled) {
      expect(error, entry.description).toBeUndefined()
      if (entry.expect.note) expect(notes.join('\n')).toContain(entry.expect.note)
      if (entry.expect.noteFile) expect(notes.join('\n')).toContain(entry.expect.noteFile)
      return
    }
    // The loader says it in its own terms (a DomainError about the snapshot input); the CLI words it as the flag.
    const refused = error instanceof DomainError ? userErrorOf(error) : error
    expect(refused, `${entry.description} must be refused`).toBeInstanceOf(UserError)
    expect((refused as UserError).exitCode).toBe(2)
    checkMessage((refused as Error).message, snapshot, entry.expect, isDirectory)
  })

  const filesystemCases = manifest.cases.filter((entry) => entry.kind && !CHILD_ONLY.has(entry.kind))
  it.each(filesystemCases.map((entry) => [entry.id, entry] as const))('%s (built on disk)', (_id, entry) => {
    const built = buildFilesystemCase(entry)
    if (built.asNobody || built.skip) return // permission cases run through the CLI as another user below
    const {error} = loadCase(built.snapshot)
    const refused = error instanceof DomainError ? userErrorOf(error) : error
    expect(refused, `${entry.description} must be refused`).toBeInstanceOf(UserError)
    checkMessage((refused as Error).message, built.snapshot, entry.expect, built.isDirectory)
  })
})

// -------------------------------------------------------------------------------------------------

const COMMANDS: Record<string, (snapshot: string) => string[]> = {
  audit: (snapshot) => ['audit', '--snapshot', snapshot],
  reach: (snapshot) => ['reach', '--snapshot', snapshot, '--from', 'internet', '--to', `${CLUSTER}:primary:22`],
  'ui list': (snapshot) => ['ui', 'list', '--snapshot', snapshot, CLUSTER],
  pac: (snapshot) => ['pac', CLUSTER, '--snapshot', snapshot],
  'proxy-config': (snapshot) => ['proxy-config', CLUSTER, '--snapshot', snapshot, '--format', 'ssh-config', '--bastion', 'ec2-user@203.0.113.10'],
  connect: (snapshot) => ['connect', CLUSTER, '--snapshot', snapshot],
}
const COMMAND_NAMES = Object.keys(COMMANDS)

/** One case per category, then the child-only cases and a permission case, each through the commands in turn. */
function cliSelection(): {entry: Case; command: string}[] {
  const chosen: Case[] = []
  for (const entry of manifest.cases) {
    if (entry.kind || entry.expect.handled) continue
    if (!chosen.some((other) => other.category === entry.category)) chosen.push(entry)
  }
  // Spawning the CLI costs about a second (far more on a loaded machine): the rest run in-process above.
  chosen.push(...manifest.cases.filter((entry) => entry.kind && (CHILD_ONLY.has(entry.kind) || entry.kind.startsWith('no-permission'))))
  return chosen.map((entry, index) => ({entry, command: COMMAND_NAMES[index % COMMAND_NAMES.length]!}))
}

function runAs(args: string[], asNobody: boolean): ReturnType<typeof runCli> {
  if (!asNobody) return runCli(args)
  const home = join(scratch, 'nobody-home')
  mkdirSync(home, {recursive: true})
  chmodSync(home, 0o777)
  const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
  const child = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args], {
    encoding: 'utf8',
    input: '',
    env: {...process.env, NO_COLOR: '1', HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home},
    timeout: 30_000,
  })
  return {code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr}
}

describe('hostile snapshots through the CLI', {timeout: 240_000}, () => {
  const selection = cliSelection()

  it('covers every category and every command that reads a snapshot', () => {
    const categories = new Set(manifest.cases.map((entry) => entry.category))
    expect(new Set(selection.map((item) => item.entry.category))).toEqual(categories)
    expect(new Set(selection.map((item) => item.command))).toEqual(new Set(COMMAND_NAMES))
  })

  it.each(selection.map((item) => [item.command, item.entry.id, item] as const))('%s: %s → exit 2, one line naming the file', (_command, _id, {entry, command}) => {
    let snapshot: string
    let isDirectory: boolean
    let asNobody = false
    if (entry.kind) {
      const built = buildFilesystemCase({...entry, id: `${entry.id}-cli`})
      if (built.skip) return console.warn(`skipped ${entry.id}: ${built.skip}`)
      ;({snapshot, isDirectory} = built)
      asNobody = Boolean(built.asNobody)
    } else {
      snapshot = join(HOSTILE, entry.snapshot!)
      isDirectory = !entry.snapshot!.endsWith('.json')
    }
    const result = runAs(COMMANDS[command]!(snapshot), asNobody)
    expect(result.code, `${command} on ${entry.description}: ${result.stderr}`).toBe(2)
    expect(result.stdout).not.toMatch(UNPRINTABLE)
    expect(result.stderr).not.toMatch(UNPRINTABLE)
    expect(result.stderr).not.toMatch(/^\s+at /m)
    const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('(node:') && !line.includes('--trace-warnings'))
    expect(lines, result.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: /)
    checkMessage(lines[0]!.slice('Error: '.length), snapshot, entry.expect, isDirectory)
  })

  it('audit: a README in a snapshot directory is ignored with a note, and the audit runs', () => {
    const entry = manifest.cases.find((candidate) => candidate.id.endsWith('escape-name-ignored'))!
    const result = runCli(COMMANDS.audit!(join(HOSTILE, entry.snapshot!)))
    expect([0, 1]).toContain(result.code)
    expect(result.stderr).toContain('note: ignoring')
    expect(result.stderr).toContain('\\u001b[2J')
    expect(result.stderr).not.toMatch(UNPRINTABLE)
    expect(result.stdout).not.toMatch(UNPRINTABLE)
  })

  it('--debug adds the stack trace and keeps exit code 2', () => {
    const entry = manifest.cases.find((candidate) => candidate.id.endsWith('port-70000'))!
    const result = runCli([...COMMANDS.audit!(join(HOSTILE, entry.snapshot!)), '--debug'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^\s+at /m)
    expect(result.stderr).toContain('expected a port number "ToPort"')
  })
})
