/** `connect --open`: browser discovery per OS, the dedicated profiles, Firefox's user.js, the UI pick. */
import {describe, expect, it} from 'vitest'
import {normalizeOpenArgv} from '../../src/cli/open-argv.js'
import {
  browserCandidates,
  browserKindOf,
  BrowserNotFound,
  chromiumArgs,
  findBrowser,
  firefoxUserJs,
  pickUi,
  planLaunch,
  profileDir,
  type DiscoveryEnvironment,
} from '../../src/tunnel/browser/browser.js'
import {primaryWebUiUrls} from '../../src/tunnel/target.js'

function env(platform: NodeJS.Platform, files: string[], vars: Record<string, string> = {}, home = '/home/ana'): DiscoveryEnvironment {
  return {platform, env: vars, home, exists: (path) => files.includes(path)}
}

describe('browser discovery', () => {
  it('Linux: searches PATH (and /usr/bin, /snap/bin), Chromium family before Firefox', () => {
    expect(findBrowser(env('linux', ['/usr/bin/firefox', '/usr/bin/chromium'], {PATH: '/usr/local/bin:/usr/bin'}))).toEqual({kind: 'chromium', name: 'Chromium', path: '/usr/bin/chromium'})
    expect(findBrowser(env('linux', ['/opt/bin/google-chrome-stable'], {PATH: '/opt/bin'}))).toMatchObject({kind: 'chromium', name: 'Google Chrome'})
    expect(findBrowser(env('linux', ['/snap/bin/firefox'], {PATH: '/usr/bin'}))).toEqual({kind: 'firefox', name: 'Firefox', path: '/snap/bin/firefox'})
    expect(findBrowser(env('linux', ['/usr/bin/microsoft-edge'], {}))).toMatchObject({name: 'Microsoft Edge'})
  })

  it('macOS: /Applications and ~/Applications bundles', () => {
    expect(findBrowser(env('darwin', ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'])).path).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')
    expect(findBrowser(env('darwin', ['/Users/ana/Applications/Firefox.app/Contents/MacOS/firefox'], {}, '/Users/ana'))).toMatchObject({kind: 'firefox'})
    expect(findBrowser(env('darwin', ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge']))).toMatchObject({kind: 'chromium', name: 'Microsoft Edge'})
  })

  it('Windows: Program Files, Program Files (x86) and LOCALAPPDATA', () => {
    const vars = {ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}
    expect(findBrowser(env('win32', ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'], vars))).toEqual({
      kind: 'chromium',
      name: 'Microsoft Edge',
      path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    })
    expect(findBrowser(env('win32', ['C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'], vars))).toMatchObject({name: 'Google Chrome'})
    expect(findBrowser(env('win32', ['C:\\Program Files\\Mozilla Firefox\\firefox.exe'], vars))).toMatchObject({kind: 'firefox'})
    expect(browserCandidates(env('win32', [], vars)).every((candidate) => /^C:\\/.test(candidate.path))).toBe(true)
  })

  it('none found, or the named browser missing, is a BrowserNotFound saying which; its kind follows its name', () => {
    expect(() => findBrowser(env('linux', [], {PATH: '/usr/bin'}))).toThrow(BrowserNotFound)
    expect(() => findBrowser(env('linux', [], {PATH: '/usr/bin'}))).toThrow(expect.objectContaining({path: undefined, message: expect.stringMatching(/^no Chromium, Chrome, Edge or Firefox found/)}))
    expect(() => findBrowser(env('linux', []), '/opt/nothing')).toThrow(expect.objectContaining({path: '/opt/nothing'}))
    expect(findBrowser(env('linux', ['/opt/ff/firefox']), '/opt/ff/firefox').kind).toBe('firefox')
    expect(browserKindOf('C:\\Apps\\brave.exe')).toBe('chromium')
    expect(browserKindOf('/usr/bin/librewolf')).toBe('firefox')
  })
})

describe('dedicated profiles and launch plans', () => {
  const pacUrl = 'http://127.0.0.1:8158/proxy.pac'

  it('profiles live under the OS cache directory, one per browser kind and PAC port', () => {
    expect(profileDir(env('linux', []), 'chromium', 8158)).toBe('/home/ana/.cache/emr-access/browser-chromium-8158')
    expect(profileDir(env('linux', [], {XDG_CACHE_HOME: '/x/cache'}), 'firefox', 9000)).toBe('/x/cache/emr-access/browser-firefox-9000')
    expect(profileDir(env('darwin', [], {}, '/Users/ana'), 'chromium', 8158)).toBe('/Users/ana/Library/Caches/emr-access/browser-chromium-8158')
    expect(profileDir(env('win32', [], {LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}), 'chromium', 8158)).toBe('C:\\Users\\ana\\AppData\\Local\\emr-access\\browser-chromium-8158')
  })

  it('Chromium family: --user-data-dir and --proxy-pac-url, then the URL last', () => {
    const plan = planLaunch({kind: 'chromium', name: 'Chromium', path: '/usr/bin/chromium'}, {pacUrl, pacPort: 8158, url: 'http://127.0.0.1:8158/', environment: env('linux', [])})
    expect(plan.args).toEqual([
      '--user-data-dir=/home/ana/.cache/emr-access/browser-chromium-8158',
      `--proxy-pac-url=${pacUrl}`,
      '--no-first-run',
      '--no-default-browser-check',
      'http://127.0.0.1:8158/',
    ])
    expect(plan.files).toEqual([])
    expect(chromiumArgs({pacUrl, profile: '/p', url: 'u', extra: ['--headless']}).slice(-2)).toEqual(['--headless', 'u'])
  })

  it('Firefox: a generated profile whose user.js selects the PAC and remote DNS over SOCKS', () => {
    const plan = planLaunch({kind: 'firefox', name: 'Firefox', path: '/usr/bin/firefox'}, {pacUrl, pacPort: 8158, url: 'http://h:8088/', environment: env('linux', [])})
    expect(plan.args).toEqual(['-profile', '/home/ana/.cache/emr-access/browser-firefox-8158', '-no-remote', 'http://h:8088/'])
    expect(plan.files).toHaveLength(1)
    expect(plan.files[0]!.path).toBe('/home/ana/.cache/emr-access/browser-firefox-8158/user.js')
    const userJs = firefoxUserJs(pacUrl)
    expect(plan.files[0]!.content).toBe(userJs)
    expect(userJs).toContain('user_pref("network.proxy.type", 2);')
    expect(userJs).toContain(`user_pref("network.proxy.autoconfig_url", "${pacUrl}");`)
    expect(userJs).toContain('user_pref("network.proxy.socks_remote_dns", true);')
    // Every line is a comment, blank, or one user_pref call.
    for (const line of userJs.split('\n')) expect(line).toMatch(/^$|^\/\/ |^user_pref\("[\w.]+", ("[^"\\]*"|\d+|true|false)\);$/)
  })
})

describe('--open [UI]', () => {
  const uis = primaryWebUiUrls('ip-10-0-1-5.ec2.internal')

  it('picks a UI by name, part of its name, or port', () => {
    expect(pickUi(uis, 'Zeppelin')?.url).toBe('http://ip-10-0-1-5.ec2.internal:8890/')
    expect(pickUi(uis, 'yarn')?.name).toBe('YARN ResourceManager')
    expect(pickUi(uis, 'spark history')?.url).toMatch(/:18080\/$/)
    expect(pickUi(uis, '18080')?.name).toBe('Spark History Server')
    expect(pickUi(uis, 'nothing-like-it')).toBeUndefined()
  })

  it('a bare --open means the landing page (oclif has no optional flag values)', () => {
    expect(normalizeOpenArgv(['--host', 'x', '--open'])).toEqual(['--host', 'x', '--open=landing'])
    expect(normalizeOpenArgv(['--open', '--host', 'x'])).toEqual(['--open=landing', '--host', 'x'])
    expect(normalizeOpenArgv(['--open', 'j-2AXXXXXXGAPLF'])).toEqual(['--open=landing', 'j-2AXXXXXXGAPLF'])
    expect(normalizeOpenArgv(['--open', 'yarn', '--host', 'x'])).toEqual(['--open', 'yarn', '--host', 'x'])
    expect(normalizeOpenArgv(['--open=spark'])).toEqual(['--open=spark'])
  })
})
