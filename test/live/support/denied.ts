/**
 * What a live audit with one IAM action denied must say, checked on its `--json` report against an
 * audit of the same data with every action granted (the baseline): shared by the moto_server test
 * (test/live/denied-permissions.test.ts) and the mocked-SDK one (test/live/mocked-cli.test.ts).
 */
import {expect} from 'vitest'
import {ALL_RULES} from '../../../src/analysis/rules/index.js'
import type {Topology} from '../../../src/analysis/findings.js'
import {DATASETS, type DatasetKey} from '../../../src/model/datasets.js'
import {collectorActions} from '../../../src/sources/live/operations.js'
import type {CliResult} from '../../support/cli.js'

export interface Outcome {
  ruleId: string
  status: string
  reason?: string
  missing?: {dataset: DatasetKey; action: string; resource?: string; absence: {cause: string; action?: string}}
}

export interface AuditReport {
  missingPermissions?: string[]
  rules: {id: string; needs: DatasetKey[]}[]
  scopes: {outcomes: Outcome[]}[]
  summary: {atOrAboveFailOn: number; outcomes: {not_evaluated: number}}
}

/** Every IAM action the collector calls (the list templates/iam/ is checked against). */
export const COLLECTOR_ACTIONS = collectorActions()

/**
 * moto 5.2.1 answers an IAM denial on every service with an XML `ErrorResponse`; EMR and SSM speak
 * JSON, so the SDK cannot parse it (`SyntaxError: Unexpected token '<'`) where AWS sends
 * `{"__type": "AccessDeniedException"}`. Their denials are mocked (mocked-cli.test.ts) instead.
 */
export const motoCanDeny = (action: string): boolean => !/^(elasticmapreduce|ssm):/.test(action)

/**
 * Without these the collector cannot place `--cluster` in a VPC: a denial is an AWS error nothing can
 * be collected through (README, exit codes: 2, one line naming the permission). With `--vpc` as well,
 * the audit goes on without them.
 */
export const NEEDED_TO_PLACE_THE_CLUSTER: ReadonlySet<string> = new Set(['elasticmapreduce:DescribeCluster', 'ec2:DescribeSubnets'])

/** The dataset an IAM action fills: one each. */
export function datasetOf(action: string): DatasetKey {
  const keys = (Object.keys(DATASETS) as DatasetKey[]).filter((key) => DATASETS[key].action === action)
  expect(keys, action).toHaveLength(1)
  return keys[0]!
}

/** The topology (of `candidates`, in order of preference) where the most rules that need the dataset apply. */
export function topologyFor(dataset: DatasetKey, candidates: readonly Topology[]): {topology: Topology; rules: number} {
  const applying = (topology: Topology) => ALL_RULES.filter((rule) => rule.meta.needs.includes(dataset) && (rule.meta.topologies === 'all' || rule.meta.topologies.includes(topology))).length
  return candidates.map((topology) => ({topology, rules: applying(topology)})).reduce((best, next) => (next.rules > best.rules ? next : best))
}

export function parseReport(result: CliResult): AuditReport {
  expect(result.stdout, result.stderr).not.toBe('')
  return JSON.parse(result.stdout) as AuditReport
}

const notEvaluated = (report: AuditReport): Outcome[] => report.scopes.flatMap((scope) => scope.outcomes).filter((outcome) => outcome.status === 'not_evaluated')

const SNAPSHOT_NAMES = Object.values(DATASETS).map((spec) => spec.baseName)

/** Live, no reason speaks of files or names a snapshot file. */
export function expectNoFileTalk(report: AuditReport): void {
  for (const outcome of report.scopes.flatMap((scope) => scope.outcomes)) {
    expect(outcome.reason ?? '', outcome.ruleId).not.toMatch(/\bfiles?\b|\.json\b/i)
    for (const name of SNAPSHOT_NAMES) expect(outcome.reason ?? '', outcome.ruleId).not.toContain(name)
  }
}

/** With every action granted, no rule lacks data for want of a permission. */
export function expectBaseline(report: AuditReport): void {
  expect(report.missingPermissions).toEqual([])
  for (const outcome of notEvaluated(report)) {
    expect(outcome.reason ?? '', outcome.ruleId).not.toMatch(/missing permission/)
    expect(outcome.missing?.absence.cause, outcome.ruleId).not.toBe('permission-denied')
  }
  expectNoFileTalk(report)
}

/**
 * The report of an audit run with `--fail-on-not-evaluated` and `action` denied, its exit code, and the
 * baseline: returns how many rules were not evaluated for the permission.
 */
export function expectDeniedNamed(action: string, result: CliResult, baseline: AuditReport): number {
  const report = parseReport(result)
  const dataset = datasetOf(action)
  expect(report.missingPermissions, result.stderr).toEqual([action])
  const before = new Map(baseline.scopes.flatMap((scope) => scope.outcomes).map((outcome) => [outcome.ruleId, outcome]))
  // Every rule that lacks data now and did not before (or for another reason) lacks it for this permission.
  const changed = notEvaluated(report).filter((outcome) => before.get(outcome.ruleId)?.reason !== outcome.reason)
  for (const outcome of changed) {
    expect(outcome.reason, outcome.ruleId).toMatch(new RegExp(`missing permission: ${action}\\b`))
    // A path rule may say what it could not check in its own words ("… → primary: unknown: missing permission: …"); a dataset stop carries `missing`.
    if (outcome.missing) expect(outcome.missing.absence, outcome.ruleId).toMatchObject({cause: 'permission-denied', action})
  }
  // The rules that lack the action's own dataset name it in the reason and in `missing.action`.
  for (const outcome of notEvaluated(report).filter((candidate) => candidate.missing?.dataset === dataset)) {
    expect(outcome.reason, outcome.ruleId).toMatch(new RegExp(`^missing permission: ${action}\\b`))
    expect(outcome.missing!.action, outcome.ruleId).toBe(action)
  }
  // Every rule that needs the dataset and applies is not evaluated (not passed on half the data).
  const outcomes = new Map(report.scopes.flatMap((scope) => scope.outcomes).map((outcome) => [outcome.ruleId, outcome]))
  for (const rule of report.rules.filter((candidate) => candidate.needs.includes(dataset))) {
    const outcome = outcomes.get(rule.id)
    if (outcome?.status !== 'not_applicable') expect(outcome?.status, rule.id).toBe('not_evaluated')
  }
  expectNoFileTalk(report)
  // README, exit codes: 1 when a finding reaches --fail-on, else 4 (--fail-on-not-evaluated) when a rule was not evaluated.
  const expected = report.summary.atOrAboveFailOn > 0 ? 1 : report.summary.outcomes.not_evaluated > 0 ? 4 : 0
  expect(result.code, result.stderr).toBe(expected)
  return changed.length
}
