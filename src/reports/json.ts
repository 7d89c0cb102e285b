/**
 * The stable machine format (schemaVersion 1.0). Field by field in docs/audit-report.md; JSON
 * Schema in docs/schema/audit-report-1.0.schema.json. Objects are built key by key so the key
 * order is fixed; arrays are sorted (scopes keep their order, rules and outcomes by id, findings
 * worst first). Optional fields are omitted when unknown, never null.
 */
import type {
  AuditResult,
  FailOn,
  Finding,
  PathHop,
  RuleOutcome,
  RuleStatus,
  ScopeResult,
  Severity,
  Topology,
} from '../analysis/findings.js'
import {
  TOOL_NAME,
  countScope,
  countScopes,
  scopeFindings,
  sortOutcomes,
  sortRules,
  type Counts,
  type SeverityCounts,
  type StatusCounts,
} from './common.js'
import type {SourceLocation} from '../model/types.js'

export const AUDIT_REPORT_SCHEMA_VERSION = '1.0'

export interface JsonPathHop {
  component: string
  kind: string
  direction?: 'outbound' | 'inbound' | 'return'
  verdict: 'allow' | 'deny' | 'info'
  detail: string
  code?: string
}

export interface JsonFinding {
  ruleId: string
  severity: Severity
  title: string
  message: string
  resourceId: string
  clusterId?: string
  vpcId?: string
  pathLabel?: string
  hops?: JsonPathHop[]
  origin?: {file: string; pointer: string; location?: SourceLocation}
  fingerprint: string
}

export interface JsonOutcome {
  ruleId: string
  status: RuleStatus
  reason?: string
  findingCount: number
}

export interface JsonSummary {
  findings: {total: number} & SeverityCounts
  outcomes: StatusCounts
  highestSeverity: Severity | null
  failOn: FailOn
  atOrAboveFailOn: number
}

export interface JsonScope {
  kind: 'cluster' | 'vpc'
  clusterId?: string
  clusterName?: string
  vpcId?: string
  subnetId?: string
  topology: {used: Topology; declared: Topology | 'auto'; classified?: Topology; reason?: string}
  outcomes: JsonOutcome[]
  findings: JsonFinding[]
  summary: JsonSummary
}

export interface JsonRule {
  id: string
  title: string
  severity: Severity
  topologies: Topology[] | 'all'
  docs: string
  needs: string[]
}

export interface AuditReportJson {
  schemaVersion: '1.0'
  tool: {name: string; version: string}
  source: string
  region?: string
  options: {failOn: FailOn; adminCidrs: string[]; onpremCidrs: string[]; bastion?: string}
  rules: JsonRule[]
  scopes: JsonScope[]
  summary: JsonSummary & {scopes: number}
  /** Live audits only: IAM actions that were denied, sorted. */
  missingPermissions?: string[]
}

/** Copies `value` into `target[key]` only when it is set: optional means omitted, never null. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

function hopJson(hop: PathHop): JsonPathHop {
  const out: JsonPathHop = {component: hop.component, kind: hop.kind} as JsonPathHop
  put(out, 'direction', hop.direction)
  out.verdict = hop.verdict
  out.detail = hop.detail
  put(out, 'code', hop.code)
  return out
}

export function findingJson(finding: Finding): JsonFinding {
  const out = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    message: finding.message,
    resourceId: finding.resourceId,
  } as JsonFinding
  put(out, 'clusterId', finding.clusterId)
  put(out, 'vpcId', finding.vpcId)
  put(out, 'pathLabel', finding.pathLabel)
  if (finding.hops) out.hops = finding.hops.map(hopJson)
  if (finding.origin) out.origin = {file: finding.origin.file, pointer: finding.origin.pointer, ...(finding.origin.location ? {location: {...finding.origin.location}} : {})}
  out.fingerprint = finding.fingerprint
  return out
}

function outcomeJson(outcome: RuleOutcome): JsonOutcome {
  const out = {ruleId: outcome.ruleId, status: outcome.status} as JsonOutcome
  put(out, 'reason', outcome.reason)
  out.findingCount = outcome.findings.length
  return out
}

function summaryJson(counts: Counts, failOn: FailOn): JsonSummary {
  const {severity, status} = counts
  return {
    findings: {
      total: counts.findings,
      critical: severity.critical,
      high: severity.high,
      medium: severity.medium,
      low: severity.low,
      info: severity.info,
    },
    outcomes: {
      pass: status.pass,
      fail: status.fail,
      not_evaluated: status.not_evaluated,
      not_applicable: status.not_applicable,
    },
    highestSeverity: counts.highestSeverity ?? null,
    failOn,
    atOrAboveFailOn: counts.atOrAboveFailOn,
  }
}

function scopeJson(scope: ScopeResult, failOn: FailOn): JsonScope {
  const out = {kind: scope.kind} as JsonScope
  put(out, 'clusterId', scope.clusterId)
  put(out, 'clusterName', scope.clusterName)
  put(out, 'vpcId', scope.vpcId)
  put(out, 'subnetId', scope.subnetId)
  const topology = {used: scope.topology.used, declared: scope.topology.declared} as JsonScope['topology']
  put(topology, 'classified', scope.topology.classified)
  put(topology, 'reason', scope.topology.reason)
  out.topology = topology
  out.outcomes = sortOutcomes(scope.outcomes).map(outcomeJson)
  out.findings = scopeFindings(scope).map(findingJson)
  out.summary = summaryJson(countScope(scope, failOn), failOn)
  return out
}

/** The report as a plain object (what renderJson serializes). */
export function buildAuditReport(result: AuditResult, toolVersion: string): AuditReportJson {
  const failOn = result.options.failOn
  const out = {
    schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
    tool: {name: TOOL_NAME, version: toolVersion},
    source: result.source,
  } as AuditReportJson
  put(out, 'region', result.region)
  const options = {failOn, adminCidrs: [...result.options.adminCidrs], onpremCidrs: [...result.options.onpremCidrs]} as AuditReportJson['options']
  put(options, 'bastion', result.options.bastion)
  out.options = options
  out.rules = sortRules(result.rules).map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    topologies: rule.topologies === 'all' ? 'all' : [...rule.topologies],
    docs: rule.docs,
    needs: [...rule.needs],
  }))
  out.scopes = result.scopes.map((scope) => scopeJson(scope, failOn))
  out.summary = {scopes: result.scopes.length, ...summaryJson(countScopes(result.scopes, failOn), failOn)}
  if (result.missingPermissions) out.missingPermissions = [...result.missingPermissions].sort()
  return out
}

/** Pretty-printed (2 spaces), no trailing newline. */
export function renderJson(result: AuditResult, toolVersion: string): string {
  return JSON.stringify(buildAuditReport(result, toolVersion), null, 2)
}
