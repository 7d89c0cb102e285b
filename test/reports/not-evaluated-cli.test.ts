/**
 * Nothing unevaluated passes silently: the audit's summary names how many rules were not evaluated
 * and why, in every format (stderr for JSON and SARIF), and --fail-on-not-evaluated makes a
 * partial audit exit 4 — unless a finding already makes it exit 1.
 */
import {cpSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {tempDir} from '../support/snapshot-files.js'

/** An example snapshot with some files taken away. */
function without(example: string, ...files: string[]): string {
  const dir = join(tempDir(), example)
  cpSync(join('examples/snapshots', example), dir, {recursive: true})
  for (const file of files) rmSync(join(dir, file))
  return dir
}

const ADMIN = ['--admin-cidr', '203.0.113.0/24']

describe('audit: rules not evaluated', () => {
  const partial = without('private-bastion-clean', 'ec2-describe-route-tables.json', 'ec2-describe-network-acls.json')

  it('table: the summary counts them by missing file; exit 0 without the flag, 4 with it', () => {
    const plain = runCli(['audit', '--snapshot', partial, ...ADMIN, '--format', 'table'])
    expect(plain.code, plain.stderr).toBe(0)
    const flat = plain.stdout.replace(/\n +/g, ' ')
    expect(flat).toMatch(/Overall \(1 scope\): .* \d+ not evaluated \(\d+ × missing: ec2-describe-route-tables\.json; \d+ × missing: ec2-describe-network-acls\.json/)
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toMatch(/^No findings at or above --fail-on high among the rules evaluated; \d+ not evaluated \(see above\)$/)
    const strict = runCli(['audit', '--snapshot', partial, ...ADMIN, '--format', 'markdown', '--fail-on-not-evaluated'])
    expect(strict.code, strict.stderr).toBe(4)
    expect(strict.stdout).toMatch(/not evaluated \(\d+ × missing: ec2-describe-route-tables\.json/)
  })

  it('json and sarif: stdout stays the document, stderr says what was not evaluated', () => {
    for (const format of ['json', 'sarif']) {
      const result = runCli(['audit', '--snapshot', partial, ...ADMIN, '--format', format, '--fail-on-not-evaluated'])
      expect(result.code, result.stderr).toBe(4)
      expect(() => JSON.parse(result.stdout)).not.toThrow()
      expect(result.stderr).toMatch(/^Not evaluated: \d+ rules \(\d+ × missing: ec2-describe-route-tables\.json; \d+ × missing: ec2-describe-network-acls\.json[^\n]*\)\n$/)
    }
  })

  it('a complete audit with the flag exits 0; findings at or above --fail-on win over 4 (exit 1)', () => {
    const complete = runCli(['audit', '--snapshot', 'examples/snapshots/private-bastion-clean', ...ADMIN, '--format', 'json', '--fail-on-not-evaluated'])
    expect(complete.code, complete.stderr).toBe(0)
    expect(complete.stderr).toBe('')
    const both = runCli(['audit', '--snapshot', without('broken-public-ssh-world', 'ec2-describe-network-acls.json'), '--json', '--fail-on-not-evaluated'])
    expect(both.code, both.stderr).toBe(1)
    // --json: the document says it (outcomes, summary); stderr stays quiet for scripts.
    expect(both.stderr).toBe('')
    const report = JSON.parse(both.stdout) as {summary: {outcomes: {not_evaluated: number}}}
    expect(report.summary.outcomes.not_evaluated).toBeGreaterThan(0)
  })
})
