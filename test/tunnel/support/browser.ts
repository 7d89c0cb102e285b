/**
 * Headless Debian Chromium driven by playwright-core (never a downloaded browser), for the tests
 * that load the lab's web UIs through the PAC file. `browserCheck` decides at collection time: no
 * chromium (or no playwright-core) skips with the reason — except under CI=true, where it fails.
 */
import {existsSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Browser} from 'playwright-core'

export const CHROMIUM = process.env.EMRA_CHROMIUM ?? '/usr/bin/chromium'
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url))

/** Flags known to work as root in a container, with no network but loopback and the lab. */
export const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface BrowserCheck {
  ok: boolean
  reason?: string
  run: boolean
}

let cached: BrowserCheck | undefined

export function browserCheck(): BrowserCheck {
  if (cached) return cached
  let reason: string | undefined
  if (!existsSync(CHROMIUM)) reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set EMRA_CHROMIUM)`
  else if (!existsSync(fileURLToPath(new URL('../../../node_modules/playwright-core/package.json', import.meta.url)))) reason = 'playwright-core is not installed'
  cached = {ok: !reason, reason, run: !reason || process.env.CI === 'true'}
  if (reason) process.stderr.write(`headless browser tests ${process.env.CI === 'true' ? 'will FAIL (CI=true)' : 'skipped'}: ${reason}\n`)
  return cached
}

export function browserTitle(title: string): string {
  const check = browserCheck()
  return check.ok ? title : `${title} [browser unavailable: ${check.reason}]`
}

export interface LaunchedBrowser {
  browser: Browser
  close(): Promise<void>
}

/** Chromium with a fresh profile directory and the given extra flags (e.g. --proxy-pac-url). */
export async function launchChromium(extraArgs: string[]): Promise<LaunchedBrowser> {
  const check = browserCheck()
  if (!check.ok) throw new Error(`cannot run a browser here: ${check.reason}`)
  const {chromium} = await import('playwright-core')
  // playwright's launch() makes a fresh profile directory itself (and refuses --user-data-dir in args).
  const browser = await chromium.launch({executablePath: CHROMIUM, headless: true, args: [...HEADLESS_ARGS, ...extraArgs], timeout: 60_000})
  return {browser, close: () => browser.close()}
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, {recursive: true})
  return join(ARTIFACTS, name)
}
