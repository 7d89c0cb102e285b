/**
 * Human terminal output: one block per scope (header, findings worst first with path hops,
 * not-evaluated rules, a summary line), then an overall summary. Lines are wrapped to 100 columns;
 * ANSI color only when asked for.
 */
import type {AuditResult, Finding, PathHop, RuleOutcome, ScopeResult, Severity} from '../analysis/findings.js'
import {palette, type Palette, type Style} from './ansi.js'
import {TOOL_NAME, countScopes, originText, ruleLookup, ruleTitle, scopeView, sortOutcomes, summaryParts} from './common.js'
import {REPORT_MULTILINE, safeDeep} from './escape.js'

export interface TableOptions {
  color: boolean
  toolVersion: string
  /** Wrap width; 100 unless told. */
  width?: number
}

const DEFAULT_WIDTH = 100
const SEVERITY_LABEL_WIDTH = 8 // 'CRITICAL'

/**
 * Greedy word wrap. `width` counts the indent. Words longer than a line (ids, CIDRs, URLs) are
 * never broken. Explicit newlines in the text start new lines.
 */
export function wrap(text: string, width: number, firstIndent: string, restIndent: string = firstIndent): string[] {
  const lines: string[] = []
  let indent = firstIndent
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/[ \t]+/).filter((word) => word !== '')
    let line = ''
    for (const word of words) {
      if (line === '') {
        line = word
      } else if (indent.length + line.length + 1 + word.length <= width) {
        line += ` ${word}`
      } else {
        lines.push(indent + line)
        indent = restIndent
        line = word
      }
    }
    lines.push(indent + line)
    indent = restIndent
  }
  return lines
}

/**
 * Joins `parts` with `separator`, breaking lines only between parts (so `subnet subnet-0abc`
 * stays together); a part too long for a line is word-wrapped on its own.
 */
export function wrapParts(parts: string[], separator: string, width: number, firstIndent: string, restIndent: string): string[] {
  const lines: string[] = []
  let line = ''
  let indent = firstIndent
  for (const part of parts) {
    const candidate = line === '' ? part : `${line}${separator}${part}`
    if (indent.length + candidate.length <= width || line === '') {
      line = candidate
      continue
    }
    lines.push(indent + line + separator.trimEnd())
    indent = restIndent
    line = part
  }
  if (indent.length + line.length <= width) return [...lines, indent + line]
  return [...lines, ...wrap(line, width, indent, restIndent)]
}

/** `prefix` (already styled, `prefixWidth` visible columns) then `text` wrapped under itself. */
function hanging(prefix: string, prefixWidth: number, text: string, width: number, style: Style = (s) => s): string[] {
  const pad = ' '.repeat(prefixWidth)
  return wrap(text, width, pad).map((line, index) => {
    const body = style(line.slice(prefixWidth))
    return index === 0 ? prefix + body : pad + body
  })
}

function severityStyle(p: Palette, severity: Severity): Style {
  switch (severity) {
    case 'critical':
      return p.alert
    case 'high':
      return (s) => p.bold(p.red(s))
    case 'medium':
      return p.yellow
    case 'low':
      return p.cyan
    case 'info':
      return p.gray
  }
}

function hopMark(p: Palette, hop: PathHop): string {
  if (hop.verdict === 'allow') return p.green('✔')
  if (hop.verdict === 'deny') return p.red('✖')
  return p.gray('•')
}

function hopText(hop: PathHop): string {
  const what = [hop.kind, hop.direction].filter(Boolean).join(', ')
  const code = hop.code ? ` [${hop.code}]` : ''
  return `${hop.component} (${what}): ${hop.detail}${code}`
}

interface FindingContext {
  fix?: string
  /** The finding this one repeats (same resource and data entry), shown above it. */
  sameAs?: Finding
  /** Findings that repeat this one. */
  repeatedBy: Finding[]
}

function renderFinding(finding: Finding, context: FindingContext, p: Palette, width: number): string[] {
  const label = finding.severity.toUpperCase().padEnd(SEVERITY_LABEL_WIDTH)
  const ruleCol = finding.ruleId.padEnd(10)
  const prefixWidth = 2 + SEVERITY_LABEL_WIDTH + 2 + ruleCol.length
  const prefix = `  ${severityStyle(p, finding.severity)(label)}  ${p.bold(ruleCol)}`
  const indent = ' '.repeat(2 + SEVERITY_LABEL_WIDTH + 2)
  const lines = hanging(prefix, prefixWidth, finding.title, width, p.bold)
  lines.push(...hanging(`${indent}${p.gray('resource:')} `, indent.length + 10, finding.resourceId, width))
  const fix = context.fix ? hanging(`${indent}${p.gray('fix:')} `, indent.length + 5, context.fix, width) : []
  if (context.sameAs) {
    // The same data entry as a finding above: one line pointing there instead of the same details again.
    const text = `${context.sameAs.ruleId} above: the same entry (${context.sameAs.origin?.pointer || context.sameAs.resourceId}); one fix resolves both`
    lines.push(...hanging(`${indent}${p.gray('same as:')} `, indent.length + 9, text, width), ...fix)
    return lines
  }
  if (context.repeatedBy.length > 0) {
    const text = `${context.repeatedBy.map((other) => other.ruleId).join(', ')} (the same entry, below)`
    lines.push(...hanging(`${indent}${p.gray('also:')} `, indent.length + 6, text, width))
  }
  lines.push(...wrap(finding.message, width, indent))
  if (finding.origin) {
    // File and pointer may each be long: break between them rather than past the margin.
    const parts = finding.origin.location ? [originText(finding.origin)] : finding.origin.pointer ? [finding.origin.file, `#${finding.origin.pointer}`] : [finding.origin.file]
    const originIndent = ' '.repeat(indent.length + 8)
    wrapParts(parts, '', width, originIndent, originIndent).forEach((line, index) => lines.push(index === 0 ? `${indent}${p.gray('origin:')} ${p.gray(line.trimStart())}` : p.gray(line)))
  }
  lines.push(...fix)
  if (finding.pathLabel || (finding.hops && finding.hops.length > 0)) {
    if (finding.pathLabel) lines.push(...hanging(`${indent}${p.gray('path:')} `, indent.length + 6, finding.pathLabel, width))
    for (const hop of finding.hops ?? []) {
      const hopIndent = `${indent}  `
      lines.push(...hanging(`${hopIndent}${hopMark(p, hop)} `, hopIndent.length + 2, hopText(hop), width))
    }
  }
  return lines
}

