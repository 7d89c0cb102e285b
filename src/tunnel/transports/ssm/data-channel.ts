/**
 * The Session Manager data channel, client side, as aws/session-manager-plugin speaks it
 * (src/datachannel/streaming.go, src/sessionmanagerplugin/session/sessionhandler.go):
 *
 * - open the WebSocket at the session's StreamUrl and send the OpenDataChannel text message with
 *   the session's token;
 * - every stream message carries a sequence number; each one received is acknowledged, handled in
 *   order (early ones wait in a buffer), duplicates are dropped (and acknowledged again, so a lost
 *   acknowledgement cannot make the agent resend forever);
 * - every message we send stays in an outgoing buffer until acknowledged and is resent after the
 *   retransmission timeout (RFC 6298-style RTT estimate, 200 ms initial, capped at 1 s);
 * - `pause_publication` / `start_publication` stop and restart our sending;
 * - `channel_closed` ends the session with the service's reason;
 * - the service closes the WebSocket now and then (about hourly): we call ResumeSession for a new
 *   token, reopen the WebSocket and carry on — sequence numbers continue, unacknowledged messages
 *   are resent, nothing above notices.
 *
 * What differs from the plugin, on purpose: no 1 ms sleep after every send (the cap users measure);
 * a bounded window of unacknowledged messages that pushes back on the writer instead of a buffer
 * that drops its oldest message when full; duplicates acknowledged again.
 */
import {randomUUID} from 'node:crypto'
import {EventEmitter} from 'node:events'
import WebSocket from 'ws'
import {proxyAgentFor} from '../../../sources/live/proxy.js'
import {acknowledgement, decodeMessage, encodeMessage, flagPayload, MessageType, PayloadFlag, PayloadType, SsmProtocolError, type DataChannelMessage} from './message.js'
import {answerHandshake, CLIENT_VERSION} from './handshake.js'

export interface ChannelEndpoint {
  streamUrl: string
  tokenValue: string
}

export type ChannelEvent = {kind: 'handshake'; agentVersion?: string; sessionType?: string} | {kind: 'resuming'; attempt: number; reason: string} | {kind: 'resumed'; attempt: number; resent: number}

export interface DataChannelOptions {
  sessionId: string
  endpoint: ChannelEndpoint
  /** A new token after the WebSocket closed (ssm:ResumeSession); undefined when the session is gone. */
  resume: () => Promise<ChannelEndpoint | undefined>
  /** Bytes per stream message (the plugin and the agent use 1024: StreamDataPayloadSize). */
  payloadSize?: number
  /** Unacknowledged messages before the writer is told to wait. */
  window?: number
  /** Limit for the WebSocket upgrade and the handshake. */
  openTimeoutMs?: number
  /** Attempts to resume after the WebSocket closed (the plugin makes 5). */
  resumeAttempts?: number
  onEvent?: (event: ChannelEvent) => void
}

/** Why the channel ended; `retryable` when a new session may work (network, resume failed). */
export class ChannelClosed extends Error {
  override name = 'ChannelClosed'
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

interface Outgoing {
  sequenceNumber: number
  frame: Buffer
  firstSentAt?: number
  lastSentAt?: number
  resent: boolean
}

const RESEND_TICK_MS = 100
const INITIAL_RTO_MS = 200
const MAX_RTO_MS = 1_000
const CLOCK_GRANULARITY_MS = 10
/** The plugin gives up on a message after 3,000 resends at 100 ms: five minutes. */
const GIVE_UP_MS = 5 * 60_000
const INCOMING_CAPACITY = 10_000

export class DataChannel extends EventEmitter {
  private ws?: WebSocket
  private endpoint: ChannelEndpoint
  private readonly clientId = randomUUID()
  private readonly payloadSize: number
  private readonly window: number
  private nextSequence = 0
  private expectedSequence = 0
  private readonly outgoing = new Map<number, Outgoing>()
  private readonly incoming = new Map<number, DataChannelMessage>()
  private paused = false
  private handshakeDone = false
  private ended = false
  private resuming = false
  private rtt = 100
  private rttVariation = 0
  private rto = INITIAL_RTO_MS
  private readonly timer: NodeJS.Timeout
  private readonly readyPromise: Promise<void>
  private settleReady!: (error?: Error) => void
  private wantsDrain = false

