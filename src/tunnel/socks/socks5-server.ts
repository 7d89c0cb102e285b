/**
 * A SOCKS5 server (RFC 1928), written by hand (libraries.md §2: the libraries either drop early
 * client bytes or cannot give precise reply codes): no authentication, CONNECT only (BIND and UDP
 * ASSOCIATE answer 7), IPv4, IPv6 and domain names — names are handed on unresolved. The
 * destination is checked before anything is opened; each accepted connection gets its own stream
 * from `open` (an SSH channel) and is spliced to it.
 *
 * The handshake parser works on bounded buffers (a greeting is at most 257 bytes, a request 262)
 * with a deadline, and every way out of it closes the socket: bad versions and methods, truncated
 * input, junk, a client that goes quiet.
 */
import {createServer, type Server, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {splice} from '../splice.js'
import type {Destination} from './allowlist.js'
import {REPLY, replyBytes, type ReplyCode} from './replies.js'
import {listenOn, SplicedConnections} from '../listener.js'

export interface SocksClient {
  address: string
  port: number
}

/** Raised by `open` to choose the reply; anything else answers "general failure". */
export class SocksOpenError extends Error {
  constructor(
    readonly reply: ReplyCode,
    message: string,
  ) {
    super(message)
  }
}

export type SocksLogEntry =
  | {type: 'refused-client'; client: SocksClient}
  | {type: 'not-allowed'; client: SocksClient; destination: Destination}
  | {type: 'unsupported'; client: SocksClient; reply: ReplyCode; detail: string}
  | {type: 'open-failed'; client: SocksClient; destination: Destination; reply: ReplyCode; message: string}
  | {type: 'opened'; client: SocksClient; destination: Destination}

export interface Socks5ServerOptions {
  /** Is the destination on the allowlist? Checked before `open`. */
  allow(destination: Destination): boolean
  /** The stream to the destination (an SSH channel). Reject with SocksOpenError for a precise reply. */
  open(destination: Destination, client: SocksClient): Promise<Duplex>
  /** May this client use the proxy at all (loopback unless --allow-remote-clients)? */
  acceptClient(address: string | undefined): boolean
  /** Time allowed from accept to a complete request. */
  handshakeTimeoutMs?: number
  log?(entry: SocksLogEntry): void
}

const VERSION = 0x05
const METHOD_NO_AUTH = 0x00
const METHOD_NONE_ACCEPTABLE = 0xff
const CMD_CONNECT = 0x01
const ATYP_IPV4 = 0x01
const ATYP_DOMAIN = 0x03
const ATYP_IPV6 = 0x04
const DOMAIN_CHARS = /^[A-Za-z0-9._-]+$/

type Parse<T> = {done: false} | {done: true; value: T; rest: Buffer} | {done: true; fail: {reply?: ReplyCode; detail: string}}

function parseGreeting(buffer: Buffer): Parse<{methods: number[]}> {
  if (buffer.length < 2) return {done: false}
  if (buffer[0] !== VERSION) return {done: true, fail: {detail: `not SOCKS5 (version byte ${buffer[0]})`}}
  const count = buffer[1]!
  if (buffer.length < 2 + count) return {done: false}
  return {done: true, value: {methods: [...buffer.subarray(2, 2 + count)]}, rest: buffer.subarray(2 + count)}
}

function ipv6Text(bytes: Buffer): string {
  const groups: string[] = []
  for (let index = 0; index < 16; index += 2) groups.push(bytes.readUInt16BE(index).toString(16))
  return groups.join(':')
}

function parseRequest(buffer: Buffer): Parse<Destination> {
  if (buffer.length < 4) return {done: false}
  if (buffer[0] !== VERSION) return {done: true, fail: {reply: REPLY.GENERAL_FAILURE, detail: `request version byte ${buffer[0]}`}}
  const command = buffer[1]!
  const type = buffer[3]!
  if (command !== CMD_CONNECT) {
    const name = command === 0x02 ? 'BIND' : command === 0x03 ? 'UDP ASSOCIATE' : `command ${command}`
    return {done: true, fail: {reply: REPLY.COMMAND_NOT_SUPPORTED, detail: `${name} is not supported (CONNECT only)`}}
  }
  let offset = 4
  let destination: Omit<Destination, 'port'>
  if (type === ATYP_IPV4) {
    if (buffer.length < offset + 4 + 2) return {done: false}
    destination = {type: 'ipv4', host: [...buffer.subarray(offset, offset + 4)].join('.')}
    offset += 4
  } else if (type === ATYP_IPV6) {
    if (buffer.length < offset + 16 + 2) return {done: false}
    destination = {type: 'ipv6', host: ipv6Text(buffer.subarray(offset, offset + 16))}
    offset += 16
  } else if (type === ATYP_DOMAIN) {
    if (buffer.length < offset + 1) return {done: false}
    const length = buffer[offset]!
    if (buffer.length < offset + 1 + length + 2) return {done: false}
    const name = buffer.subarray(offset + 1, offset + 1 + length).toString('latin1')
    offset += 1 + length
    if (length === 0 || !DOMAIN_CHARS.test(name)) {
      return {done: true, fail: {reply: REPLY.HOST_UNREACHABLE, detail: `invalid domain name (${length} bytes)`}}
    }
    destination = {type: 'domain', host: name}
  } else {
    return {done: true, fail: {reply: REPLY.ADDRESS_TYPE_NOT_SUPPORTED, detail: `address type ${type}`}}
  }
  const port = buffer.readUInt16BE(offset)
  return {done: true, value: {...destination, port}, rest: buffer.subarray(offset + 2)}
}

const MAX_HANDSHAKE_BYTES = 600

/**
 * Sends the last bytes and closes: reads on (discarding) so the client's FIN is seen at once, and
 * destroys the socket after a second in case the client never closes its side.
 */
function endWith(socket: Socket, bytes: Buffer): void {
  socket.removeAllListeners('data')
  socket.on('data', () => undefined)
  socket.once('end', () => socket.destroy())
  socket.resume()
  socket.end(bytes)
  setTimeout(() => socket.destroy(), 1_000).unref()
}

export class Socks5Server {
  readonly server: Server
  private readonly connections = new SplicedConnections()

  constructor(private readonly options: Socks5ServerOptions) {
    this.server = createServer({allowHalfOpen: true, noDelay: true}, (socket) => this.accept(socket))
  }

  listen(port: number, host: string): Promise<{address: string; port: number}> {
    return listenOn(this.server, port, host, 'the SOCKS server')
  }

  get connectionCount(): number {
    return this.connections.sockets.size
  }

  /** Stops listening and ends every connection and channel. */
  close(): Promise<void> {
    return this.connections.close(this.server)
  }

  private accept(socket: Socket): void {
    const client: SocksClient = {address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0}
    const closed = this.connections.closed
    if (closed || !this.options.acceptClient(socket.remoteAddress)) {
      // No remote address: the client reset before we looked, which is no refusal.
      if (!closed && socket.remoteAddress !== undefined) this.options.log?.({type: 'refused-client', client})
      socket.destroy()
      return
    }
    this.connections.track(socket)

    let buffer: Buffer = Buffer.alloc(0)
    let stage: 'greeting' | 'request' | 'opening' = 'greeting'
    const timer = setTimeout(() => socket.destroy(), this.options.handshakeTimeoutMs ?? 10_000)
    timer.unref()
    const stop = () => {
      clearTimeout(timer)
      socket.removeListener('data', onData)
      socket.removeListener('end', onEnd)
    }
    const refuse = (reply: ReplyCode) => {
      stop()
      endWith(socket, replyBytes(reply))
    }
    const onEnd = () => {
      stop()
      socket.destroy()
    }
    const onData = (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      if (buffer.length > MAX_HANDSHAKE_BYTES && stage !== 'opening') {
        stop()
        socket.destroy()
        return
      }
      if (stage === 'greeting') {
        const greeting = parseGreeting(buffer)
        if (!greeting.done) return
        if ('fail' in greeting) {
          this.options.log?.({type: 'unsupported', client, reply: REPLY.GENERAL_FAILURE, detail: greeting.fail.detail})
          stop()
          socket.destroy()
          return
        }
        if (!greeting.value.methods.includes(METHOD_NO_AUTH)) {
          stop()
          endWith(socket, Buffer.from([VERSION, METHOD_NONE_ACCEPTABLE]))
          return
        }
        socket.write(Buffer.from([VERSION, METHOD_NO_AUTH]))
        stage = 'request'
        buffer = greeting.rest
      }
      if (stage === 'request') {
        const request = parseRequest(buffer)
        if (!request.done) return
        if ('fail' in request) {
          const reply = request.fail.reply ?? REPLY.GENERAL_FAILURE
          this.options.log?.({type: 'unsupported', client, reply, detail: request.fail.detail})
          refuse(reply)
          return
        }
        stage = 'opening'
        stop()
        // Bytes after the request (a client that does not wait for the reply) go first, then the pipe.
        socket.pause()
        void this.connect(socket, client, request.value, request.rest)
      }
    }
    socket.on('data', onData)
    socket.on('end', onEnd)
  }

  private async connect(socket: Socket, client: SocksClient, destination: Destination, early: Buffer): Promise<void> {
    if (!this.options.allow(destination)) {
      this.options.log?.({type: 'not-allowed', client, destination})
      endWith(socket, replyBytes(REPLY.NOT_ALLOWED))
      return
    }
    let stream: Duplex
    try {
      stream = await this.options.open(destination, client)
    } catch (error) {
      const reply = error instanceof SocksOpenError ? error.reply : REPLY.GENERAL_FAILURE
      this.options.log?.({type: 'open-failed', client, destination, reply, message: (error as Error).message})
      if (!socket.destroyed) endWith(socket, replyBytes(reply))
      return
    }
    if (!this.connections.adopt(socket, stream)) return
    this.options.log?.({type: 'opened', client, destination})
    socket.write(replyBytes(REPLY.SUCCEEDED))
    splice(socket, stream, early)
  }
}
