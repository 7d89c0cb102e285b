/** The --http-proxy-port server without SSH: `open` connects to a local server instead of an SSH channel. */
import {Agent, createServer, request, type Server} from 'node:http'
import {connect, type AddressInfo, type Socket} from 'node:net'
import {PassThrough} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientPolicy} from '../../src/tunnel/bind-policy.js'
import {destinationOf, HttpProxyServer, parseAuthority} from '../../src/tunnel/http/http-proxy.js'
import {Allowlist} from '../../src/tunnel/socks/allowlist.js'

describe('HTTP proxy', () => {
  let origin: Server
  let originPort: number
  let proxy: HttpProxyServer
  let proxyPort: number
  const opened: string[] = []

  beforeAll(async () => {
    origin = createServer((req, res) => {
      if (req.url === '/cut') {
        // A response without a length, cut off mid-way (as when the tunnel drops): headers, some bytes, then a reset.
        res.writeHead(200, {'content-type': 'text/plain', connection: 'close'})
        res.write('partial body')
        setTimeout(() => req.socket.resetAndDestroy(), 100)
        return
      }
      res.end(`origin saw ${req.method} ${req.url} host=${req.headers.host} proxy-auth=${req.headers['proxy-authorization'] ?? '-'}`)
    })
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
    originPort = (origin.address() as AddressInfo).port
    proxy = new HttpProxyServer({
      allow: (destination) => Allowlist.parse(['.ec2.internal']).allows(destination),
      acceptClient: clientPolicy(false),
      open: async (destination) => {
        opened.push(`${destination.host}:${destination.port}`)
        if (destination.host.startsWith('down.')) throw new Error('connection refused')
        return connect(originPort, '127.0.0.1')
      },
    })
    proxyPort = (await proxy.listen(0, '127.0.0.1')).port
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise((resolve) => origin.close(resolve))
  })

  const viaProxy = (url: string, headers: Record<string, string> = {}) =>
    new Promise<{status: number; body: string}>((resolve, reject) => {
      const req = request({host: '127.0.0.1', port: proxyPort, path: url, headers}, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      })
      req.on('error', reject)
      req.end()
    })

  it('forwards absolute-URI requests to allowed destinations, without the proxy headers', async () => {
    const answer = await viaProxy('http://ip-10-0-2-20.ec2.internal:8088/cluster?x=1', {host: 'ip-10-0-2-20.ec2.internal:8088', 'proxy-authorization': 'Basic eA=='})
    expect(answer).toEqual({status: 200, body: 'origin saw GET /cluster?x=1 host=ip-10-0-2-20.ec2.internal:8088 proxy-auth=-'})
    expect(opened).toContain('ip-10-0-2-20.ec2.internal:8088')
  })

  it('sets Host from the request target, whatever Host the client sent', async () => {
    const answer = await viaProxy('http://ip-10-0-2-20.ec2.internal:8088/x', {host: 'attacker.example'})
    expect(answer.body).toBe('origin saw GET /x host=ip-10-0-2-20.ec2.internal:8088 proxy-auth=-')
    expect((await viaProxy('http://ip-10-0-2-20.ec2.internal/y', {host: 'other:1'})).body).toContain('host=ip-10-0-2-20.ec2.internal proxy-auth')
  })

  it('a response cut off mid-stream ends the client with a reset, not a hang and not a clean end', async () => {
    const outcome = await new Promise<{body: string; ended: boolean; error?: string}>((resolve) => {
      let body = ''
      const timer = setTimeout(() => resolve({body, ended: false, error: 'hung: nothing within 5 s'}), 5_000)
      const req = request({host: '127.0.0.1', port: proxyPort, path: 'http://ip-10-0-2-20.ec2.internal:8088/cut'}, (res) => {
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          clearTimeout(timer)
          resolve({body, ended: true})
        })
        res.on('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer)
          resolve({body, ended: false, error: error.code ?? error.message})
        })
      })
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        resolve({body, ended: false, error: error.code ?? error.message})
      })
      req.end()
    })
    expect(outcome.body).toBe('partial body')
    expect(outcome.ended).toBe(false)
    expect(outcome.error).toMatch(/ECONNRESET|aborted/)
  })

  it('403 off the allowlist (nothing opened), 502 when the tunnel cannot open, 400 for origin-form', async () => {
    const before = opened.length
    expect((await viaProxy('http://example.com/')).status).toBe(403)
    expect(opened.length).toBe(before)
    expect((await viaProxy('http://down.ec2.internal/')).status).toBe(502)
    expect((await viaProxy('/relative')).status).toBe(400)
  })

  it('CONNECT: 200 and a byte pipe for allowed host:port; 403 otherwise', async () => {
    const exchange = (target: string, then = '') =>
      new Promise<string>((resolve) => {
        const socket = connect(proxyPort, '127.0.0.1', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n${then}`))
        let data = ''
        socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk))
        socket.on('close', () => resolve(data))
        socket.on('error', () => resolve(data))
        setTimeout(() => socket.destroy(), 2_000)
      })
    const ok = await exchange('ip-10-0-2-30.ec2.internal:8042', 'GET /node HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(ok).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK/)
    expect(ok).toContain('origin saw GET /node host=x')
    expect(await exchange('example.com:443')).toMatch(/^HTTP\/1\.1 403 Forbidden/)
    expect(await exchange('nonsense')).toMatch(/^HTTP\/1\.1 400/)
  })

  it('parses CONNECT targets and classifies destinations like the SOCKS server', () => {
    expect(parseAuthority('[fd00::5]:443')).toEqual({type: 'ipv6', host: 'fd00::5', port: 443})
    expect(parseAuthority('10.0.2.20:8088')).toEqual({type: 'ipv4', host: '10.0.2.20', port: 8088})
    expect(parseAuthority('Host.EC2.Internal.:443')).toEqual({type: 'domain', host: 'host.ec2.internal', port: 443})
    expect(parseAuthority('host:0')).toBeUndefined()
    expect(parseAuthority('host')).toBeUndefined()
    expect(destinationOf('[::1]', 80)).toEqual({type: 'ipv6', host: '::1', port: 80})
  })
})

describe('HTTP proxy shutdown', () => {
  it('a keep-alive client sending many requests over one connection does not pile up listeners on it', async () => {
    const origin = createServer((req, res) => res.end('ok'))
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
    const originPort = (origin.address() as AddressInfo).port
    const proxy = new HttpProxyServer({allow: () => true, acceptClient: clientPolicy(false), open: async () => connect(originPort, '127.0.0.1')})
    const serverSockets: Socket[] = []
    proxy.server.on('connection', (socket: Socket) => serverSockets.push(socket))
    const {port} = await proxy.listen(0, '127.0.0.1')
    const agent = new Agent({keepAlive: true, maxSockets: 1})
    const get = () =>
      new Promise<string>((resolve, reject) => {
        const req = request({host: '127.0.0.1', port, path: 'http://ip-10-0-2-20.ec2.internal:8088/', agent}, (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve(body))
        })
        req.on('error', reject)
        req.end()
      })
    const baseline: number[] = []
    for (let index = 0; index < 30; index += 1) {
      expect(await get()).toBe('ok')
      if (index === 1) baseline.push(serverSockets[0]!.listenerCount('close'))
    }
    expect(serverSockets).toHaveLength(1) // one connection carried them all
    // Each finished request's channel took its listener with it: as many as after the second request, not 30 more.
    await expect.poll(() => serverSockets[0]!.listenerCount('close')).toBeLessThanOrEqual(baseline[0]!)
    agent.destroy()
    await proxy.close()
    await new Promise((resolve) => origin.close(resolve))
  })

  it('a channel that finishes opening after close() is destroyed, not kept open (no leak on shutdown)', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const channels: PassThrough[] = []
    const proxy = new HttpProxyServer({
      allow: () => true,
      acceptClient: clientPolicy(false),
      open: async () => {
        await released
        const channel = new PassThrough()
        channels.push(channel)
        return channel
      },
    })
    const {port} = await proxy.listen(0, '127.0.0.1')
    const client = connect(port, '127.0.0.1')
    client.on('error', () => undefined)
    client.write('CONNECT ip-10-0-2-20.ec2.internal:8088 HTTP/1.1\r\nhost: ip-10-0-2-20.ec2.internal:8088\r\n\r\n')
    await expect.poll(() => client.readyState).toBe('open')
    // Opening is pending; shut down, then let the channel arrive.
    const closing = proxy.close()
    release()
    await closing
    await expect.poll(() => channels.length).toBe(1)
    await expect.poll(() => channels[0]!.destroyed).toBe(true)
  })
})
