/**
 * The bundled examples (exported from moto with the real AWS CLI) are the closest thing to real
 * AWS data in the repository: clean ones must stay clean for their own topology, and each broken
 * one must report what it was broken for, through the CLI a reviewer runs.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {atOrAbove, type Severity} from '../src/analysis/findings.js'
import {runCli} from './support/cli.js'
import {auditReportValidator, errorsText, sarifValidator} from './reports/validators.js'

interface Example {
  name: string
  snapshot: string
  topology: 'public' | 'private' | 'vpn'
  clusterId: string
  adminCidr?: string
  onpremCidr?: string
  bastion?: string
  brokenFor: string | null
}

const examples: Example[] = JSON.parse(readFileSync('examples/manifest.json', 'utf8'))

/** The rules each broken example must trip (its manifest says why in words). */
const EXPECTED: Record<string, string[]> = {
  'broken-public-ssh-world': ['EMRA-040', 'EMRA-041'],
  'broken-private-no-s3-route': ['EMRA-020'],
  'broken-private-ssh-not-admitted': ['EMRA-072', 'EMRA-074'],
  'broken-vpn-tunnels-down': ['EMRA-090'],
  'broken-dns-hostnames-off': ['EMRA-002'],
  'broken-nacl-blocks-return': ['EMRA-061'],
  'broken-bpa-disabled': ['EMRA-050'],
}

function auditArgs(example: Example): string[] {
  const args = ['audit', '--snapshot', `examples/${example.snapshot}`, '--topology', example.topology, '--fail-on', 'medium']
  if (example.adminCidr) args.push('--admin-cidr', example.adminCidr)
  if (example.onpremCidr) args.push('--onprem-cidr', example.onpremCidr)
  return args
}

interface JsonFinding {
  ruleId: string
  severity: Severity
  message: string
}

describe('bundled examples', () => {
  it('covers the three clean reference topologies and every broken variant', () => {
    expect(
      examples
        .filter((e) => !e.brokenFor)
        .map((e) => e.topology)
        .sort(),
    ).toEqual(['private', 'public', 'vpn'])
    expect(
      examples
        .filter((e) => e.brokenFor)
        .map((e) => e.name)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort())
  })

  for (const example of examples) {
    it(`${example.name}: ${example.brokenFor ? `reports ${EXPECTED[example.name]?.join(', ')}` : 'no finding at or above medium'}`, () => {
      const result = runCli([...auditArgs(example), '--json'])
      const report = JSON.parse(result.stdout)
      const validate = auditReportValidator()
      expect(validate(report), errorsText(validate)).toBe(true)
      const findings: JsonFinding[] = report.scopes.flatMap((scope: {findings: JsonFinding[]}) => scope.findings)
      if (!example.brokenFor) {
        expect(findings.filter((f) => atOrAbove(f.severity, 'medium')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([])
        expect(result.code).toBe(0)
        // Every rule was judged or does not apply; nothing silently skipped on complete data.
        const notEvaluated = report.scopes.flatMap((scope: {outcomes: {ruleId: string; status: string; reason?: string}[]}) =>
          scope.outcomes.filter((o) => o.status === 'not_evaluated').map((o) => `${o.ruleId}: ${o.reason}`),
        )
        expect(notEvaluated).toEqual([])
      } else {
        expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(EXPECTED[example.name]!))
        expect(result.code).toBe(1)
      }
    })
  }

  it('SARIF for a broken example validates against the SARIF 2.1.0 schema', () => {
    const example = examples.find((e) => e.name === 'broken-public-ssh-world')!
    const sarif = JSON.parse(runCli([...auditArgs(example), '--format', 'sarif']).stdout)
    const validate = sarifValidator()
    expect(validate(sarif), errorsText(validate)).toBe(true)
    expect(sarif.runs[0].results.map((r: {ruleId: string}) => r.ruleId)).toEqual(expect.arrayContaining(EXPECTED['broken-public-ssh-world']!))
  })

  it('reach explains an allowed and a blocked path on the private example', () => {
    const example = examples.find((e) => e.name === 'private-bastion-clean')!
    const broken = examples.find((e) => e.name === 'broken-private-ssh-not-admitted')!
    const allowed = runCli(['reach', '--snapshot', `examples/${example.snapshot}`, '--from', example.bastion!, '--to', `${example.clusterId}:primary:22`])
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toMatch(/REACHABLE/)
    const blocked = runCli(['reach', '--snapshot', `examples/${broken.snapshot}`, '--from', broken.bastion!, '--to', `${broken.clusterId}:primary:22`])
    expect(blocked.code).toBe(1)
    expect(blocked.stdout).toMatch(/✖ security-group inbound .*\[ENI_SG_RULES_MISMATCH\]/)
  })
})
