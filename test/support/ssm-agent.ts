/**
 * A stand-in for Session Manager on 127.0.0.1: the SSM API's StartSession / ResumeSession /
 * TerminateSession (JSON 1.1, `X-Amz-Target: AmazonSSM.*`, what the real AWS SDK sends through an
 * endpoint override — moto 5.2.1 does not implement these three), and the data channel's WebSocket
 * with the SSM agent's side of the protocol, bridged to a real sshd over TCP.
 *
 * The agent's side is written from the published sources, independently of src/ (its own codec,
 * so a shared mistake cannot pass unnoticed):
 * - aws/amazon-ssm-agent agent/session/contracts/agentmessage.go (framing; the UUID halves swapped)
 * - aws/amazon-ssm-agent agent/session/datachannel/datachannel.go (acknowledge every stream
 *   message, in-order delivery with an incoming buffer, an outgoing buffer resent after a timeout,
 *   the handshake: HandshakeRequest → HandshakeResponse → HandshakeComplete, channel_closed)
 * - aws/amazon-ssm-agent agent/session/plugins/port/port.go, port_basic.go (AWS-StartSSHSession is
 *   a basic port session: one TCP connection to the port, 1024-byte reads, Flag payloads)
 * - aws/session-manager-plugin src/datachannel/streaming.go (the client's half it must talk to)
 *
 * Faults for tests: drop an outgoing frame once (it must come back by the resend), send a frame
 * twice, ignore an incoming frame once (the client must resend it), close every WebSocket as the
 * service does hourly ("1000 Bye"), refuse ResumeSession, report an instance offline.
 */
