/**
 * Every AWS CLI command in the rules' remediation is one the AWS CLI accepts: each line is run by
 * the real CLI against a closed loopback port, so it fails when connecting if its options,
 * shorthand keys and value types parse, and before that otherwise (`--ec2-attributes
 * EmrManagedPrimarySecurityGroup=…` is rejected: the CLI takes EmrManagedMasterSecurityGroup).
 * Needs python3 and the AWS CLI; skipped with the reason without them, except under CI=true.
 */
import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {ALL_RULES} from '../../src/analysis/rules/index.js'

const HELPER = new URL('./support/aws-cli-parse.py', import.meta.url).pathname
const IN_CI = process.env.CI === 'true'
const MISSING = spawnSync('aws', ['--version'], {encoding: 'utf8'}).error
  ? 'the AWS CLI (aws) is not on PATH'
  : spawnSync('python3', ['--version'], {encoding: 'utf8'}).error
    ? 'python3 is not on PATH'
    : undefined
if (MISSING && !IN_CI) console.warn(`remediation-cli.test.ts skipped: ${MISSING}`)

/** Placeholders filled with values of the right shape; `aws emr create-cluster ...` given its required options. */
function concrete(line: string): string {
  return (
    line
      // Template parameters the audit fills from the finding: given a placeholder of the same name, then a value below.
      .replace(/\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g, (_, name: string) => `<${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}>`)
      .replace(/ \.\.\. /, ' --release-label emr-7.0.0 --instance-type m5.xlarge --instance-count 1 --use-default-roles ')
      .replace(/<([a-z0-9-]+)>/g, (_, name: string) => {
        if (name.includes('cidr')) return '10.9.0.0/16'
        if (name === 'port' || name === 'ui-port' || name === 'from-port' || name === 'to-port') return '8088'
        if (name === 'protocol') return 'tcp'
        if (name === 'rule-number') return '100'
        if (name === 'region') return 'us-east-1'
        return `x-${name}`
      })
      // Template parameters the audit fills from the finding or its inputs, given values of their shape.
      .replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        if (/cidr/i.test(name)) return '10.9.0.0/16'
        if (name === 'port' || name === 'ruleNumber' || name === 'fromPort' || name === 'toPort') return '100'
        if (name === 'protocol') return 'tcp'
        if (name === 'region') return 'us-east-1'
        return `x-${name}`
      })
      .replace('file://s3-endpoint-policy.json', "'{}'")
  )
}

/** `[ruleId, line]` for every line of every remediation.cli that runs the AWS CLI (continuations joined). */
function cliLines(): [string, string][] {
  return ALL_RULES.flatMap((rule) =>
    (rule.meta.remediation.cli ?? '')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('aws '))
      .map((line): [string, string] => [rule.meta.id, line]),
  )
}

describe.skipIf(MISSING !== undefined && !IN_CI)('remediation snippets: AWS CLI syntax', () => {
  it('the AWS CLI parses every command (and rejects a wrong --ec2-attributes key, so the check can fail)', () => {
    if (MISSING) throw new Error(`CI=true but ${MISSING}`)
    const lines = cliLines()
    expect(lines.length).toBeGreaterThan(40)
    const wrong = 'aws emr create-cluster ... --ec2-attributes EmrManagedPrimarySecurityGroup=<sg-id>'
    // Each distinct command once (several rules share snippets); the known-wrong one last.
    const commands = [...new Set(lines.map(([, line]) => concrete(line)))]
    const run = spawnSync('python3', [HELPER], {input: JSON.stringify([...commands, concrete(wrong)]), encoding: 'utf8', timeout: 280_000})
    expect(run.status, run.stderr).toBe(0)
    const results = JSON.parse(run.stdout) as {accepted: boolean; error: string}[]
    const verdict = new Map(commands.map((command, index) => [command, results[index]!]))
    const rejected = lines.flatMap(([id, line]) => {
      const result = verdict.get(concrete(line))!
      return result.accepted ? [] : [`${id}: ${line} — ${result.error}`]
    })
    expect(rejected).toEqual([])
    expect(results.at(-1)).toMatchObject({accepted: false, error: expect.stringContaining('EmrManagedPrimarySecurityGroup')})
  }, 300_000)
})
