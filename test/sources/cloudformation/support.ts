/** Reference templates, mutated as text the way a pull request would change them, and audited in-process. */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'vitest'
import {runAudit} from '../../../src/analysis/audit/run-audit.js'
import type {AuditResult, Finding, Topology} from '../../../src/analysis/findings.js'
import {ALL_RULES} from '../../../src/analysis/rules/index.js'
import {loadTemplate} from '../../../src/sources/cloudformation/index.js'
import {locateFindings} from '../../../src/sources/cloudformation/locate.js'

export const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/cloudformation/', import.meta.url))
export type TemplateName = 'public' | 'private-bastion' | 'vpn'
export const templateFile = (name: TemplateName): string => `${TEMPLATE_DIR}${name}.yaml`
export const templateText = (name: TemplateName): string => readFileSync(templateFile(name), 'utf8')

export const ADMIN_CIDR = '203.0.113.0/24'
export const ONPREM_CIDR = '192.168.10.0/24'
export const REGION = 'us-east-1'

/** Parameters and audit options that make each reference template its own topology, cluster included. */
export const REFERENCE: Record<TemplateName, {topology: Topology; parameters: string[]; adminCidrs: string[]; onpremCidrs: string[]}> = {
  public: {topology: 'public', parameters: [`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true'], adminCidrs: [ADMIN_CIDR], onpremCidrs: []},
  'private-bastion': {topology: 'private', parameters: [`AdminCidr=${ADMIN_CIDR}`, 'CreateCluster=true'], adminCidrs: [ADMIN_CIDR], onpremCidrs: []},
  vpn: {topology: 'vpn', parameters: [`OnPremCidr=${ONPREM_CIDR}`, 'CustomerGatewayIp=198.51.100.7', 'CreateCluster=true'], adminCidrs: [], onpremCidrs: [ONPREM_CIDR]},
}

/** The CLI flags for the same audit. */
export function referenceFlags(name: TemplateName): string[] {
  const reference = REFERENCE[name]
  return [
    '--region',
    REGION,
    '--topology',
    reference.topology,
    ...reference.parameters.flatMap((parameter) => ['--parameter', parameter]),
    ...reference.adminCidrs.flatMap((cidr) => ['--admin-cidr', cidr]),
    ...reference.onpremCidrs.flatMap((cidr) => ['--onprem-cidr', cidr]),
  ]
}

/** `Key=Value` texts as a parameter map. */
export function parametersOf(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)]))
}

export function auditTemplate(file: string, name: TemplateName): AuditResult {
  const reference = REFERENCE[name]
  const {model} = loadTemplate(file, {parameters: parametersOf(reference.parameters), region: REGION})
  const result = runAudit(model, ALL_RULES, {topology: reference.topology, adminCidrs: reference.adminCidrs, onpremCidrs: reference.onpremCidrs, failOn: 'high'})
  locateFindings(result, model)
  return result
}

export function findingsOf(result: AuditResult): Finding[] {
  return result.scopes.flatMap((scope) => scope.outcomes.flatMap((outcome) => outcome.findings))
}

/** 1-based line of the first line of `text` that is exactly `line` (after the indentation given in it). */
export function lineOf(text: string, line: string): number {
  const index = text.split('\n').indexOf(line)
  expect(index, `line ${JSON.stringify(line)} in the template`).toBeGreaterThanOrEqual(0)
  return index + 1
}

/** `text` with `from` replaced once, after checking it is there exactly once. */
export function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `${JSON.stringify(from)} occurs once`).toBe(1)
  return text.replace(from, to)
}

/** `text` without resource `name` (its block at two-space indentation) and without DependsOn naming it. */
export function dropResource(text: string, name: string): string {
  const lines = text.split('\n')
  const start = lines.indexOf(`  ${name}:`)
  expect(start, `resource ${name}`).toBeGreaterThan(0)
  let end = start + 1
  while (end < lines.length && (lines[end] === '' || lines[end]!.startsWith('    ') || lines[end]!.startsWith('  #'))) end++
  const kept = [...lines.slice(0, start), ...lines.slice(end)].join('\n')
  return kept
    .replace(new RegExp(`^\\s*DependsOn: ${name}\\n`, 'gm'), '')
    .replace(new RegExp(`(DependsOn: \\[[^\\]]*?)\\b${name}\\b,\\s*`, 's'), '$1')
    .replace(new RegExp(`(DependsOn: \\[[^\\]]*?),\\s*${name}\\b`, 's'), '$1')
}

export function writeMutant(text: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'emr-access-cfn-'))
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}
