/**
 * A finished CLI: -h on every command, usage lines without empty alternatives, descriptions that
 * flow to the terminal's width, and an EXIT CODES section from the one exit-code table.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {reflow} from '../../src/cli/help.js'
import {COMMAND_EXIT_CODES} from '../../src/cli/exit-codes.js'
import {runCli} from '../support/cli.js'

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {commands: Record<string, unknown>}
const ours = Object.keys(manifest.commands).sort()

function section(help: string, header: string): string[] {
  const lines = help.split('\n')
  const start = lines.indexOf(header)
  if (start === -1) return []
  const end = lines.findIndex((line, index) => index > start && /^[A-Z][A-Z ]+$/.test(line))
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

describe('help', () => {
  it('covers every command in the manifest', () => {
    expect(ours).toEqual(Object.keys(COMMAND_EXIT_CODES).sort())
  })

  it.each(ours)('%s -h: usage without empty alternatives, wrapped descriptions, exit codes', (id) => {
    const result = runCli([...id.split(':'), '-h'], {OCLIF_COLUMNS: '72'})
    expect(result.code).toBe(0)
    const usage = section(result.stdout, 'USAGE').join('\n')
    expect(usage).toMatch(new RegExp(`\\$ emr-access ${id.replace(':', ' ')}`))
    expect(usage).not.toMatch(/\|\s*\||\|\s*\]|\[\s*\|/)
    const summary = result.stdout.split('\nUSAGE\n')[0]!.split('\n')
    for (const line of [...summary, ...section(result.stdout, 'DESCRIPTION')]) expect(line.length, line).toBeLessThanOrEqual(72)
    const exitCodes = section(result.stdout, 'EXIT CODES').join('\n')
    expect(exitCodes).toMatch(/^ {2}2 +usage or input error/m)
    for (const entry of COMMAND_EXIT_CODES[id]!) expect(exitCodes).toMatch(new RegExp(`^ {2}${entry.code} `, 'm'))
  })

  it('-h, --help and help COMMAND print the same', () => {
    const short = runCli(['reach', '-h'])
    expect(runCli(['reach', '--help']).stdout).toBe(short.stdout)
    expect(runCli(['help', 'reach']).stdout).toBe(short.stdout)
  })

  it('the top-level help lists the commands, version and autocomplete included', () => {
    const result = runCli(['-h'])
    expect(result.code).toBe(0)
    for (const command of ['audit', 'reach', 'snapshot', 'connect', 'pac', 'proxy-config', 'version', 'autocomplete']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'))
    }
  })
})

describe('reflow', () => {
  it('joins the lines of a paragraph, keeps paragraphs and indented lines', () => {
    expect(reflow('one\ntwo three\n\n  pac   a list\n  ssh   item\nnext')).toBe('one two three\n\n  pac   a list\n  ssh   item next')
  })
})