function renderNotEvaluated(outcomes: RuleOutcome[], result: AuditResult, p: Palette, width: number): string[] {
  const rules = ruleLookup(result)
  const lines: string[] = [`  ${p.bold('Not evaluated')}`]
  for (const outcome of outcomes) {
    const ruleCol = outcome.ruleId.padEnd(10)
    const failed = outcome.status === 'error' ? 'FAILED (a bug in emr-access; please report it): ' : ''
    const text = `${ruleTitle(rules, outcome.ruleId)} — ${failed}${outcome.reason ?? 'no reason given'}`
    lines.push(...hanging(`    ${p.yellow(ruleCol)}`, 4 + ruleCol.length, text, width))
  }
  return lines
}

/** Folded to a count and the ids (the reasons are in the JSON and Markdown reports). */
function renderNotApplicable(outcomes: RuleOutcome[], p: Palette, width: number): string[] {
  const n = outcomes.length
  const text = `${n} rule${n === 1 ? '' : 's'} not applicable (other topology or release): ${outcomes.map((o) => o.ruleId).join(', ')}`
  return wrap(text, width, '  ', '    ').map((line) => p.gray(line))
}

function renderScope(scope: ScopeResult, result: AuditResult, p: Palette, width: number): string[] {
  const view = scopeView(scope, result.options.failOn)
  const where = [view.title]
  if (scope.kind === 'cluster' && scope.vpcId) where.push(`VPC ${scope.vpcId}`)
  if (scope.subnetId) where.push(`subnet ${scope.subnetId}`)
  const lines = wrapParts(where, ' · ', width, '', '  ').map((line) => p.bold(line))
  lines.push(...hanging(`  ${p.gray('Topology:')} `, 12, view.topology, width))
  lines.push('')

  if (view.findings.length === 0) {
    lines.push(`  ${p.green('No findings.')}`, '')
  }
  const rules = ruleLookup(result)
  for (const {finding, sameAs, repeatedBy} of view.findings) {
    const context = {fix: finding.fix?.summary ?? rules.get(finding.ruleId)?.remediation.summary, sameAs, repeatedBy}
    lines.push(...renderFinding(finding, context, p, width), '')
  }

  // A rule that failed is listed with those not evaluated, marked, in rule id order.
  const notEvaluated = sortOutcomes([...view.notEvaluated, ...view.failed])
  if (notEvaluated.length > 0) lines.push(...renderNotEvaluated(notEvaluated, result, p, width), '')
  if (view.notApplicable.length > 0) lines.push(...renderNotApplicable(view.notApplicable, p, width), '')

  const summary = wrapParts([view.summary.severity, view.summary.status], ' · ', width - 11, '', '')
  summary.forEach((line, index) => lines.push(index === 0 ? `  ${p.bold('Summary:')} ${line}` : `${' '.repeat(11)}${line}`))
  return lines
}

export function renderTable(unsafe: AuditResult, options: TableOptions): string {
  // Terminal escapes, CR and bidi overrides in names from the data would act on the terminal: shown as text.
  const result = safeDeep(unsafe, (path) => REPORT_MULTILINE.has(path))
  const p = palette(options.color)
  const width = options.width ?? DEFAULT_WIDTH
  const context = [`source: ${result.source}`]
  if (result.region) context.push(`region: ${result.region}`)
  context.push(`fail on: ${result.options.failOn}`)
  const lines = [p.bold(`${TOOL_NAME} ${options.toolVersion} audit`), ...wrapParts(context, ' · ', width, '', '  ')]
  lines.push('')

  if (result.scopes.length === 0) lines.push('No clusters or VPCs were found to audit.', '')
  for (const scope of result.scopes) {
    lines.push(...renderScope(scope, result, p, width), '')
  }

  const counts = countScopes(result.scopes, result.options.failOn)
  const summary = summaryParts(result.scopes, result.options.failOn)
  const scopesText = `${result.scopes.length} scope${result.scopes.length === 1 ? '' : 's'}`
  const label = `Overall (${scopesText}):`
  const overall = wrapParts([summary.severity, summary.status], ' · ', width - label.length - 1, '', '')
  overall.forEach((line, index) => lines.push(index === 0 ? `${p.bold(label)} ${line}` : `${' '.repeat(label.length + 1)}${line}`))
  const n = counts.atOrAboveFailOn
  lines.push(
    n > 0
      ? p.red(`${n} finding${n === 1 ? '' : 's'} at or above --fail-on ${result.options.failOn}`)
      : counts.status.not_evaluated > 0
        ? p.yellow(`No findings at or above --fail-on ${result.options.failOn} among the rules evaluated; ${counts.status.not_evaluated} not evaluated (see above)`)
        : p.green(`No findings at or above --fail-on ${result.options.failOn}`),
  )
  return lines.join('\n')
}
