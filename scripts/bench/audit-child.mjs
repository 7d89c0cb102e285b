/**
 * One measured run for the audit-scale benchmark (run by audit.mjs under rusage-preload.mjs):
 *   parse FILE  — read the bundle and JSON.parse it (the floor any audit of it pays);
 *   audit FILE  — what `emr-access audit --snapshot FILE --format json` does after start-up: read,
 *                 parse, build the model, run every rule on every cluster, render the JSON report.
 * Phase times go to globalThis.__benchMarks (ms).
 */
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'

const [mode, file] = process.argv.slice(2)
const marks = globalThis.__benchMarks ?? {}
if (mode === 'parse') {
  const started = performance.now()
  const value = JSON.parse(readFileSync(file, 'utf8'))
  marks.parseMs = performance.now() - started
  if (typeof value !== 'object') process.exit(1)
} else if (mode === 'audit') {
  const {loadSnapshot} = await import('../../dist/sources/snapshot/load-snapshot.js')
  const {runAudit} = await import('../../dist/analysis/audit/run-audit.js')
  const {ALL_RULES} = await import('../../dist/analysis/rules/index.js')
  const {renderAudit} = await import('../../dist/reports/index.js')
  const started = performance.now()
  const model = loadSnapshot(file)
  marks.loadMs = performance.now() - started
  const result = runAudit(model, ALL_RULES, {topology: 'auto', adminCidrs: ['203.0.113.0/24'], onpremCidrs: [], failOn: 'high'})
  marks.auditMs = performance.now() - started - marks.loadMs
  const text = renderAudit(result, 'json', {color: false, toolVersion: 'bench'})
  marks.totalMs = performance.now() - started
  marks.clusters = result.scopes?.length
  marks.reportBytes = text.length
} else {
  process.stderr.write('usage: audit-child.mjs parse|audit FILE\n')
  process.exit(2)
}
