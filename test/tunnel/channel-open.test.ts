/** Channel opens are bounded: a server that never answers an open must not hold a client forever. */
import {PassThrough} from 'node:stream'
import type {Client as SshClient, ClientChannel} from 'ssh2'
import {describe, expect, it} from 'vitest'
import {classifyOpenFailure} from '../../src/tunnel/ssh/open-failure.js'
import {DEFAULT_TIMING, openDirectChannel} from '../../src/tunnel/ssh/transport.js'

describe('channel open timeout', () => {
  it('rejects when the server does not answer in time, and closes a channel that opens too late', async () => {
    let answer: ((error: Error | undefined, channel: ClientChannel) => void) | undefined
    const silent = {forwardOut: (_a: string, _b: number, _c: string, _d: number, callback: typeof answer) => void (answer = callback)} as unknown as SshClient
    const failure = await openDirectChannel(silent, {address: '127.0.0.1', port: 1}, 'ip-10-0-2-20.ec2.internal', 8088, 50).catch((error: unknown) => error)
    expect(String(failure)).toMatch(/channel open to ip-10-0-2-20\.ec2\.internal:8088 timed out/)
    expect(classifyOpenFailure(failure).kind).toBe('timed-out')
    const late = new PassThrough()
    answer!(undefined, late as unknown as ClientChannel)
    expect(late.destroyed).toBe(true)
  })

  it('a hop that stops answering keepalives is declared lost within about 20 s', () => {
    expect((DEFAULT_TIMING.keepaliveCountMax + 1) * DEFAULT_TIMING.keepaliveInterval).toBeLessThanOrEqual(20_000)
    expect(DEFAULT_TIMING.channelOpenTimeout).toBeGreaterThan(0)
  })
})
