/**
 * Refusals: logged once per address with a rate limit, and a client that resets before the
 * loopback check is no "not loopback" refusal (reproduced for real: a client connects and resets
 * while the server's event loop is busy, so the server accepts an already-reset socket).
 */
import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {clientPolicy} from '../../src/tunnel/bind-policy.js'
import {RefusalLog} from '../../src/tunnel/refusal-log.js'
import {Socks5Server} from '../../src/tunnel/socks/socks5-server.js'

describe('RefusalLog', () => {
  it('logs each address once, at most N per window, and says how many were held back', () => {
    let now = 0
    const lines: string[] = []
    const log = new RefusalLog((text) => lines.push(text), {perWindow: 2, windowMs: 1_000, now: () => now})
    for (let round = 0; round < 100; round += 1) log.note('192.0.2.1', 'refused 192.0.2.1')
    expect(lines).toEqual(['refused 192.0.2.1'])
    log.note('192.0.2.2', 'refused 192.0.2.2')
    for (let index = 3; index < 50; index += 1) log.note(`192.0.2.${index}`, `refused 192.0.2.${index}`)
    expect(lines).toEqual(['refused 192.0.2.1', 'refused 192.0.2.2'])
    now = 1_000
    log.note('198.51.100.1', 'refused 198.51.100.1')
    expect(lines.at(-1)).toBe('refused 198.51.100.1 (and 47 more refusals not shown)')
    expect(lines).toHaveLength(3)
  })
})

describe('client policy', () => {
  it('refuses non-loopback clients and reports them; a socket with no address (already reset) is refused silently', () => {
    const refused: string[] = []
    const accept = clientPolicy(false, (address) => refused.push(address))
    expect(accept('127.0.0.1')).toBe(true)
    expect(accept('::1')).toBe(true)
    expect(accept('192.0.2.10')).toBe(false)
    expect(accept(undefined)).toBe(false)
    expect(refused).toEqual(['192.0.2.10'])
    expect(clientPolicy(true)('192.0.2.10')).toBe(true)
  })

  it('a SOCKS client that resets before the check logs no "not loopback" refusal', async () => {
    const refused: string[] = []
    const logged: string[] = []
    const server = new Socks5Server({
      allow: () => true,
      acceptClient: clientPolicy(false, (address) => refused.push(address)),
      open: () => Promise.reject(new Error('not used')),
      log: (entry) => logged.push(entry.type),
    })
    const {port} = await server.listen(0, '127.0.0.1')
    let accepted = 0
    server.server.on('connection', () => (accepted += 1))
    try {
      // Blocks this event loop while a client connects and resets (SO_LINGER 0): the server accepts it afterwards.
      const script = `import socket,struct\ns=socket.create_connection(('127.0.0.1',${port}))\ns.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0))\ns.close()`
      const client = spawnSync('python3', ['-c', script], {timeout: 10_000})
      expect(client.status).toBe(0)
      await expect.poll(() => accepted, {timeout: 5_000}).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(refused).toEqual([])
      expect(logged).toEqual([])
    } finally {
      await server.close()
    }
  })
})
