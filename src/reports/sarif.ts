/**
 * SARIF 2.1.0 (OASIS): one run whose driver lists the rules, one result per finding, path hops as
 * a code flow, and rules that could not be evaluated as tool execution notifications.
 *
 * Findings are about cloud resources, not lines of source: each result has a logical location
 * (`aws://<region>/<vpc>/<resource>`) and, when the finding knows which snapshot file the
 * resource came from, a physical location naming that file. SARIF regions need line numbers,
 * which a JSON pointer is not, so the pointer goes in the location's `properties.jsonPointer`.
 */
import {pathToFileURL} from 'node:url'

import type {AuditResult, Finding, PathHop, RuleMeta, ScopeResult, Severity} from '../analysis/findings.js'
import {sarifTemplate} from '../analysis/messages.js'
import {TOOL_INFORMATION_URI, TOOL_NAME, countScopes, fenced, ruleTitle, ruleLookup, scopeFindings, scopeTitle, sortOutcomes, sortRules} from './common.js'
import {REPORT_MULTILINE, safeDeep} from './escape.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const SARIF_VERSION = '2.1.0'
/** The key of result.partialFingerprints. Bump the suffix if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'emrAccess/v1'
/** uriBaseId of artifact locations: paths are relative to the snapshot directory. */
export const SNAPSHOT_URI_BASE_ID = 'SNAPSHOT'

export type SarifLevel = 'error' | 'warning' | 'note' | 'none'

/** GitHub code scanning reads this (as a string) to bucket security results. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
}

export function sarifLevel(severity: Severity): SarifLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error'
    case 'medium':
      return 'warning'
    case 'low':
    case 'info':
      return 'note'
  }
}

/** `Security group allows SSH from anywhere` → `SecurityGroupAllowsSSHFromAnywhere`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** `aws://eu-west-1/vpc-0abc/sg-0123`; the VPC segment is dropped when unknown or the resource. */
export function resourceUri(region: string | undefined, vpcId: string | undefined, resourceId: string): string {
  const segments = [region ?? 'unknown-region']
  if (vpcId && vpcId !== resourceId) segments.push(vpcId)
  segments.push(resourceId)
  return `aws://${segments.map((s) => encodeURIComponent(s)).join('/')}`
}

function ruleHelp(rule: RuleMeta): {text: string; markdown: string} {
  const {summary, cli, cloudformation, terraform, console} = rule.remediation
  const text = [`Risk: ${rule.risk}`, summary]
  const markdown = [`**Risk.** ${rule.risk}`, `**Remediation.** ${summary}`]
  if (cli) {
    text.push(`AWS CLI:\n${cli.replace(/\n+$/, '')}`)
    markdown.push(`**AWS CLI**\n\n${fenced(cli, 'sh')}`)
  }
  if (cloudformation) {
    text.push(`CloudFormation:\n${cloudformation.replace(/\n+$/, '')}`)
    markdown.push(`**CloudFormation**\n\n${fenced(cloudformation, 'yaml')}`)
  }
  if (terraform) {
    text.push(`Terraform:\n${terraform.replace(/\n+$/, '')}`)
    markdown.push(`**Terraform**\n\n${fenced(terraform, 'hcl')}`)
  }
  if (console && console.length > 0) {
    text.push(`AWS console:\n${console.map((step, index) => `${index + 1}. ${step}`).join('\n')}`)
    markdown.push(`**AWS console**\n\n${console.map((step, index) => `${index + 1}. ${step}`).join('\n')}`)
  }
  text.push(`Documentation: ${rule.docs}`)
  markdown.push(`[AWS documentation](${rule.docs})`)
  return {text: text.join('\n\n'), markdown: markdown.join('\n\n')}
}

/** SARIF's messageStrings: the rule's templates with positional `{0}` parameters. */
function messageStrings(messages: Readonly<Record<string, string>>): Record<string, {text: string}> {
  return Object.fromEntries(Object.entries(messages).map(([id, template]) => [id, {text: sarifTemplate(template).text}]))
}

