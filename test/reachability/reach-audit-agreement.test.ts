/**
 * `reach` and `audit` must never disagree about the same path (issue 9): the path rules and the
 * reach command share one engine, and this holds them to it on every bundled example that has a
 * bastion — including the broken ones, where the verdicts must agree on "blocked" too.
 *   EMRA-073: operators in --admin-cidr → bastion:22
 *   EMRA-074: bastion → primary:22
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {runAudit} from '../../src/analysis/audit/run-audit.js'
import {buildQuery} from '../../src/analysis/reachability/endpoints.js'
import {analyzeReachability} from '../../src/analysis/reachability/engine.js'
import {ALL_RULES} from '../../src/analysis/rules/index.js'
import {loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'

interface Example {
  name: string
  snapshot: string
  topology: 'public' | 'private' | 'vpn'
  clusterId: string
  adminCidr?: string
  onpremCidr?: string
  bastion?: string
}

const withBastion = (JSON.parse(readFileSync('examples/manifest.json', 'utf8')) as Example[]).filter((example) => example.bastion && example.adminCidr)

describe.each(withBastion.map((example) => [example.name, example] as const))('%s: reach and audit agree', (_name, example) => {
  const model = loadSnapshot(`examples/${example.snapshot}`)
  const audit = runAudit(model, ALL_RULES, {
    clusterId: example.clusterId,
    topology: example.topology,
    adminCidrs: [example.adminCidr!],
    onpremCidrs: example.onpremCidr ? [example.onpremCidr] : [],
    bastion: example.bastion,
    failOn: 'high',
  })
  const outcome = (ruleId: string) => audit.scopes[0]!.outcomes.find((each) => each.ruleId === ruleId)!

  it.each([
    ['EMRA-073', example.adminCidr!, `${example.bastion}:22`],
    ['EMRA-074', example.bastion!, `${example.clusterId}:primary:22`],
  ])('%s: %s → %s', (ruleId, from, to) => {
    const rule = outcome(ruleId)
    expect(['pass', 'fail']).toContain(rule.status)
    const reach = analyzeReachability(model, buildQuery(model, from, to))
    // Only a path that every address of the source gets through passes the audit.
    expect(reach.verdict === 'reachable', `reach says ${reach.verdict}: ${reach.summary}; audit says ${rule.status}`).toBe(rule.status === 'pass')
    if (rule.status === 'fail') {
      // The audit reports the blockers reach reports, by their explanation codes.
      const message = rule.findings.map((finding) => finding.message).join('\n')
      expect(reach.blockers.length).toBeGreaterThan(0)
      for (const blocker of reach.blockers) expect(message).toContain(`[${blocker.code}]`)
    }
  })
})

it('the agreement is checked on clean and broken examples alike', () => {
  expect(withBastion.length).toBeGreaterThanOrEqual(3)
  expect(withBastion.some((example) => example.name.startsWith('broken-'))).toBe(true)
})
