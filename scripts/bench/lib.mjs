/**
 * Shared helpers of `npm run bench`: statistics, child processes timed with their resource usage,
 * CPU time and resident memory of a process tree from /proc, free ports.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = join(REPO, 'bin/run.js')
const RUSAGE_PRELOAD = fileURLToPath(new URL('./rusage-preload.mjs', import.meta.url))

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null)

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function removeDir(dir) {
  rmSync(dir, {recursive: true, force: true})
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `node ARGS…` with a preload that reports its own resource usage at exit: wall time (ms, as
 * seen from here), peak RSS (MiB), user+system CPU (ms), exit code, stdout/stderr.
 */
export function timedNode(args, {env = {}, cwd = REPO, timeoutMs = 600_000} = {}) {
  const dir = tempDir('emra-bench-rusage-')
  const file = join(dir, 'rusage.json')
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RUSAGE_PRELOAD, ...args], {
      cwd,
      env: {...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1', ...env, BENCH_RUSAGE_FILE: file},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      let usage = {}
      try {
        usage = JSON.parse(readFileSync(file, 'utf8'))
      } catch {
        // The child died before its exit hook ran: no usage figures.
      }
      removeDir(dir)
      resolve({code, wallMs, peakRssMiB: usage.maxRSSKiB / 1024, cpuMs: (usage.userMs ?? NaN) + (usage.systemMs ?? NaN), marks: usage.marks ?? {}, stdout, stderr})
    })
  })
}

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every Linux architecture in use). */
const CLOCK_TICKS = 100

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
  } catch {
    return []
  }
}

/** The pid and all its descendants. */
export function processTree(pid) {
  const all = [pid]
  for (let at = 0; at < all.length; at += 1) all.push(...childrenOf(all[at]))
  return all
}

/** User+system CPU (ms) of a process tree, from /proc (live processes only). */
export function treeCpuMs(pid) {
  let ticks = 0
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // Gone meanwhile.
    }
  }
  return (ticks * 1000) / CLOCK_TICKS
}

/** Resident memory (MiB) of a process tree, from /proc/<pid>/status VmRSS. */
export function treeRssMiB(pid) {
  let kib = 0
  for (const member of processTree(pid)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'))
      if (match) kib += Number(match[1])
    } catch {
      // Gone meanwhile.
    }
  }
  return kib / 1024
}

/** Runs a command to completion; resolves with code and output (never rejects on a non-zero exit). */
export function run(command, args, {env = {}, cwd = REPO, timeoutMs = 600_000, input} = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {cwd, env: {...process.env, ...env}, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    if (input !== undefined) child.stdin.end(input)
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      resolve({code: 127, stdout, stderr: stderr + error.message})
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
  })
}

/** Alternates A/B (A first on odd rounds, B first on even) and returns both sample lists. */
export async function alternate(reps, runA, runB) {
  const a = []
  const b = []
  for (let round = 0; round < reps; round += 1) {
    if (round % 2 === 0) {
      a.push(await runA(round))
      b.push(await runB(round))
    } else {
      b.push(await runB(round))
      a.push(await runA(round))
    }
  }
  return {a, b}
}

export function log(line) {
  process.stderr.write(`${line}\n`)
}
