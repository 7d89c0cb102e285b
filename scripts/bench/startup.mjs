#!/usr/bin/env node
/**
 * Start-up time of the built CLI (run `npm run build` first): `--help`, `--version`, `pac` and an
 * offline audit of a bundled example, each run --runs times after one warm-up. Prints one JSON
 * document on stdout (or writes it to --out FILE). Wall time is what a user waits; CPU time (user +
 * system of the child, from /proc on Linux) is steadier on a shared machine. The goal is 500 ms.
 *
 *   node scripts/bench/startup.mjs [--runs 10] [--out bench/startup.json]
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = join(root, 'bin', 'run.js')
const {values} = parseArgs({options: {runs: {type: 'string', default: '10'}, out: {type: 'string'}}})
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new Error(`--runs ${values.runs}: expected an integer 1-1000`)

const GOAL_MS = 500
const CASES = [
  {name: '--help', argv: ['--help']},
  {name: '--version', argv: ['--version']},
  {name: 'pac', argv: ['pac']},
  {name: 'audit (offline, bundled example)', argv: ['audit', '--snapshot', join(root, 'examples/snapshots/private-bastion-clean'), '--format', 'json']},
]

/** CPU time (ms) used by this process's finished children: /proc/self/stat cutime + cstime (Linux). */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    // After "pid (comm) ": state is field 0, so cutime and cstime (fields 16 and 17 of stat) are 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100
  } catch {
    return undefined
  }
}

function once(argv) {
  const cpuBefore = childrenCpuMs()
  const started = process.hrtime.bigint()
  const child = spawnSync(process.execPath, [bin, ...argv], {cwd: root, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 60_000})
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  const cpuAfter = childrenCpuMs()
  if (child.status !== 0) throw new Error(`emr-access ${argv.join(' ')} exited ${child.status}: ${child.stderr}`)
  return {wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore}
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const round = (ms) => Math.round(ms * 10) / 10

const results = CASES.map(({name, argv}) => {
  once(argv) // warm-up: file-system cache
  const samples = Array.from({length: runs}, () => once(argv))
  const wall = samples.map((sample) => sample.wallMs)
  const cpu = samples.map((sample) => sample.cpuMs).filter((value) => value !== undefined)
  return {
    name,
    argv,
    runs,
    wallMs: {median: round(median(wall)), mean: round(wall.reduce((a, b) => a + b, 0) / wall.length), min: round(Math.min(...wall)), max: round(Math.max(...wall))},
    cpuMs: cpu.length === runs ? {median: round(median(cpu)), min: round(Math.min(...cpu))} : null,
    underGoal: median(wall) < GOAL_MS,
  }
})

const report = {
  benchmark: 'startup',
  goalMs: GOAL_MS,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: cpus().length,
  loadAverage1m: round(loadavg()[0]),
  date: new Date().toISOString(),
  results,
}
const text = `${JSON.stringify(report, null, 2)}\n`
if (values.out) writeFileSync(values.out, text)
else process.stdout.write(text)
