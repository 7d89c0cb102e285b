/**
 * Audit at account scale: synthetic accounts at three sizes (synthetic-account.mjs), each audited
 * (every rule, every cluster, JSON report) and, alternately, just JSON.parse'd, in fresh processes:
 * wall time and peak RSS of each, the audit/parse ratio, and the growth from one size to the next.
 */
import {statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {alternate, log, median, removeDir, round, tempDir, timedNode} from './lib.mjs'
import {syntheticAccount} from './synthetic-account.mjs'

const CHILD = fileURLToPath(new URL('./audit-child.mjs', import.meta.url))

export const AUDIT_SIZES = [
  {name: 'S', groups: 1_250, subnets: 312, clusters: 12},
  {name: 'M', groups: 5_000, subnets: 1_250, clusters: 50},
  {name: 'L', groups: 20_000, subnets: 5_000, clusters: 200},
]

export async function auditBench({reps}) {
  const dir = tempDir('emra-bench-audit-')
  const sizes = []
  try {
    for (const size of AUDIT_SIZES) {
      const file = join(dir, `account-${size.name}.json`)
      writeFileSync(file, JSON.stringify(syntheticAccount(size)))
      const bytes = statSync(file).size
      log(`audit: size ${size.name} (${size.groups} SGs, ${size.subnets} subnets, ${size.clusters} clusters, ${(bytes / 1e6).toFixed(1)} MB), ${reps} pairs`)
      const {a: audits, b: parses} = await alternate(
        reps,
        () => timedNode([CHILD, 'audit', file]),
        () => timedNode([CHILD, 'parse', file]),
      )
      for (const sample of [...audits, ...parses]) if (sample.code !== 0) throw new Error(`audit bench child failed (${sample.code}): ${sample.stderr.slice(0, 400)}`)
      const pairs = audits.map((audit, index) => round(audit.marks.totalMs / parses[index].marks.parseMs, 1))
      sizes.push({
        ...size,
        megabytes: round(bytes / 1e6, 1),
        audit: {
          wallMs: round(median(audits.map((s) => s.marks.totalMs)), 0),
          loadMs: round(median(audits.map((s) => s.marks.loadMs)), 0),
          rulesMs: round(median(audits.map((s) => s.marks.auditMs)), 0),
          peakRssMiB: round(median(audits.map((s) => s.peakRssMiB)), 0),
          clustersAudited: audits[0].marks.clusters,
          samplesMs: audits.map((s) => round(s.marks.totalMs, 0)),
        },
        jsonParse: {
          wallMs: round(median(parses.map((s) => s.marks.parseMs)), 0),
          peakRssMiB: round(median(parses.map((s) => s.peakRssMiB)), 0),
          samplesMs: parses.map((s) => round(s.marks.parseMs, 0)),
        },
        auditOverParse: {median: round(median(pairs), 1), perPair: pairs},
      })
      const last = sizes.at(-1)
      log(`  audit ${last.audit.wallMs} ms / ${last.audit.peakRssMiB} MiB; JSON.parse ${last.jsonParse.wallMs} ms / ${last.jsonParse.peakRssMiB} MiB`)
    }
  } finally {
    removeDir(dir)
  }
  const growth = sizes.slice(1).map((size, index) => {
    const previous = sizes[index]
    return {
      from: previous.name,
      to: size.name,
      inputX: round(size.megabytes / previous.megabytes, 1),
      auditTimeX: round(size.audit.wallMs / previous.audit.wallMs, 1),
      auditMemoryX: round(size.audit.peakRssMiB / previous.audit.peakRssMiB, 1),
      parseTimeX: round(size.jsonParse.wallMs / previous.jsonParse.wallMs, 1),
    }
  })
  return {reps, sizes, growth}
}
