/**
 * `[user@]host[:port]` as the flags take it (--host, --bastion, --jump) and as OpenSSH's ProxyJump
 * writes it. IPv6 literals go in brackets when a port follows: `[fd00::1]:2222`; a bare IPv6
 * literal (two colons or more) is all host.
 */
export interface Destination {
  user?: string
  host: string
  port?: number
}

export class DestinationError extends Error {}

const HOST = /^[A-Za-z0-9_.%:-]+$/

export function parseDestination(text: string): Destination {
  const input = text.trim()
  if (!input) throw new DestinationError('is empty')
  let rest = input
  let user: string | undefined
  const at = rest.lastIndexOf('@')
  if (at >= 0) {
    user = rest.slice(0, at)
    rest = rest.slice(at + 1)
    if (!user || /[\s:@/]/.test(user)) throw new DestinationError(`has an invalid user name "${user}"`)
  }
  let host = rest
  let portText: string | undefined
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest)
  if (bracketed) {
    host = bracketed[1] ?? ''
    portText = bracketed[2]
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const colon = rest.indexOf(':')
    host = rest.slice(0, colon)
    portText = rest.slice(colon + 1)
  }
  if (!host || !HOST.test(host)) throw new DestinationError(`has an invalid host "${host}"`)
  let port: number | undefined
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new DestinationError(`has an invalid port "${portText}" (1-65535)`)
    }
    port = Number(portText)
  }
  return {user, host, port}
}

/** `user@host:port` for messages; IPv6 hosts in brackets when a port is shown. */
export function formatDestination(destination: {user?: string; host: string; port?: number}, showDefaultPort = false): string {
  const user = destination.user ? `${destination.user}@` : ''
  const showPort = destination.port !== undefined && (showDefaultPort || destination.port !== 22)
  const host = showPort && destination.host.includes(':') ? `[${destination.host}]` : destination.host
  return `${user}${host}${showPort ? `:${destination.port}` : ''}`
}
