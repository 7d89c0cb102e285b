/** The supervisor with fake SSH chains: retry network failures, stop on the others, keep channels waiting. */
import {PassThrough} from 'node:stream'
import type {ClientChannel} from 'ssh2'
import {describe, expect, it} from 'vitest'
import {TunnelFailure, classifySocketError, nameLookupFailure} from '../../src/tunnel/failures.js'
import {REPLY, replyForOpenFailure} from '../../src/tunnel/socks/replies.js'
import {classifyOpenFailure} from '../../src/tunnel/ssh/open-failure.js'
import type {SshChain} from '../../src/tunnel/ssh/transport.js'
import {backoffDelay, TunnelSupervisor} from '../../src/tunnel/supervisor.js'

class FakeChain {
  alive = true
  private listeners: ((failure: TunnelFailure) => void)[] = []
  closed = false
  onClose(listener: (failure: TunnelFailure) => void) {
    this.listeners.push(listener)
  }
  drop(failure = new TunnelFailure('network', 'primary: the SSH connection closed')) {
    this.alive = false
    for (const listener of this.listeners) listener(failure)
  }
  async forwardOut(): Promise<ClientChannel> {
    if (!this.alive) throw new Error('tunnel is down')
    return new PassThrough() as unknown as ClientChannel
  }
  close() {
    this.closed = true
    this.alive = false
  }
}

const fast = {initialMs: 10, maxMs: 40, factor: 2}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function scripted(results: (FakeChain | TunnelFailure)[]) {
  let calls = 0
  return {
    connect: async () => {
      const next = results[Math.min(calls, results.length - 1)]!
      calls += 1
      if (next instanceof TunnelFailure) throw next
      return next as unknown as SshChain
    },
    calls: () => calls,
  }
}

describe('backoff', () => {
  it('grows exponentially to the cap, with jitter in [half, full]', () => {
    const backoff = {initialMs: 500, maxMs: 30_000, factor: 2}
    expect(backoffDelay(1, backoff, () => 0)).toBe(250)
    expect(backoffDelay(1, backoff, () => 1)).toBe(500)
    expect(backoffDelay(4, backoff, () => 1)).toBe(4_000)
    expect(backoffDelay(20, backoff, () => 0.5)).toBe(22_500)
    for (let attempt = 1; attempt < 30; attempt += 1) {
      const delay = backoffDelay(attempt, backoff)
      expect(delay).toBeGreaterThan(0)
      expect(delay).toBeLessThanOrEqual(30_000)
    }
  })
})

describe('TunnelSupervisor', () => {
  it('first connection: retries network failures a few times, then gives up with the last reason', async () => {
    const network = new TunnelFailure('network', 'bastion: connection refused')
    const script = scripted([network])
    const retries: number[] = []
    const supervisor = new TunnelSupervisor({connect: script.connect, backoff: fast, initialAttempts: 3, hooks: {onInitialRetry: (_f, attempt) => retries.push(attempt)}})
    await expect(supervisor.start()).rejects.toBe(network)
    expect(script.calls()).toBe(3)
    expect(retries).toEqual([1, 2])
    expect(supervisor.status).toBe('stopped')
  })

  it.each(['auth', 'host-key', 'unknown-host', 'permission', 'config'] as const)('first connection: %s stops at once', async (kind) => {
    const script = scripted([new TunnelFailure(kind, kind)])
    const supervisor = new TunnelSupervisor({connect: script.connect, backoff: fast})
    await expect(supervisor.start()).rejects.toMatchObject({kind})
    expect(script.calls()).toBe(1)
  })

  it('reconnects after a drop, through network failures, and channel requests wait for it', async () => {
    const first = new FakeChain()
    const second = new FakeChain()
    const script = scripted([first, new TunnelFailure('network', 'refused'), new TunnelFailure('network', 'refused'), second])
    const events: string[] = []
    const supervisor = new TunnelSupervisor({
      connect: script.connect,
      backoff: fast,
      hooks: {
        onReconnecting: (failure, attempt) => events.push(`reconnecting ${attempt} ${failure.message}`),
        onReconnected: (attempt) => events.push(`reconnected ${attempt}`),
      },
    })
    await supervisor.start()
    first.drop()
    const channel = supervisor.openChannel('ip-10-0-1-5.ec2.internal', 8088, {address: '127.0.0.1', port: 5})
    await expect(channel).resolves.toBeInstanceOf(PassThrough)
    expect(events).toEqual(['reconnecting 1 primary: the SSH connection closed', 'reconnecting 2 refused', 'reconnecting 3 refused', 'reconnected 3'])
    expect(supervisor.status).toBe('up')
    supervisor.close()
    expect(second.closed).toBe(true)
  })

  it('stops on a failure it must not retry while reconnecting (e.g. the key was removed)', async () => {
    const first = new FakeChain()
    const auth = new TunnelFailure('auth', 'bastion: authentication failed')
    const supervisor = new TunnelSupervisor({connect: scripted([first, auth]).connect, backoff: fast})
    const stopped = new Promise<TunnelFailure | undefined>((resolve) => supervisor.onStop(resolve))
    await supervisor.start()
    first.drop()
    expect(await stopped).toBe(auth)
    await expect(supervisor.openChannel('h', 1, {address: '127.0.0.1', port: 1})).rejects.toThrow(/tunnel is down/)
  })

  it('a channel request times out (bounded) while the tunnel stays down; close() ends the loop', async () => {
    const first = new FakeChain()
    const script = scripted([first, new TunnelFailure('network', 'refused')])
    const supervisor = new TunnelSupervisor({connect: script.connect, backoff: fast, channelWaitMs: 100})
    await supervisor.start()
    first.drop()
    await expect(supervisor.openChannel('h', 1, {address: '127.0.0.1', port: 1})).rejects.toThrow(/reconnecting/)
    supervisor.close()
    const calls = script.calls()
    await wait(150)
    expect(script.calls()).toBe(calls)
    expect(supervisor.status).toBe('stopped')
  })
})

