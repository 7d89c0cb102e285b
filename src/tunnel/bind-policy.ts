/**
 * Listeners are loopback-only. Another --bind address needs --allow-remote-clients (and gets a
 * warning); without it, a client from a non-loopback address is refused even if one reaches us.
 */
import {isIP} from 'node:net'

export const DEFAULT_BIND = '127.0.0.1'

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const plain = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (plain === 'localhost' || plain === '::1' || plain === '0:0:0:0:0:0:0:1') return true
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/.exec(plain)
  return v4 !== null && v4[1] === '127'
}

export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]'
}

export class BindError extends Error {}

/** Validates --bind; returns the warning to print when remote clients are allowed on purpose. */
export function checkBind(bind: string, allowRemoteClients: boolean): {warning?: string} {
  if (bind !== 'localhost' && !isIP(bind.replace(/^\[|\]$/g, ''))) throw new BindError(`--bind ${bind}: give an IP address of this machine (e.g. 127.0.0.1)`)
  if (isLoopbackAddress(bind)) return {}
  if (!allowRemoteClients) {
    throw new BindError(
      `--bind ${bind} is not a loopback address: other machines could use the tunnel into your VPC; add --allow-remote-clients if that is what you want`,
    )
  }
  return {
    warning: `listening on ${bind} with --allow-remote-clients: anyone who can reach these ports can reach your cluster through the tunnel`,
  }
}

/**
 * Whether a connecting client may be served. A socket without a remote address was reset before we
 * looked: it is refused (it is gone anyway) but not reported as a non-loopback client.
 */
export function clientPolicy(allowRemoteClients: boolean, onRefused?: (remoteAddress: string) => void): (remoteAddress: string | undefined) => boolean {
  return (remoteAddress) => {
    if (remoteAddress === undefined) return false
    if (allowRemoteClients || isLoopbackAddress(remoteAddress)) return true
    onRefused?.(remoteAddress)
    return false
  }
}
