/**
 * `connect --open`: find a browser (Chromium, Chrome, Edge, or Firefox) on the usual paths of
 * Linux, macOS and Windows — or take --browser PATH — and start it in a dedicated profile directory
 * pointed at the tunnel's PAC file, so the user's everyday profile and proxy settings are untouched.
 *
 * Chromium family: --user-data-dir + --proxy-pac-url. Firefox: a generated profile whose user.js
 * sets network.proxy.type 2 (PAC), network.proxy.autoconfig_url and network.proxy.socks_remote_dns.
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {posix, win32} from 'node:path'

export type BrowserKind = 'chromium' | 'firefox'

export interface FoundBrowser {
  kind: BrowserKind
  /** "Google Chrome", "Chromium", "Microsoft Edge", "Firefox", or the file name for --browser. */
  name: string
  path: string
}

export interface DiscoveryEnvironment {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  home: string
  exists(path: string): boolean
}

export function defaultDiscoveryEnvironment(): DiscoveryEnvironment {
  return {platform: process.platform, env: process.env, home: homedir(), exists: (path) => existsSync(path)}
}

interface Candidate {
  kind: BrowserKind
  name: string
  path: string
}

const LINUX_COMMANDS: [BrowserKind, string, string][] = [
  ['chromium', 'Chromium', 'chromium'],
  ['chromium', 'Chromium', 'chromium-browser'],
  ['chromium', 'Google Chrome', 'google-chrome'],
  ['chromium', 'Google Chrome', 'google-chrome-stable'],
  ['chromium', 'Microsoft Edge', 'microsoft-edge'],
  ['chromium', 'Microsoft Edge', 'microsoft-edge-stable'],
  ['firefox', 'Firefox', 'firefox'],
  ['firefox', 'Firefox ESR', 'firefox-esr'],
]

/** Where to look, in order of preference (Chromium family first: one flag sets the PAC). */
export function browserCandidates(environment: DiscoveryEnvironment): Candidate[] {
  const {platform, env, home} = environment
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root))
    const relative: [BrowserKind, string, string][] = [
      ['chromium', 'Google Chrome', 'Google\\Chrome\\Application\\chrome.exe'],
      ['chromium', 'Microsoft Edge', 'Microsoft\\Edge\\Application\\msedge.exe'],
      ['chromium', 'Chromium', 'Chromium\\Application\\chrome.exe'],
      ['firefox', 'Firefox', 'Mozilla Firefox\\firefox.exe'],
    ]
    return relative.flatMap(([kind, name, path]) => roots.map((root) => ({kind, name, path: win32.join(root, path)})))
  }
  if (platform === 'darwin') {
    const apps: [BrowserKind, string, string][] = [
      ['chromium', 'Google Chrome', 'Google Chrome.app/Contents/MacOS/Google Chrome'],
      ['chromium', 'Chromium', 'Chromium.app/Contents/MacOS/Chromium'],
      ['chromium', 'Microsoft Edge', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
      ['firefox', 'Firefox', 'Firefox.app/Contents/MacOS/firefox'],
    ]
    return apps.flatMap(([kind, name, path]) => ['/Applications', posix.join(home, 'Applications')].map((root) => ({kind, name, path: posix.join(root, path)})))
  }
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean)
  for (const extra of ['/usr/bin', '/snap/bin']) if (!dirs.includes(extra)) dirs.push(extra)
  return LINUX_COMMANDS.flatMap(([kind, name, command]) => dirs.map((dir) => ({kind, name, path: posix.join(dir, command)})))
}

/** Firefox if the file name says so, else a Chromium-family browser (Chrome, Edge, Brave, Vivaldi, …). */
export function browserKindOf(path: string): BrowserKind {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase()
  return /firefox|librewolf|waterfox|iceweasel/.test(base) ? 'firefox' : 'chromium'
}

/** The browser named (`path`) does not exist, or (no path) none was found on the usual paths. */
export class BrowserNotFound extends Error {
  constructor(readonly path?: string) {
    super(path ? `${path}: no such file` : 'no Chromium, Chrome, Edge or Firefox found on the usual paths')
    this.name = 'BrowserNotFound'
  }
}

/** The browser to start: --browser PATH as given (it must exist), else the first usual one found. */
export function findBrowser(environment: DiscoveryEnvironment, explicit?: string): FoundBrowser {
  if (explicit) {
    if (!environment.exists(explicit)) throw new BrowserNotFound(explicit)
    return {kind: browserKindOf(explicit), name: explicit.split(/[\\/]/).pop() ?? explicit, path: explicit}
  }
  const found = browserCandidates(environment).find((candidate) => environment.exists(candidate.path))
  if (!found) {
    throw new BrowserNotFound()
  }
  return found
}