/** `{id, arguments, text}` when the finding names a template (code-scanning tools can re-render it), else `{text}`. */
function resultMessage(finding: Finding, rule: RuleMeta | undefined): Record<string, unknown> {
  const template = finding.messageId ? rule?.messages?.[finding.messageId] : undefined
  if (!template || !finding.messageId) return {text: finding.message}
  const data = finding.data ?? {}
  return {text: finding.message, id: finding.messageId, arguments: sarifTemplate(template).parameters.map((name) => String(data[name] ?? ''))}
}

function sarifRule(rule: RuleMeta) {
  return {
    id: rule.id,
    name: pascalCase(rule.title),
    shortDescription: {text: rule.title},
    fullDescription: {text: rule.description ?? rule.risk},
    ...(rule.messages ? {messageStrings: messageStrings(rule.messages)} : {}),
    defaultConfiguration: {level: sarifLevel(rule.severity)},
    helpUri: rule.docs,
    help: ruleHelp(rule),
    properties: {
      tags: ['security', 'aws', 'emr', 'network'],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      severity: rule.severity,
      topologies: rule.topologies === 'all' ? ['all'] : [...rule.topologies],
    },
  }
}

function hopMessage(hop: PathHop): string {
  return `${hop.component}: ${hop.detail}${hop.code ? ` [${hop.code}]` : ''}`
}

function threadFlowLocation(hop: PathHop) {
  const properties: Record<string, string> = {kind: hop.kind, verdict: hop.verdict}
  if (hop.direction) properties.direction = hop.direction
  if (hop.code) properties.explanationCode = hop.code
  return {
    location: {
      message: {text: hopMessage(hop)},
      logicalLocations: [{name: hop.component, kind: 'resource'}],
    },
    importance: hop.verdict === 'deny' ? 'essential' : hop.verdict === 'allow' ? 'important' : 'unimportant',
    properties,
  }
}

/**
 * Relative paths (the normal case: origins name files inside the snapshot) are URI references
 * against SNAPSHOT; an absolute path becomes a file: URI of its own.
 */
export function artifactLocation(file: string): {uri: string; uriBaseId?: string} {
  const slashed = file.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    return {uri: pathToFileURL(file).href}
  }
  // Each segment encoded whole: `#`, `?` and `%` in a file name are part of the path, not a
  // fragment, a query or an escape (encodeURI would leave them as they are).
  const relativeUri = slashed.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/')
  return {uri: relativeUri, uriBaseId: SNAPSHOT_URI_BASE_ID}
}

function sarifLocation(finding: Finding, scope: ScopeResult, region: string | undefined) {
  const vpcId = finding.vpcId ?? scope.vpcId
  const location: Record<string, unknown> = {}
  const declared = finding.origin?.location
  if (declared) {
    // Infrastructure code: the declaration's line, so code scanning annotates it in a pull request.
    const region = declared.line ? {region: {startLine: declared.line, ...(declared.column ? {startColumn: declared.column} : {})}} : {}
    location.physicalLocation = {artifactLocation: artifactLocation(declared.file), ...region}
  } else if (finding.origin) {
    location.physicalLocation = {artifactLocation: artifactLocation(finding.origin.file)}
  }
  location.logicalLocations = [
    {name: finding.resourceId, fullyQualifiedName: resourceUri(region, vpcId, finding.resourceId), kind: 'resource'},
    ...(declared?.address ? [{name: declared.address, fullyQualifiedName: declared.address, kind: 'resource'}] : []),
  ]
  if (finding.origin?.pointer) location.properties = {jsonPointer: finding.origin.pointer}
  return location
}

