/**
 * Start-up stays light: only the paths that talk to AWS load the AWS SDK, and only a tunnel loads
 * ssh2. Checked by recording every module the built CLI resolves (a module-resolution hook), not by
 * timing (timing is measured by scripts/bench/startup.mjs).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'emra-imports-'))
writeFileSync(
  join(dir, 'hooks.mjs'),
  `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  process.stderr.write('RESOLVED ' + resolved.url + '\\n')
  return resolved
}
`,
)
writeFileSync(join(dir, 'register.mjs'), `import {register} from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`)

/** The packages (node_modules/<name>) a run of the built CLI resolved. */
function packagesResolved(args: string[], env: Record<string, string> = {}): {code: number | null; packages: Set<string>} {
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(ROOT, 'bin/run.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', ...env},
    timeout: 60_000,
  })
  const packages = new Set<string>()
  for (const match of child.stderr.matchAll(/^RESOLVED .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(match[1]!)
  return {code: child.status, packages}
}

describe('what start-up loads', () => {
  it.each([
    [['--help']],
    [['--version']],
    [['pac']],
    [['proxy-config', '--format', 'foxyproxy']],
    [['audit', '--snapshot', 'examples/snapshots/private-bastion-clean', '--format', 'json']],
    [['reach', '--snapshot', 'examples/snapshots/private-bastion-clean', '--from', 'i-96b7fc9522f0fd135', '--to', 'j-QNR3UJJNA77TW:primary:22']],
    [['ui', 'list', '--release', 'emr-7.2.0', '--apps', 'Spark']],
  ])('%j loads neither the AWS SDK nor ssh2', (args) => {
    const {code, packages} = packagesResolved(args)
    expect(code).toBe(0)
    expect(packages.has('@oclif/core')).toBe(true) // the hook saw the CLI's imports
    expect([...packages].filter((name) => name.startsWith('@aws-sdk/') || name === 'ssh2')).toEqual([])
  })

  it('a live audit does load the AWS SDK (the hook would see it)', () => {
    // An endpoint that refuses at once: the SDK is loaded, then the call fails (exit 2).
    const {packages} = packagesResolved(['audit', '--cluster', 'j-2AXXXXXXGAPLF', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_MAX_ATTEMPTS: '1',
    })
    expect([...packages].some((name) => name.startsWith('@aws-sdk/'))).toBe(true)
  })
})
