/**
 * Preloaded (`node --import`) into benchmarked processes: at exit, writes the process's own peak
 * RSS and CPU time, and any marks the process set on globalThis.__benchMarks, to BENCH_RUSAGE_FILE.
 */
import {writeFileSync} from 'node:fs'

const file = process.env.BENCH_RUSAGE_FILE
if (file) {
  globalThis.__benchMarks = {}
  process.once('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(file, JSON.stringify({maxRSSKiB: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, marks: globalThis.__benchMarks}))
  })
}
