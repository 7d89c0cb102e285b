/**
 * Fuzzed SOCKS5 handshakes (fast-check, bounded runs with a fixed seed for reproducible failures):
 * whatever a client sends — valid, truncated, junk, in any number of pieces — the server answers
 * only with well-formed bytes, opens a channel only for a well-formed CONNECT to an allowed
 * destination, always ends the connection, and keeps no socket or channel afterwards.
 */
import fc from 'fast-check'
import {connect, createServer, type Server, type Socket} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {Allowlist, type Destination} from '../../src/tunnel/socks/allowlist.js'
import {Socks5Server} from '../../src/tunnel/socks/socks5-server.js'

let server: Socks5Server
let port: number
let echo: Server
let echoPort: number
const opened: Destination[] = []
const allowlist = Allowlist.parse(['10.0.0.0/16', '.ec2.internal'])

beforeAll(async () => {
  echo = createServer((socket) => socket.end())
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  echoPort = (echo.address() as {port: number}).port
  server = new Socks5Server({
    allow: (destination) => allowlist.allows(destination),
    acceptClient: () => true,
    handshakeTimeoutMs: 200,
    open: async (destination) => {
      opened.push(destination)
      return connect(echoPort, '127.0.0.1')
    },
  })
  port = (await server.listen(0, '127.0.0.1')).port
})

afterAll(async () => {
  await server.close()
  await new Promise((resolve) => echo.close(resolve))
})

/** Sends the pieces one by one, then reads until the server closes (bounded by 3 s). */
function session(pieces: Uint8Array[]): Promise<{reply: Buffer; closedByServer: boolean}> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let done = false
    const finish = (closedByServer: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({reply: Buffer.concat(chunks), closedByServer})
    }
    const timer = setTimeout(() => finish(false), 3_000)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => finish(true))
    socket.once('close', () => finish(true))
    socket.once('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return
        socket.write(piece)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })
  })
}

const splitInto = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let start = 0
  for (const point of [...points, bytes.length]) {
    if (point > start) pieces.push(bytes.subarray(start, point))
    start = Math.max(start, point)
  }
  return pieces
}

const greeting = fc.oneof(
  fc.constant(Uint8Array.from([5, 1, 0])),
  fc.uint8Array({maxLength: 8}).map((methods) => Uint8Array.from([5, methods.length, ...methods])),
  fc.uint8Array({maxLength: 12}),
)
const address = fc.oneof(
  fc.tuple(fc.constant(1), fc.uint8Array({minLength: 4, maxLength: 4})).map(([type, bytes]) => Uint8Array.from([type, ...bytes])),
  fc.stringMatching(/^[a-z0-9.-]{0,40}(\.ec2\.internal)?$/).map((name) => Uint8Array.from([3, name.length, ...Buffer.from(name, 'latin1')])),
  fc.tuple(fc.integer({min: 0, max: 255}), fc.uint8Array({maxLength: 20})).map(([type, bytes]) => Uint8Array.from([type, ...bytes])),
)
const request = fc
  .tuple(fc.integer({min: 0, max: 6}), fc.integer({min: 0, max: 4}), fc.integer({min: 0, max: 2}), address, fc.integer({min: 0, max: 65535}))
  .map(([version, command, reserved, target, destinationPort]) => Uint8Array.from([version === 0 ? 5 : version, command, reserved, ...target, destinationPort >> 8, destinationPort & 0xff]))

describe('SOCKS5 handshake fuzz (fast-check)', () => {
  it('any greeting + request, in any pieces: well-formed replies only, opens only allowed CONNECTs, always ends, nothing kept', async () => {
    await fc.assert(
      fc.asyncProperty(greeting, request, fc.uint8Array({maxLength: 16}), fc.array(fc.nat(), {maxLength: 4}), async (hello, ask, trailing, cuts) => {
        const before = opened.length
        const bytes = Uint8Array.from([...hello, ...ask, ...trailing])
        const {reply, closedByServer} = await session(splitInto(bytes, cuts))
        expect(closedByServer).toBe(true)
        // The method selection is 2 bytes (05 00 or 05 FF); a request reply is 10 (05 REP 00 01 0.0.0.0:0).
        if (reply.length > 0) {
          expect(reply[0]).toBe(5)
          expect([0x00, 0xff]).toContain(reply[1])
        }
        if (reply.length > 2) {
          expect(reply.length).toBeGreaterThanOrEqual(12)
          expect(reply.subarray(2, 5)).toEqual(Buffer.from([5, reply[3]!, 0]))
        }
        for (const destination of opened.slice(before)) expect(allowlist.allows(destination)).toBe(true)
        if (opened.length > before) expect(reply[3]).toBe(0)
      }),
      {numRuns: 300, seed: 1101, endOnFailure: true},
    )
    await expect.poll(() => server.connectionCount, {timeout: 10_000}).toBe(0)
  }, 120_000)
})
