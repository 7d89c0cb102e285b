/**
 * Each reference template passes cfn-lint (the maintained CloudFormation linter) with no error. One cfn-lint
 * run covers the three templates and a mutant with a misspelt property, which must be reported: the check
 * itself can fail.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {CFN_LINT_MISSING, TEMPLATES, requireCfnLint, skipCfnLint, templatePath} from './support/cloudformation.js'

const SKIP = skipCfnLint('test/templates/cfn-lint.test.ts')

interface LintMatch {
  Level: string
  Rule: {Id: string}
  Message: string
  Filename: string
  Location: {Start: {LineNumber: number}}
}

describe.skipIf(SKIP)('cfn-lint on templates/cloudformation', () => {
  let matches: LintMatch[] = []
  let work = ''
  let mutant = ''

  beforeAll(() => {
    requireCfnLint()
    work = mkdtempSync(join(tmpdir(), 'emr-access-cfn-lint-'))
    mutant = join(work, 'private-bastion-misspelt.yaml')
    const text = readFileSync(templatePath('private-bastion'), 'utf8')
    expect(text).toContain('      EnableDnsHostnames: true\n')
    writeFileSync(mutant, text.replace('      EnableDnsHostnames: true\n', '      EnableDnsHostname: true\n'))
    const lint = spawnSync('cfn-lint', ['--format', 'json', '--', ...TEMPLATES.map(templatePath), mutant], {encoding: 'utf8', timeout: 110_000})
    expect(lint.error, CFN_LINT_MISSING).toBeUndefined()
    // Exit status is a bit mask (2 = error, 4 = warning, 8 = informational); the JSON lists every match.
    matches = JSON.parse(lint.stdout) as LintMatch[]
  }, 120_000)

  afterAll(() => {
    if (work !== '') rmSync(work, {recursive: true, force: true})
  })

  const describeMatch = (match: LintMatch): string => `${match.Level} ${match.Rule.Id} line ${match.Location.Start.LineNumber}: ${match.Message}`

  it.each(TEMPLATES)('%s.yaml: no error', (name) => {
    const own = matches.filter((match) => resolve(match.Filename) === resolve(templatePath(name)))
    const errors = own.filter((match) => match.Level === 'Error')
    expect(errors.map(describeMatch)).toEqual([])
    for (const other of own) console.log(`${name}.yaml: ${describeMatch(other)}`)
  })

  it('reports a misspelt property as an error (the check can fail)', () => {
    const errors = matches.filter((match) => resolve(match.Filename) === resolve(mutant) && match.Level === 'Error')
    expect(errors.map(describeMatch).join('\n')).toMatch(/EnableDnsHostname\b/)
  })
})
