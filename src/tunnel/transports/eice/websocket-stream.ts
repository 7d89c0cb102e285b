/**
 * An EICE tunnel as a Node Duplex: binary WebSocket frames carry the TCP bytes both ways. As the
 * AWS CLI treats them, a text frame from the service is an error, and so is a close frame with a
 * code other than 1000 (its reason is the message); a normal close ends the stream.
 */
import type {Agent} from 'node:http'
import {Duplex} from 'node:stream'
import WebSocket from 'ws'
import {classifySocketError, TunnelFailure, type FailureDetail} from '../../failures.js'

/** The AWS CLI sends at most 65,000 bytes per frame; larger writes are split the same way. */
export const MAX_FRAME_BYTES = 65_000
/** The handshake response body quoted in an error, at most. */
const MAX_BODY_QUOTE = 300

export interface EiceSocketOptions {
  url: URL
  agent?: Agent
  timeoutMs: number
  /** When the service will close the tunnel (epoch ms): the connection pool renews before. */
  expiresAt: number
  /** For messages: the hop and where the tunnel goes. */
  detail: FailureDetail & {hop: string}
  /** For messages: the endpoint id. */
  endpointId: string
  /** Cancels the opening (Ctrl-C while connecting): the socket is closed at once. */
  signal?: AbortSignal
  /** The HTTP proxy the agent goes through (HTTPS_PROXY), for messages that are about it, not the endpoint. */
  proxy?: string
}

/** A proxy URL as `host:port`, never with its user and password. */
function proxyHost(proxy: string): string {
  try {
    return new URL(proxy).host
  } catch {
    return 'the proxy'
  }
}

/** The Duplex a hop's SSH session runs over; `expiresAt` tells when the service ends it. */
export class EiceStream extends Duplex {
  private closedCleanly = false

  constructor(
    private readonly socket: WebSocket,
    readonly expiresAt: number,
    private readonly describe: (code: number, reason: string) => TunnelFailure,
  ) {
    super({allowHalfOpen: false})
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (!isBinary) {
        socket.pause()
        this.fail(this.describe(0, `the endpoint sent a text frame: ${String(data).slice(0, MAX_BODY_QUOTE)}`))
        return
      }
      const chunk = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
      if (!this.push(chunk)) socket.pause()
    })
    socket.on('close', (code: number, reason: Buffer) => {
      // 1005: a close frame without a code, as the AWS CLI (no payload, no error).
      if (code === 1000 || code === 1005) {
        this.closedCleanly = true
        this.push(null)
      } else this.fail(this.describe(code, reason.toString('utf8')))
    })
    socket.on('error', (error: Error) => this.fail(error))
  }

  /**
   * Frames that came with the handshake's response are handled before whoever opened the stream
   * has had a turn to listen: an error is emitted on a later turn of the event loop, not lost.
   */
  private fail(error: Error): void {
    setImmediate(() => this.destroy(error))
  }

  override _read(): void {
    this.socket.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.socket.readyState !== WebSocket.OPEN) {
      // The endpoint is closing the tunnel: the bytes go nowhere, and the 'close' handler reports
      // why (its code and reason), which an error here would hide.
      callback()
      return
    }
    let offset = 0
    const next = (error?: Error | null): void => {
      if (error || offset >= chunk.length) return callback(error)
      const frame = chunk.subarray(offset, offset + MAX_FRAME_BYTES)
      offset += frame.length
      this.socket.send(frame, {binary: true}, next)
    }
    next()
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000)
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.closedCleanly && this.socket.readyState !== WebSocket.CLOSED) {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000)
      // A peer that does not answer the close must not hold the socket.
      const timer = setTimeout(() => this.socket.terminate(), 2_000)
      timer.unref()
      this.socket.once('close', () => clearTimeout(timer))
    }
    callback(error)
  }
}

function quoteBody(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim()
  if (!text) return ''
  // The service answers JSON ({"message": …} / {"Message": …}) or XML; quote the message when there is one.
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>
    const message = parsed.message ?? parsed.Message
    if (typeof message === 'string') return `: ${message}`
  } catch {
    /* not JSON */
  }
  const xml = /<Message>([^<]*)<\/Message>/.exec(text)
  return `: ${(xml?.[1] ?? text).slice(0, MAX_BODY_QUOTE)}`
}

