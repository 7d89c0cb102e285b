/**
 * Writes AWS CLI JSON documents as a snapshot directory: one `<name>.json` per document,
 * 4-space indented with a final newline, byte for byte how `aws … --output json` prints.
 * `audit --snapshot DIR` reads it back (load-snapshot.ts).
 */
import {existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {SnapshotPathError} from '../../errors.js'
import {isSnapshotDocumentName} from './load-snapshot.js'

/** As the AWS CLI prints JSON (Python's json.dumps with indent=4, ensure_ascii=False). */
export function cliJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`
}

/** Refuses a directory that holds anything: no stale file may be mixed into a new snapshot. */
export function prepareSnapshotDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new SnapshotPathError('out', dir, 'exists and is not a directory')
    if (readdirSync(dir).length > 0) throw new SnapshotPathError('out', dir, 'the directory is not empty (choose a new one, so no stale file is mixed in)')
  }
}

/** Writes the documents; returns the file names written, sorted. */
export function writeSnapshot(dir: string, documents: Map<string, unknown>): string[] {
  prepareSnapshotDir(dir)
  mkdirSync(dir, {recursive: true})
  const files: string[] = []
  for (const [name, value] of [...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isSnapshotDocumentName(name)) throw new Error(`internal: "${name}" is not a snapshot document name`)
    const file = `${name}.json`
    writeFileSync(join(dir, file), cliJsonText(value))
    files.push(file)
  }
  return files
}
