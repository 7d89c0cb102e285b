/**
 * Refusals (a client that is not loopback, a destination off the allowlist) are logged once per
 * address, and at most `perWindow` of them per `windowMs`: a scanner or a misconfigured tool that
 * hammers the proxy must not flood the terminal or the log. What was held back is counted and said
 * with the next line that gets through. The set of addresses seen is bounded.
 */
export interface RefusalLogOptions {
  perWindow?: number
  windowMs?: number
  /** Addresses remembered at most (then the memory starts over). */
  maxAddresses?: number
  now?: () => number
}

export class RefusalLog {
  private readonly seen = new Set<string>()
  private windowStart = 0
  private inWindow = 0
  private heldBack = 0

  constructor(
    private readonly emit: (text: string) => void,
    private readonly options: RefusalLogOptions = {},
  ) {}

  /** Logs `text` unless `address` was logged already or the rate limit is reached. */
  note(address: string, text: string): void {
    if (this.seen.has(address)) return
    const now = (this.options.now ?? Date.now)()
    if (now - this.windowStart >= (this.options.windowMs ?? 60_000)) {
      this.windowStart = now
      this.inWindow = 0
    }
    if (this.inWindow >= (this.options.perWindow ?? 10)) {
      this.heldBack += 1
      return
    }
    if (this.seen.size >= (this.options.maxAddresses ?? 4096)) this.seen.clear()
    this.seen.add(address)
    this.inWindow += 1
    const held = this.heldBack
    this.heldBack = 0
    this.emit(held > 0 ? `${text} (and ${held} more refusal${held === 1 ? '' : 's'} not shown)` : text)
  }
}
