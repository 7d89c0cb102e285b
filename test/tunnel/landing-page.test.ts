/**
 * The landing page on the PAC server's root: content, escaping, /status.json, the same Host and
 * client rules as the PAC file, and (with Debian Chromium) how it looks — the screenshot in
 * docs/landing-page.png comes from this test (EMRA_UPDATE_SCREENSHOTS=1 rewrites it).
 */
import {existsSync} from 'node:fs'
import {createServer, request} from 'node:http'
import type {AddressInfo} from 'node:net'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientPolicy} from '../../src/tunnel/bind-policy.js'
import {escapeHtml, renderLandingPage, type TunnelStatus} from '../../src/tunnel/pac/landing-page.js'
import {PacServer} from '../../src/tunnel/pac/pac-server.js'
import {artifactPath, browserCheck, browserTitle, launchChromium} from './support/browser.js'

const PRIMARY = 'ip-10-0-1-23.ec2.internal'
const DOCS_PNG = fileURLToPath(new URL('../../docs/landing-page.png', import.meta.url))

function baseStatus(): TunnelStatus {
  return {
    state: 'connected',
    since: '2026-11-25T17:58:02.412Z',
    clusterId: 'j-2AXXXXXXGAPLF',
    primary: PRIMARY,
    route: `bastion ec2-user@203.0.113.10 → primary hadoop@${PRIMARY}`,
    socks: '127.0.0.1:8157',
    pacUrl: 'http://127.0.0.1:8158/proxy.pac',
    webUis: [
      {name: 'YARN ResourceManager', url: `http://${PRIMARY}:8088/`},
      {name: 'Spark History Server', url: `http://${PRIMARY}:18080/`},
      {name: 'Zeppelin', url: `http://${PRIMARY}:8890/`},
      {name: 'HDFS NameNode', url: `http://${PRIMARY}:9870/`},
      {name: 'JupyterHub', url: `https://${PRIMARY}:9443/`},
      {name: 'YARN NodeManager (core ip-10-0-1-31.ec2.internal)', url: 'http://ip-10-0-1-31.ec2.internal:8042/'},
    ],
  }
}

