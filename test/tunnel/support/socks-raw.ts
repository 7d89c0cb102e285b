/** Raw SOCKS5 exchanges, to read exact reply bytes (what the `socks` client turns into messages). */
import {connect} from 'node:net'

export function socks5Request(command: number, host: string, port: number): Buffer {
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(host)
  const address = ipv4 ? Buffer.from([0x01, ...host.split('.').map(Number)]) : Buffer.concat([Buffer.from([0x03, host.length]), Buffer.from(host, 'latin1')])
  const portBytes = Buffer.alloc(2)
  portBytes.writeUInt16BE(port)
  return Buffer.concat([Buffer.from([0x05, command, 0x00]), address, portBytes])
}

export const GREETING = Buffer.from([0x05, 0x01, 0x00])

/**
 * Sends `bytes`, collects what comes back until the server closes (or `timeoutMs`).
 * `closed` tells whether the server closed the connection by itself.
 */
export function exchange(port: number, bytes: Buffer, options: {end?: boolean; timeoutMs?: number; untilBytes?: number} = {}): Promise<{data: Buffer; closed: boolean}> {
  return new Promise((resolve) => {
    const socket = connect({port, host: '127.0.0.1'})
    const chunks: Buffer[] = []
    let settled = false
    const finish = (closed: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({data: Buffer.concat(chunks), closed})
    }
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 5_000)
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      if (options.untilBytes !== undefined && Buffer.concat(chunks).length >= options.untilBytes) finish(false)
    })
    socket.once('close', () => finish(true))
    socket.on('error', () => finish(true))
    socket.once('connect', () => {
      if (bytes.length > 0) socket.write(bytes)
      if (options.end) socket.end()
    })
  })
}

/** The reply code of a CONNECT/BIND/UDP request (after the 2-byte method selection). */
export async function replyCode(port: number, command: number, host: string, destinationPort: number): Promise<number | undefined> {
  // 2 bytes of method selection, then the 10-byte reply.
  const {data} = await exchange(port, Buffer.concat([GREETING, socks5Request(command, host, destinationPort)]), {timeoutMs: 20_000, untilBytes: 12})
  return data.length >= 4 ? data[3] : undefined
}
