/**
 * `--http-proxy-port`: an HTTP proxy for tools that only speak HTTP proxies (HTTP_PROXY /
 * HTTPS_PROXY: Livy or Spark REST clients, pip, curl -x). Absolute-URI requests (`GET http://…`)
 * and CONNECT (for https) are carried through the same SSH tunnel and checked against the same
 * allowlist as the SOCKS5 proxy: refused destinations get 403 before anything is opened, failures
 * to open get 502. Built on node:http alone: one upstream connection (an SSH channel) per request,
 * `connection: close`, no caching, no header rewriting beyond hop-by-hop headers and `Host` (set from
 * the request target). A channel that fails mid-response resets the client connection.
 */
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {Socket} from 'node:net'
import {pipeline, type Duplex} from 'node:stream'
import {isIpAddress} from '../../model/ip.js'
import type {Destination} from '../socks/allowlist.js'
import {destroyChannel, endedByFailure, resetClient, splice} from '../splice.js'
import {listenOn, SplicedConnections, trackClients} from '../listener.js'

export interface HttpProxyOptions {
  allow(destination: Destination): boolean
  acceptClient(address: string | undefined): boolean
  open(destination: Destination, client: {address: string; port: number}): Promise<Duplex>
  log?(text: string): void
  /** A destination off the allowlist was refused (default: `log`). */
  onNotAllowed?(destination: Destination, text: string): void
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

export function destinationOf(host: string, port: number): Destination {
  const bare = host.replace(/^\[|\]$/g, '')
  const type = isIpAddress(bare) ? (bare.includes(':') ? 'ipv6' : 'ipv4') : 'domain'
  return {type, host: type === 'domain' ? bare.toLowerCase().replace(/\.$/, '') : bare, port}
}

/** CONNECT's request target: host:port, [v6]:port. */
export function parseAuthority(target: string): Destination | undefined {
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(target) ?? /^([^:[\]]+):(\d{1,5})$/.exec(target)
  if (!match) return undefined
  const port = Number(match[2])
  if (port < 1 || port > 65535) return undefined
  return destinationOf(match[1]!, port)
}

export class HttpProxyServer {
  readonly server: Server
  private readonly connections = new SplicedConnections()

  constructor(private readonly options: HttpProxyOptions) {
    this.server = createServer((request, response) => void this.forward(request, response))
    this.server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => void this.tunnel(request, socket, head))
    trackClients(this.server, this.connections.sockets, options.acceptClient)
  }

  listen(port: number, host: string): Promise<{address: string; port: number}> {
    return listenOn(this.server, port, host, 'the HTTP proxy')
  }

  close(): Promise<void> {
    return this.connections.close(this.server)
  }

  private notAllowed(destination: Destination, text: string): void {
    if (this.options.onNotAllowed) this.options.onNotAllowed(destination, text)
    else this.options.log?.(text)
  }

  private client(socket: Socket) {
    return {address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0}
  }

  private async tunnel(request: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy())
    const destination = parseAuthority(request.url ?? '')
    const refuse = (status: string, text: string) => socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${text}\n`)
    if (!destination) return void refuse('400 Bad Request', 'CONNECT needs host:port')
    if (!this.options.allow(destination)) {
      this.notAllowed(destination, `HTTP CONNECT ${destination.host}:${destination.port} refused: not on the allowlist`)
      return void refuse('403 Forbidden', `${destination.host}:${destination.port} is not on emr-access's allowlist`)
    }
    let channel: Duplex
    try {
      channel = await this.options.open(destination, this.client(socket))
    } catch (error) {
      this.options.log?.(`HTTP CONNECT ${destination.host}:${destination.port} failed: ${(error as Error).message}`)
      return void refuse('502 Bad Gateway', `cannot reach ${destination.host}:${destination.port} through the tunnel: ${(error as Error).message}`)
    }
    if (!this.connections.adopt(socket, channel, {closeWithClient: true})) return
    this.options.log?.(`HTTP CONNECT ${destination.host}:${destination.port} open`)
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    splice(socket, channel, head)
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fail = (status: number, text: string) => {
      if (!response.headersSent) response.writeHead(status, {'content-type': 'text/plain', connection: 'close'})
      response.end(`${text}\n`)
    }
    let url: URL
    try {
      url = new URL(request.url ?? '')
    } catch {
      return fail(400, 'emr-access is a proxy: send absolute URLs (http://host:port/path), or CONNECT for https')
    }
    if (url.protocol !== 'http:') return fail(400, `${url.protocol} is not proxied as a request; use CONNECT (HTTPS_PROXY) for https`)
    const destination = destinationOf(url.hostname, Number(url.port || 80))
    if (!this.options.allow(destination)) {
      this.notAllowed(destination, `HTTP ${destination.host}:${destination.port} refused: not on the allowlist`)
      return fail(403, `${destination.host}:${destination.port} is not on emr-access's allowlist`)
    }
    let channel: Duplex
    try {
      channel = await this.options.open(destination, this.client(request.socket))
    } catch (error) {
      return fail(502, `cannot reach ${destination.host}:${destination.port} through the tunnel: ${(error as Error).message}`)
    }
    if (!this.connections.adopt(request.socket, channel, {closeWithClient: true})) return
    this.options.log?.(`HTTP ${destination.host}:${destination.port} open`)
    const client = request.socket
    // The channel failed mid-response (the SSH connection dropped): reset the client, so neither a
    // length-less response is passed off as complete nor a client left waiting for the rest.
    let upstreamDone = false
    channel.once('end', () => {
      if (endedByFailure(channel)) resetClient(client)
    })
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
    // The origin is the one the request target names, whatever Host the client sent.
    headers.host = url.host
    headers.connection = 'close'
    const upstream = httpRequest({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      createConnection: () => channel as unknown as Socket,
    })
    upstream.on('response', (answer) => {
      const out: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, out)
      // Before pipeline's own handler, which would close the client with a plain FIN.
      answer.once('error', () => resetClient(client))
      pipeline(answer, response, (error) => {
        upstreamDone = true
        if (error) resetClient(client)
        destroyChannel(channel)
      })
    })
    upstream.on('error', (error) => {
      destroyChannel(channel)
      if (response.headersSent) resetClient(client)
      else fail(502, `the request to ${destination.host}:${destination.port} failed: ${error.message}`)
    })
    response.on('close', () => {
      if (!upstreamDone) destroyChannel(channel)
    })
    request.pipe(upstream)
  }
}
