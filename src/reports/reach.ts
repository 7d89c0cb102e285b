/** Rendering one reachability answer: hop by hop for people, a stable object for scripts. */
import type {ReachResult} from '../analysis/reachability/engine.js'
import {palette} from './ansi.js'
import {safeDeep} from './escape.js'

export const REACH_SCHEMA_VERSION = '1.0'

export function reachJson(result: ReachResult): Record<string, unknown> {
  return {
    schemaVersion: REACH_SCHEMA_VERSION,
    verdict: result.verdict,
    reachable: result.verdict === 'reachable',
    from: result.from,
    to: result.to,
    protocol: result.protocol,
    port: result.port,
    code: result.code ?? null,
    summary: result.summary,
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
  const verdict =
    result.verdict === 'reachable' ? style.green('REACHABLE') : result.verdict === 'not-reachable' ? style.red('NOT REACHABLE') : style.yellow('UNKNOWN')
  lines.push(`${verdict}: ${result.summary}${result.code ? ` (${result.code})` : ''}`)
  return lines.join('\n')
}
