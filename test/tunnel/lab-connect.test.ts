/**
 * `emr-access connect` against real OpenSSH in the namespace lab: bastion → primary, a page by
 * internal hostname through curl --socks5-hostname and the `socks` package, the allowlist, SOCKS
 * reply codes, the PAC file, -L forwards, --json events, SIGTERM.
 */
import {request} from 'node:http'
import {SocksClient} from 'socks'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {canConnect, ConnectProcess, curlSocks, killAll, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, startLab, stopLab, type Lab} from './support/lab.js'
import {replyCode} from './support/socks-raw.js'

function httpGet(url: string, headers: Record<string, string> = {}): Promise<{status: number; headers: Record<string, unknown>; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request(url, {headers, timeout: 10_000}, (response) => {
      let body = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

async function fetchThroughSocks(socksPort: number, host: string, port: number, path = '/'): Promise<string> {
  const {socket} = await SocksClient.createConnection({
    proxy: {host: '127.0.0.1', port: socksPort, type: 5},
    command: 'connect',
    destination: {host, port},
    timeout: 15_000,
  })
  return new Promise((resolve, reject) => {
    let body = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (body += chunk))
    socket.once('end', () => resolve(body))
    socket.once('error', reject)
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`)
  })
}

describe.skipIf(!labCheck().run)(labTitle('connect through bastion → primary (real OpenSSH lab)'), () => {
  let lab: Lab
  let tunnel: ConnectProcess
  let ready: ReadyEvent

  beforeAll(async () => {
    lab = startLab('conn')
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
      '-L',
      '0:8088',
      '--json',
    ])
    ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
  }, 90_000)

  afterAll(async () => {
    try {
      if (tunnel) await tunnel.stop('SIGKILL')
    } finally {
      killAll()
      stopLab(lab)
    }
  }, 60_000)

  it('reports ready with both hops verified against known_hosts, the ports and the web UIs (--json)', () => {
    expect(ready.hops.map((hop) => [hop.role, hop.host, hop.user])).toEqual([
      ['bastion', lab.bastion.address, 'ec2-user'],
      ['primary', lab.primary.name, 'hadoop'],
    ])
    expect(ready.hops[0]!.hostKey).toMatchObject({status: 'known', fingerprint: lab.bastion.fingerprints.ed25519})
    expect(ready.hops[1]!.hostKey).toMatchObject({status: 'known', fingerprint: lab.primary.fingerprints.ed25519})
    expect(ready.socks.host).toBe('127.0.0.1')
    expect(ready.socks.port).toBeGreaterThan(0)
    expect(ready.pac.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/proxy\.pac$/)
    expect(ready.allow).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '.ec2.internal', '.compute.internal'])
    expect(ready.webUis).toContainEqual({name: 'YARN ResourceManager', url: `http://${lab.primary.name}:8088/`})
    expect(ready.webUis).toContainEqual({name: 'Spark History Server', url: `http://${lab.primary.name}:18080/`})
    // Nothing but events on stdout.
    for (const line of tunnel.stdout.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('event')
  })

  it('curl --socks5-hostname fetches the YARN page by its internal hostname', async () => {
    const result = await curlSocks(ready.socks.port, lab.webUis.yarn)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('YARN ResourceManager (emr-access lab)')
    expect(result.stdout).toContain(`Served by ${lab.primary.name}:8088`)
  })

  it('the socks package reaches the primary and a core node by name, each connection on its own channel', async () => {
    const pages = await Promise.all([
      fetchThroughSocks(ready.socks.port, lab.primary.name, 18080),
      fetchThroughSocks(ready.socks.port, lab.core.name, 8042),
      ...Array.from({length: 8}, () => fetchThroughSocks(ready.socks.port, lab.primary.name, 8088, '/host')),
    ])
    expect(pages[0]).toContain('Spark History Server (emr-access lab)')
    expect(pages[1]).toContain('YARN NodeManager (emr-access lab)')
    for (const page of pages.slice(2)) expect(page).toContain(`\n${lab.primary.name}:8088\n`)
  })

  it('refuses destinations off the allowlist with reply 2 (not allowed by ruleset), before opening anything', async () => {
    expect(await replyCode(ready.socks.port, 0x01, 'example.com', 80)).toBe(2)
    expect(await replyCode(ready.socks.port, 0x01, '8.8.8.8', 53)).toBe(2)
    expect(await replyCode(ready.socks.port, 0x01, '167772180', 8088)).toBe(2)
    const curl = await curlSocks(ready.socks.port, 'http://example.com/')
    expect(curl.code).toBe(97)
    expect(curl.stderr).toMatch(/\(2\)/)
    await expect(fetchThroughSocks(ready.socks.port, 'example.com', 443)).rejects.toThrow(/NotAllowed|not allowed/i)
  })

  it('maps SSH channel failures to SOCKS replies: refused → 5, unknown name → 4; BIND and UDP ASSOCIATE → 7', async () => {
    expect(await replyCode(ready.socks.port, 0x01, lab.primary.name, 1)).toBe(5)
    expect(await replyCode(ready.socks.port, 0x01, 'ip-10-0-9-99.ec2.internal', 80)).toBe(4)
    expect(await replyCode(ready.socks.port, 0x02, lab.primary.name, 8088)).toBe(7)
    expect(await replyCode(ready.socks.port, 0x03, lab.primary.name, 8088)).toBe(7)
  })

  it('serves the PAC file with its content type, pointing at the proxy, and only to a loopback Host', async () => {
    const pac = await httpGet(ready.pac.url)
    expect(pac.status).toBe(200)
    expect(pac.headers['content-type']).toBe('application/x-ns-proxy-autoconfig')
    expect(pac.body).toContain(`var tunnel = "SOCKS5 127.0.0.1:${ready.socks.port}";`)
    expect(pac.body).toContain('dnsDomainIs(h, ".ec2.internal")')
    expect(pac.body).not.toContain('dnsResolve')
    const rebound = await httpGet(ready.pac.url, {host: 'attacker.example:8158'})
    expect(rebound.status).toBe(403)
    expect((await httpGet(ready.pac.url.replace('/proxy.pac', '/other'))).status).toBe(404)
  })

  it('-L forwards a local port to the primary', async () => {
    const forward = ready.forwards[0]!
    expect(forward.remote).toEqual({host: lab.primary.name, port: 8088})
    const page = await httpGet(`http://127.0.0.1:${forward.local.port}/host`)
    expect(page.body.trim()).toBe(`127.0.0.1:${forward.local.port}`)
    expect((await httpGet(`http://127.0.0.1:${forward.local.port}/`)).body).toContain('YARN ResourceManager (emr-access lab)')
  })

  it('SIGTERM closes everything: exit 0, a closed event, no listener left', async () => {
    const ports = [ready.socks.port, Number(new URL(ready.pac.url).port), ready.forwards[0]!.local.port]
    for (const port of ports) expect(await canConnect(port)).toBe(true)
    const result = await tunnel.stop('SIGTERM')
    expect(result.code).toBe(0)
    expect(result.events.at(-1)).toMatchObject({event: 'closed', reason: 'signal', signal: 'SIGTERM', exitCode: 0})
    for (const port of ports) expect(await canConnect(port)).toBe(false)
    // One hostkey event per hop per pooled SSH connection (each connection is verified like the first).
    expect(result.events.map((event) => event.event).filter((name) => name !== 'hostkey')).toEqual(['ready', 'closed'])
    const hostKeys = result.events.filter((event) => event.event === 'hostkey')
    expect(hostKeys.length).toBeGreaterThanOrEqual(2)
    expect(hostKeys.length % 2).toBe(0)
    expect(result.events.slice(0, 2).map((event) => event.event)).toEqual(['hostkey', 'hostkey'])
    expect(result.events.slice(0, 2)).toMatchObject([
      {role: 'bastion', host: lab.bastion.address, port: 22, type: 'ssh-ed25519', fingerprint: lab.bastion.fingerprints.ed25519, status: 'known', where: `${lab.knownHosts}:1`, reconnect: false},
      {role: 'primary', host: lab.primary.name, fingerprint: lab.primary.fingerprints.ed25519, status: 'known', reconnect: false},
    ])
  })
})
