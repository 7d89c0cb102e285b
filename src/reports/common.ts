/**
 * Helpers shared by every report format: deterministic ordering, counting, rule look-up and the
 * words used for how a scope's topology was decided. Pure functions over the AuditResult.
 */
import {
  SEVERITIES,
  atOrAbove,
  severityRank,
  type AuditResult,
  type Finding,
  type RuleMeta,
  type RuleOutcome,
  type RuleStatus,
  type ScopeResult,
  type Severity,
} from '../analysis/findings.js'

export const TOOL_NAME = 'emr-access'
/** Where people read about the tool (the SARIF driver's informationUri). */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/emr-access'

/** Code-unit order, independent of the locale (localeCompare is not). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Worst first, then rule id, resource, path and fingerprint: a total, locale-free order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.resourceId, b.resourceId) ||
    compareStrings(a.pathLabel ?? '', b.pathLabel ?? '') ||
    compareStrings(a.fingerprint, b.fingerprint)
  )
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings)
}

/** The findings of one scope, from every outcome, sorted. */
export function scopeFindings(scope: ScopeResult): Finding[] {
  return sortFindings(scope.outcomes.flatMap((outcome) => outcome.findings))
}

export function sortOutcomes(outcomes: readonly RuleOutcome[]): RuleOutcome[] {
  return [...outcomes].sort((a, b) => compareStrings(a.ruleId, b.ruleId))
}

export function sortRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules].sort((a, b) => compareStrings(a.id, b.id))
}

export function ruleLookup(result: AuditResult): Map<string, RuleMeta> {
  return new Map(result.rules.map((rule) => [rule.id, rule]))
}

export type SeverityCounts = Record<Severity, number>
export type StatusCounts = Record<RuleStatus, number>

export interface Counts {
  severity: SeverityCounts
  status: StatusCounts
  findings: number
  highestSeverity?: Severity
  /** Findings at or above options.failOn. */
  atOrAboveFailOn: number
}

function emptySeverityCounts(): SeverityCounts {
  return {critical: 0, high: 0, medium: 0, low: 0, info: 0}
}

function emptyStatusCounts(): StatusCounts {
  return {pass: 0, fail: 0, not_evaluated: 0, not_applicable: 0}
}

export function countScopes(scopes: readonly ScopeResult[], failOn: Severity): Counts {
  const severity = emptySeverityCounts()
  const status = emptyStatusCounts()
  let findings = 0
  let atOrAboveFailOn = 0
  for (const scope of scopes) {
    for (const outcome of scope.outcomes) {
      status[outcome.status] += 1
      for (const finding of outcome.findings) {
        severity[finding.severity] += 1
        findings += 1
        if (atOrAbove(finding.severity, failOn)) atOrAboveFailOn += 1
      }
    }
  }
  const highestSeverity = SEVERITIES.find((s) => severity[s] > 0)
  return {severity, status, findings, highestSeverity, atOrAboveFailOn}
}

export function countScope(scope: ScopeResult, failOn: Severity): Counts {
  return countScopes([scope], failOn)
}

/** `1 critical, 2 high, 0 medium, 0 low, 0 info`. */
export function severityCountsText(counts: SeverityCounts): string {
  return SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')
}

/** `12 passed, 1 not evaluated, 2 not applicable`. */
export function statusCountsText(counts: StatusCounts): string {
  return `${counts.pass} passed, ${counts.not_evaluated} not evaluated, ${counts.not_applicable} not applicable`
}

/**
 * The topology rules were judged against and how it was decided, e.g.
 * `private (classified: cluster subnet's route table sends 0.0.0.0/0 to nat-0abc)` or
 * `public (declared; data suggests private: …)`.
 */
export function describeTopology(topology: ScopeResult['topology']): string {
  const {used, declared, classified, reason} = topology
  const because = reason ? `: ${reason}` : ''
  if (declared === 'auto') {
    if (classified) return `${used} (classified${because || ': from the network data'})`
    return `${used} (auto: could not be classified${because}; assumed)`
  }
  if (classified && classified !== declared) return `${used} (declared; data suggests ${classified}${because})`
  if (classified) return `${used} (declared; data agrees)`
  return `${used} (declared)`
}

/** `Cluster j-123 "name"` or `VPC vpc-123 (no EMR cluster)`. */
export function scopeTitle(scope: ScopeResult): string {
  if (scope.kind === 'cluster') {
    const id = scope.clusterId ?? 'unknown cluster'
    return scope.clusterName ? `Cluster ${id} "${scope.clusterName}"` : `Cluster ${id}`
  }
  return `VPC ${scope.vpcId ?? 'unknown'} (no EMR cluster)`
}

/** `rule title` when the rule is in the catalogue, else the id alone. */
export function ruleTitle(rules: Map<string, RuleMeta>, ruleId: string): string {
  return rules.get(ruleId)?.title ?? ruleId
}

export function originText(origin: {file: string; pointer: string}): string {
  return origin.pointer ? `${origin.file}#${origin.pointer}` : origin.file
}

/** A fence longer than any backtick run in the code, so snippets cannot close it early. */
export function fenced(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`
}