function sarifResult(finding: Finding, scope: ScopeResult, result: AuditResult, ruleIndex: Map<string, number>, rules: Map<string, RuleMeta>) {
  const out: Record<string, unknown> = {ruleId: finding.ruleId}
  const index = ruleIndex.get(finding.ruleId)
  if (index !== undefined) out.ruleIndex = index
  out.level = sarifLevel(finding.severity)
  out.message = resultMessage(finding, rules.get(finding.ruleId))
  out.locations = [sarifLocation(finding, scope, result.region)]
  out.partialFingerprints = {[FINGERPRINT_KEY]: finding.fingerprint}
  if (finding.hops && finding.hops.length > 0) {
    const codeFlow: Record<string, unknown> = {}
    if (finding.pathLabel) codeFlow.message = {text: finding.pathLabel}
    codeFlow.threadFlows = [{locations: finding.hops.map(threadFlowLocation)}]
    out.codeFlows = [codeFlow]
  }
  const properties: Record<string, unknown> = {severity: finding.severity, title: finding.title}
  if (finding.clusterId ?? scope.clusterId) properties.clusterId = finding.clusterId ?? scope.clusterId
  if (finding.vpcId ?? scope.vpcId) properties.vpcId = finding.vpcId ?? scope.vpcId
  if (finding.pathLabel) properties.path = finding.pathLabel
  if (finding.data) properties.data = finding.data
  if (finding.fix) properties.fix = finding.fix
  properties.scope = scopeTitle(scope)
  out.properties = properties
  return out
}

function notifications(result: AuditResult, ruleIndex: Map<string, number>) {
  const rules = ruleLookup(result)
  const out: Record<string, unknown>[] = []
  for (const scope of result.scopes) {
    for (const outcome of sortOutcomes(scope.outcomes)) {
      if (outcome.status !== 'not_evaluated' && outcome.status !== 'error') continue
      const rule = rules.get(outcome.ruleId)
      const serious = rule !== undefined && (rule.severity === 'critical' || rule.severity === 'high')
      const what = outcome.status === 'error' ? 'failed with an error' : 'was not evaluated'
      const descriptor: Record<string, unknown> = {id: outcome.ruleId}
      const index = ruleIndex.get(outcome.ruleId)
      const associatedRule: Record<string, unknown> = {id: outcome.ruleId}
      if (index !== undefined) associatedRule.index = index
      out.push({
        level: outcome.status === 'error' ? 'error' : serious ? 'warning' : 'note',
        message: {
          text: `${outcome.ruleId} ${ruleTitle(rules, outcome.ruleId)} ${what} for ${scopeTitle(scope)}: ${outcome.reason ?? 'no reason given'}`,
        },
        descriptor,
        associatedRule,
        properties: {
          status: outcome.status,
          reason: outcome.reason ?? '',
          ...(outcome.missing ? {missing: outcome.missing} : {}),
          ...(scope.clusterId ? {clusterId: scope.clusterId} : {}),
          ...(scope.vpcId ? {vpcId: scope.vpcId} : {}),
        },
      })
    }
  }
  return out
}

/** The SARIF log as a plain object (what renderSarif serializes). */
export function buildSarif(unsafe: AuditResult, toolVersion: string): Record<string, unknown> {
  // Code-scanning UIs show message text to people: control and bidi characters from the data made visible.
  const result = safeDeep(unsafe, (path) => REPORT_MULTILINE.has(path))
  const rules = sortRules(result.rules)
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]))
  const byId = ruleLookup(result)
  const results = result.scopes.flatMap((scope) => scopeFindings(scope).map((finding) => sarifResult(finding, scope, result, ruleIndex, byId)))
  const ruleFailed = result.scopes.some((scope) => scope.outcomes.some((outcome) => outcome.status === 'error'))
  const counts = countScopes(result.scopes, result.options.failOn)
  const runProperties: Record<string, unknown> = {source: result.source}
  if (result.region) runProperties.region = result.region
  runProperties.failOn = result.options.failOn
  runProperties.outcomes = counts.status
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            informationUri: TOOL_INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [{executionSuccessful: !ruleFailed, toolExecutionNotifications: notifications(result, ruleIndex)}],
        originalUriBaseIds: {
          [SNAPSHOT_URI_BASE_ID]: {description: {text: `The snapshot the audit read: ${result.source}`}},
        },
        results,
        properties: runProperties,
      },
    ],
  }
}

/** Pretty-printed (2 spaces), no trailing newline. */
export function renderSarif(result: AuditResult, toolVersion: string): string {
  return JSON.stringify(buildSarif(result, toolVersion), null, 2)
}
