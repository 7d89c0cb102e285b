/**
 * Several SSH connections for one tunnel (issue 11, `connect --connections N`): each is a whole hop
 * chain, made by the same `connect` function and so checked by the same host-key policy and keys as
 * the first. New channels go to the member with the fewest open channels, so concurrent downloads
 * run over different TCP connections and sshd processes instead of queueing behind one window.
 *
 * The first member is connected before anything else (its failure is the pool's failure, reported
 * as it would be with one connection); the others follow in parallel. A member that fails in a way
 * retrying cannot fix (a host key that differs from the first connection's, refused keys) stops the
 * whole pool with that failure: one connection must never be trusted less than another. A network
 * failure only loses that member, which is replaced in the background; the pool is lost when no
 * member is left.
 *
 * A member whose transport ends at a known time (`SshChain.expiresAt`: an EICE tunnel's
 * maxTunnelDuration) is renewed before then, make-before-break: a new member is connected, the old
 * one takes no new channels and is closed when its last channel closes (or ends with its transport).
 */
import type {ClientChannel} from 'ssh2'
import {TunnelFailure} from '../failures.js'
import type {HopReport, SshChain} from './transport.js'

export interface PoolOptions {
  /** Connections wanted (1: no pool behaviour beyond the single chain). */
  size: number
  /** Connects one chain; `index` 0 is the first (the one to report progress for). */
  connect(signal: AbortSignal, index: number): Promise<SshChain>
  signal?: AbortSignal
  /** A member failed to connect or was lost while others carry on (for debug logs). */
  onMemberLost?(failure: TunnelFailure, remaining: number): void
  /** Delay before replacing a member, doubled per failure up to 30 s. */
  refillDelayMs?: number
}

interface Member {
  chain: SshChain
  open: number
  /** Replaced by a renewal: no new channels; closed when its last channel closes. */
  draining?: boolean
  renewTimer?: NodeJS.Timeout
}

/** How long before a member's transport ends it is renewed: a quarter of its life, at most a minute. */
export function renewalLeadMs(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(0, lifetimeMs) / 4)
}

export const DEFAULT_CONNECTIONS = 2
export const MAX_CONNECTIONS = 8

export class ConnectionPool implements SshChain {
  private readonly members: Member[] = []
  private readonly closeListeners: ((failure: TunnelFailure) => void)[] = []
  private readonly abort = new AbortController()
  private lost = false
  private closing = false
  private refillTimer?: NodeJS.Timeout
  private refillFailures = 0
  private pending = 0
  private fatal?: TunnelFailure

  private constructor(
    private readonly options: PoolOptions,
    readonly reports: HopReport[],
  ) {}

  /** Connects the first member (throwing its failure), then starts the others without waiting on failures. */
  static async connect(options: PoolOptions): Promise<ConnectionPool> {
    const first = await options.connect(options.signal ?? new AbortController().signal, 0)
    const pool = new ConnectionPool(options, first.reports)
    options.signal?.addEventListener('abort', () => pool.close(), {once: true})
    pool.adopt(first)
    const others = Array.from({length: Math.max(0, options.size - 1)}, (_, index) => pool.connectMember(index + 1))
    // The extra members are connected before the tunnel reports ready, so the first requests already spread.
    await Promise.all(others)
    if (pool.fatal) {
      pool.close()
      throw pool.fatal
    }
    return pool
  }

  get size(): number {
    return this.serving().length
  }

  get alive(): boolean {
    return !this.lost && !this.closing && this.members.some((member) => member.chain.alive)
  }

  /** Open channels per member, in connection order (for tests and debug output). */
  get channelsPerConnection(): number[] {
    return this.members.map((member) => member.open)
  }

  async forwardOut(sourceAddress: string, sourcePort: number, host: string, port: number): Promise<ClientChannel> {
    const member = this.leastLoaded()
    if (!member) throw Object.assign(new Error('tunnel is down'), {reason: undefined})
    member.open += 1
    let channel: ClientChannel
    try {
      channel = await member.chain.forwardOut(sourceAddress, sourcePort, host, port)
    } catch (error) {
      member.open -= 1
      throw error
    }
    channel.once('close', () => {
      member.open -= 1
      if (member.draining && member.open === 0) this.retire(member)
    })
    return channel
  }

  onClose(listener: (failure: TunnelFailure) => void): void {
    this.closeListeners.push(listener)
  }

