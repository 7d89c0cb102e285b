/**
 * The connection pool's bookkeeping with fake chains (the lab test, pool.test.ts, covers real sshd):
 * channels go to the least-loaded connection, a lost connection is replaced while the others carry
 * on, the pool is lost only with its last connection, and a failure retrying cannot fix stops it.
 */
import {PassThrough} from 'node:stream'
import type {ClientChannel} from 'ssh2'
import {describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {ConnectionPool} from '../../src/tunnel/ssh/connection-pool.js'
import type {SshChain} from '../../src/tunnel/ssh/transport.js'

class FakeChain {
  alive = true
  closed = false
  readonly reports = []
  readonly channels: PassThrough[] = []
  private listeners: ((failure: TunnelFailure) => void)[] = []
  onClose(listener: (failure: TunnelFailure) => void) {
    this.listeners.push(listener)
  }
  drop(failure = new TunnelFailure('network', 'primary: the SSH connection closed')) {
    this.alive = false
    for (const listener of this.listeners) listener(failure)
  }
  async forwardOut(): Promise<ClientChannel> {
    if (!this.alive) throw new Error('tunnel is down')
    const channel = new PassThrough()
    this.channels.push(channel)
    return channel as unknown as ClientChannel
  }
  close() {
    this.closed = true
    this.alive = false
  }
}

/** Hands out the scripted results in order (a TunnelFailure is thrown), then fresh chains. */
function scripted(results: (FakeChain | TunnelFailure)[]) {
  const made: FakeChain[] = []
  let calls = 0
  return {
    connect: async (): Promise<SshChain> => {
      const next = results[calls] ?? new FakeChain()
      calls += 1
      if (next instanceof TunnelFailure) throw next
      made.push(next)
      return next as unknown as SshChain
    },
    made,
    calls: () => calls,
  }
}

/** Polls (bounded) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`never happened: ${what}`)
}

describe('ConnectionPool', () => {
  it('spreads channels over the connections, least loaded first, and counts closed channels out', async () => {
    const source = scripted([])
    const pool = await ConnectionPool.connect({size: 2, connect: source.connect})
    const opened = await Promise.all([0, 1, 2].map(() => pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)))
    expect(pool.channelsPerConnection).toEqual([2, 1])
    opened[0]!.emit('close')
    opened[2]!.emit('close')
    expect(pool.channelsPerConnection.reduce((sum, count) => sum + count, 0)).toBe(1)
    await pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)
    expect(pool.channelsPerConnection.sort()).toEqual([1, 1])
    pool.close()
    expect(source.made.every((chain) => chain.closed)).toBe(true)
  })

  it('replaces a lost connection while the other carries on; lost only with the last one', async () => {
    const source = scripted([])
    const memberLosses: number[] = []
    const pool = await ConnectionPool.connect({size: 2, connect: source.connect, refillDelayMs: 5, onMemberLost: (_failure, remaining) => memberLosses.push(remaining)})
    const poolLost: TunnelFailure[] = []
    pool.onClose((failure) => poolLost.push(failure))
    source.made[0]!.drop()
    expect(pool.alive).toBe(true)
    expect(memberLosses).toEqual([1])
    await pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)
    expect(source.made[1]!.channels).toHaveLength(1)
    await until(() => pool.size === 2, 'the lost connection is replaced')
    expect(source.calls()).toBe(3)
    expect(poolLost).toEqual([])

    for (const chain of source.made.filter((made) => made.alive)) chain.drop(new TunnelFailure('network', 'bastion: gone'))
    expect(pool.alive).toBe(false)
    expect(poolLost.map((failure) => failure.message)).toEqual(['bastion: gone'])
    await expect(pool.forwardOut('127.0.0.1', 0, '10.0.2.20', 8088)).rejects.toThrow('tunnel is down')
  })

  it('replaces every lost connection, not just one', async () => {
    const source = scripted([])
    const pool = await ConnectionPool.connect({size: 3, connect: source.connect, refillDelayMs: 5})
    source.made[0]!.drop()
    source.made[1]!.drop()
    expect(pool.size).toBe(1)
    await until(() => pool.size === 3, 'both lost connections are replaced')
    expect(source.calls()).toBe(5)
    pool.close()
  })

  it('a second connection that cannot be made for a network reason leaves one, and is retried', async () => {
    const source = scripted([new FakeChain(), new TunnelFailure('network', 'bastion: ECONNRESET')])
    const pool = await ConnectionPool.connect({size: 2, connect: source.connect, refillDelayMs: 5})
    expect(pool.alive).toBe(true)
    await until(() => pool.size === 2, 'the second connection is retried')
    pool.close()
  })

  it('a failure retrying cannot fix on a later connection stops the pool with that failure', async () => {
    const changed = new TunnelFailure('host-key', 'bastion: host key changed')
    const source = scripted([new FakeChain(), changed])
    await expect(ConnectionPool.connect({size: 2, connect: source.connect})).rejects.toBe(changed)
    expect(source.made[0]!.closed).toBe(true)
  })

  it('a failure retrying cannot fix while replacing a connection loses the pool with it (the supervisor then stops)', async () => {
    const refused = new TunnelFailure('auth', 'primary: authentication failed')
    const source = scripted([new FakeChain(), new FakeChain(), refused])
    const pool = await ConnectionPool.connect({size: 2, connect: source.connect, refillDelayMs: 5})
    const poolLost: TunnelFailure[] = []
    pool.onClose((failure) => poolLost.push(failure))
    source.made[0]!.drop()
    await until(() => poolLost.length > 0, 'the pool is lost')
    expect(poolLost).toEqual([refused])
    expect(source.made[1]!.closed).toBe(true)
    expect(pool.alive).toBe(false)
  })
})
