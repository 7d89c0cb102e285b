/**
 * The layers know each other in one direction: commands → app → core (analysis, sources, tunnel,
 * model, reports). The core names no command-line flag (it throws domain errors; the command line
 * says which flag gave the value), and no command imports another. Checked on the source with the
 * TypeScript parser: string literals and import specifiers, not comments.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SRC = join(ROOT, 'src')
const CORE = ['analysis', 'sources', 'tunnel']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
}

/** Every string literal's text (template parts included) and every import specifier (static and dynamic). */
function literalsAndImports(file: string): {literals: string[]; imports: string[]} {
  const literals: string[] = []
  const imports: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text)
      return
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      imports.push(node.arguments[0].text)
      return
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      literals.push(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(parse(file))
  return {literals, imports}
}

/** The src/ folder (first path segment) a relative import lands in, or undefined for packages. */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  return relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0]
}

/** Every long flag of every command (and the base flags), from the command classes themselves. */
async function flagNames(): Promise<string[]> {
  const names = new Set<string>()
  for (const file of sourceFiles(join(SRC, 'commands'))) {
    const command = (await import(pathToFileURL(file).href)).default as {flags?: Record<string, unknown>; baseFlags?: Record<string, unknown>}
    for (const name of [...Object.keys(command.flags ?? {}), ...Object.keys(command.baseFlags ?? {})]) names.add(name)
  }
  return [...names].sort()
}

describe('layers', () => {
  it('no string literal under src/analysis, src/sources or src/tunnel names a command-line flag', async () => {
    const flags = await flagNames()
    expect(flags).toEqual(expect.arrayContaining(['snapshot', 'bastion', 'socks-port', 'ephemeral-ports', 'forward'])) // the list is real
    const pattern = new RegExp(`(?<![\\w-])--(${flags.map((flag) => flag.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`)
    const found: string[] = []
    for (const folder of CORE) {
      for (const file of sourceFiles(join(SRC, folder))) {
        const name = relative(SRC, file)
        for (const literal of literalsAndImports(file).literals) {
          const match = pattern.exec(literal)
          if (!match) continue
          // A rule's remediation (and the snippets it composes) is AWS CLI text: its options (--vpc-id, --region) are the AWS CLI's, not ours.
          if (name.endsWith('.remediation.ts') || name === join('analysis', 'rules', 'remediation-snippets.ts')) continue
          found.push(`${name}: ${JSON.stringify(literal)}`)
        }
      }
    }
    expect(found).toEqual([])
  })

  it('no command imports another command', () => {
    const found: string[] = []
    for (const file of sourceFiles(join(SRC, 'commands'))) {
      for (const specifier of literalsAndImports(file).imports) {
        if (targetFolder(file, specifier) === 'commands') found.push(`${relative(SRC, file)} imports ${specifier}`)
      }
    }
    expect(found).toEqual([])
  })

  it('the core imports nothing from src/commands, src/app or src/cli; src/app nothing from src/commands', () => {
    const forbidden: Record<string, readonly string[]> = {
      ...Object.fromEntries(CORE.map((folder) => [folder, ['commands', 'app', 'cli']])),
      app: ['commands'],
    }
    const found: string[] = []
    for (const [folder, banned] of Object.entries(forbidden)) {
      for (const file of sourceFiles(join(SRC, folder))) {
        for (const specifier of literalsAndImports(file).imports) {
          const target = targetFolder(file, specifier)
          if (target && banned.includes(target)) found.push(`${relative(SRC, file)} imports ${specifier}`)
        }
      }
    }
    expect(found).toEqual([])
  })

  it('the checks see what they check: a command imports src/app, and src/app imports the core', () => {
    const imports = (file: string) => literalsAndImports(join(SRC, file)).imports.map((specifier) => targetFolder(join(SRC, file), specifier))
    expect(imports('commands/connect.ts')).toContain('app')
    expect(imports('app/connect.ts')).toContain('tunnel')
  })
})
