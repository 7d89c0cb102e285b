/**
 * The rule catalogue's invariants, checked by walking the rule modules (not a hand-kept list):
 * id = file name, id in its folder's range, every module registered, message ids declared and used
 * both ways, metadata a reviewer can read (description apart from risk; remediation as CLI,
 * CloudFormation, Terraform and console steps, in a file beside the rule), a test file with valid and
 * invalid cases. The rule tester (test/support/rule-tester.ts) adds, generated per rule and per dataset
 * in `needs`: deleting the dataset from the rule's first valid case makes it not evaluated, naming it.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ALL_RULES, RULE_CATEGORIES} from '../../src/analysis/rules/index.js'
import type {Rule} from '../../src/analysis/rules/rule.js'

const RULES_DIR = 'src/analysis/rules'

interface RuleModule {
  folder: string
  file: string
  path: string
  rule: Rule
}

const modules: RuleModule[] = await Promise.all(
  Object.keys(RULE_CATEGORIES).flatMap((folder) =>
    readdirSync(join(RULES_DIR, folder))
      .filter((file) => /^emra-\d{3}-[a-z0-9-]+\.ts$/.test(file) && !file.endsWith('.remediation.ts'))
      .map(async (file) => {
        const path = join(RULES_DIR, folder, file)
        const {default: rule} = (await import(`../../${path}`)) as {default: Rule}
        return {folder, file, path, rule}
      }),
  ),
)

/** Message ids a rule's source reports: `messageId: 'x'` literals in the module. */
function usedMessageIds(source: string): Set<string> {
  return new Set([...source.matchAll(/messageId:\s*'([A-Za-z][A-Za-z0-9]*)'/g)].map((match) => match[1]!))
}

describe('rule catalogue', () => {
  it('has a module per registered rule and a registered rule per module', () => {
    expect(modules.map((m) => m.rule.meta.id).sort()).toEqual(ALL_RULES.map((rule) => rule.meta.id).sort())
    expect(new Set(ALL_RULES.map((rule) => rule.meta.id)).size).toBe(ALL_RULES.length)
    expect(
      readdirSync(RULES_DIR, {withFileTypes: true})
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(Object.keys(RULE_CATEGORIES).sort())
  })

  for (const {folder, file, path, rule} of modules) {
    const {meta} = rule
    describe(`${meta.id} (${folder}/${file})`, () => {
      it("has the id of its file name, in its folder's range", () => {
        expect(meta.id).toBe(`EMRA-${file.slice(5, 8)}`)
        const [low, high] = RULE_CATEGORIES[folder]!
        const number = Number(file.slice(5, 8))
        expect(number >= low && number <= high, `${meta.id} is outside ${folder}'s range ${low}-${high}`).toBe(true)
      })

      it('has a test file with valid and invalid cases', () => {
        const testFile = join('test/rules', file.replace(/\.ts$/, '.test.ts'))
        expect(existsSync(testFile), testFile).toBe(true)
        const source = readFileSync(testFile, 'utf8')
        expect(source).toMatch(/testRule\(rule,/)
        expect(source).toMatch(/valid:\s*\[\s*\{/)
        expect(source).toMatch(/invalid:\s*\[\s*\{/)
      })

      it('declares every message id it reports, and reports every one it declares', () => {
        const declared = Object.keys(meta.messages ?? {}).sort()
        expect(declared.length).toBeGreaterThan(0)
        expect([...usedMessageIds(readFileSync(path, 'utf8'))].sort()).toEqual(declared)
      })

      it('reads like a check a reviewer can follow: description apart from risk, remediation beside the rule', () => {
        expect(meta.description?.length ?? 0).toBeGreaterThan(30)
        expect(meta.risk.length).toBeGreaterThan(30)
        expect(meta.description).not.toBe(meta.risk)
        const remediationFile = path.replace(/\.ts$/, '.remediation.ts')
        expect(existsSync(remediationFile), remediationFile).toBe(true)
        expect(readFileSync(path, 'utf8')).toContain(`from './${basename(remediationFile, '.ts')}.js'`)
        const {remediation} = meta
        expect(remediation.cli, 'AWS CLI').toBeTruthy()
        expect(remediation.cloudformation, 'CloudFormation').toBeTruthy()
        expect(remediation.terraform, 'Terraform').toBeTruthy()
        expect(remediation.console?.length ?? 0, 'console steps').toBeGreaterThan(0)
      })

      it('uses only parameters that its findings or the audit inputs can fill', () => {
        for (const template of Object.values(meta.messages ?? {})) expect(template).not.toMatch(/<[a-z-]+>/)
        const snippets = [meta.remediation.summary, meta.remediation.cli, meta.remediation.cloudformation, meta.remediation.terraform, ...(meta.remediation.console ?? [])]
        // Values the data knows are template parameters, not hand-written <placeholders>.
        for (const snippet of snippets) if (snippet) expect(snippet).not.toMatch(/<(sg|rtb|acl|vpc|subnet|igw|nat|vgw|vpce|pl|j|i)-[a-z-]*id>/)
      })
    })
  }
})
