/**
 * The network-namespace lab (scripts/lab) for integration tests: one lab per test file, with a
 * namespace name unique to the file and process so files run in parallel. `labCheck` decides at
 * collection time: where namespaces cannot be made the suites skip with the reason — except under
 * CI=true, where they run and fail.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const LAB_DIR = fileURLToPath(new URL('../../../scripts/lab/', import.meta.url))

export interface Lab {
  name: string
  dir: string
  hostAddress: string
  bastion: {address: string; port: number; user: string; vpcAddress: string; fingerprints: {ed25519: string; ecdsa: string}}
  bastionNoForward: {address: string; port: number; user: string}
  primary: {name: string; ip: string; port: number; user: string; fingerprints: {ed25519: string; ecdsa: string}}
  core: {name: string; ip: string}
  vpcCidr: string
  webUis: {yarn: string; sparkHistory: string; zeppelin: string; nodeManager: string}
  keys: {client: string; wrong: string; encrypted: string; encryptedPassphrase: string}
  knownHosts: string
  sshConfig: string
}

export interface LabCheck {
  ok: boolean
  reason?: string
  /** Run the suite: the lab can be made, or CI=true demands it (and it will fail if it cannot). */
  run: boolean
}

let cached: LabCheck | undefined

export function labCheck(): LabCheck {
  if (cached) return cached
  const result = spawnSync('bash', [join(LAB_DIR, 'lab-up.sh'), '--check'], {encoding: 'utf8', timeout: 20_000})
  const ok = result.status === 0
  const reason = ok ? undefined : (result.stderr || result.error?.message || `lab-up.sh --check exited ${result.status}`).trim()
  cached = {ok, reason, run: ok || process.env.CI === 'true'}
  if (!ok) process.stderr.write(`tunnel lab tests ${process.env.CI === 'true' ? 'will FAIL (CI=true)' : 'skipped'}: ${reason}\n`)
  return cached
}

/** Suite title with the skip reason in it, so a skipped run says why. */
export function labTitle(title: string): string {
  const check = labCheck()
  return check.ok ? title : `${title} [lab unavailable: ${check.reason}]`
}

/**
 * Asks for a link subnet in the top half first (falling back to any free one), away from the low
 * slots labs started by hand or by older scripts take (`preferHighSlot: false` for the lowest free).
 */
export function startLab(tag: string, options: {preferHighSlot?: boolean} = {}): Lab {
  const check = labCheck()
  if (!check.ok) throw new Error(`the lab cannot run here: ${check.reason}`)
  const name = `emra-${tag}-${process.pid}`.slice(0, 31)
  const dir = mkdtempSync(join(tmpdir(), `${name}-`))
  const up = (extra: string[]) => spawnSync('bash', [join(LAB_DIR, 'lab-up.sh'), '--name', name, '--dir', dir, '--quiet', ...extra], {encoding: 'utf8', timeout: 60_000})
  let result = (options.preferHighSlot ?? true) ? up(['--slot', String(32 + (process.pid % 31))]) : undefined
  if (!result || result.status !== 0) result = up([])
  if (result.status !== 0) {
    rmSync(dir, {recursive: true, force: true})
    throw new Error(`lab-up.sh failed (${result.status}): ${result.stderr}`)
  }
  return JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as Lab
}

export function stopLab(lab: Lab | undefined): void {
  if (!lab) return
  spawnSync('bash', [join(LAB_DIR, 'lab-down.sh'), '--name', lab.name, '--dir', lab.dir, '--quiet'], {encoding: 'utf8', timeout: 60_000})
}

export function labSshd(lab: Lab, action: 'stop' | 'start' | 'restart', role: 'bastion' | 'bastion-noforward' | 'primary'): void {
  const result = spawnSync('bash', [join(LAB_DIR, 'lab-sshd.sh'), '--dir', lab.dir, action, role], {encoding: 'utf8', timeout: 30_000})
  if (result.status !== 0) throw new Error(`lab-sshd.sh ${action} ${role} failed: ${result.stderr}`)
}

/** How many connections an sshd of the lab has logged (sshd LogLevel VERBOSE: "Connection from"). */
export function sshdConnectionCount(lab: Lab, role: 'bastion' | 'primary'): number {
  try {
    return (readFileSync(join(lab.dir, role, 'sshd.log'), 'utf8').match(/Connection from /g) ?? []).length
  } catch {
    return 0
  }
}
