/**
 * Where a resource is declared: `terraform show -json` gives a plan's configuration as expressions without
 * file names or line numbers, so the module's .tf files (next to the plan, and the local module sources
 * its configuration names) are scanned for `resource "TYPE" "NAME" {` block headers. No HCL is evaluated:
 * a header inside a heredoc or a multi-line comment could be mistaken for one, so only headers at the start
 * of a line, outside `/* … *\/` comments and heredocs, count.
 */
import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

export interface DeclaredAt {
  /** Path of the .tf file, relative to the working directory when below it. */
  file: string
  line: number
  column: number
}

const HEADER = /^(\s*)resource\s+"([A-Za-z0-9_-]+)"\s+"([A-Za-z0-9_-]+)"\s*\{/
const HEREDOC = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/

/** `resource "type" "name"` → where it is declared, for the .tf files of one directory (not recursive). */
export function scanResourceHeaders(dir: string): Map<string, DeclaredAt> {
  const found = new Map<string, DeclaredAt>()
  let entries: string[]
  try {
    entries = readdirSync(dir)
      .filter((entry) => entry.endsWith('.tf'))
      .sort()
  } catch {
    return found
  }
  for (const entry of entries) {
    const path = join(dir, entry)
    let text: string
    try {
      if (!statSync(path).isFile()) continue
      text = readFileSync(path, 'utf8')
    } catch {
      continue
    }
    const shown = displayPath(path)
    let inComment = false
    let heredocEnd: string | undefined
    text.split(/\r?\n/).forEach((line, index) => {
      if (heredocEnd !== undefined) {
        if (line.trim() === heredocEnd) heredocEnd = undefined
        return
      }
      if (inComment) {
        if (line.includes('*/')) inComment = false
        return
      }
      const header = HEADER.exec(line)
      if (header) {
        const key = `${header[2]}.${header[3]}`
        if (!found.has(key)) found.set(key, {file: shown, line: index + 1, column: header[1]!.length + 1})
      }
      const code = line.replace(/("(?:[^"\\]|\\.)*")|(#|\/\/).*$/g, (match, quoted: string | undefined) => quoted ?? '')
      if (code.includes('/*') && !code.slice(code.lastIndexOf('/*')).includes('*/')) inComment = true
      const heredoc = HEREDOC.exec(code)
      if (heredoc) heredocEnd = heredoc[1]
    })
  }
  return found
}

function displayPath(path: string): string {
  const fromCwd = relative(process.cwd(), path)
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : path
}
