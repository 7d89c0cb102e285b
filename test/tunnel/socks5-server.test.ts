/**
 * The SOCKS5 server alone, with `open` dialing a local echo server instead of an SSH channel:
 * the handshake, reply codes, early client bytes, the client policy, and a bounded fuzz of random
 * and truncated greetings that must never crash the server and must always end with the socket
 * closed.
 */
import {randomBytes} from 'node:crypto'
import {connect, createServer, type Server} from 'node:net'
import {SocksClient} from 'socks'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {Allowlist, type Destination} from '../../src/tunnel/socks/allowlist.js'
import {REPLY} from '../../src/tunnel/socks/replies.js'
import {Socks5Server, SocksOpenError} from '../../src/tunnel/socks/socks5-server.js'
import {exchange, GREETING, replyCode, socks5Request} from './support/socks-raw.js'

let echo: Server
let echoPort: number
let server: Socks5Server
let port: number
const opened: Destination[] = []
let acceptClients = true

beforeAll(async () => {
  echo = createServer({allowHalfOpen: true}, (socket) => socket.pipe(socket))
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  echoPort = (echo.address() as {port: number}).port
  const allowlist = Allowlist.parse(['10.0.0.0/16', '.ec2.internal', 'fd00::/8'])
  server = new Socks5Server({
    allow: (destination) => allowlist.allows(destination),
    acceptClient: () => acceptClients,
    handshakeTimeoutMs: 300,
    open: async (destination) => {
      opened.push(destination)
      if (destination.port === 1) throw new SocksOpenError(REPLY.CONNECTION_REFUSED, 'Connection refused')
      if (destination.host.startsWith('nosuch')) throw new SocksOpenError(REPLY.HOST_UNREACHABLE, 'Name or service not known')
      if (destination.port === 2) throw new Error('boom')
      return connect({port: echoPort, host: '127.0.0.1'})
    },
  })
  port = (await server.listen(0, '127.0.0.1')).port
})

afterAll(async () => {
  await server.close()
  await new Promise((resolve) => echo.close(resolve))
})

