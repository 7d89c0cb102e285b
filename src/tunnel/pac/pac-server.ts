/**
 * Serves the PAC file at http://BIND:PORT/proxy.pac with `application/x-ns-proxy-autoconfig`.
 *
 * - Clients other than loopback are refused unless --allow-remote-clients.
 * - The Host header must name the listener (a loopback name or the bound address), so a web page
 *   cannot read the PAC — and the internal names and CIDRs in it — through DNS rebinding.
 * - Other sites' pages cannot load it as a subresource: every answer carries
 *   `Cross-Origin-Resource-Policy: same-origin`, and a request a browser marks as coming from
 *   another site (Sec-Fetch-Site `cross-site`, or `same-site` — another port on 127.0.0.1 is the
 *   same site) for anything but a top-level page (Sec-Fetch-Dest `script`, `empty`, …) gets 403:
 *   a PAC file is JavaScript, and `<script src=…/proxy.pac>` would hand its FindProxyForURL (and
 *   the cluster's names and CIDRs) to that page. Browsers' own PAC fetches send neither header.
 * - When bound to a wildcard address, the SOCKS address written into the file is the address the
 *   request arrived on, which is the one that client can reach.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {Socket} from 'node:net'
import {isLoopbackAddress, isWildcardAddress} from '../bind-policy.js'
import {renderLandingPage, STATUS_PATH, statusJson, type TunnelStatus} from './landing-page.js'
import {closeServer, listenOn, trackClients} from '../listener.js'

export const PAC_PATH = '/proxy.pac'
export const PAC_CONTENT_TYPE = 'application/x-ns-proxy-autoconfig'

export interface PacServerOptions {
  /** The PAC text for a SOCKS proxy at `socksHost`. */
  render(socksHost: string): string
  /** Where the SOCKS proxy listens (a wildcard means: the address the request came in on). */
  socksBind: string
  acceptClient(address: string | undefined): boolean
  allowRemoteClients: boolean
  /** The tunnel's status for the landing page at / and /status.json (absent: no landing page). */
  status?: () => TunnelStatus
  /** How to start a browser that uses the PAC file, for the landing page (a command line). */
  browserHint?: string
}

function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined
  const match = /^\[([^\]]+)\](?::\d+)?$/.exec(header) ?? /^([^:]+)(?::\d+)?$/.exec(header)
  return match?.[1]?.toLowerCase()
}

/** A subresource request (not a page opened by the user) that a browser says another site's page made. */
function fromAnotherSite(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== 'cross-site' && site !== 'same-site') return false
  return request.headers['sec-fetch-dest'] !== 'document'
}

export class PacServer {
  readonly server: Server
  private readonly sockets = new Set<Socket>()
  private bound?: string

  constructor(private readonly options: PacServerOptions) {
    this.server = createServer((request, response) => this.handle(request, response))
    trackClients(this.server, this.sockets, options.acceptClient)
  }

  listen(port: number, host: string): Promise<{address: string; port: number}> {
    this.bound = host
    return listenOn(this.server, port, host, 'the PAC server')
  }

  close(): Promise<void> {
    return closeServer(this.server, this.sockets)
  }

  private hostAllowed(request: IncomingMessage): boolean {
    if (this.options.allowRemoteClients) return true
    const host = hostOf(request.headers.host)
    return host !== undefined && (isLoopbackAddress(host) || host === this.bound?.toLowerCase())
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0]
    response.setHeader('cross-origin-resource-policy', 'same-origin')
    if (!this.hostAllowed(request)) {
      response.writeHead(403, {'content-type': 'text/plain'}).end('forbidden: use http://127.0.0.1 or localhost\n')
      return
    }
    if (fromAnotherSite(request)) {
      response.writeHead(403, {'content-type': 'text/plain'}).end('forbidden: not to be loaded by another site\n')
      return
    }
    const landing = this.options.status && (path === '/' || path === STATUS_PATH)
    if (path !== PAC_PATH && !landing) {
      response.writeHead(404, {'content-type': 'text/plain'}).end(`not found: the PAC file is at ${PAC_PATH}\n`)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, {allow: 'GET, HEAD'}).end()
      return
    }
    if (landing) {
      const status = this.options.status!()
      const json = path === STATUS_PATH
      const body = json ? `${JSON.stringify(statusJson(status))}\n` : renderLandingPage(status, this.options.browserHint)
      response.writeHead(200, {
        'content-type': json ? 'application/json' : 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        // Inline style and script only; fetches to this server only; never framed.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
      })
      response.end(request.method === 'HEAD' ? undefined : body)
      return
    }
    const socksHost = isWildcardAddress(this.options.socksBind) ? (request.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '') : this.options.socksBind
    const body = this.options.render(socksHost)
    response.writeHead(200, {
      'content-type': PAC_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }
}
