/**
 * GitHub-flavoured Markdown for pull requests and tickets: per scope a findings table, path hops
 * as nested lists, remediation per failing rule in a <details> block, rules not evaluated, and a
 * summary; then an overall summary table.
 */
import {SEVERITIES, type AuditResult, type Finding, type RuleMeta, type ScopeResult} from '../analysis/findings.js'
import {TOOL_NAME, countScopes, fenced, originText, ruleLookup, ruleTitle, scopeTitle, scopeView, summaryParts, type FindingView} from './common.js'
import {REPORT_MULTILINE, safeDeep} from './escape.js'

/** Escapes Markdown/HTML inline syntax so text renders as written. */
export function mdText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([`*_[\]<>|~&#!])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
}

export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/**
 * A table cell: inline syntax escaped, `|` escaped (`\|`), newlines as `<br>` so one finding
 * stays one row.
 */
export function mdCell(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => mdText(line))
    .join('<br>')
}

/** An inline code span that survives backticks in the text and pipes in table cells. */
export function mdCode(text: string, inTable = false): string {
  const flat = text.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat
  return `${ticks}${pad}${body}${pad}${ticks}`
}

function severityBadge(finding: Finding): string {
  return finding.severity === 'critical' || finding.severity === 'high' ? `**${finding.severity}**` : finding.severity
}

function findingsTable(findings: FindingView[]): string[] {
  const lines = ['| Severity | Rule | Resource | Finding |', '| --- | --- | --- | --- |']
  for (const {finding, sameAs, repeatedBy} of findings) {
    const note = sameAs
      ? `<br>_Same entry as ${mdCell(sameAs.ruleId)} above: one fix resolves both._`
      : repeatedBy.length > 0
        ? `<br>_Also reported as ${mdCell(repeatedBy.map((other) => other.ruleId).join(', '))} (the same entry)._`
        : ''
    const what = `**${mdCell(finding.title)}**<br>${mdCell(finding.message)}${note}`
    const origin = finding.origin ? `<br>Source: ${mdCode(originText(finding.origin), true)}` : ''
    lines.push(`| ${severityBadge(finding)} | ${mdCell(finding.ruleId)} | ${mdCode(finding.resourceId, true)} | ${what}${origin} |`)
  }
  return lines
}

function hopLine(hop: NonNullable<Finding['hops']>[number]): string {
  const mark = hop.verdict === 'allow' ? '✔' : hop.verdict === 'deny' ? '✖' : '•'
  const what = [hop.kind, hop.direction].filter(Boolean).join(', ')
  const code = hop.code ? ` ${mdCode(hop.code)}` : ''
  return `  - ${mark} ${mdCode(hop.component)} (${mdText(what)}): ${mdText(hop.detail)}${code}`
}

function pathsSection(findings: Finding[]): string[] {
  const paths = findings.filter((f) => f.hops && f.hops.length > 0)
  if (paths.length === 0) return []
  const lines = ['#### Paths', '']
  for (const finding of paths) {
    const label = finding.pathLabel ? mdCode(finding.pathLabel) : mdCode(finding.resourceId)
    lines.push(`- **${mdText(finding.ruleId)}** ${label} — ${mdText(finding.title)}`)
    for (const hop of finding.hops ?? []) lines.push(hopLine(hop))
  }
  lines.push('')
  return lines
}

/** One rule's fix: the templates filled per finding (identical fills shown once). */
function remediationBlock(rule: RuleMeta, findings: Finding[]): string[] {
  const resources = [...new Set(findings.map((finding) => finding.resourceId))]
  const fixes = findings.map((finding) => finding.fix ?? rule.remediation)
  const distinct = (pick: (fix: (typeof fixes)[number]) => string | undefined) => [...new Set(fixes.map(pick).filter((text): text is string => Boolean(text)))]
  const summary = distinct((fix) => fix.summary).join(' ')
  const cli = distinct((fix) => fix.cli).join('\n')
  const cloudformation = distinct((fix) => fix.cloudformation).join('\n---\n')
  const terraform = distinct((fix) => fix.terraform).join('\n\n')
  const lines = [
    '<details>',
    // Markdown is not parsed inside the HTML block that <details> opens: escape as HTML here.
    `<summary><b>${htmlText(rule.id)}</b> — ${htmlText(rule.title)} (${resources.map((r) => `<code>${htmlText(r)}</code>`).join(', ')})</summary>`,
    '',
    mdText(rule.risk),
    '',
    `**Fix:** ${mdText(summary)}`,
    '',
  ]
  if (cli) lines.push('AWS CLI:', '', fenced(cli, 'sh'), '')
  if (cloudformation) lines.push('CloudFormation:', '', fenced(cloudformation, 'yaml'), '')
  if (terraform) lines.push('Terraform:', '', fenced(terraform, 'hcl'), '')
  const steps = fixes[0]?.console
  if (steps && steps.length > 0) lines.push('AWS console:', '', ...steps.map((step, index) => `${index + 1}. ${mdText(step)}`), '')
  lines.push(`[AWS documentation](${rule.docs.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`, '', '</details>', '')
  return lines
}

function remediationSection(findings: Finding[], rules: Map<string, RuleMeta>): string[] {
  const byRule = new Map<string, Finding[]>()
  for (const finding of findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding])
  const lines: string[] = []
  for (const [ruleId, ruleFindings] of byRule) {
    const rule = rules.get(ruleId)
    if (rule) lines.push(...remediationBlock(rule, ruleFindings))
  }
  return lines.length > 0 ? ['#### Remediation', '', ...lines] : []
}

function scopeSection(scope: ScopeResult, result: AuditResult, rules: Map<string, RuleMeta>): string[] {
  const view = scopeView(scope, result.options.failOn)
  const lines = [`## ${mdText(view.title)}`, '']
  const where: string[] = []
  if (scope.vpcId) where.push(`VPC ${mdCode(scope.vpcId)}`)
  if (scope.subnetId) where.push(`subnet ${mdCode(scope.subnetId)}`)
  where.push(`topology: ${mdText(view.topology)}`)
  lines.push(where.join(' · '), '')

  const findings = view.findings.map((shown) => shown.finding)
  if (findings.length === 0) {
    lines.push('No findings.', '')
  } else {
    lines.push(...findingsTable(view.findings), '')
    lines.push(...pathsSection(findings))
    lines.push(...remediationSection(findings, rules))
  }

  const {failed, notEvaluated, notApplicable} = view
  if (failed.length > 0) {
    lines.push('#### Rules that failed', '', 'A bug in emr-access: these rules stopped with an error (the others ran). Please report it.', '')
    for (const outcome of failed) lines.push(`- **${mdText(outcome.ruleId)}** ${mdText(ruleTitle(rules, outcome.ruleId))} — ${mdText(outcome.reason ?? 'no reason given')}`)
    lines.push('')
  }
  if (notEvaluated.length > 0) {
    lines.push('#### Not evaluated', '')
    for (const outcome of notEvaluated) {
      lines.push(`- **${mdText(outcome.ruleId)}** ${mdText(ruleTitle(rules, outcome.ruleId))} — ${mdText(outcome.reason ?? 'no reason given')}`)
    }
    lines.push('')
  }
  if (notApplicable.length > 0) {
    // Folded: a count in the summary line, the rules and reasons inside.
    const n = notApplicable.length
    lines.push('<details>', `<summary>${n} rule${n === 1 ? '' : 's'} not applicable</summary>`, '')
    for (const outcome of notApplicable) lines.push(`- ${mdText(outcome.ruleId)}${outcome.reason ? ` — ${mdText(outcome.reason)}` : ''}`)
    lines.push('', '</details>', '')
  }

  lines.push(`**Summary:** ${view.summary.severity} · ${mdText(view.summary.status)}`, '')
  return lines
}

function overallTable(result: AuditResult): string[] {
  const header = ['Scope', ...SEVERITIES.map((s) => s[0]!.toUpperCase() + s.slice(1)), 'Passed', 'Not evaluated', 'Not applicable']
  const lines = [`| ${header.join(' | ')} |`, `| --- |${' ---: |'.repeat(header.length - 1)}`]
  const row = (label: string, scopes: ScopeResult[]) => {
    const c = countScopes(scopes, result.options.failOn)
    const cells = [label, ...SEVERITIES.map((s) => String(c.severity[s])), String(c.status.pass), String(c.status.not_evaluated), String(c.status.not_applicable)]
    return `| ${cells.join(' | ')} |`
  }
  for (const scope of result.scopes) lines.push(row(mdCell(scopeTitle(scope)), [scope]))
  lines.push(row('**Total**', result.scopes))
  return lines
}

export function renderMarkdown(unsafe: AuditResult, toolVersion: string): string {
  const result = safeDeep(unsafe, (path) => REPORT_MULTILINE.has(path))
  const rules = ruleLookup(result)
  const counts = countScopes(result.scopes, result.options.failOn)
  const failOn = result.options.failOn
  const meta = [`**Source:** ${mdCode(result.source)}`]
  if (result.region) meta.push(`**Region:** ${mdCode(result.region)}`)
  meta.push(`**Fail on:** ${failOn}`, `**Tool:** ${TOOL_NAME} ${mdText(toolVersion)}`)
  const verdict =
    counts.atOrAboveFailOn > 0
      ? `**${counts.atOrAboveFailOn} finding${counts.atOrAboveFailOn === 1 ? '' : 's'} at or above ${failOn}.**`
      : counts.status.not_evaluated > 0
        ? `No findings at or above ${failOn} among the rules evaluated; **${counts.status.not_evaluated} not evaluated** (see below).`
        : `No findings at or above ${failOn}.`

  const lines = [`# ${TOOL_NAME} audit report`, '', meta.join(' · '), '', verdict, '']
  if (result.scopes.length === 0) lines.push('No clusters or VPCs were found to audit.', '')
  for (const scope of result.scopes) lines.push(...scopeSection(scope, result, rules))

  lines.push('## Summary', '', ...overallTable(result), '')
  const summary = summaryParts(result.scopes, failOn)
  lines.push(`${summary.severity} · ${mdText(summary.status)}`)
  return lines.join('\n')
}
