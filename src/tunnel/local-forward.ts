/**
 * `-L/--forward LOCAL:REMOTE_PORT`: a plain local port forward to a port of the primary, for tools
 * without proxy support. Each accepted connection gets its own channel; same bind rules and data
 * path as the SOCKS proxy.
 */
import {DomainError} from '../errors.js'
import {createServer, type Server, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {resetClient, splice} from './splice.js'
import {listenOn, SplicedConnections} from './listener.js'

export interface ForwardSpec {
  localPort: number
  remotePort: number
}

/** A forward that is not LOCAL_PORT:REMOTE_PORT. */
export class ForwardSpecError extends DomainError {
  constructor(value: string, reason: string) {
    super('forward', value, reason)
  }
}

export function parseForwardSpec(text: string): ForwardSpec {
  const match = /^(\d{1,5}):(\d{1,5})$/.exec(text.trim())
  const valid = (port: number, allowZero: boolean) => port <= 65535 && (allowZero || port >= 1)
  if (!match || !valid(Number(match[1]), true) || !valid(Number(match[2]), false)) {
    throw new ForwardSpecError(text, 'expected LOCAL_PORT:REMOTE_PORT, e.g. 8088:8088 (ports 1-65535; LOCAL 0 picks a free port)')
  }
  return {localPort: Number(match[1]), remotePort: Number(match[2])}
}

export interface LocalForwardOptions {
  remoteHost: string
  remotePort: number
  open(client: {address: string; port: number}): Promise<Duplex>
  acceptClient(address: string | undefined): boolean
  onOpenFailed?(error: unknown): void
}

export class LocalForward {
  readonly server: Server
  private readonly connections = new SplicedConnections()

  constructor(private readonly options: LocalForwardOptions) {
    this.server = createServer({allowHalfOpen: true, noDelay: true, pauseOnConnect: true}, (socket) => void this.accept(socket))
  }

  listen(port: number, host: string): Promise<{address: string; port: number}> {
    return listenOn(this.server, port, host, 'the forward')
  }

  close(): Promise<void> {
    return this.connections.close(this.server)
  }

  private async accept(socket: Socket): Promise<void> {
    if (this.connections.closed || !this.options.acceptClient(socket.remoteAddress)) {
      socket.destroy()
      return
    }
    this.connections.track(socket)
    let stream: Duplex
    try {
      stream = await this.options.open({address: socket.remoteAddress ?? '127.0.0.1', port: socket.remotePort ?? 0})
    } catch (error) {
      this.options.onOpenFailed?.(error)
      resetClient(socket)
      return
    }
    if (this.connections.adopt(socket, stream)) splice(socket, stream)
  }
}