describe('failure classification', () => {
  it('maps local socket errors', () => {
    const of = (code: string) => classifySocketError(Object.assign(new Error(code), {code}), {hop: 'bastion x', host: 'x', port: 22})
    expect(of('ENOTFOUND').kind).toBe('unknown-host')
    expect(of('ECONNREFUSED')).toMatchObject({kind: 'network', retryable: true})
    expect(of('ETIMEDOUT').message).toMatch(/security group, network ACL or firewall/)
    expect(of('EAI_AGAIN').kind).toBe('network')
    expect(of('EACCES').kind).toBe('permission')
  })

  it('a temporary name-lookup failure on a hop is retried like a network failure; a wrong name stops', () => {
    const detail = {hop: 'primary hadoop@ip-10-0-2-20.ec2.internal', host: 'ip-10-0-2-20.ec2.internal', port: 22}
    const onBastion = (description: string) => {
      const failure = classifyOpenFailure(Object.assign(new Error(`(SSH) Channel open failure: ${description}`), {reason: 2}))
      expect(failure.kind).toBe('unresolved')
      return nameLookupFailure('primary: ip-10-0-2-20.ec2.internal does not resolve on bastion', failure.description, detail)
    }
    const temporary = onBastion('Temporary failure in name resolution')
    expect([temporary.kind, temporary.retryable, temporary.detail.code]).toEqual(['network', true, 'EAI_AGAIN'])
    const wrongName = onBastion('Name or service not known')
    expect([wrongName.kind, wrongName.retryable, wrongName.detail.code]).toEqual(['unknown-host', false, 'UNRESOLVED'])
    expect(classifySocketError(Object.assign(new Error('getaddrinfo EAI_AGAIN bastion.example'), {code: 'EAI_AGAIN'}), detail).retryable).toBe(true)
  })

  it('maps SSH channel-open failures (OpenSSH descriptions) to SOCKS replies', () => {
    const open = (description: string, reason: number | undefined = 2) =>
      replyForOpenFailure(classifyOpenFailure(Object.assign(new Error(`(SSH) Channel open failure: ${description}`), {reason})).kind)
    expect(open('Connection refused')).toBe(REPLY.CONNECTION_REFUSED)
    expect(open('Name or service not known')).toBe(REPLY.HOST_UNREACHABLE)
    expect(open('Temporary failure in name resolution')).toBe(REPLY.HOST_UNREACHABLE)
    expect(open('No route to host')).toBe(REPLY.HOST_UNREACHABLE)
    expect(open('Network is unreachable')).toBe(REPLY.NETWORK_UNREACHABLE)
    expect(open('Connection timed out')).toBe(REPLY.HOST_UNREACHABLE)
    expect(open('open failed', 1)).toBe(REPLY.NOT_ALLOWED)
    expect(open('something else')).toBe(REPLY.GENERAL_FAILURE)
    expect(replyForOpenFailure(classifyOpenFailure(Object.assign(new Error('tunnel is reconnecting'), {reason: undefined})).kind)).toBe(REPLY.GENERAL_FAILURE)
  })
})