describe('landing page HTML', () => {
  it('shows the cluster, the state with its time, the route, the proxy and every UI link', () => {
    const html = renderLandingPage(baseStatus())
    expect(html).toContain('<title>emr-access: j-2AXXXXXXGAPLF — ip-10-0-1-23.ec2.internal</title>')
    expect(html).toContain('connected since 2026-11-25 17:58:02Z')
    expect(html).toContain('bastion ec2-user@203.0.113.10 → primary hadoop@ip-10-0-1-23.ec2.internal')
    expect(html).toContain(`<a href="http://${PRIMARY}:8088/">http://${PRIMARY}:8088/</a>`)
    expect(html).toContain(`<a href="https://${PRIMARY}:9443/">`)
    // No external assets: no src= / href= other than the UI links, no stylesheet links.
    expect(html).not.toMatch(/\ssrc=|<link\b|@import|url\(/)
    expect([...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1])).toEqual(baseStatus().webUis.map((ui) => ui.url))
  })

  it("says how to start a browser that uses the PAC file, in the caller's words, escaped", () => {
    expect(renderLandingPage(baseStatus(), 'emr-access connect --open')).toContain('(emr-access connect --open starts one)')
    expect(renderLandingPage(baseStatus(), '<b>x</b>')).toContain('(&lt;b&gt;x&lt;/b&gt; starts one)')
    expect(renderLandingPage(baseStatus())).not.toContain('starts one')
  })

  it('reconnecting: since when, the attempt and the reason', () => {
    const html = renderLandingPage({...baseStatus(), state: 'reconnecting', since: '2026-11-25T18:00:00.000Z', attempt: 3, reason: 'bastion: connection refused'})
    expect(html).toContain('class="state reconnecting"')
    expect(html).toContain('reconnecting since 2026-11-25 18:00:00Z (attempt 3): bastion: connection refused')
  })

  it('escapes everything that comes from data; non-http links are text', () => {
    const evil = '<script>alert(1)</script>"\'&'
    const html = renderLandingPage({
      ...baseStatus(),
      clusterId: evil,
      primary: evil,
      route: evil,
      reason: evil,
      state: 'reconnecting',
      webUis: [
        {name: evil, url: 'javascript:alert(1)'},
        {name: 'x', url: `http://h/"><script>alert(2)</script>`},
      ],
    })
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('href="javascript:')
    expect(html).toContain(escapeHtml(evil))
    expect(escapeHtml(evil)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;')
    // The one script is the page's own poller.
    expect(html.match(/<script>/g)).toHaveLength(1)
  })
})

describe('landing page served by the PAC server', () => {
  let server: PacServer
  let port: number
  let status = baseStatus()

  beforeAll(async () => {
    server = new PacServer({
      render: () => 'function FindProxyForURL(url, host) { return "DIRECT"; }',
      socksBind: '127.0.0.1',
      acceptClient: clientPolicy(false),
      allowRemoteClients: false,
      status: () => status,
    })
    port = (await server.listen(0, '127.0.0.1')).port
  })
  afterAll(() => server.close())

  const get = (path: string, host?: string, headers: Record<string, string> = {}) =>
    new Promise<{status: number; headers: Record<string, unknown>; body: string}>((resolve, reject) => {
      const req = request({host: '127.0.0.1', port, path, headers: {...(host ? {host} : {}), ...headers}}, (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body}))
      })
      req.on('error', reject)
      req.end()
    })

  it('serves / as HTML with a strict CSP and /status.json as JSON; the PAC file is still there', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('j-2AXXXXXXGAPLF')
    status = {...baseStatus(), state: 'reconnecting', attempt: 2, reason: 'primary: timed out'}
    const json = await get('/status.json')
    expect(json.headers['content-type']).toBe('application/json')
    expect(JSON.parse(json.body)).toMatchObject({state: 'reconnecting', attempt: 2, text: expect.stringMatching(/^reconnecting since .*attempt 2.*timed out/)})
    expect((await get('/proxy.pac')).status).toBe(200)
    expect((await get('/other')).status).toBe(404)
    status = baseStatus()
  })

  it('refuses a foreign Host header (DNS rebinding) on the landing page too', async () => {
    expect((await get('/', 'rebind.attacker.example')).status).toBe(403)
    expect((await get('/status.json', 'rebind.attacker.example:8158')).status).toBe(403)
  })

  it('PAC and landing page: Cross-Origin-Resource-Policy same-origin; subresource loads from another site (even another loopback port) get 403', async () => {
    for (const path of ['/', '/status.json', '/proxy.pac']) expect((await get(path)).headers['cross-origin-resource-policy']).toBe('same-origin')
    const script = (site: string) => ({'sec-fetch-site': site, 'sec-fetch-dest': 'script', 'sec-fetch-mode': 'no-cors'})
    for (const site of ['cross-site', 'same-site']) {
      const refused = await get('/proxy.pac', undefined, script(site))
      expect(refused.status).toBe(403)
      expect(refused.body).not.toContain('FindProxyForURL')
      expect((await get('/status.json', undefined, {'sec-fetch-site': site, 'sec-fetch-dest': 'empty'})).status).toBe(403)
    }
    // The page itself, the landing page's own fetch, and a link followed from elsewhere still work.
    expect((await get('/proxy.pac', undefined, {'sec-fetch-site': 'none', 'sec-fetch-dest': 'document'})).status).toBe(200)
    expect((await get('/status.json', undefined, {'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty'})).status).toBe(200)
    expect((await get('/', undefined, {'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'document'})).status).toBe(200)
  })

  it('without a status source there is no landing page (404)', async () => {
    const bare = new PacServer({render: () => '', socksBind: '127.0.0.1', acceptClient: clientPolicy(false), allowRemoteClients: false})
    const barePort = (await bare.listen(0, '127.0.0.1')).port
    const response = await new Promise<number>((resolve) => request({host: '127.0.0.1', port: barePort, path: '/'}, (r) => resolve(r.statusCode ?? 0)).end())
    expect(response).toBe(404)
    await bare.close()
  })

  describe.skipIf(!browserCheck().run)(browserTitle('in headless Chromium'), () => {
    it('renders, follows the state live from /status.json, and is screenshotted (docs/landing-page.png)', async () => {
      const chromium = await launchChromium([])
      try {
        const page = await chromium.browser.newPage({viewport: {width: 900, height: 520}})
        await page.goto(`http://127.0.0.1:${port}/`)
        expect(await page.textContent('h1')).toBe(`j-2AXXXXXXGAPLF — ${PRIMARY}`)
        expect(await page.locator('table a').count()).toBe(baseStatus().webUis.length)
        // docs/landing-page.png is committed: rewritten only when missing or asked for.
        if (!existsSync(DOCS_PNG) || process.env.EMRA_UPDATE_SCREENSHOTS === '1') await page.screenshot({path: DOCS_PNG})
        await page.screenshot({path: artifactPath('landing-page.png')})
        status = {...baseStatus(), state: 'reconnecting', since: '2026-11-25T18:03:10.000Z', attempt: 1, reason: 'bastion ec2-user@203.0.113.10: connection reset'}
        await expect.poll(() => page.textContent('#state'), {timeout: 10_000}).toMatch(/^reconnecting since 2026-11-25 18:03:10Z/)
        expect(await page.getAttribute('#state', 'class')).toBe('state reconnecting')
        await page.screenshot({path: artifactPath('landing-page-reconnecting.png')})
      } finally {
        status = baseStatus()
        await chromium.close()
      }
    }, 60_000)

    it("another local page's <script src=…/proxy.pac> gets nothing: FindProxyForURL stays undefined there", async () => {
      const attacker = createServer((_request, response) => {
        response.writeHead(200, {'content-type': 'text/html'})
        response.end(`<!doctype html><script src="http://127.0.0.1:${port}/proxy.pac"></script><script src="http://localhost:${port}/proxy.pac"></script><p>page</p>`)
      })
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
      const chromium = await launchChromium([])
      try {
        const page = await chromium.browser.newPage()
        await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`, {waitUntil: 'load'})
        expect(await page.evaluate(() => typeof (globalThis as {FindProxyForURL?: unknown}).FindProxyForURL)).toBe('undefined')
      } finally {
        await chromium.close()
        await new Promise((resolve) => attacker.close(resolve))
      }
    }, 60_000)
  })
})
