/** Binding and closing the tunnel's local listeners (SOCKS, PAC, HTTP proxy, -L forwards) the same way. */
import type {Server as HttpServer} from 'node:http'
import type {Server, Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {destroyChannel} from './splice.js'

export interface BoundAddress {
  address: string
  port: number
}

/** Listens exclusively on host:port; rejects with the bind error (EADDRINUSE, EACCES …). */
export function listenOn(server: Server | HttpServer, port: number, host: string, what: string): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen({port, host, exclusive: true}, () => {
      server.removeListener('error', onError)
      const address = server.address()
      if (address && typeof address === 'object') resolve({address: address.address, port: address.port})
      else reject(new Error(`${what} has no address`))
    })
  })
}

/** Tracks each accepted connection in `sockets` (for closeServer); one from a client the policy refuses is dropped at once. */
export function trackClients(server: Server | HttpServer, sockets: Set<Socket>, acceptClient: (address: string | undefined) => boolean): void {
  server.on('connection', (socket: Socket) => {
    if (!acceptClient(socket.remoteAddress)) {
      socket.destroy()
      return
    }
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
}

/** Ends every open connection, then stops listening. */
export function closeServer(server: Server | HttpServer, sockets: Iterable<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy()
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    return undefined
  })
}

/**
 * What a listener that splices each client to its own SSH channel (SOCKS, -L forwards) holds: the
 * client sockets and their channels, all ended on close.
 */
export class SplicedConnections {
  readonly sockets = new Set<Socket>()
  private readonly channels = new Set<Duplex>()
  private closedFlag = false

  get closed(): boolean {
    return this.closedFlag
  }

  /** Tracks an accepted client until it closes; a socket error just ends it. */
  track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  /**
   * Takes the channel just opened for `socket` until either side closes, and says whether to splice
   * them: a channel that opened after its client left, or after close(), is destroyed instead.
   * `closeWithClient`: the client's going destroys the channel (the HTTP proxy, which does not splice).
   */
  adopt(socket: Socket, channel: Duplex, options: {closeWithClient?: boolean} = {}): boolean {
    if (socket.destroyed || this.closedFlag) {
      destroyChannel(channel)
      return false
    }
    this.channels.add(channel)
    const onClientClose = () => {
      this.channels.delete(channel)
      if (options.closeWithClient) destroyChannel(channel)
    }
    // A keep-alive client carries many channels in turn: each one's listener goes with it, so none pile up.
    channel.once('close', () => {
      this.channels.delete(channel)
      socket.off('close', onClientClose)
    })
    socket.once('close', onClientClose)
    return true
  }

  /** Destroys every channel and client, then stops `server` listening. */
  close(server: Server): Promise<void> {
    this.closedFlag = true
    for (const channel of this.channels) destroyChannel(channel)
    this.channels.clear()
    return closeServer(server, this.sockets)
  }
}
