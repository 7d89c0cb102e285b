/** Writes test snapshots to disk in both public forms (directory of files, single JSON file). */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Snapshot} from './topologies.js'

export function tempDir(prefix = 'emr-access-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function writeSnapshotDir(snapshot: Snapshot, dir = tempDir()): string {
  mkdirSync(dir, {recursive: true})
  for (const [name, value] of Object.entries(snapshot)) writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`)
  return dir
}

export function writeSnapshotFile(snapshot: Snapshot, dir = tempDir()): string {
  const file = join(dir, 'snapshot.json')
  writeFileSync(file, JSON.stringify(snapshot))
  return file
}