/** The cache directory of the OS (for the dedicated profiles), falling back to the temp directory. */
export function cacheDir(environment: Pick<DiscoveryEnvironment, 'platform' | 'env' | 'home'>): string {
  const {platform, env, home} = environment
  if (platform === 'win32') return env.LOCALAPPDATA ? win32.join(env.LOCALAPPDATA, 'emr-access') : win32.join(tmpdir(), 'emr-access')
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'emr-access')
  if (env.XDG_CACHE_HOME) return posix.join(env.XDG_CACHE_HOME, 'emr-access')
  return home ? posix.join(home, '.cache', 'emr-access') : posix.join(tmpdir(), 'emr-access')
}

/** One profile per browser kind and PAC port: a second tunnel on another port gets its own browser. */
export function profileDir(environment: Pick<DiscoveryEnvironment, 'platform' | 'env' | 'home'>, kind: BrowserKind, pacPort: number): string {
  const join = environment.platform === 'win32' ? win32.join : posix.join
  return join(cacheDir(environment), `browser-${kind}-${pacPort}`)
}

export function chromiumArgs(options: {pacUrl: string; profile: string; url: string; extra?: string[]}): string[] {
  return [`--user-data-dir=${options.profile}`, `--proxy-pac-url=${options.pacUrl}`, '--no-first-run', '--no-default-browser-check', ...(options.extra ?? []), options.url]
}

/** user.js of the generated Firefox profile: the PAC file, names resolved through SOCKS, no first-run noise. */
export function firefoxUserJs(pacUrl: string): string {
  const pref = (name: string, value: string | number | boolean) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`
  return [
    '// Written by emr-access for the browser it opened: this profile only, your everyday profile is untouched.',
    pref('network.proxy.type', 2),
    pref('network.proxy.autoconfig_url', pacUrl),
    pref('network.proxy.socks_remote_dns', true),
    pref('network.proxy.socks_version', 5),
    pref('browser.shell.checkDefaultBrowser', false),
    pref('browser.aboutwelcome.enabled', false),
    pref('datareporting.policy.dataSubmissionEnabled', false),
    pref('toolkit.telemetry.reportingpolicy.firstRun', false),
    '',
  ].join('\n')
}

export function firefoxArgs(options: {profile: string; url: string; extra?: string[]}): string[] {
  return ['-profile', options.profile, '-no-remote', ...(options.extra ?? []), options.url]
}

export interface LaunchPlan {
  browser: FoundBrowser
  profile: string
  args: string[]
  /** Files to write into the profile before starting (Firefox's user.js). */
  files: {path: string; content: string}[]
}

export function planLaunch(
  browser: FoundBrowser,
  options: {pacUrl: string; pacPort: number; url: string; extra?: string[]; environment: Pick<DiscoveryEnvironment, 'platform' | 'env' | 'home'>},
): LaunchPlan {
  const profile = profileDir(options.environment, browser.kind, options.pacPort)
  if (browser.kind === 'firefox') {
    const join = options.environment.platform === 'win32' ? win32.join : posix.join
    return {browser, profile, args: firefoxArgs({profile, url: options.url, extra: options.extra}), files: [{path: join(profile, 'user.js'), content: firefoxUserJs(options.pacUrl)}]}
  }
  return {browser, profile, args: chromiumArgs({pacUrl: options.pacUrl, profile, url: options.url, extra: options.extra}), files: []}
}

/** Starts the browser detached from connect (it outlives the tunnel like any browser window would). */
export function launch(plan: LaunchPlan): Promise<number> {
  mkdirSync(plan.profile, {recursive: true, mode: 0o700})
  for (const file of plan.files) writeFileSync(file.path, file.content, {mode: 0o600})
  return new Promise((resolve, reject) => {
    const child = spawn(plan.browser.path, plan.args, {detached: true, stdio: 'ignore'})
    child.once('error', (error) => reject(new Error(`cannot start ${plan.browser.path}: ${error.message}`)))
    child.once('spawn', () => {
      child.unref()
      resolve(child.pid ?? 0)
    })
  })
}

/** `--open UI`: a web UI by (part of) its name or its port; "landing"/empty: the landing page. */
export function pickUi<T extends {name: string; url: string}>(uis: T[], wanted: string): T | undefined {
  const text = wanted.trim().toLowerCase()
  if (/^\d+$/.test(text)) return uis.find((ui) => new URL(ui.url).port === text)
  return uis.find((ui) => ui.name.toLowerCase() === text) ?? uis.find((ui) => ui.name.toLowerCase().includes(text))
}
