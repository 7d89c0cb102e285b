/** Rendering one reachability answer: hop by hop for people, a stable object for scripts. */
import type {ReachResult} from '../analysis/reachability/engine.js'
import {palette} from './ansi.js'
import {safeDeep} from './escape.js'

export const REACH_SCHEMA_VERSION = '1.1'

export function reachJson(result: ReachResult): Record<string, unknown> {
  return {
    schemaVersion: REACH_SCHEMA_VERSION,
    verdict: result.verdict,
    /** true when some path exists: reachable, or reachable from part of the range. */
    reachable: result.verdict === 'reachable' || result.verdict === 'partially-reachable',
    partial: result.verdict === 'partially-reachable',
    from: result.from,
    to: result.to,
    protocol: result.protocol,
    port: result.port,
    code: result.code ?? null,
    summary: result.summary,
    ranges: result.ranges ?? null,
    blockers: result.blockers.map((blocker) => ({
      code: blocker.code,
      component: blocker.component,
      kind: blocker.kind,
      direction: blocker.direction ?? null,
      detail: blocker.detail,
      addresses: blocker.addresses ?? null,
    })),
    missingData: result.missingData,
    hops: result.hops.map((hop) => ({
      component: hop.component,
      kind: hop.kind,
      direction: hop.direction ?? null,
      verdict: hop.verdict,
      detail: hop.detail,
      code: hop.code ?? null,
    })),
  }
}

const VERDICT_TEXT = {
  reachable: 'REACHABLE',
  'partially-reachable': 'PARTIALLY REACHABLE',
  'not-reachable': 'NOT REACHABLE',
  unknown: 'UNKNOWN',
} as const

export function renderReachText(unsafe: ReachResult, color: boolean): string {
  // Names and rule details from the data reach the terminal: control and bidi characters shown as text.
  const result = safeDeep(unsafe)
  const style = palette(color)
  const lines = [`${style.bold(`${result.from} → ${result.to}:${result.port}/${result.protocol}`)}`]
  result.hops.forEach((hop, index) => {
    const mark = hop.verdict === 'allow' ? style.green('✔') : hop.verdict === 'deny' ? style.red('✖') : style.gray('•')
    const direction = hop.direction ? ` ${hop.direction}` : ''
    const code = hop.code ? ` ${style.yellow(`[${hop.code}]`)}` : ''
    lines.push(`  ${String(index + 1).padStart(2)}. ${mark} ${hop.kind}${direction} ${style.bold(hop.component)}: ${hop.detail}${code}`)
  })
  const paint = result.verdict === 'reachable' ? style.green : result.verdict === 'not-reachable' ? style.red : style.yellow
  lines.push(`${paint(VERDICT_TEXT[result.verdict])}: ${result.summary}${result.code && result.verdict !== 'reachable' ? ` (${result.code})` : ''}`)
  if (result.blockers.length > 1) {
    lines.push(`Blockers (${result.blockers.length}):`)
    for (const blocker of result.blockers) lines.push(`  - ${blocker.code} ${blocker.component}: ${blocker.detail}`)
  }
  if (result.missingData.length > 0) lines.push(`Missing from the data: ${result.missingData.join('; ')}`)
  return lines.join('\n')
}
