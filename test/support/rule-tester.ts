/**
 * ESLint-style rule tester: each rule gets `valid` cases (the rule passes), `invalid` cases (it
 * fails with exactly the listed findings) and optionally `notEvaluated` / `notApplicable` cases.
 * Cases are snapshots in the public AWS CLI JSON format, loaded through the real snapshot parser.
 */
import {describe, expect, it} from 'vitest'
import type {Severity, Topology} from '../../src/analysis/findings.js'
import {runAudit, type AuditOptions} from '../../src/analysis/audit/run-audit.js'
import type {Rule} from '../../src/analysis/rules/rule.js'
import {DATASETS, type DatasetKey} from '../../src/model/datasets.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import type {Snapshot} from './topologies.js'

export interface RuleCase {
  name: string
  snapshot: Snapshot
  topology?: Topology | 'auto'
  options?: Partial<AuditOptions>
}

/** What a finding must be, ESLint-style: its message id and (a subset of) its data, checked exactly. */
export interface ExpectedFinding {
  messageId?: string
  /** Each listed parameter must equal the finding's; unlisted ones are not checked. */
  data?: Record<string, string | number>
  resourceId?: string
  /** The rendered text contains this (or matches it): for wording that matters to people. */
  message?: string | RegExp
  severity?: Severity
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[]
}

export interface StoppedCase extends RuleCase {
  reason: string | RegExp
  /** The dataset the outcome's `missing` record names, when the stop is for absent data. */
  dataset?: DatasetKey
}

export function auditWith(rule: Rule, testCase: RuleCase) {
  const model = assembleModel(documentsFromObject(structuredClone(testCase.snapshot), 'test-snapshot.json'))
  const result = runAudit(model, [rule], {
    topology: testCase.topology ?? 'auto',
    adminCidrs: [],
    onpremCidrs: [],
    failOn: 'high',
    ...testCase.options,
  })
  const scope = result.scopes[0]!
  return {outcome: scope.outcomes[0]!, scope}
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual.includes(expected) : expected.test(actual)
}

/** A copy of the snapshot without the dataset's documents (the whole call, or every per-resource call). */
function withoutDataset(snapshot: Snapshot, dataset: DatasetKey): Snapshot {
  const base = DATASETS[dataset].baseName
  const copy = structuredClone(snapshot)
  for (const key of Object.keys(copy)) if (key === base || key === `${base}.json` || key.startsWith(`${base}-`)) delete copy[key]
  return copy
}

export function testRule(rule: Rule, cases: {valid: RuleCase[]; invalid: InvalidCase[]; notEvaluated?: StoppedCase[]; notApplicable?: StoppedCase[]}): void {
  describe(`${rule.meta.id} ${rule.meta.title}`, () => {
    it('has complete metadata', () => {
      expect(rule.meta.id).toMatch(/^EMRA-\d{3}$/)
      expect(rule.meta.risk.length).toBeGreaterThan(20)
      expect(rule.meta.remediation.summary.length).toBeGreaterThan(10)
      expect(rule.meta.remediation.cli ?? rule.meta.remediation.cloudformation).toBeTruthy()
      expect(rule.meta.docs).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
    })
    const usesMessageIds = rule.meta.messages !== undefined
    expect(cases.valid.length, 'at least one valid case').toBeGreaterThan(0)
    expect(cases.invalid.length, 'at least one invalid case').toBeGreaterThan(0)
    // Generated from the rule's own first valid case: each dataset it needs, deleted, stops it naming that dataset.
    const reference = cases.valid[0]
    for (const dataset of reference ? rule.meta.needs : []) {
      it(`not evaluated without ${dataset} (generated from "${reference!.name}")`, () => {
        const {outcome} = auditWith(rule, {...reference!, snapshot: withoutDataset(reference!.snapshot, dataset)})
        expect(outcome.status, outcome.reason).toBe('not_evaluated')
        expect(outcome.missing?.dataset, outcome.reason).toBe(dataset)
        expect(outcome.reason).toContain(DATASETS[dataset].baseName)
      })
    }
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const {outcome} = auditWith(rule, testCase)
        expect(outcome.findings.map((f) => f.message)).toEqual([])
        expect(outcome.status, outcome.reason).toBe('pass')
      })
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const {outcome} = auditWith(rule, testCase)
        expect(outcome.status, outcome.reason).toBe('fail')
        expect(outcome.findings.length, outcome.findings.map((f) => `${f.resourceId}: ${f.message}`).join('\n')).toBe(testCase.findings.length)
        testCase.findings.forEach((expected, index) => {
          const actual = outcome.findings[index]!
          if (usesMessageIds) expect(expected.messageId, 'each expected finding names its messageId').toBeDefined()
          if (expected.messageId) expect(actual.messageId).toBe(expected.messageId)
          if (expected.data) expect(actual.data ?? {}).toMatchObject(expected.data)
          if (expected.resourceId) expect(actual.resourceId).toBe(expected.resourceId)
          if (expected.message) expect(matches(actual.message, expected.message), actual.message).toBe(true)
          expect(actual.severity).toBe(expected.severity ?? rule.meta.severity)
        })
      })
    }
    for (const [status, list] of [
      ['not_evaluated', cases.notEvaluated ?? []],
      ['not_applicable', cases.notApplicable ?? []],
    ] as const) {
      for (const testCase of list) {
        it(`${status.replace('_', ' ')}: ${testCase.name}`, () => {
          const {outcome} = auditWith(rule, testCase)
          expect(outcome.status).toBe(status)
          expect(matches(outcome.reason ?? '', testCase.reason), outcome.reason).toBe(true)
          if (testCase.dataset) expect(outcome.missing?.dataset, outcome.reason).toBe(testCase.dataset)
        })
      }
    }
  })
}
