#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark of issue 11, written to bench/results.json and as a Markdown
 * table into bench/README.md (between the bench:results markers), with machine, date and commit.
 *
 * usage: node scripts/bench/run.mjs [--only tunnel,audit,collection,startup,snapshot] [--reps N] [--bytes N]
 *        [--concurrent-bytes N] [--connections N] [--stalled N] [--audit-reps N] [--no-write]
 *        [--profile DIR]  (emr-access runs under node --cpu-prof; see cpuprofile-summary.mjs)
 * Defaults keep a run within about ten minutes on a 2-core machine. The tunnel part needs root
 * (it builds the network-namespace lab, scripts/lab); without it that part is skipped, and said so.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {cpus, freemem, loadavg, totalmem, type as osType, release} from 'node:os'
import {join, resolve} from 'node:path'
import {auditBench} from './audit.mjs'
import {collectionBench, motoMissing} from './collection.mjs'
import {log, REPO} from './lib.mjs'
import {renderMarkdown} from './report.mjs'
import {startupBench} from './startup.mjs'
import {labUnavailable, tunnelBench} from './tunnel.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const SECTIONS = ['tunnel', 'audit', 'collection', 'startup', 'snapshot']
const DEFAULTS = {
  reps: 3,
  bytes: 64 * 1048576,
  concurrentBytes: 16 * 1048576,
  streams: 8,
  small: 200,
  fresh: 20,
  stalled: 300,
  settleMs: 4_000,
  connections: 2,
  auditReps: 2,
  startupReps: 5,
  collectionReps: 2,
  snapshotMiB: 200,
}

function parseArgs(argv) {
  const options = {...DEFAULTS, only: SECTIONS, write: true}
  const numeric = {
    '--reps': 'reps',
    '--bytes': 'bytes',
    '--concurrent-bytes': 'concurrentBytes',
    '--connections': 'connections',
    '--stalled': 'stalled',
    '--audit-reps': 'auditReps',
    '--startup-reps': 'startupReps',
    '--collection-reps': 'collectionReps',
    '--snapshot-mib': 'snapshotMiB',
    '--small': 'small',
    '--fresh': 'fresh',
  }
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]
    if (flag === '--no-write') options.write = false
    else if (flag === '--profile') options.profile = resolve(argv[++index] ?? fail('--profile needs a directory'))
    else if (flag === '--only') {
      const value = argv[++index] ?? ''
      options.only = value.split(',').filter(Boolean)
      const unknown = options.only.filter((name) => !SECTIONS.includes(name))
      if (unknown.length > 0 || options.only.length === 0) fail(`--only ${value}: expected a comma-separated list of ${SECTIONS.join(', ')}`)
    } else if (flag in numeric) {
      const value = Number(argv[++index])
      if (!Number.isSafeInteger(value) || value < 1) fail(`${flag} ${argv[index] ?? ''}: expected a positive whole number`)
      options[numeric[flag]] = value
    } else if (flag === '-h' || flag === '--help') {
      process.stdout.write(
        readFileSync(new URL(import.meta.url), 'utf8')
          .split('\n')
          .slice(2, 10)
          .join('\n')
          .replace(/^ \* ?/gm, '') + '\n',
      )
      process.exit(0)
    } else fail(`unknown argument ${flag} (see --help)`)
  }
  return options
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(2)
}

function git(args) {
  try {
    return execFileSync('git', args, {cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()
  } catch {
    return undefined
  }
}

/** A tool's version line (ssh -V prints it on stderr). */
function tool(command, args) {
  const result = spawnSync(command, args, {encoding: 'utf8'})
  return result.error ? undefined : `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || undefined
}

/** Peak memory loading a large snapshot (issue 10), from bench/snapshot-size.mjs in its own process. */
function snapshotBench(targetMiB) {
  log(`snapshot: building and loading a ${targetMiB} MiB snapshot`)
  const output = execFileSync(process.execPath, [join(REPO, 'bench/snapshot-size.mjs'), '--mb', String(targetMiB)], {encoding: 'utf8', maxBuffer: 16 * 1048576})
  return {targetMiB, ...JSON.parse(output)}
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const started = Date.now()
  const commit = git(['rev-parse', 'HEAD'])
  const results = {
    date: new Date().toISOString(),
    commit: commit ? `${commit}${git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''}` : 'unknown',
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
      freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
      os: `${osType()} ${release()}`,
      node: process.version,
      openssh: tool('ssh', ['-V']),
      loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    },
    options,
    skipped: {},
    sections: {},
  }
  const runSection = async (name, unavailable, body) => {
    if (!options.only.includes(name)) return
    const reason = await unavailable()
    if (reason) {
      results.skipped[name] = reason
      log(`${name}: SKIPPED — ${reason}`)
      return
    }
    const sectionStart = Date.now()
    try {
      results.sections[name] = {...(await body()), seconds: Math.round((Date.now() - sectionStart) / 1000)}
    } catch (error) {
      results.skipped[name] = `failed: ${error.message}`
      log(`${name}: FAILED — ${error.stack ?? error.message}`)
    }
  }
  await runSection(
    'startup',
    async () => undefined,
    () => startupBench({reps: options.startupReps}),
  )
  await runSection(
    'audit',
    async () => undefined,
    () => auditBench({reps: options.auditReps}),
  )
  await runSection(
    'collection',
    async () => motoMissing(),
    () => collectionBench({reps: options.collectionReps}),
  )
  await runSection(
    'snapshot',
    async () => undefined,
    () => snapshotBench(options.snapshotMiB),
  )
  await runSection('tunnel', labUnavailable, () => tunnelBench(options))
  results.machine.loadAverageAtEnd = loadavg().map((value) => Number(value.toFixed(2)))
  results.seconds = Math.round((Date.now() - started) / 1000)
  const markdown = renderMarkdown(results)
  process.stdout.write(`${markdown}\n`)
  if (options.write) {
    writeFileSync(join(REPO, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
    const readmePath = join(REPO, 'bench/README.md')
    const readme = readFileSync(readmePath, 'utf8')
    const start = '<!-- bench:results:start -->'
    const end = '<!-- bench:results:end -->'
    const from = readme.indexOf(start)
    const to = readme.indexOf(end)
    if (from < 0 || to < from) fail(`bench/README.md has no ${start} … ${end} markers`)
    writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${markdown}\n${readme.slice(to)}`)
    log('wrote bench/results.json and the table in bench/README.md')
  }
  if (Object.keys(results.skipped).length > 0) process.exitCode = Object.values(results.skipped).some((reason) => reason.startsWith('failed')) ? 1 : 0
}

await main()
