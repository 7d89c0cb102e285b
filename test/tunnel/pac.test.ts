/**
 * The PAC file, evaluated by a real PAC engine (pac-resolver on quickjs-wasi) with DNS stubbed and
 * every isInNet/dnsResolve call recorded: tunnel candidates go to SOCKS5, everything else DIRECT,
 * and no name that is not a candidate is ever resolved (isInNet only ever sees IP literals).
 */
import {request} from 'node:http'
import {createPacResolver} from 'pac-resolver'
import {QuickJS} from 'quickjs-wasi'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientPolicy} from '../../src/tunnel/bind-policy.js'
import {generatePac, pacInputFromAllowlist} from '../../src/tunnel/pac/pac-file.js'
import {PAC_CONTENT_TYPE, PacServer} from '../../src/tunnel/pac/pac-server.js'
import {Allowlist} from '../../src/tunnel/socks/allowlist.js'
import {HOST_ONLY_ALLOWLIST} from '../../src/tunnel/target.js'

const TUNNEL = 'SOCKS5 127.0.0.1:8157'

async function engine(pac: string) {
  const calls = {isInNet: [] as string[], dnsResolve: [] as string[]}
  const qjs = await QuickJS.create()
  const findProxy = createPacResolver(qjs, pac, {
    sandbox: {
      // Stubs: a name lookup would be a leak; record it and answer like a resolver that knows nothing.
      dnsResolve: async (host: string) => {
        calls.dnsResolve.push(host)
        return null
      },
      isInNet: async (host: string, pattern: string, mask: string) => {
        calls.isInNet.push(host)
        const toInt = (text: string) => text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
        if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) return false
        const m = toInt(mask)
        return (toInt(host) & m) >>> 0 === (toInt(pattern) & m) >>> 0
      },
    },
  })
  return {findProxy, calls}
}

describe('PAC file for a cluster (VPC CIDRs, suffixes, primary name)', () => {
  const allowlist = Allowlist.parse(['10.20.0.0/16', '100.64.0.0/10', 'fd12:3456::/32', '.ec2.internal', '.corp.example.com', 'emr-primary.example.net'])
  const pac = generatePac(pacInputFromAllowlist(allowlist, {host: '127.0.0.1', port: 8157}))
  let findProxy: (url: string) => Promise<string>
  let calls: {isInNet: string[]; dnsResolve: string[]}

  beforeAll(async () => {
    ;({findProxy, calls} = await engine(pac))
  })

  const cases: [string, string][] = [
    ['http://ip-10-20-1-5.ec2.internal:8088/cluster', TUNNEL],
    ['http://IP-10-20-1-5.EC2.INTERNAL.:18080/', TUNNEL],
    ['https://ip-10-20-1-5.ec2.internal:9443/hub/login', TUNNEL],
    ['http://node7.corp.example.com:8042/node', TUNNEL],
    ['http://emr-primary.example.net:8890/', TUNNEL],
    ['http://10.20.3.4:20888/proxy/application_1/', TUNNEL],
    ['http://100.100.1.1/', TUNNEL],
    ['http://[fd12:3456::1]:8088/', TUNNEL],
    ['http://10.21.0.1/', 'DIRECT'],
    ['http://[fd12:3457::1]/', 'DIRECT'],
    ['https://www.example.com/', 'DIRECT'],
    ['https://ec2.us-east-1.amazonaws.com/', 'DIRECT'],
    ['http://evil-ec2.internal.attacker.com/', 'DIRECT'],
    ['http://corp.example.com.attacker.com/', 'DIRECT'],
    ['http://localhost:3000/', 'DIRECT'],
    ['http://intranet/', 'DIRECT'],
  ]

  it.each(cases)('%s → %s', async (url, expected) => {
    expect(await findProxy(url)).toBe(expected)
  })

  it('never resolved a name: no dnsResolve at all, isInNet only on IPv4 literals', async () => {
    for (const [url] of cases) await findProxy(url)
    expect(calls.dnsResolve).toEqual([])
    expect(calls.isInNet.length).toBeGreaterThan(0)
    for (const host of calls.isInNet) expect(host).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(pac).not.toMatch(/dnsResolve|isResolvable|myIpAddress/)
  })

  it('uses SOCKS5 only (remote name resolution), with no SOCKS v4 token and no DIRECT fallback for candidates', () => {
    expect(pac).toContain(`var tunnel = "${TUNNEL}";`)
    expect(pac).not.toMatch(/"SOCKS /)
    expect(pac).not.toMatch(/SOCKS5 127\.0\.0\.1:8157; DIRECT/)
  })
})

describe('PAC file without AWS data (--host defaults)', () => {
  it('sends RFC 1918 literals and the AWS internal suffixes to the proxy, nothing else', async () => {
    const {findProxy, calls} = await engine(generatePac(pacInputFromAllowlist(Allowlist.parse(HOST_ONLY_ALLOWLIST), {host: '127.0.0.1', port: 8157})))
    expect(await findProxy('http://ip-172-31-5-6.eu-west-1.compute.internal:8088/')).toBe(TUNNEL)
    expect(await findProxy('http://ip-10-0-0-1.ec2.internal/')).toBe(TUNNEL)
    expect(await findProxy('http://192.168.1.20/')).toBe(TUNNEL)
    expect(await findProxy('http://172.32.0.1/')).toBe('DIRECT')
    expect(await findProxy('https://github.com/')).toBe('DIRECT')
    expect(calls.dnsResolve).toEqual([])
    expect(calls.isInNet.every((host) => /^\d+\.\d+\.\d+\.\d+$/.test(host))).toBe(true)
  })

  it('brackets an IPv6 proxy address', () => {
    expect(generatePac({proxy: {host: '::1', port: 8157}, hosts: [], suffixes: [], cidrs: []})).toContain('"SOCKS5 [::1]:8157"')
  })
})

describe('PAC server', () => {
  let server: PacServer
  let port: number

  beforeAll(async () => {
    server = new PacServer({
      render: (socksHost) => generatePac({proxy: {host: socksHost, port: 8157}, hosts: [], suffixes: ['ec2.internal'], cidrs: []}),
      socksBind: '127.0.0.1',
      acceptClient: clientPolicy(false),
      allowRemoteClients: false,
    })
    port = (await server.listen(0, '127.0.0.1')).port
  })
  afterAll(() => server.close())

  const get = (path: string, method = 'GET', host?: string) =>
    new Promise<{status: number; type?: string; body: string}>((resolve, reject) => {
      const req = request({host: '127.0.0.1', port, path, method, headers: host ? {host} : {}}, (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({status: response.statusCode ?? 0, type: response.headers['content-type'], body}))
      })
      req.on('error', reject)
      req.end()
    })

  it('serves /proxy.pac with application/x-ns-proxy-autoconfig (GET and HEAD)', async () => {
    const response = await get('/proxy.pac')
    expect(response.status).toBe(200)
    expect(response.type).toBe(PAC_CONTENT_TYPE)
    expect(response.body).toContain('function FindProxyForURL(url, host)')
    const head = await get('/proxy.pac', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('answers 404 elsewhere, 405 to other methods, 403 to a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/wpad.dat')).status).toBe(404)
    expect((await get('/proxy.pac', 'POST')).status).toBe(405)
    expect((await get('/proxy.pac', 'GET', 'rebind.attacker.example')).status).toBe(403)
    expect((await get('/proxy.pac', 'GET', `localhost:${port}`)).status).toBe(200)
  })
})
