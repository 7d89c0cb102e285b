/**
 * Keeps the SSH chain up. The first connection retries network failures a few times and then
 * gives up; once the tunnel has been up, a lost connection is retried indefinitely with
 * exponential backoff and jitter while the listeners (owned elsewhere) stay up. Failures that
 * retrying cannot fix — authentication, host key, unknown host, permission, configuration — stop
 * the supervisor with the reason. Channels asked for while reconnecting wait (bounded) for it.
 */
import type {ClientChannel} from 'ssh2'
import {TunnelFailure} from './failures.js'
import type {SshChain} from './ssh/transport.js'

export interface Backoff {
  initialMs: number
  maxMs: number
  factor: number
}

export const DEFAULT_BACKOFF: Backoff = {initialMs: 500, maxMs: 30_000, factor: 2}

/** "Equal jitter": half the exponential delay, plus a random part of the other half. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}

export interface SupervisorHooks {
  /** Before the first connection succeeds: a network failure, retried in `delayMs`. */
  onInitialRetry?(failure: TunnelFailure, attempt: number, delayMs: number): void
  onReconnecting?(failure: TunnelFailure, attempt: number, delayMs: number): void
  onReconnected?(attempt: number, downtimeMs: number, chain: SshChain): void
  /** The supervisor stopped on a failure it will not retry. */
  onFatal?(failure: TunnelFailure): void
}

export interface SupervisorOptions {
  /** One connection attempt; `signal` aborts when the supervisor is closed meanwhile. */
  connect(signal: AbortSignal): Promise<SshChain>
  hooks?: SupervisorHooks
  backoff?: Backoff
  /** Connection attempts before the first success (network failures only). */
  initialAttempts?: number
  /** How long a channel request waits for a reconnect. */
  channelWaitMs?: number
  random?: () => number
}

type State = 'idle' | 'connecting' | 'up' | 'reconnecting' | 'stopped'

export class TunnelSupervisor {
  private state: State = 'idle' as State
  private chain?: SshChain
  private waiters: {resolve: (chain: SshChain) => void; reject: (error: Error) => void; timer: NodeJS.Timeout}[] = []
  private sleeping?: {timer: NodeJS.Timeout; resolve: () => void}
  private stoppedWith?: TunnelFailure
  private readonly stopListeners: ((failure?: TunnelFailure) => void)[] = []
  private readonly abort = new AbortController()

  constructor(private readonly options: SupervisorOptions) {}

  get status(): State {
    return this.state
  }

  /** Read through a method so TypeScript does not narrow it across awaits. */
  private get stopped(): boolean {
    return this.state === 'stopped'
  }

  /** Connects for the first time. Rejects with the TunnelFailure that stopped it. */
  async start(): Promise<SshChain> {
    if (this.state !== 'idle') throw new Error('already started')
    this.state = 'connecting'
    const attempts = Math.max(1, this.options.initialAttempts ?? 3)
    for (let attempt = 1; ; attempt += 1) {
      try {
        const chain = await this.options.connect(this.abort.signal)
        if (this.stopped) {
          chain.close()
          throw new TunnelFailure('network', 'closed while connecting')
        }
        this.adopt(chain)
        return chain
      } catch (error) {
        const failure = error instanceof TunnelFailure ? error : new TunnelFailure('network', (error as Error).message)
        if (this.stopped) throw failure
        if (!failure.retryable || attempt >= attempts) {
          this.stop(failure)
          throw failure
        }
        const delay = backoffDelay(attempt, this.backoff, this.options.random)
        this.options.hooks?.onInitialRetry?.(failure, attempt, delay)
        await this.sleep(delay)
        if (this.stopped) throw failure
      }
    }
  }

  /** A channel from the primary to host:port; waits for a reconnect when the tunnel is down. */
  async openChannel(host: string, port: number, source: {address: string; port: number}): Promise<ClientChannel> {
    const chain = await this.currentChain()
    return chain.forwardOut(source.address, source.port, host, port)
  }

  /** Called once when the supervisor stops (undefined: closed by us). */
  onStop(listener: (failure?: TunnelFailure) => void): void {
    if (this.state === 'stopped') listener(this.stoppedWith)
    else this.stopListeners.push(listener)
  }

  close(): void {
    this.stop(undefined)
  }

  private get backoff(): Backoff {
    return this.options.backoff ?? DEFAULT_BACKOFF
  }

  private currentChain(): Promise<SshChain> {
    if (this.state === 'up' && this.chain?.alive) return Promise.resolve(this.chain)
    if (this.state === 'stopped') return Promise.reject(Object.assign(new Error('tunnel is down'), {reason: undefined}))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer)
        reject(Object.assign(new Error('tunnel is reconnecting'), {reason: undefined}))
      }, this.options.channelWaitMs ?? 10_000)
      timer.unref()
      this.waiters.push({resolve, reject, timer})
    })
  }

  private adopt(chain: SshChain): void {
    this.chain = chain
    this.state = 'up'
    chain.onClose((failure) => void this.reconnect(failure))
    const waiters = this.waiters
    this.waiters = []
    for (const waiter of waiters) {
      clearTimeout(waiter.timer)
      waiter.resolve(chain)
    }
  }

  private async reconnect(cause: TunnelFailure): Promise<void> {
    if (this.state !== 'up') return
    this.state = 'reconnecting'
    this.chain = undefined
    const downSince = Date.now()
    let failure = cause
    for (let attempt = 1; this.state === 'reconnecting'; attempt += 1) {
      const delay = backoffDelay(attempt, this.backoff, this.options.random)
      this.options.hooks?.onReconnecting?.(failure, attempt, delay)
      await this.sleep(delay)
      if (this.state !== 'reconnecting') return
      try {
        const chain = await this.options.connect(this.abort.signal)
        if (this.state !== 'reconnecting') {
          chain.close()
          return
        }
        this.adopt(chain)
        this.options.hooks?.onReconnected?.(attempt, Date.now() - downSince, chain)
        return
      } catch (error) {
        failure = error instanceof TunnelFailure ? error : new TunnelFailure('network', (error as Error).message)
        if (!failure.retryable) {
          this.stop(failure)
          return
        }
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping = undefined
        resolve()
      }, ms)
      this.sleeping = {timer, resolve}
    })
  }

  private stop(failure: TunnelFailure | undefined): void {
    if (this.state === 'stopped') return
    this.state = 'stopped'
    this.stoppedWith = failure
    this.abort.abort()
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer)
      this.sleeping.resolve()
      this.sleeping = undefined
    }
    this.chain?.close()
    this.chain = undefined
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(Object.assign(new Error('tunnel is down'), {reason: undefined}))
    }
    this.waiters = []
    if (failure) this.options.hooks?.onFatal?.(failure)
    for (const listener of this.stopListeners.splice(0)) listener(failure)
  }
}