describe('SOCKS5 server', () => {
  it('CONNECTs by name with the socks client and pipes both ways; names reach `open` unresolved', async () => {
    const {socket} = await SocksClient.createConnection({
      proxy: {host: '127.0.0.1', port, type: 5},
      command: 'connect',
      destination: {host: 'ip-10-0-1-5.ec2.internal', port: 8088},
    })
    const reply = await new Promise<string>((resolve) => {
      socket.once('data', (chunk) => resolve(chunk.toString()))
      socket.write('ping')
    })
    socket.destroy()
    expect(reply).toBe('ping')
    expect(opened.at(-1)).toEqual({type: 'domain', host: 'ip-10-0-1-5.ec2.internal', port: 8088})
  })

  it('keeps bytes a client sends before the reply (greeting, request and payload in one write)', async () => {
    const payload = Buffer.from('GET / HTTP/1.0\r\n\r\n')
    const {data} = await exchange(port, Buffer.concat([GREETING, socks5Request(1, '10.0.2.20', 8088), payload]), {end: true})
    expect(data.subarray(0, 2)).toEqual(Buffer.from([5, 0]))
    expect(data.subarray(2, 12)).toEqual(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]))
    expect(data.subarray(12).toString()).toBe(payload.toString())
  })

  it('IPv6 destinations are parsed and judged as addresses', async () => {
    const address = Buffer.from([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    const request = Buffer.concat([Buffer.from([5, 1, 0, 4]), address, Buffer.from([0x1f, 0x98])])
    const {data} = await exchange(port, Buffer.concat([GREETING, request]), {end: true})
    expect(data[3]).toBe(REPLY.SUCCEEDED)
    expect(opened.at(-1)).toEqual({type: 'ipv6', host: 'fd00:0:0:0:0:0:0:1', port: 8088})
  })

  it('answers 2 for destinations off the allowlist without opening anything', async () => {
    const before = opened.length
    expect(await replyCode(port, 1, 'example.com', 80)).toBe(REPLY.NOT_ALLOWED)
    expect(await replyCode(port, 1, '10.1.0.1', 80)).toBe(REPLY.NOT_ALLOWED)
    expect(await replyCode(port, 1, '0x0a000001', 80)).toBe(REPLY.NOT_ALLOWED)
    expect(opened.length).toBe(before)
  })

  it('answers 7 for BIND and UDP ASSOCIATE, 8 for an unknown address type, 4 for a malformed name', async () => {
    expect(await replyCode(port, 2, '10.0.2.20', 8088)).toBe(REPLY.COMMAND_NOT_SUPPORTED)
    expect(await replyCode(port, 3, '10.0.2.20', 8088)).toBe(REPLY.COMMAND_NOT_SUPPORTED)
    const {data} = await exchange(port, Buffer.concat([GREETING, Buffer.from([5, 1, 0, 9, 1, 2, 3, 4, 0, 80])]))
    expect(data[3]).toBe(REPLY.ADDRESS_TYPE_NOT_SUPPORTED)
    const bad = await exchange(port, Buffer.concat([GREETING, Buffer.from([5, 1, 0, 3, 3, 0x61, 0x20, 0x62, 0, 80])]))
    expect(bad.data[3]).toBe(REPLY.HOST_UNREACHABLE)
  })

  it('answers what `open` says (5 refused, 4 unresolved) and 1 for anything else; always 10-byte replies', async () => {
    expect(await replyCode(port, 1, '10.0.2.20', 1)).toBe(REPLY.CONNECTION_REFUSED)
    expect(await replyCode(port, 1, 'nosuch.ec2.internal', 80)).toBe(REPLY.HOST_UNREACHABLE)
    const {data, closed} = await exchange(port, Buffer.concat([GREETING, socks5Request(1, '10.0.2.20', 2)]))
    expect(data.length).toBe(12)
    expect(data[3]).toBe(REPLY.GENERAL_FAILURE)
    expect(closed).toBe(true)
  })

  it('answers 05 FF when the client offers no acceptable method, and closes', async () => {
    const {data, closed} = await exchange(port, Buffer.from([5, 1, 2]))
    expect(data).toEqual(Buffer.from([5, 0xff]))
    expect(closed).toBe(true)
  })

  it('closes a client that goes quiet mid-handshake (deadline)', async () => {
    // The server's 300 ms deadline closes it; without one the client gives up at 3 s and `closed` is false.
    const {closed} = await exchange(port, Buffer.from([5, 2, 0]), {timeoutMs: 3_000})
    expect(closed).toBe(true)
  })

  it('refuses clients the policy rejects (non-loopback without --allow-remote-clients)', async () => {
    acceptClients = false
    try {
      const {data, closed} = await exchange(port, Buffer.concat([GREETING, socks5Request(1, '10.0.2.20', 8088)]))
      expect(data.length).toBe(0)
      expect(closed).toBe(true)
    } finally {
      acceptClients = true
    }
  })

  it('fuzz (bounded): random and truncated greetings never crash the server and always end closed', async () => {
    const valid = Buffer.concat([GREETING, socks5Request(1, 'ip-10-0-2-20.ec2.internal', 8088)])
    const cases: Buffer[] = []
    for (let index = 0; index < 150; index += 1) cases.push(randomBytes(1 + (index % 40)))
    for (let cut = 0; cut < valid.length; cut += 1) cases.push(valid.subarray(0, cut))
    for (let index = 0; index < 60; index += 1) {
      // Valid prefix, then junk: bad commands, address types, lengths.
      const mutated = Buffer.from(valid)
      mutated[2 + Math.floor(Math.random() * (mutated.length - 2))] = Math.floor(Math.random() * 256)
      cases.push(mutated.subarray(0, 3 + Math.floor(Math.random() * mutated.length)))
    }
    cases.push(Buffer.from([5, 255, ...randomBytes(255)]), Buffer.from([4, 1, 0, 80, 10, 0, 0, 1, 0]), Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    for (let batch = 0; batch < cases.length; batch += 20) {
      const results = await Promise.all(cases.slice(batch, batch + 20).map((bytes, index) => exchange(port, bytes, {end: index % 2 === 0, timeoutMs: 1_500})))
      results.forEach((result, index) => {
        // A mutation can stay a valid, allowed CONNECT: that connection is rightly open (until the client closes it).
        const connected = result.data.length >= 4 && result.data[2] === 5 && result.data[3] === REPLY.SUCCEEDED
        expect(result.closed || connected, `case ${cases[batch + index]!.toString('hex')} → ${result.data.toString('hex')}`).toBe(true)
      })
    }
    expect(server.server.listening).toBe(true)
    // Still serving after all that.
    expect(await replyCode(port, 1, '10.0.2.20', 8088)).toBe(REPLY.SUCCEEDED)
    // Closed connections are counted down when their sockets close: give a busy machine time.
    await expect.poll(() => server.connectionCount, {timeout: 10_000}).toBe(0)
  })
})
