/**
 * Renewal before an EICE tunnel's maxTunnelDuration, in the connection pool's bookkeeping with fake
 * chains (eice-lab.test.ts renews real ones): a chain that says when its transport ends is replaced
 * before then, make-before-break — new channels go to the new chain, the old one keeps its open
 * channels and is closed when the last one closes — and the pool (so the supervisor and the
 * listeners above it) never sees a loss.
 */
import {PassThrough} from 'node:stream'
import type {ClientChannel} from 'ssh2'
import {describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {ConnectionPool, renewalLeadMs} from '../../src/tunnel/ssh/connection-pool.js'
import type {SshChain} from '../../src/tunnel/ssh/transport.js'

class ExpiringChain {
  alive = true
  closed = false
  readonly reports = []
  readonly channels: PassThrough[] = []
  private listeners: ((failure: TunnelFailure) => void)[] = []
  constructor(readonly expiresAt: number) {}
  onClose(listener: (failure: TunnelFailure) => void) {
    this.listeners.push(listener)
  }
  drop() {
    this.alive = false
    for (const listener of this.listeners) listener(new TunnelFailure('network', 'primary: EC2 Instance Connect Endpoint closed the tunnel'))
  }
  async forwardOut(): Promise<ClientChannel> {
    const channel = new PassThrough()
    this.channels.push(channel)
    return channel as unknown as ClientChannel
  }
  close() {
    this.closed = true
    this.alive = false
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`never happened: ${what}`)
}

describe('renewal before maxTunnelDuration (connection pool, fake chains)', () => {
  it('renews a quarter of the life early, at most a minute: 60 s before a one-hour tunnel, 0.75 s before a 3 s one', () => {
    expect(renewalLeadMs(3_600_000)).toBe(60_000)
    expect(renewalLeadMs(3_000)).toBe(750)
    expect(renewalLeadMs(-5)).toBe(0)
  })

  it('connects the new chain first, sends new channels to it, and closes the old one when its last channel closes', async () => {
    const made: ExpiringChain[] = []
    const connect = async (): Promise<SshChain> => {
      const chain = new ExpiringChain(Date.now() + (made.length === 0 ? 200 : 3_600_000))
      made.push(chain)
      return chain as unknown as SshChain
    }
    const losses: TunnelFailure[] = []
    const pool = await ConnectionPool.connect({size: 1, connect})
    pool.onClose((failure) => losses.push(failure))
    const inFlight = await pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)
    await until(() => made.length === 2, 'the renewal connects a second chain')
    expect(made[0]!.closed).toBe(false)
    await pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)
    expect(made.map((chain) => chain.channels.length)).toEqual([1, 1])
    expect(pool.size).toBe(1)
    inFlight.emit('close')
    expect(made[0]!.closed).toBe(true)
    expect(pool.alive).toBe(true)
    expect(losses).toEqual([])
    pool.close()
    expect(made[1]!.closed).toBe(true)
  })

  it('a renewal that fails keeps the old chain serving; when it then ends, the pool reports the loss (the supervisor reconnects)', async () => {
    const made: ExpiringChain[] = []
    let calls = 0
    const connect = async (): Promise<SshChain> => {
      calls += 1
      if (calls === 2) throw new TunnelFailure('network', 'primary: EC2 Instance Connect Endpoint refused the tunnel (HTTP 503)')
      const chain = new ExpiringChain(Date.now() + (calls === 1 ? 100 : 3_600_000))
      made.push(chain)
      return chain as unknown as SshChain
    }
    const lost: string[] = []
    const losses: TunnelFailure[] = []
    const pool = await ConnectionPool.connect({size: 1, connect, onMemberLost: (failure) => lost.push(failure.message)})
    pool.onClose((failure) => losses.push(failure))
    await until(() => lost.length === 1, 'the failed renewal is reported')
    expect(lost[0]).toContain('HTTP 503')
    expect(pool.alive).toBe(true)
    await pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)
    expect(made[0]!.channels).toHaveLength(1)
    made[0]!.drop()
    expect(losses.map((failure) => failure.message)).toEqual(['primary: EC2 Instance Connect Endpoint closed the tunnel'])
    pool.close()
  })

  it('a chain without an expiry (TCP, ProxyCommand) is never renewed', async () => {
    let calls = 0
    const pool = await ConnectionPool.connect({
      size: 1,
      connect: async () => {
        calls += 1
        const chain = new ExpiringChain(0) as unknown as {expiresAt?: number}
        delete chain.expiresAt
        return chain as unknown as SshChain
      },
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(calls).toBe(1)
    pool.close()
  })
})
