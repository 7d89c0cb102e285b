/**
 * A real browser through the tunnel: headless Debian Chromium with --proxy-pac-url pointing at the
 * PAC that `connect` serves loads the lab's YARN page by its internal hostname; the page's script
 * fetches from a core node by its internal hostname (through the tunnel), and an image on a public
 * hostname goes DIRECT (to a local server, via --host-resolver-rules) — never asked of the proxy.
 */
import {createServer, type Server} from 'node:http'
import {createServer as createTcpServer, type AddressInfo} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {artifactPath, browserCheck, browserTitle, CHROMIUM, HEADLESS_ARGS, launchChromium, type LaunchedBrowser} from './support/browser.js'
import {spawn} from 'node:child_process'
import {ConnectProcess, killAll, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labSshd, labTitle, startLab, stopLab, type Lab} from './support/lab.js'

const PUBLIC_HOST = 'public.example.test'
// 1×1 transparent PNG.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

/** Destinations the SOCKS server was asked for, from connect's --debug lines on stderr. */
export function socksRequests(stderr: string): string[] {
  return [...stderr.matchAll(/^debug: SOCKS (\S+) (?:open|refused|failed)/gm)].map((match) => match[1]!)
}

const run = labCheck().run && browserCheck().run

function curl(args: string[], env: Record<string, string> = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-sS', '--max-time', '20', ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env.PATH ?? '/usr/bin:/bin', ...env}})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('close', (code) => resolve({code, stdout, stderr}))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createTcpServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

describe.skipIf(!run)(browserTitle(labTitle('headless Chromium through the PAC and the tunnel (real OpenSSH lab)')), () => {
  let lab: Lab
  let tunnel: ConnectProcess
  let ready: ReadyEvent
  let chromium: LaunchedBrowser
  let publicServer: Server
  let publicPort: number
  const publicHits: string[] = []

  beforeAll(async () => {
    lab = startLab('brws')
    publicServer = createServer((request, response) => {
      publicHits.push(`${request.headers.host ?? ''} ${request.url ?? ''}`)
      response.writeHead(200, {'content-type': 'image/png', 'content-length': PIXEL.length}).end(PIXEL)
    })
    await new Promise<void>((resolve) => publicServer.listen(0, '127.0.0.1', resolve))
    publicPort = (publicServer.address() as AddressInfo).port
    tunnel = new ConnectProcess([
      '--host',
      lab.primary.name,
      '--bastion',
      `${lab.bastion.user}@${lab.bastion.address}`,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      '--json',
      '--debug',
      '--http-proxy-port',
      '0',
    ])
    ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    chromium = await launchChromium([
      `--proxy-pac-url=${ready.pac!.url}`,
      // DIRECT for the public name lands on the local server; nothing else resolves on this machine.
      `--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`,
    ])
  }, 120_000)

  afterAll(async () => {
    try {
      if (chromium) await chromium.close()
      if (tunnel) await tunnel.stop('SIGKILL')
      await new Promise((resolve) => publicServer?.close(resolve))
    } finally {
      killAll()
      stopLab(lab)
    }
  }, 60_000)

  it('renders the YARN page by internal hostname, with a cross-host fetch from a core node, and sends the public host DIRECT', async () => {
    const page = await chromium.browser.newPage({viewport: {width: 1000, height: 600}})
    const publicUrl = `http://${PUBLIC_HOST}:${publicPort}/pixel.png`
    const response = await page.goto(`${lab.webUis.yarn}?public=${encodeURIComponent(publicUrl)}`, {timeout: 30_000})
    expect(response?.status()).toBe(200)
    await expect.poll(() => page.textContent('h1'), {timeout: 10_000}).toBe('YARN ResourceManager (emr-access lab)')
    await expect.poll(() => page.textContent('#fetched'), {timeout: 20_000}).toContain(`"node":"${lab.core.name}:8042"`)
    // The public image loaded (DIRECT, to the local server) …
    await expect.poll(() => page.evaluate<number>('document.getElementById("public")?.naturalWidth ?? -1'), {timeout: 20_000}).toBe(1)
    expect(publicHits.some((hit) => hit.startsWith(`${PUBLIC_HOST}:${publicPort} /pixel.png`))).toBe(true)
    await page.screenshot({path: artifactPath('lab-yarn-page.png')})
    // A link to the core node by its internal name works as well.
    await page.click(`a[href="${lab.webUis.nodeManager}"]`)
    await expect.poll(() => page.textContent('h1'), {timeout: 20_000}).toBe('YARN NodeManager (emr-access lab)')
    await page.close()

    // … and the proxy was asked for the lab's names only, never the public host.
    const asked = socksRequests(tunnel.stderr)
    expect(asked).toContain(`${lab.primary.name}:8088`)
    expect(asked).toContain(`${lab.core.name}:8042`)
    expect(asked.filter((destination) => destination.includes(PUBLIC_HOST))).toEqual([])
    expect(asked.filter((destination) => !destination.endsWith('.ec2.internal:8088') && !destination.endsWith('.ec2.internal:8042'))).toEqual([])
  }, 90_000)

  it('the landing page on the PAC port shows the live tunnel and its UI links, which open through the PAC', async () => {
    const landing = ready.pac!.url.replace('/proxy.pac', '/')
    const page = await chromium.browser.newPage({viewport: {width: 900, height: 520}})
    await page.goto(landing, {timeout: 15_000})
    expect(await page.textContent('h1')).toBe(lab.primary.name)
    expect(await page.textContent('#state')).toMatch(/^connected since /)
    expect(await page.textContent('body')).toContain(`bastion ${lab.bastion.user}@${lab.bastion.address}`)
    await page.screenshot({path: artifactPath('lab-landing-page.png')})

    // The primary's sshd drops every session: the page goes to reconnecting, then connected again.
    const before = tunnel.events.length
    labSshd(lab, 'restart', 'primary')
    await tunnel.waitFor('reconnected', 60_000, before)
    await expect.poll(() => page.textContent('#state'), {timeout: 10_000}).toMatch(/^connected since /)
    const since = Date.parse(((await page.textContent('#state')) ?? '').replace(/^connected since (\S+) (\S+)Z.*/, '$1T$2Z'))
    expect(since).toBeGreaterThan(Date.parse(String(tunnel.events[before]!.time)) - 2_000)

    await page.click(`a[href="${lab.webUis.yarn}"]`)
    await expect.poll(() => page.textContent('h1'), {timeout: 20_000}).toBe('YARN ResourceManager (emr-access lab)')
    await page.close()
  }, 120_000)

  it('connect --open yarn --browser chromium starts the browser in its own profile with the PAC, at the UI', async () => {
    const debugPort = await freePort()
    const opener = new ConnectProcess([
      '--host',
      lab.primary.name,
      '--bastion',
      `${lab.bastion.user}@${lab.bastion.address}`,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      '--json',
      '--open',
      'yarn',
      '--browser',
      CHROMIUM,
      ...HEADLESS_ARGS.map((arg) => `--browser-arg=${arg}`),
      `--browser-arg=--remote-debugging-port=${debugPort}`,
    ])
    let pid: number | undefined
    try {
      const openerReady = (await opener.waitFor('ready', 30_000)) as ReadyEvent
      const started = (await opener.waitFor('browser', 20_000)) as unknown as {pid: number; profile: string; url: string; kind: string}
      pid = started.pid
      expect(started).toMatchObject({kind: 'chromium', url: lab.webUis.yarn})
      expect(started.profile).toMatch(new RegExp(`emr-access/browser-chromium-${new URL(openerReady.pac!.url).port}$`))
      const {chromium} = await import('playwright-core')
      let attached: Awaited<ReturnType<typeof chromium.connectOverCDP>> | undefined
      await expect
        .poll(
          async () => {
            attached ??= await chromium.connectOverCDP(`http://127.0.0.1:${debugPort}`).catch(() => undefined)
            return attached !== undefined
          },
          {timeout: 20_000},
        )
        .toBe(true)
      const page = () =>
        attached!
          .contexts()
          .flatMap((context) => context.pages())
          .find((entry) => entry.url() === lab.webUis.yarn)
      await expect
        .poll(
          async () =>
            (await page()
              ?.textContent('h1')
              .catch(() => null)) ?? null,
          {timeout: 20_000},
        )
        .toBe('YARN ResourceManager (emr-access lab)')
      await page()!.screenshot({path: artifactPath('lab-open-yarn.png')})
      await attached!.close()
    } finally {
      // The browser is detached from connect on purpose; this test started it, so it ends it (its process group).
      if (pid) {
        try {
          process.kill(-pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      await opener.stop('SIGTERM')
    }
  }, 120_000)

  it('--http-proxy-port: HTTP_PROXY (absolute URIs) and CONNECT reach the lab by internal name; off-list is 403', async () => {
    const proxy = (ready as ReadyEvent & {httpProxy: {url: string}}).httpProxy.url
    expect(proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // Absolute-URI request, as HTTP_PROXY clients send it.
    const plain = await curl([lab.webUis.yarn], {http_proxy: proxy})
    expect(plain.stderr).toBe('')
    expect(plain.stdout).toContain('YARN ResourceManager (emr-access lab)')
    const core = await curl(['-i', `${lab.webUis.nodeManager}node.json`], {http_proxy: proxy})
    expect(core.stdout).toMatch(/^HTTP\/1\.1 200/)
    expect(core.stdout).toContain(`"node":"${lab.core.name}:8042"`)
    // CONNECT, as HTTPS_PROXY clients do (here with plain HTTP inside the tunnel: curl --proxytunnel).
    const tunnelled = await curl(['--proxytunnel', '-x', proxy, `${lab.webUis.sparkHistory}`])
    expect(tunnelled.stdout).toContain('Spark History Server (emr-access lab)')
    // Off the allowlist: 403 before anything is opened.
    const refused = await curl(['-i', '-x', proxy, 'http://example.com/'])
    expect(refused.stdout).toMatch(/^HTTP\/1\.1 403/)
    const refusedConnect = await curl(['--proxytunnel', '-x', proxy, 'https://example.com/'])
    expect(refusedConnect.code).not.toBe(0)
    expect(refusedConnect.stderr).toMatch(/403/)
    // Unreachable inside the VPC: 502.
    const unknown = await curl(['-i', '-x', proxy, 'http://ip-10-0-9-99.ec2.internal/'])
    expect(unknown.stdout).toMatch(/^HTTP\/1\.1 502/)
    expect(tunnel.stderr).toMatch(/debug: HTTP example\.com:80 refused: not on the allowlist/)
  }, 60_000)
})