/** Opens the WebSocket; resolves once the service accepted it (HTTP 101). */
export function openEiceSocket(options: EiceSocketOptions): Promise<EiceStream> {
  const {detail, endpointId} = options
  const where = `${detail.hop}: EC2 Instance Connect Endpoint ${endpointId}`
  const describe = (code: number, reason: string) =>
    new TunnelFailure('network', `${where} closed the tunnel${code ? ` (code ${code})` : ''}: ${reason || 'no reason given'}`, {...detail, code: code ? `WS_${code}` : 'EICE'})
  return new Promise((resolve, reject) => {
    let settled = false
    const socket = new WebSocket(options.url, {
      agent: options.agent,
      handshakeTimeout: options.timeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
    })
    const fail = (failure: TunnelFailure) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      socket.removeAllListeners()
      socket.on('error', () => undefined)
      socket.terminate()
      reject(failure)
    }
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        if (body.length < 4_096) body += chunk
      })
      const status = response.statusCode ?? 0
      response.once('end', () => {
        if (status === 407 && options.proxy) {
          fail(
            new TunnelFailure(
              'config',
              `${where}: the HTTP proxy ${proxyHost(options.proxy)} (HTTPS_PROXY) wants credentials it did not accept (HTTP 407): check the user and password in the proxy URL`,
              {...detail, code: 'PROXY_AUTH'},
            ),
          )
          return
        }
        const text = `${where} refused the tunnel (HTTP ${status})${quoteBody(body)}`
        if (status === 401 || status === 403) {
          fail(
            new TunnelFailure(
              'permission',
              `${text}. Check that your identity may call ec2-instance-connect:OpenTunnel on this endpoint for ${detail.host}:${detail.port} (templates/iam/connect-eice-policy.json), and this machine's clock`,
              {...detail, code: `HTTP_${status}`},
            ),
          )
        } else if (status === 404 || status === 400) fail(new TunnelFailure('config', text, {...detail, code: `HTTP_${status}`}))
        else fail(new TunnelFailure('network', text, {...detail, code: `HTTP_${status}`}))
      })
      response.once('error', () => fail(new TunnelFailure('network', `${where} refused the tunnel (HTTP ${status})`, {...detail, code: `HTTP_${status}`})))
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (/handshake has timed out/i.test(error.message)) {
        fail(new TunnelFailure('network', `${where}: no answer within ${Math.round(options.timeoutMs / 1000)} s`, {...detail, code: 'ETIMEDOUT'}))
        return
      }
      if (!error.code) return fail(new TunnelFailure('network', `${where}: ${error.message}`, {...detail, code: 'EICE'}))
      if (options.proxy && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(error.code)) {
        // Through a proxy, only the proxy is connected to from here: these can only be about it. (A reset
        // or a timeout may come from the endpoint after CONNECT, so those keep the general wording.)
        return fail(new TunnelFailure('network', `${where}: cannot reach the HTTP proxy ${proxyHost(options.proxy)} (HTTPS_PROXY): ${error.code}`, {...detail, code: error.code}))
      }
      // Named as the endpoint at its address: it is the endpoint that cannot be reached, not the hop.
      const socketFailure = classifySocketError(error, {hop: `${where} at ${options.url.host}`, host: options.url.hostname})
      return fail(new TunnelFailure(socketFailure.kind, socketFailure.message, {...detail, code: socketFailure.detail.code}))
    })
    const onAbort = () => fail(new TunnelFailure('network', `${where}: connection attempt cancelled`, {...detail, code: 'ABORTED'}))
    if (options.signal?.aborted) onAbort()
    else options.signal?.addEventListener('abort', onAbort, {once: true})
    socket.once('open', () => {
      options.signal?.removeEventListener('abort', onAbort)
      if (settled) return
      settled = true
      socket.removeAllListeners()
      resolve(new EiceStream(socket, options.expiresAt, describe))
    })
  })
}
