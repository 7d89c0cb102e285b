/**
 * The README and --help say true things: every command in them that runs emr-access on a bundled
 * example runs as written from the repository root (emr-access on PATH, as `npm link` puts it) without
 * a usage error; the exit-code table matches the commands' own; no path outside the repository.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {COMMAND_EXIT_CODES, ownExitCodesText} from '../src/cli/exit-codes.js'
import {helpExamples, readmeCommands, REPO_ROOT, runsOnBundledExample} from './support/readme.js'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')

// What `npm link` gives, without touching the global prefix: emr-access on PATH.
const shims = mkdtempSync(join(tmpdir(), 'emra-readme-'))
writeFileSync(join(shims, 'emr-access'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'bin/run.js')}" "$@"\n`)
chmodSync(join(shims, 'emr-access'), 0o755)

function runAsWritten(command: string) {
  // Output redirections (`> emr.sarif`) land in a scratch directory, not the repository.
  const scratch = mkdtempSync(join(tmpdir(), 'emra-readme-out-'))
  const redirect = /\s>\s*(\S+)\s*$/.exec(command)
  const file = redirect ? join(scratch, redirect[1]!) : undefined
  const child = spawnSync('sh', ['-c', `cd "$REPO" && ${redirect ? `${command.slice(0, redirect.index)} > "${file}"` : command}`], {
    encoding: 'utf8',
    env: {...process.env, PATH: `${shims}:${process.env.PATH}`, REPO: REPO_ROOT, NO_COLOR: '1', HOME: scratch},
    timeout: 60_000,
  })
  return {code: child.status, stdout: file ? readFileSync(file, 'utf8') : child.stdout, stderr: child.stderr}
}

const documented = [...readmeCommands(), ...helpExamples()].filter(runsOnBundledExample).filter((command) => !command.command.includes('$(npm root -g)'))

describe('README and --help commands on bundled examples run as written', () => {
  it('there are some (README and --help both name bundled examples)', () => {
    expect(documented.filter((command) => command.where.startsWith('README')).length).toBeGreaterThanOrEqual(3)
    expect(documented.filter((command) => command.where.endsWith('--help')).length).toBeGreaterThanOrEqual(4)
  })

  it.each(documented.map((command) => [command.where, command.command]))('%s: %s', (_where, command) => {
    const result = runAsWritten(command)
    // 0, 1 (findings / not reachable) and 3 (reach: cannot tell) are answers; 2 and 70 are errors.
    expect([0, 1, 3], result.stderr).toContain(result.code)
    expect(result.stderr).not.toMatch(/^Error:/m)
    expect(result.stdout.length).toBeGreaterThan(0)
  })
})

describe('README is true', () => {
  it('the first screen says connect works (it is not "on the way")', () => {
    const firstScreen = README.split('\n').slice(0, 25).join('\n')
    expect(firstScreen).toMatch(/What works today/)
    expect(firstScreen).toMatch(/`emr-access connect`/)
    expect(README).not.toMatch(/on the way|\(soon\)/i)
  })

  it('names no path outside the repository', () => {
    expect(README).not.toMatch(/\.\.\/(shared|[\w-]+\/)/)
    expect(README).not.toMatch(/\/work\//)
  })

  it('has a LICENSE file matching package.json (Apache-2.0)', () => {
    const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).license).toBe('Apache-2.0')
    expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/)
    expect(license).toMatch(/END OF TERMS AND CONDITIONS/)
  })

  it('the exit-code table has one row per command, saying what its --help says', () => {
    for (const id of Object.keys(COMMAND_EXIT_CODES)) {
      expect(README).toContain(`| \`${id.replace(':', ' ')}\` | ${ownExitCodesText(id)} |`)
    }
  })
})
