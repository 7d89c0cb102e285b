/**
 * What a failed `direct-tcpip` channel open (ssh2 forwardOut) means. OpenSSH answers most failures
 * with reason 2 (CONNECT_FAILED) and tells them apart only in the description (libraries.md P7):
 * "Connection refused", "Name or service not known", "No route to host", … Reason 1
 * (ADMINISTRATIVELY_PROHIBITED) means AllowTcpForwarding / PermitOpen on that server.
 */
import {isTemporaryNameFailure} from '../failures.js'

export type OpenFailureKind =
  | 'refused'
  | 'unresolved'
  | 'host-unreachable'
  | 'network-unreachable'
  | 'timed-out'
  | 'prohibited'
  /** The SSH connection went away (or was not up). */
  | 'tunnel-down'
  | 'other'

export interface OpenFailure {
  kind: OpenFailureKind
  /** An `unresolved` name that failed only for now (EAI_AGAIN): worth retrying. */
  temporary?: boolean
  /** The server's description, e.g. "Connection refused". */
  description: string
}

const OPEN_FAILURE_PREFIX = /^\(SSH\) Channel open failure: ?/

export function classifyOpenFailure(error: unknown): OpenFailure {
  const err = error as {message?: string; reason?: number | string}
  const description = String(err?.message ?? error).replace(OPEN_FAILURE_PREFIX, '')
  if (err?.reason === 1 || /administratively prohibited/i.test(description)) return {kind: 'prohibited', description}
  if (/no response from server|not connected|tunnel is (down|reconnecting)|closed/i.test(description) && err?.reason === undefined) {
    return {kind: 'tunnel-down', description}
  }
  if (/refused/i.test(description)) return {kind: 'refused', description}
  if (
    /name or service not known|unknown host|no address associated|nodename nor servname|name does not resolve|temporary failure in name resolution|non-recoverable failure in name resolution|no such host/i.test(
      description,
    )
  ) {
    return isTemporaryNameFailure(description) ? {kind: 'unresolved', description, temporary: true} : {kind: 'unresolved', description}
  }
  if (/network is unreachable|network is down/i.test(description)) return {kind: 'network-unreachable', description}
  if (/no route to host|host is unreachable|host is down/i.test(description)) return {kind: 'host-unreachable', description}
  if (/timed out/i.test(description)) return {kind: 'timed-out', description}
  return {kind: 'other', description}
}
