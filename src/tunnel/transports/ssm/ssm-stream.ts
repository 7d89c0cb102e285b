/**
 * The byte stream an SSH hop runs over, carried by a Session Manager data channel: writes become
 * stream messages (with the channel's window pushing back on the writer), the agent's output
 * becomes readable data, and the channel's end — the service closing the session, a resume that
 * failed — ends the stream with the reason, so the SSH layer sees its connection go and the
 * supervisor makes a new session.
 */
import {Duplex} from 'node:stream'
import type {ChannelClosed, DataChannel} from './data-channel.js'

export class SsmStream extends Duplex {
  /** Why the channel ended, when it ended on its own. */
  closedWith?: ChannelClosed

  constructor(
    private readonly channel: DataChannel,
    private readonly onEnd: () => void = () => undefined,
  ) {
    super({allowHalfOpen: false})
    channel.on('data', (chunk: Buffer) => this.push(chunk))
    channel.once('closed', (reason: ChannelClosed) => {
      this.closedWith = reason
      this.push(null)
      this.destroy()
    })
  }

  override _read(): void {
    // Data arrives as the agent sends it; the SSH channel windows above bound how much.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.channel.send(chunk)) callback()
    else this.channel.once('drain', () => callback())
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.close()
    this.onEnd()
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close()
    this.onEnd()
    callback(error)
  }
}
