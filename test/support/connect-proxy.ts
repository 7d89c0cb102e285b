/**
 * A real HTTP CONNECT proxy on loopback, as a corporate HTTPS_PROXY: it records each CONNECT
 * target and tunnels only to 127.0.0.1 (anything else is 403), so a test can check what went
 * through it and nothing leaves the machine.
 */
import {createServer, type Server} from 'node:http'
import {connect as tcpConnect, type Socket} from 'node:net'

export class ConnectProxy {
  /** Every CONNECT target (`host:port`), in order. */
  readonly connects: string[] = []
  /** When set, every CONNECT is answered with this status (407: the credentials are not accepted). */
  refuseWith?: number
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  constructor() {
    this.server = createServer((_request, response) => response.writeHead(405).end())
    this.server.on('connect', (request, client: Socket, head: Buffer) => {
      this.connects.push(request.url ?? '')
      const [host, port] = (request.url ?? '').split(':')
      this.track(client)
      if (this.refuseWith !== undefined) {
        client.end(`HTTP/1.1 ${this.refuseWith} Refused\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`)
        return
      }
      if (host !== '127.0.0.1') {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
        return
      }
      const upstream = tcpConnect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      this.track(upstream)
      upstream.once('error', () => client.destroy())
    })
  }

  private track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => undefined)
  }

  /** Listens on 127.0.0.1; resolves with the proxy URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as {port: number}).port}`
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
