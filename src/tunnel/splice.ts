/**
 * The data path: a local client socket and the SSH channel carrying it, piped both ways with no
 * per-chunk work (back-pressure by `pipe`). Half-close travels through (EOF one way keeps the other
 * way open); an error or an abrupt close on either side destroys both.
 */
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'

export function splice(socket: Socket, channel: Duplex, early?: Buffer): void {
  let channelEnded = false
  channel.once('end', () => {
    channelEnded = true
  })
  const destroyBoth = () => {
    socket.destroy()
    channel.destroy()
  }
  socket.once('error', destroyBoth)
  channel.once('error', destroyBoth)
  // The channel closed: after an orderly EOF the socket finishes on its own (pipe ends it, and
  // destroying it here could drop bytes not yet written); otherwise it is torn down.
  channel.once('close', () => {
    if (!channelEnded) socket.destroy()
  })
  socket.once('close', () => channel.destroy())
  if (early && early.length > 0) channel.write(early)
  socket.pipe(channel)
  channel.pipe(socket)
}
