/**
 * Helpers shared by every report format: deterministic ordering, counting, rule look-up and the
 * words used for how a scope's topology was decided. Pure functions over the AuditResult.
 */
import type {Origin} from '../model/types.js'
import {
  SEVERITIES,
  meetsFailOn,
  type FailOn,
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
  return {pass: 0, fail: 0, not_evaluated: 0, not_applicable: 0, error: 0}
}

export function countScopes(scopes: readonly ScopeResult[], failOn: FailOn): Counts {
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
        if (meetsFailOn(finding.severity, failOn)) atOrAboveFailOn += 1
      }
    }
  }
  const highestSeverity = SEVERITIES.find((s) => severity[s] > 0)
  return {severity, status, findings, highestSeverity, atOrAboveFailOn}
}

export function countScope(scope: ScopeResult, failOn: FailOn): Counts {
  return countScopes([scope], failOn)
}

/** `1 critical, 2 high, 0 medium, 0 low, 0 info`. */
export function severityCountsText(counts: SeverityCounts): string {
  return SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')
}

/**
 * `12 passed, 1 not evaluated (1 × missing: ec2-describe-network-acls.json), 2 not applicable`:
 * with the scopes, why rules were not evaluated, grouped by the missing file or permission.
 */
export function statusCountsText(counts: StatusCounts, scopes?: readonly ScopeResult[]): string {
  const why = scopes && counts.not_evaluated > 0 ? ` (${notEvaluatedText(scopes)})` : ''
  // A rule that failed is news only when it happens: the line keeps its usual shape otherwise.
  const errors = counts.error > 0 ? `, ${counts.error} failed with an error` : ''
  return `${counts.pass} passed, ${counts.not_evaluated} not evaluated${why}, ${counts.not_applicable} not applicable${errors}`
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

export function originText(origin: Origin): string {
  const declared = origin.location
  if (declared)
    return `${declared.file}${declared.line !== undefined ? `:${declared.line}${declared.column !== undefined ? `:${declared.column}` : ''}` : ''}${declared.address ? ` (${declared.address})` : ''}`
  return origin.pointer ? `${origin.file}#${origin.pointer}` : origin.file
}

/** A fence longer than any backtick run in the code, so snippets cannot close it early. */
export function fenced(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`
}

export interface NotEvaluatedGroup {
  /** Exactly as the rules report it, e.g. `missing: ec2-describe-network-acls.json`. */
  reason: string
  /** Rule outcomes (rule × scope) not evaluated for this reason. */
  count: number
}

/** Not-evaluated outcomes grouped by reason (the missing file or permission, named exactly), most first. */
export function notEvaluatedGroups(scopes: readonly ScopeResult[]): NotEvaluatedGroup[] {
  const counts = new Map<string, number>()
  for (const scope of scopes) {
    for (const outcome of scope.outcomes) {
      if (outcome.status !== 'not_evaluated') continue
      const reason = outcome.reason ?? 'no reason given'
      counts.set(reason, (counts.get(reason) ?? 0) + 1)
    }
  }
  return [...counts].map(([reason, count]) => ({reason, count})).sort((a, b) => b.count - a.count || compareStrings(a.reason, b.reason))
}

/** Why rules were not evaluated: `9 × missing: ec2-describe-route-tables.json; 3 × missing: …` ('' when none). */
export function notEvaluatedText(scopes: readonly ScopeResult[]): string {
  return notEvaluatedGroups(scopes)
    .map((group) => `${group.count} × ${group.reason}`)
    .join('; ')
}

/**
 * Findings of one scope that point at the same data (resource and origin: the same security group
 * rule, say EMRA-040 "open to the world" and EMRA-041 "SSH open to the world" on one 0.0.0.0/0:22
 * entry): each later finding mapped to the first (worst, then rule id), so reports can
 * cross-reference them — one fix resolves both. Findings without an origin are never merged.
 */
export function duplicateFindings(sorted: readonly Finding[]): Map<Finding, Finding> {
  const first = new Map<string, Finding>()
  const duplicates = new Map<Finding, Finding>()
  for (const finding of sorted) {
    if (!finding.origin) continue
    const key = `${finding.resourceId}\u0000${finding.origin.file}\u0000${finding.origin.pointer}`
    const seen = first.get(key)
    if (seen && seen.ruleId !== finding.ruleId) duplicates.set(finding, seen)
    else if (!seen) first.set(key, finding)
  }
  return duplicates
}

/** Severity counts and rule status counts (with why rules were not evaluated): the two parts of a summary line. */
export function summaryParts(scopes: readonly ScopeResult[], failOn: FailOn): {severity: string; status: string} {
  const counts = countScopes(scopes, failOn)
  return {severity: severityCountsText(counts.severity), status: statusCountsText(counts.status, scopes)}
}

/** A finding as the human reports show it: with the finding it repeats (above) and those that repeat it (below). */
export interface FindingView {
  finding: Finding
  sameAs?: Finding
  repeatedBy: Finding[]
}

/** One scope as the human reports (table, Markdown) lay it out. */
export interface ScopeView {
  title: string
  topology: string
  /** Worst first. */
  findings: FindingView[]
  /** Outcomes by status, each in rule id order. */
  failed: RuleOutcome[]
  notEvaluated: RuleOutcome[]
  notApplicable: RuleOutcome[]
  summary: {severity: string; status: string}
}

export function scopeView(scope: ScopeResult, failOn: FailOn): ScopeView {
  const findings = scopeFindings(scope)
  const duplicates = duplicateFindings(findings)
  const outcomes = sortOutcomes(scope.outcomes)
  const withStatus = (status: RuleStatus) => outcomes.filter((outcome) => outcome.status === status)
  return {
    title: scopeTitle(scope),
    topology: describeTopology(scope.topology),
    findings: findings.map((finding) => ({finding, sameAs: duplicates.get(finding), repeatedBy: findings.filter((other) => duplicates.get(other) === finding)})),
    failed: withStatus('error'),
    notEvaluated: withStatus('not_evaluated'),
    notApplicable: withStatus('not_applicable'),
    summary: summaryParts([scope], failOn),
  }
}
