/**
 * What a user installs: `npm pack`, then `npm install -g` of the tarball into a fresh prefix (offline
 * from the tarball and the local npm cache where it can), then the README's and --help's commands on
 * bundled examples, run from another directory with `examples/` read as `$(npm root -g)/emr-access/examples/`
 * as the README says. Needs `npm run build` first (npm test does it).
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {helpExamples, readmeCommands, REPO_ROOT, runsOnBundledExample} from './support/readme.js'

const work = mkdtempSync(join(tmpdir(), 'emra-pack-'))
const prefix = join(work, 'prefix')
const elsewhere = mkdtempSync(join(tmpdir(), 'emra-elsewhere-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
  npm_config_prefix: prefix,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
  // As a user runs it: vitest's NODE_ENV=test would make oclif look for TypeScript sources.
  NODE_ENV: '',
  HOME: elsewhere,
  // The user's npm cache (HOME moved): the install stays offline where it can.
  npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? '/root', '.npm'),
}

function run(command: string, cwd: string, timeout = 60_000) {
  const child = spawnSync('sh', ['-c', command], {cwd, env, encoding: 'utf8', timeout})
  return {code: child.status, stdout: child.stdout, stderr: child.stderr}
}

/** README rule: after a global install, `$(npm root -g)/emr-access/examples/` stands for `examples/`. */
function fromGlobalInstall(command: string): string {
  return command.replace(/(^|[\s=])(examples|templates)\//g, '$1"$(npm root -g)/emr-access/$2/"')
}

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist/commands/audit.js')) || !existsSync(join(REPO_ROOT, 'oclif.manifest.json'))) {
    throw new Error('dist/ or oclif.manifest.json is missing: run `npm run build` first')
  }
  // dist/ is built already (npm test's pretest): pack it as it is.
  const packed = run(`npm pack --ignore-scripts --silent --pack-destination "${work}"`, REPO_ROOT, 300_000)
  expect(packed.code, packed.stderr).toBe(0)
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))
  expect(tarball).toBeDefined()
  const installed = run(`npm install -g --prefer-offline "${join(work, tarball!)}"`, elsewhere, 900_000)
  expect(installed.code, installed.stderr).toBe(0)
}, 1_000_000)

describe('the packed tarball, installed globally', () => {
  it('installs the command, the oclif manifest, the LICENSE and the bundled examples', () => {
    const root = run('npm root -g', elsewhere).stdout.trim()
    expect(root).toBe(join(prefix, 'lib', 'node_modules'))
    for (const file of ['oclif.manifest.json', 'LICENSE', 'README.md', 'examples/manifest.json', 'examples/snapshots/private-bastion-clean/ec2-describe-vpcs.json']) {
      expect(existsSync(join(root, 'emr-access', file)), file).toBe(true)
    }
    const version = run('emr-access --version && emr-access version && emr-access -v', elsewhere)
    expect(version.code).toBe(0)
    expect(version.stdout.trim().split('\n')).toEqual(Array(3).fill(expect.stringMatching(/^emr-access\/0\.1\.0 /)))
  })

  const documented = [...readmeCommands(), ...helpExamples()].filter(runsOnBundledExample)

  it.each(documented.map((command) => [command.where, command.command]))('%s runs from another directory: %s', (_where, command) => {
    const result = run(fromGlobalInstall(command).replace(/\s>\s*(\S+)\s*$/, ` > "${elsewhere}/$1"`), elsewhere)
    expect([0, 1, 3], `${command}\n${result.stderr}`).toContain(result.code)
    expect(result.stderr).not.toMatch(/^Error:/m)
  })

  it('a mistyped command suggests the right one, exit 2', () => {
    const result = run('emr-access reahc', elsewhere)
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: "reahc" is not an emr-access command; did you mean "reach"? (emr-access --help lists them)')
  })

  it('shell completion is there', () => {
    const result = run('emr-access autocomplete script bash', elsewhere)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/EMR_ACCESS_AC_BASH_SETUP_PATH/)
  })
})
