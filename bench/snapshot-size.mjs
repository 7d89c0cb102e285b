#!/usr/bin/env node
/**
 * Peak memory and time to load a large snapshot (issue 10: "measure peak memory for a 200 MB
 * snapshot"). Builds a snapshot of about --mb megabytes (default 200) from the bundled
 * private-bastion-clean example — many security groups and instances, written as the AWS CLI
 * writes them (4-space JSON) — in both forms (a directory, and one file when it fits the per-file
 * limit), loads each in a fresh Node process (`dist/`, so `npm run build` first) and prints one
 * JSON document: bytes on disk, peak RSS, heap after load, seconds.
 *
 *   node bench/snapshot-size.mjs [--mb 200] [--keep]
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const EXAMPLE = join(ROOT, 'examples/snapshots/private-bastion-clean')
const argument = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback)
const targetBytes = Number(argument('--mb', '200')) * 1024 * 1024
const keep = process.argv.includes('--keep')

const LOADER = join(ROOT, 'dist/sources/snapshot/load-snapshot.js')
const {MAX_SNAPSHOT_FILE_BYTES} = await import(LOADER)

/** A hex id body of 17 digits from a counter, as AWS ids look. */
const hex = (n) => n.toString(16).padStart(17, '0')

function buildDirectory(dir) {
  mkdirSync(dir, {recursive: true})
  const documents = Object.fromEntries(readdirSync(EXAMPLE).map((file) => [file, JSON.parse(readFileSync(join(EXAMPLE, file), 'utf8'))]))
  const groups = documents['ec2-describe-security-groups.json'].SecurityGroups
  const reservation = documents['ec2-describe-instances.json'].Reservations[0]
  const groupTemplate = JSON.stringify(groups[2])
  const instanceTemplate = JSON.stringify(reservation.Instances[0])
  // Bytes per entry as written, nested in its document (the indentation grows with the depth).
  const nestedBytes = (wrap) => Buffer.byteLength(JSON.stringify(wrap(2), null, 4)) - Buffer.byteLength(JSON.stringify(wrap(1), null, 4))
  const groupBytes = nestedBytes((n) => ({SecurityGroups: Array(n).fill(groups[2])}))
  const instanceBytes = nestedBytes((n) => ({Reservations: [{Instances: Array(n).fill(reservation.Instances[0])}]}))
  // Half the bytes in security groups, half in instances: the two documents that grow with a VPC.
  const groupCount = Math.ceil(targetBytes / 2 / groupBytes)
  const instanceCount = Math.ceil(targetBytes / 2 / instanceBytes)
  for (let i = 0; i < groupCount; i++) {
    groups.push(JSON.parse(groupTemplate.replaceAll(groups[2].GroupId, `sg-${hex(0x100000 + i)}`)))
  }
  const instances = []
  for (let i = 0; i < instanceCount; i++) {
    const octets = `${(i >> 8) & 255}-${i & 255}`
    instances.push(JSON.parse(instanceTemplate.replaceAll(reservation.Instances[0].InstanceId, `i-${hex(0x200000 + i)}`).replaceAll('ip-10-1-0-4', `ip-10-1-${octets}`)))
  }
  reservation.Instances.push(...instances)
  for (const [file, value] of Object.entries(documents)) writeFileSync(join(dir, file), `${JSON.stringify(value, null, 4)}\n`)
  return documents
}

function buildSingleFile(file, documents) {
  const parts = Object.entries(documents).map(([name, value]) => `${JSON.stringify(name.replace(/\.json$/, ''))}: ${JSON.stringify(value, null, 4)}`)
  writeFileSync(file, `{\n${parts.join(',\n')}\n}\n`)
}

const sizeOf = (path) => (statSync(path).isDirectory() ? readdirSync(path).reduce((sum, file) => sum + statSync(join(path, file)).size, 0) : statSync(path).size)

/** Loads `path` in a fresh process; its own report of peak RSS (getrusage) and heap. */
function measure(path) {
  const script = `
    const started = process.hrtime.bigint()
    const {loadSnapshot} = await import(${JSON.stringify(LOADER)})
    const model = loadSnapshot(${JSON.stringify(path)}, {onNote: () => {}})
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const heap = process.memoryUsage().heapUsed
    console.log(JSON.stringify({seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: heap, securityGroups: model.securityGroups.size, instances: model.data.instances.length}))
  `
  const output = execFileSync(process.execPath, ['--max-old-space-size=8192', '--input-type=module', '-e', script], {encoding: 'utf8', maxBuffer: 1 << 20})
  return JSON.parse(output)
}

const MiB = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10
const work = mkdtempSync(join(tmpdir(), 'emr-access-bench-size-'))
try {
  const dir = join(work, 'snapshot')
  const documents = buildDirectory(dir)
  const results = []
  const directory = measure(dir)
  results.push({form: 'directory', sizeMiB: MiB(sizeOf(dir)), largestFileMiB: MiB(Math.max(...readdirSync(dir).map((file) => statSync(join(dir, file)).size))), ...directory})
  const file = join(work, 'snapshot.json')
  buildSingleFile(file, documents)
  if (statSync(file).size <= MAX_SNAPSHOT_FILE_BYTES) results.push({form: 'single file', sizeMiB: MiB(sizeOf(file)), ...measure(file)})
  else results.push({form: 'single file', sizeMiB: MiB(sizeOf(file)), skipped: `over the ${MiB(MAX_SNAPSHOT_FILE_BYTES)} MiB per-file limit`})
  const report = {
    bench: 'snapshot-size',
    node: process.version,
    perFileLimitMiB: MiB(MAX_SNAPSHOT_FILE_BYTES),
    results: results.map((result) => ({
      ...result,
      peakRssMiB: result.peakRssBytes === undefined ? undefined : MiB(result.peakRssBytes),
      heapUsedMiB: result.heapUsedBytes === undefined ? undefined : MiB(result.heapUsedBytes),
      peakRssBytes: undefined,
      heapUsedBytes: undefined,
    })),
  }
  console.log(JSON.stringify(report, null, 2))
} finally {
  if (keep) console.error(`kept ${work}`)
  else rmSync(work, {recursive: true, force: true})
}
