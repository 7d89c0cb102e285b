/**
 * The data path: a local client socket and the SSH channel carrying it, piped both ways with no
 * per-chunk work (back-pressure by `pipe`). Half-close travels through (EOF one way keeps the other
 * way open). When the local socket goes away the channel is destroyed at once; when the channel
 * fails (an error, or the SSH connection under it is lost) the client gets a TCP reset, never a
 * clean FIN that would pass a truncated response off as complete.
 */
import type {Socket} from 'node:net'
import {Duplex} from 'node:stream'

interface Ssh2ChannelState {
  incoming?: {state?: string}
  outgoing?: {state?: string}
}

/**
 * Ends a channel for good and frees what it holds. ssh2's `Channel.destroy()` only sends EOF and
 * CLOSE: its readable side keeps up to a window (2 MiB) of data nobody will read, and its `close`
 * event waits for an `end` that never comes — so the channel, its buffer and every set tracking it
 * lived forever. Destroying the stream itself drops the buffer; ssh2 emits `close` when the
 * server's CLOSE arrives (or the connection goes).
 */
export function destroyChannel(channel: Duplex): void {
  channel.destroy()
  if (!channel.destroyed) Duplex.prototype.destroy.call(channel)
}

/**
 * Whether the channel's data ended because the channel failed rather than with the server's EOF.
 * ssh2 marks `incoming.state` 'eof' on the server's EOF; when the connection is lost it marks every
 * channel 'closed' and ends it without sending CLOSE (outgoing stays 'open'/'eof'). Any stream that
 * is not an ssh2 channel ends cleanly.
 */
export function endedByFailure(channel: Duplex): boolean {
  const {incoming, outgoing} = channel as Duplex & Ssh2ChannelState
  if (!incoming || !outgoing) return false
  return incoming.state === 'closed' && (outgoing.state === 'open' || outgoing.state === 'eof')
}

/** Ends a client connection with a TCP reset (RST), so the client knows the data is incomplete. */
export function resetClient(socket: Socket): void {
  if (socket.destroyed) return
  try {
    socket.resetAndDestroy()
  } catch {
    // Not a TCP socket (resetAndDestroy needs one): a plain close is all there is.
    socket.destroy()
  }
}

export function splice(socket: Socket, channel: Duplex, early?: Buffer): void {
  let failed = false
  const fail = () => {
    if (failed) return
    failed = true
    socket.unpipe(channel)
    channel.unpipe(socket)
    resetClient(socket)
    destroyChannel(channel)
  }
  socket.once('error', fail)
  channel.once('error', fail)
  // Registered before pipe's own 'end' listener, so a lost connection resets the client before
  // pipe could end it cleanly.
  channel.once('end', () => {
    if (endedByFailure(channel)) fail()
  })
  // The channel closed: after an orderly EOF the socket finishes on its own (pipe ends it, and
  // destroying it here could drop bytes not yet written); otherwise it is reset.
  channel.once('close', () => {
    if (!channel.readableEnded || endedByFailure(channel)) fail()
  })
  socket.once('close', () => destroyChannel(channel))
  if (early && early.length > 0) channel.write(early)
  socket.pipe(channel)
  channel.pipe(socket)
}