  close(): void {
    if (this.closing) return
    this.closing = true
    this.abort.abort()
    clearTimeout(this.refillTimer)
    for (const member of this.members) {
      clearTimeout(member.renewTimer)
      member.chain.close()
    }
  }

  /** The members that take new channels. */
  private serving(): Member[] {
    return this.members.filter((member) => !member.draining)
  }

  private leastLoaded(): Member | undefined {
    let best: Member | undefined
    for (const member of this.members) {
      if (!member.chain.alive || member.draining) continue
      if (!best || member.open < best.open) best = member
    }
    return best
  }

  private adopt(chain: SshChain): void {
    if (this.closing || this.lost) {
      chain.close()
      return
    }
    const member: Member = {chain, open: 0}
    this.members.push(member)
    chain.onClose((failure) => this.onMemberLost(member, failure))
    if (chain.expiresAt !== undefined && Number.isFinite(chain.expiresAt)) {
      const lifetime = chain.expiresAt - Date.now()
      member.renewTimer = setTimeout(() => void this.renew(member), Math.max(0, lifetime - renewalLeadMs(lifetime)))
      member.renewTimer.unref()
    }
  }

  /** Make-before-break: a new member first; the old one drains. If the new one fails, the old ends with its transport and is replaced as a lost member. */
  private async renew(member: Member): Promise<void> {
    if (this.closing || this.lost || !this.members.includes(member)) return
    let chain: SshChain
    try {
      chain = await this.options.connect(this.abort.signal, this.members.indexOf(member))
    } catch (error) {
      if (this.closing || this.lost) return
      const failure = error instanceof TunnelFailure ? error : new TunnelFailure('network', (error as Error).message)
      if (!failure.retryable) return this.stopOn(failure)
      this.options.onMemberLost?.(failure, this.members.length)
      return
    }
    if (!this.members.includes(member)) {
      // The old member was lost meanwhile: the new one takes its place unless a refill already did.
      if (this.serving().length + this.pending < this.options.size) this.adopt(chain)
      else chain.close()
      return
    }
    this.adopt(chain)
    member.draining = true
    if (member.open === 0) this.retire(member)
  }

  /** Closes a drained member; its end is not a loss. */
  private retire(member: Member): void {
    const at = this.members.indexOf(member)
    if (at >= 0) this.members.splice(at, 1)
    clearTimeout(member.renewTimer)
    member.chain.close()
  }

  private async connectMember(index: number): Promise<void> {
    this.pending += 1
    let chain: SshChain
    try {
      chain = await this.options.connect(this.abort.signal, index)
    } catch (error) {
      this.pending -= 1
      if (this.closing || this.lost) return
      const failure = error instanceof TunnelFailure ? error : new TunnelFailure('network', (error as Error).message)
      if (!failure.retryable) return this.stopOn(failure)
      this.options.onMemberLost?.(failure, this.members.length)
      this.refillFailures += 1
      this.scheduleRefill()
      return
    }
    this.pending -= 1
    this.refillFailures = 0
    this.adopt(chain)
    this.scheduleRefill()
  }

  private onMemberLost(member: Member, failure: TunnelFailure): void {
    const at = this.members.indexOf(member)
    if (at >= 0) this.members.splice(at, 1)
    clearTimeout(member.renewTimer)
    if (this.closing || this.lost || member.draining) return
    if (this.serving().length === 0) return this.stopOn(failure)
    this.options.onMemberLost?.(failure, this.members.length)
    this.scheduleRefill()
  }

  /**
   * The pool is lost: the supervisor gets `failure` (and reconnects, or stops on a failure it will
   * not retry, such as a changed host key). Before the first `connect` returns, it throws instead.
   */
  private stopOn(failure: TunnelFailure): void {
    if (this.lost || this.closing) return
    this.fatal ??= failure
    this.lost = true
    this.abort.abort()
    clearTimeout(this.refillTimer)
    for (const member of this.members.splice(0)) member.chain.close()
    for (const listener of this.closeListeners) listener(failure)
  }

  private scheduleRefill(): void {
    if (this.refillTimer || this.closing || this.lost) return
    if (this.serving().length + this.pending >= this.options.size) return
    const delay = Math.min(30_000, (this.options.refillDelayMs ?? 1_000) * 2 ** Math.max(0, this.refillFailures - 1))
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined
      const missing = this.options.size - this.serving().length - this.pending
      for (let index = 0; index < missing && !this.closing && !this.lost; index += 1) void this.connectMember(this.serving().length + this.pending)
    }, delay)
    this.refillTimer.unref()
  }
}
