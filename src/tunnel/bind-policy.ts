/**
 * Listeners are loopback-only. Another bind address must be allowed on purpose (remote clients, with
 * a warning); without that, a client from a non-loopback address is refused even if one reaches us.
 */
import {isIP} from 'node:net'
import {DomainError} from '../errors.js'

export const DEFAULT_BIND = '127.0.0.1'

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const plain = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (plain === 'localhost' || plain === '::1' || plain === '0:0:0:0:0:0:0:1') return true
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/.exec(plain)
  return v4 !== null && v4[1] === '127'
}

export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]'
}

/** A bind address that is not an IP address (`not-an-address`), or not loopback without remote clients allowed. */
export class BindError extends DomainError {
  constructor(
    bind: string,
    readonly problem: 'not-an-address' | 'not-loopback',
  ) {
    super(
      'bind',
      bind,
      problem === 'not-an-address'
        ? 'give an IP address of this machine (e.g. 127.0.0.1)'
        : 'not a loopback address: other machines could use the tunnel into your VPC unless remote clients are allowed on purpose',
    )
  }
}

/** Checks the bind address; `remote`: remote clients are allowed on purpose (the caller warns). */
export function checkBind(bind: string, allowRemoteClients: boolean): {remote: boolean} {
  if (bind !== 'localhost' && !isIP(bind.replace(/^\[|\]$/g, ''))) throw new BindError(bind, 'not-an-address')
  if (isLoopbackAddress(bind)) return {remote: false}
  if (!allowRemoteClients) throw new BindError(bind, 'not-loopback')
  return {remote: true}
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