import {createHash, randomBytes, randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {connect as tcpConnect, type AddressInfo, type Socket} from 'node:net'
import {WebSocketServer, type WebSocket} from 'ws'

const OUTPUT = 'output_stream_data'
const INPUT = 'input_stream_data'
const ACK = 'acknowledge'
const CHANNEL_CLOSED = 'channel_closed'

interface AgentMessage {
  type: string
  sequence: number
  flags: number
  id: string
  payloadType: number
  payload: Buffer
}

function encode(message: AgentMessage): Buffer {
  const out = Buffer.alloc(120 + message.payload.length)
  out.writeUInt32BE(116, 0)
  out.fill(' ', 4, 36)
  out.write(message.type, 4, 'utf8')
  out.writeUInt32BE(1, 36)
  out.writeBigUInt64BE(BigInt(Date.now()), 40)
  out.writeBigInt64BE(BigInt(message.sequence), 48)
  out.writeBigUInt64BE(BigInt(message.flags), 56)
  const id = Buffer.from(message.id.replace(/-/g, ''), 'hex')
  id.subarray(8).copy(out, 64)
  id.subarray(0, 8).copy(out, 72)
  createHash('sha256').update(message.payload).digest().copy(out, 80)
  out.writeUInt32BE(message.payloadType, 112)
  out.writeUInt32BE(message.payload.length, 116)
  message.payload.copy(out, 120)
  return out
}

function decode(frame: Buffer): AgentMessage {
  const idHex = Buffer.concat([frame.subarray(72, 80), frame.subarray(64, 72)]).toString('hex')
  const length = frame.readUInt32BE(116)
  const payload = frame.subarray(120, 120 + length)
  if (!createHash('sha256').update(payload).digest().equals(frame.subarray(80, 112))) throw new Error('payload digest mismatch')
  return {
    type: frame.subarray(4, 36).toString('utf8').trim(),
    sequence: Number(frame.readBigInt64BE(48)),
    flags: Number(frame.readBigUInt64BE(56)),
    id: `${idHex.slice(0, 8)}-${idHex.slice(8, 12)}-${idHex.slice(12, 16)}-${idHex.slice(16, 20)}-${idHex.slice(20)}`,
    payloadType: frame.readUInt32BE(112),
    payload,
  }
}

export type Target = {host: string; port: number} | 'offline'

interface Session {
  id: string
  instanceId: string
  target: {host: string; port: number}
  token: string
  ws?: WebSocket
  tcp?: Socket
  handshakeDone: boolean
  nextSequence: number
  expected: number
  outgoing: Map<number, {frame: Buffer; sentAt: number}>
  incoming: Map<number, AgentMessage>
  closed: boolean
}

export interface StandInStats {
  sessionsStarted: number
  resumes: number
  terminates: number
  /** Incoming stream messages seen a second time (the client resent them). */
  duplicatesReceived: number
  /** Incoming stream messages we ignored once and then received again (the client's resend). */
  resendsReceived: number
  /** Our frames resent after their acknowledgement did not come. */
  resent: number
  /** Bytes of SSH traffic relayed each way. */
  toTarget: number
  fromTarget: number
}

export interface StandInOptions {
  instances: Record<string, Target>
  /** Ask for KMS encryption in the handshake, as when the account's Session Manager preferences require it. */
  kmsKeyId?: string
  /** Emulate port_basic.go's WritePump pacing: 1024-byte reads and a 1 ms sleep after each send. */
  agentPacing?: boolean
}

export class SsmStandIn {
  readonly stats: StandInStats = {sessionsStarted: 0, resumes: 0, terminates: 0, duplicatesReceived: 0, resent: 0, resendsReceived: 0, toTarget: 0, fromTarget: 0}
  readonly sessions = new Map<string, Session>()
  /** Frames to drop when first sent (they stay in the outgoing buffer and are resent). */
  dropOutgoing = 0
  /** Frames to send twice. */
  duplicateOutgoing = 0
  /** Incoming stream messages to ignore (no acknowledgement), so the client must resend. */
  ignoreIncoming = 0
  /** ResumeSession answers with this error name instead of a token. */
  resumeError?: string
  /** Every API call, in order ("StartSession", "ResumeSession", …). */
  readonly calls: string[] = []
  private readonly ignored = new Set<string>()
  private server!: Server
  private wss!: WebSocketServer
  private timer?: NodeJS.Timeout
  port = 0

  constructor(private readonly options: StandInOptions) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.onApi(request, response))
    this.wss = new WebSocketServer({noServer: true, perMessageDeflate: false})
    this.server.on('upgrade', (request, socket, head) => {
      const match = /^\/v1\/data-channel\/([^?]+)/.exec(request.url ?? '')
      const session = match ? this.sessions.get(decodeURIComponent(match[1]!)) : undefined
      if (!session || session.closed) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
        return
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.onWebSocket(session, ws))
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    this.timer = setInterval(() => this.resendDue(), 100)
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    for (const session of this.sessions.values()) this.end(session)
    for (const client of this.wss?.clients ?? []) client.terminate()
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** What the service does about hourly: close the WebSocket with 1000 "Bye" (the session lives on). */
  closeWebSockets(code = 1000, reason = 'Bye'): number {
    let count = 0
    for (const session of this.sessions.values()) {
      if (session.ws && !session.closed) {
        session.ws.close(code, reason)
        session.ws = undefined
        count += 1
      }
    }
    return count
  }

  private onApi(request: IncomingMessage, response: ServerResponse): void {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      const action = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '')
      this.calls.push(action)
      const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, {'content-type': 'application/x-amz-json-1.1'})
        response.end(JSON.stringify(value))
      }
      const error = (type: string, message: string) => reply(400, {__type: type, message})
      if (action === 'StartSession') {
        const instanceId = String(input.Target)
        const target = this.options.instances[instanceId]
        if (input.DocumentName !== 'AWS-StartSSHSession') return error('InvalidDocument', `document ${String(input.DocumentName)} not expected`)
        if (!target) return error('InvalidTarget', `${instanceId} is not a valid target`)
        if (target === 'offline') return error('TargetNotConnected', `${instanceId} is not connected.`)
        const portNumber = ((input.Parameters as {portNumber?: string[]} | undefined)?.portNumber ?? ['22'])[0]
        const session: Session = {
          id: `emra-test-${randomBytes(8).toString('hex')}`,
          instanceId,
          target: {host: target.host, port: portNumber === '22' ? target.port : Number(portNumber)},
          token: randomBytes(24).toString('base64url'),
          handshakeDone: false,
          nextSequence: 0,
          expected: 0,
          outgoing: new Map(),
          incoming: new Map(),
          closed: false,
        }
        this.sessions.set(session.id, session)
        this.stats.sessionsStarted += 1
        return reply(200, {SessionId: session.id, TokenValue: session.token, StreamUrl: this.streamUrl(session)})
      }
      const session = this.sessions.get(String(input.SessionId))
      if (action === 'ResumeSession') {
        this.stats.resumes += 1
        if (this.resumeError) return error(this.resumeError, `ResumeSession refused (${this.resumeError})`)
        if (!session || session.closed) return reply(200, {SessionId: input.SessionId})
        session.token = randomBytes(24).toString('base64url')
        return reply(200, {SessionId: session.id, TokenValue: session.token, StreamUrl: this.streamUrl(session)})
      }
      if (action === 'TerminateSession') {
        this.stats.terminates += 1
        if (session) this.end(session)
        return reply(200, {SessionId: input.SessionId})
      }
      return error('UnknownOperationException', `${action} is not served by the stand-in`)
    })
  }

  private streamUrl(session: Session): string {
    return `ws://127.0.0.1:${this.port}/v1/data-channel/${session.id}?role=publish_subscribe`
  }

  private onWebSocket(session: Session, ws: WebSocket): void {
    let opened = false
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!opened) {
        // The OpenDataChannel text message must carry the session's current token.
        const open = isBinary ? undefined : (JSON.parse(data.toString('utf8')) as {TokenValue?: string})
        if (!open || open.TokenValue !== session.token) {
          ws.close(1008, 'invalid token')
          return
        }
        opened = true
        session.ws?.terminate()
        session.ws = ws
        if (!session.tcp) this.startPlugin(session)
        else for (const entry of session.outgoing.values()) this.transmit(session, entry.frame, entry)
        return
      }
      this.onFrame(session, decode(data))
    })
    ws.on('close', () => {
      if (session.ws === ws) session.ws = undefined
    })
    ws.on('error', () => undefined)
  }

  /** port_basic.go InitializeSession + the handshake of datachannel.go PerformHandshake. */
  private startPlugin(session: Session): void {
    const tcp = tcpConnect(session.target)
    session.tcp = tcp
    tcp.on('error', () => this.end(session, 'the connection to the port failed'))
    tcp.on('close', () => this.end(session, ''))
    const request = {
      AgentVersion: '3.3.1802.0',
      RequestedClientActions: [
        {ActionType: 'SessionType', ActionParameters: {SessionType: 'Port', Properties: {portNumber: String(session.target.port)}}},
        ...(this.options.kmsKeyId ? [{ActionType: 'KMSEncryption', ActionParameters: {KMSKeyId: this.options.kmsKeyId}}] : []),
      ],
    }
    this.sendStream(session, 5, Buffer.from(JSON.stringify(request)))
  }

  private pump(session: Session): void {
    const tcp = session.tcp!
    if (!this.options.agentPacing) {
      tcp.on('data', (chunk: Buffer) => {
        for (let offset = 0; offset < chunk.length; offset += 1024) this.sendStream(session, 1, chunk.subarray(offset, offset + 1024))
        this.stats.fromTarget += chunk.length
      })
      return
    }
    // WritePump: read up to 1024 bytes, send, sleep 1 ms.
    const step = () => {
      if (session.closed) return
      const chunk = tcp.read(Math.min(1024, tcp.readableLength || 1024)) as Buffer | null
      if (chunk) {
        this.sendStream(session, 1, chunk)
        this.stats.fromTarget += chunk.length
        setTimeout(step, 1)
      } else tcp.once('readable', step)
    }
    tcp.once('readable', step)
  }

  private onFrame(session: Session, message: AgentMessage): void {
    if (message.type === ACK) {
      const sequence = (JSON.parse(message.payload.toString('utf8')) as {AcknowledgedMessageSequenceNumber: number}).AcknowledgedMessageSequenceNumber
      session.outgoing.delete(sequence)
      return
    }
    if (message.type !== INPUT) return
    if (this.ignoreIncoming > 0 && message.sequence >= 2) {
      this.ignoreIncoming -= 1
      this.ignored.add(`${session.id}/${message.sequence}`)
      return
    }
    if (this.ignored.delete(`${session.id}/${message.sequence}`)) this.stats.resendsReceived += 1
    if (message.sequence < session.expected || session.incoming.has(message.sequence)) this.stats.duplicatesReceived += 1
    this.send(session, {
      type: ACK,
      sequence: 0,
      flags: 3,
      id: randomUUID(),
      payloadType: 0,
      payload: Buffer.from(JSON.stringify({AcknowledgedMessageType: message.type, AcknowledgedMessageId: message.id, AcknowledgedMessageSequenceNumber: message.sequence, IsSequentialMessage: true})),
    })
    if (message.sequence < session.expected) return
    session.incoming.set(message.sequence, message)
    for (let next = session.incoming.get(session.expected); next; next = session.incoming.get(session.expected)) {
      session.incoming.delete(session.expected)
      session.expected += 1
      this.process(session, next)
    }
  }

  private process(session: Session, message: AgentMessage): void {
    if (message.payloadType === 6) {
      session.handshakeDone = true
      this.sendStream(session, 7, Buffer.from(JSON.stringify({HandshakeTimeToComplete: 1_000_000, CustomerMessage: ''})))
      // The socket stays paused (no reader) until here: sshd's banner waits for the handshake.
      this.pump(session)
      return
    }
    if (!session.handshakeDone) return
    if (message.payloadType === 1) {
      this.stats.toTarget += message.payload.length
      session.tcp?.write(message.payload)
    } else if (message.payloadType === 10 && message.payload.readUInt32BE(0) === 2) {
      this.end(session)
    }
  }

  private sendStream(session: Session, payloadType: number, payload: Buffer): void {
    const sequence = session.nextSequence
    session.nextSequence += 1
    const frame = encode({type: OUTPUT, sequence, flags: sequence === 0 ? 1 : 0, id: randomUUID(), payloadType, payload})
    const entry = {frame, sentAt: 0}
    session.outgoing.set(sequence, entry)
    if (payloadType === 1 && this.dropOutgoing > 0) {
      this.dropOutgoing -= 1
      entry.sentAt = Date.now()
      return
    }
    this.transmit(session, frame, entry)
    if (payloadType === 1 && this.duplicateOutgoing > 0) {
      this.duplicateOutgoing -= 1
      this.transmit(session, frame, entry)
    }
  }

  private transmit(session: Session, frame: Buffer, entry: {sentAt: number}): void {
    if (session.ws?.readyState === 1) session.ws.send(frame, {binary: true})
    entry.sentAt = Date.now()
  }

  private send(session: Session, message: AgentMessage): void {
    if (session.ws?.readyState === 1) session.ws.send(encode(message), {binary: true})
  }

  /** datachannel.go ResendStreamDataMessageScheduler: every 100 ms, the oldest unacknowledged message once overdue. */
  private resendDue(): void {
    const now = Date.now()
    for (const session of this.sessions.values()) {
      if (session.closed) continue
      const oldest = session.outgoing.values().next().value
      if (oldest && now - oldest.sentAt > 200) {
        this.stats.resent += 1
        this.transmit(session, oldest.frame, oldest)
      }
    }
  }

  /** The session ends: channel_closed to the client (as MGS sends when the agent's plugin exits), the TCP connection closed. */
  private end(session: Session, output = ''): void {
    if (session.closed) return
    session.closed = true
    this.send(session, {
      type: CHANNEL_CLOSED,
      sequence: 0,
      flags: 3,
      id: randomUUID(),
      payloadType: 0,
      payload: Buffer.from(JSON.stringify({MessageId: randomUUID(), CreatedDate: new Date().toISOString(), SessionId: session.id, MessageType: CHANNEL_CLOSED, SchemaVersion: 1, Output: output})),
    })
    session.tcp?.destroy()
    const ws = session.ws
    if (ws) setTimeout(() => ws.close(1000), 50).unref()
  }
}
