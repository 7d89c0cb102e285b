/**
 * The stable machine format (schemaVersion 1.1; 1.1 added message ids and data, filled fixes,
 * structured missing data, the error status and rule texts to 1.0). Field by field in
 * docs/audit-report.md; JSON Schema in docs/schema/audit-report-1.1.schema.json. Objects are built key by key so the key
 * order is fixed; arrays are sorted (scopes keep their order, rules and outcomes by id, findings
 * worst first). Optional fields are omitted when unknown, never null.
 */
import type {MessageData} from '../analysis/messages.js'
import type {AuditResult, FailOn, FilledRemediation, Finding, MissingData, Remediation, PathHop, RuleOutcome, RuleStatus, ScopeResult, Severity, Topology} from '../analysis/findings.js'
import {TOOL_NAME, countScope, countScopes, scopeFindings, sortOutcomes, sortRules, type Counts, type SeverityCounts, type StatusCounts} from './common.js'
import type {SourceLocation} from '../model/types.js'

export const AUDIT_REPORT_SCHEMA_VERSION = '1.1'

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
  /** The template id in the rule's `messages` (absent only for findings without one). */
  messageId?: string
  /** The template's parameters: ids, ports and CIDRs, as data. */
  data?: MessageData
  message: string
  resourceId: string
  clusterId?: string
  vpcId?: string
  pathLabel?: string
  hops?: JsonPathHop[]
  origin?: {file: string; pointer: string; location?: SourceLocation}
  /** The rule's remediation with this finding's values filled in. */
  fix?: FilledRemediation
  fingerprint: string
}

export interface JsonOutcome {
  ruleId: string
  status: RuleStatus
  reason?: string
  /** not_evaluated for lack of data: the dataset, its AWS action, and why the source lacks it. */
  missing?: MissingData
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
  description?: string
  risk: string
  /** Message templates by id, `{{name}}` parameters filled from a finding's data. */
  messages?: Record<string, string>
  /** Templates over a finding's data and the audit's inputs. */
  remediation: Remediation
  docs: string
  needs: string[]
}

export interface AuditReportJson {
  schemaVersion: typeof AUDIT_REPORT_SCHEMA_VERSION
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
  const out = {ruleId: finding.ruleId, severity: finding.severity, title: finding.title} as JsonFinding
  put(out, 'messageId', finding.messageId)
  if (finding.data) out.data = {...finding.data}
  out.message = finding.message
  out.resourceId = finding.resourceId
  put(out, 'clusterId', finding.clusterId)
  put(out, 'vpcId', finding.vpcId)
  put(out, 'pathLabel', finding.pathLabel)
  if (finding.hops) out.hops = finding.hops.map(hopJson)
  if (finding.origin) out.origin = {file: finding.origin.file, pointer: finding.origin.pointer, ...(finding.origin.location ? {location: {...finding.origin.location}} : {})}
  if (finding.fix) out.fix = finding.fix
  out.fingerprint = finding.fingerprint
  return out
}

function outcomeJson(outcome: RuleOutcome): JsonOutcome {
  const out = {ruleId: outcome.ruleId, status: outcome.status} as JsonOutcome
  put(out, 'reason', outcome.reason)
  put(out, 'missing', outcome.missing)
  out.findingCount = outcome.findings.length
  return out
}

function remediationJson(remediation: Remediation): Remediation {
  const out: Remediation = {summary: remediation.summary}
  put(out, 'cli', remediation.cli)
  put(out, 'cloudformation', remediation.cloudformation)
  put(out, 'terraform', remediation.terraform)
  if (remediation.console) out.console = [...remediation.console]
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
      error: status.error,
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
    ...(rule.description ? {description: rule.description} : {}),
    risk: rule.risk,
    ...(rule.messages ? {messages: {...rule.messages}} : {}),
    remediation: remediationJson(rule.remediation),
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