  constructor(private readonly options: DataChannelOptions) {
    super()
    this.endpoint = options.endpoint
    this.payloadSize = options.payloadSize ?? 1024
    this.window = options.window ?? 1024
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve())
    })
    this.readyPromise.catch(() => undefined)
    this.timer = setInterval(() => this.resendDue(), RESEND_TICK_MS)
    this.timer.unref()
  }

  /** Opens the WebSocket and completes the handshake. */
  async open(): Promise<void> {
    const limit = this.options.openTimeoutMs ?? 20_000
    const timer = setTimeout(
      () =>
        this.fail(
          new ChannelClosed(
            `no Session Manager handshake within ${Math.round(limit / 1000)} s (is the SSM agent on the instance running and recent enough for AWS-StartSSHSession?)`,
            'HANDSHAKE_TIMEOUT',
            true,
          ),
        ),
      limit,
    )
    timer.unref()
    try {
      await this.connect()
      await this.readyPromise
    } finally {
      clearTimeout(timer)
    }
  }

  /** The number of messages sent but not yet acknowledged. */
  get unacknowledged(): number {
    return this.outgoing.size
  }

  /** Sends bytes as stream messages; false when the window is full (wait for 'drain'). */
  send(data: Buffer): boolean {
    if (this.ended) return false
    for (let offset = 0; offset < data.length; offset += this.payloadSize) {
      this.sendStream(PayloadType.output, data.subarray(offset, offset + this.payloadSize))
    }
    if (this.outgoing.size >= this.window) {
      this.wantsDrain = true
      return false
    }
    return true
  }

  /** Ends the session from our side: the TerminateSession flag, then the WebSocket. */
  close(): void {
    if (this.ended) return
    if (this.handshakeDone && this.ws?.readyState === WebSocket.OPEN) this.sendStream(PayloadType.flag, flagPayload(PayloadFlag.terminateSession))
    this.finish()
    const ws = this.ws
    if (ws) setTimeout(() => ws.close(1000), 50).unref()
  }

  private finish(): void {
    this.ended = true
    clearInterval(this.timer)
  }

  private fail(error: ChannelClosed): void {
    if (this.ended) return
    this.finish()
    this.ws?.terminate()
    this.settleReady(error)
    this.emit('closed', error)
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      // Through HTTPS_PROXY unless NO_PROXY names the host, as the session-manager-plugin.
      const ws = new WebSocket(this.endpoint.streamUrl, {handshakeTimeout: this.options.openTimeoutMs ?? 20_000, perMessageDeflate: false, agent: proxyAgentFor(new URL(this.endpoint.streamUrl))})
      this.ws = ws
      let opened = false
      ws.on('unexpected-response', (_request, response) => {
        const error = new ChannelClosed(
          `the Session Manager data channel refused the connection: HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
          `HTTP_${response.statusCode}`,
          (response.statusCode ?? 0) >= 500,
        )
        response.resume()
        ws.terminate()
        reject(error)
      })
      ws.once('open', () => {
        opened = true
        const open = {MessageSchemaVersion: '1.0', RequestId: randomUUID(), TokenValue: this.endpoint.tokenValue, ClientId: this.clientId, ClientVersion: CLIENT_VERSION}
        ws.send(JSON.stringify(open))
        resolve()
      })
      ws.on('message', (data, isBinary) => this.onFrame(Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]), isBinary))
      ws.on('error', (error) => {
        if (!opened)
          reject(
            new ChannelClosed(`cannot open the Session Manager data channel ${new URL(this.endpoint.streamUrl).host}: ${error.message}`, (error as NodeJS.ErrnoException).code ?? 'WEBSOCKET', true),
          )
      })
      ws.on('close', (code, reason) => {
        if (ws !== this.ws) return
        if (!opened) return
        this.onSocketClosed(code, reason.toString('utf8'))
      })
    })
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.ended) return
    if (!this.handshakeDone) {
      this.fail(new ChannelClosed(`the Session Manager data channel closed before the handshake (${code}${reason ? ` ${reason}` : ''})`, `WS_${code}`, true))
      return
    }
    void this.resume(`the service closed the WebSocket (${code}${reason ? ` ${reason}` : ''})`)
  }

  private async resume(reason: string): Promise<void> {
    if (this.resuming || this.ended) return
    this.resuming = true
    const attempts = this.options.resumeAttempts ?? 5
    let lastError = reason
    for (let attempt = 1; attempt <= attempts && !this.ended; attempt += 1) {
      this.options.onEvent?.({kind: 'resuming', attempt, reason: lastError})
      try {
        const endpoint = await this.options.resume()
        if (!endpoint) {
          this.resuming = false
          this.fail(new ChannelClosed('Session Manager ended the session (ResumeSession returned no token: it timed out or was terminated)', 'SESSION_GONE', true))
          return
        }
        this.endpoint = endpoint
        await this.connect()
        this.resuming = false
        const resent = this.flushOutgoing(true)
        this.options.onEvent?.({kind: 'resumed', attempt, resent})
        return
      } catch (error) {
        lastError = (error as Error).message
        // A refusal (permission, configuration) will not change by asking again.
        if ((error as {retryable?: boolean}).retryable === false) break
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)).unref())
      }
    }
    this.resuming = false
    this.fail(new ChannelClosed(`the Session Manager data channel could not be resumed: ${lastError}`, 'RESUME_FAILED', true))
  }

  private onFrame(frame: Buffer, isBinary: boolean): void {
    if (this.ended) return
    let message: DataChannelMessage
    try {
      message = decodeMessage(frame)
    } catch (error) {
      if (!isBinary) {
        this.fail(new ChannelClosed(`the Session Manager data channel said: ${frame.toString('utf8').slice(0, 300)}`, 'SERVICE_MESSAGE', false))
        return
      }
      // A corrupted frame is dropped unacknowledged: the agent resends it.
      if (error instanceof SsmProtocolError) return
      throw error
    }
    switch (message.messageType) {
      case MessageType.output:
        return this.onStreamMessage(message)
      case MessageType.acknowledge:
        return this.onAcknowledge(message)
      case MessageType.channelClosed:
        return this.onChannelClosed(message)
      case MessageType.pausePublication:
        this.paused = true
        return
      case MessageType.startPublication:
        this.paused = false
        this.flushOutgoing(false)
        return
      default:
        return
    }
  }

  private onStreamMessage(message: DataChannelMessage): void {
    this.sendRaw(acknowledgement(message))
    if (message.sequenceNumber < this.expectedSequence) return
    if (message.sequenceNumber > this.expectedSequence) {
      if (this.incoming.size < INCOMING_CAPACITY) this.incoming.set(message.sequenceNumber, message)
      return
    }
    this.handle(message)
    this.expectedSequence += 1
    for (let next = this.incoming.get(this.expectedSequence); next; next = this.incoming.get(this.expectedSequence)) {
      this.incoming.delete(this.expectedSequence)
      this.handle(next)
      this.expectedSequence += 1
    }
  }

  private handle(message: DataChannelMessage): void {
    switch (message.payloadType) {
      case PayloadType.handshakeRequest: {
        const outcome = answerHandshake(message.payload)
        this.sendStream(PayloadType.handshakeResponse, Buffer.from(JSON.stringify(outcome.response)))
        this.options.onEvent?.({kind: 'handshake', agentVersion: outcome.agentVersion, sessionType: outcome.sessionType})
        if (outcome.refusal) this.fail(new ChannelClosed(`Session Manager: ${outcome.refusal}`, 'HANDSHAKE_REFUSED', false))
        return
      }
      case PayloadType.handshakeComplete:
        this.handshakeDone = true
        this.settleReady()
        return
      case PayloadType.output:
        if (!this.handshakeDone) return
        if (message.payload.length > 0) this.emit('data', Buffer.from(message.payload))
        return
      default:
        return
    }
  }

  private onAcknowledge(message: DataChannelMessage): void {
    let sequence: number
    try {
      sequence = (JSON.parse(message.payload.toString('utf8')) as {AcknowledgedMessageSequenceNumber: number}).AcknowledgedMessageSequenceNumber
    } catch {
      return
    }
    const acknowledged = this.outgoing.get(sequence)
    if (!acknowledged) return
    this.outgoing.delete(sequence)
    // Karn: a resent message's round trip is ambiguous and says nothing about the path.
    if (acknowledged.lastSentAt !== undefined && !acknowledged.resent) this.updateRto(Date.now() - acknowledged.lastSentAt)
    if (this.wantsDrain && this.outgoing.size <= this.window / 2) {
      this.wantsDrain = false
      this.emit('drain')
    }
  }

  private onChannelClosed(message: DataChannelMessage): void {
    let output = ''
    try {
      output = String((JSON.parse(message.payload.toString('utf8')) as {Output?: unknown}).Output ?? '')
    } catch {
      // No reason given.
    }
    this.fail(new ChannelClosed(`Session Manager closed the session${output ? `: ${output}` : ''}`, 'CHANNEL_CLOSED', true))
  }

  /** The plugin's calculateRetransmissionTimeout: smoothed RTT + max(granularity, 4 × variation), capped. */
  private updateRto(sample: number): void {
    this.rttVariation = 0.75 * this.rttVariation + 0.25 * Math.abs(this.rtt - sample)
    this.rtt = 0.875 * this.rtt + 0.125 * sample
    this.rto = Math.min(MAX_RTO_MS, this.rtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttVariation))
  }

  private sendStream(payloadType: number, payload: Buffer): void {
    const sequenceNumber = this.nextSequence
    this.nextSequence += 1
    const frame = encodeMessage({messageType: MessageType.input, sequenceNumber, flags: sequenceNumber === 0 ? 1 : 0, payloadType, payload})
    const entry: Outgoing = {sequenceNumber, frame, resent: false}
    this.outgoing.set(sequenceNumber, entry)
    if (!this.paused && !this.resuming) this.transmit(entry)
  }

  private transmit(entry: Outgoing): void {
    if (!this.sendRaw(entry.frame)) return
    const now = Date.now()
    if (entry.lastSentAt !== undefined) entry.resent = true
    entry.firstSentAt ??= now
    entry.lastSentAt = now
  }

  private sendRaw(frame: Buffer): boolean {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(frame, {binary: true})
    return true
  }

  /** Sends what was never sent (or, after a resume, everything unacknowledged); returns the count. */
  private flushOutgoing(all: boolean): number {
    let count = 0
    for (const entry of this.outgoing.values()) {
      if (all || entry.lastSentAt === undefined) {
        this.transmit(entry)
        count += 1
      }
    }
    return count
  }

  /**
   * Sends what was held back, and resends the oldest unacknowledged message once it is overdue —
   * only the oldest, as the plugin and the agent do: over one WebSocket (TCP) a message is lost
   * only when the socket goes, and then `resume` resends everything; resending a whole burst whose
   * acknowledgements are merely queued would double the traffic exactly when the path is busy.
   */
  private resendDue(): void {
    if (this.ended || this.paused || this.resuming) return
    const now = Date.now()
    let oldest = true
    for (const entry of this.outgoing.values()) {
      if (entry.lastSentAt === undefined || entry.firstSentAt === undefined) {
        this.transmit(entry)
        continue
      }
      if (!oldest) continue
      oldest = false
      if (now - entry.lastSentAt <= this.rto) continue
      if (now - entry.firstSentAt > GIVE_UP_MS) {
        this.fail(new ChannelClosed(`Session Manager did not acknowledge message ${entry.sequenceNumber} within 5 minutes`, 'ACK_TIMEOUT', true))
        return
      }
      this.transmit(entry)
    }
  }
}
