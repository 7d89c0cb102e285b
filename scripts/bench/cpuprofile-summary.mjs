#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) for the tunnel's data path: self time by function
 * and by package, over the samples after the first `--skip-ms` (start-up) — what bench/README.md
 * quotes as "the profile".
 *
 * usage: node scripts/bench/cpuprofile-summary.mjs FILE.cpuprofile [--skip-ms N] [--top N]
 */
import {readFileSync} from 'node:fs'

const [file, ...rest] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: cpuprofile-summary.mjs FILE.cpuprofile [--skip-ms N] [--top N]\n')
  process.exit(2)
}
const option = (name, fallback) => {
  const at = rest.indexOf(name)
  return at >= 0 ? Number(rest[at + 1]) : fallback
}
const skipMs = option('--skip-ms', 0)
const top = option('--top', 20)
const profile = JSON.parse(readFileSync(file, 'utf8'))
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))

const packageOf = (url) => {
  if (!url) return '(native / VM)'
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match) return match[1]
  if (url.startsWith('node:')) return 'node core'
  if (url.includes('/dist/')) return 'emr-access'
  return url
}

const byFunction = new Map()
const byPackage = new Map()
let elapsed = 0
let total = 0
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0
  elapsed += delta
  if (elapsed < skipMs * 1000) return
  total += delta
  const frame = nodes.get(id).callFrame
  const name = `${frame.functionName || '(anonymous)'}  ${frame.url ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${frame.lineNumber + 1}` : ''}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + delta)
  const pkg = frame.functionName === '(idle)' ? '(idle)' : frame.functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url)
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta)
})

const percent = (value) => `${((value / total) * 100).toFixed(1).padStart(5)} %`
process.stdout.write(`${(total / 1e6).toFixed(2)} s of samples after ${skipMs} ms\n\nby package\n`)
for (const [name, value] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${percent(value)}  ${name}\n`)
process.stdout.write('\nby function (self time)\n')
for (const [name, value] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${percent(value)}  ${name}\n`)
