/** SOCKS5 reply codes (RFC 1928 §6) and what a failed SSH channel open answers. */
import type {OpenFailureKind} from '../ssh/open-failure.js'

export const REPLY = {
  SUCCEEDED: 0,
  GENERAL_FAILURE: 1,
  NOT_ALLOWED: 2,
  NETWORK_UNREACHABLE: 3,
  HOST_UNREACHABLE: 4,
  CONNECTION_REFUSED: 5,
  TTL_EXPIRED: 6,
  COMMAND_NOT_SUPPORTED: 7,
  ADDRESS_TYPE_NOT_SUPPORTED: 8,
} as const

export type ReplyCode = (typeof REPLY)[keyof typeof REPLY]

const BY_OPEN_FAILURE: Record<OpenFailureKind, ReplyCode> = {
  refused: REPLY.CONNECTION_REFUSED,
  unresolved: REPLY.HOST_UNREACHABLE,
  'host-unreachable': REPLY.HOST_UNREACHABLE,
  'timed-out': REPLY.HOST_UNREACHABLE,
  'network-unreachable': REPLY.NETWORK_UNREACHABLE,
  // The server's own rule (AllowTcpForwarding / PermitOpen) refused it: a ruleset, like ours.
  prohibited: REPLY.NOT_ALLOWED,
  'tunnel-down': REPLY.GENERAL_FAILURE,
  other: REPLY.GENERAL_FAILURE,
}

export function replyForOpenFailure(kind: OpenFailureKind): ReplyCode {
  return BY_OPEN_FAILURE[kind]
}

/** A reply with BND.ADDR 0.0.0.0:0 (what the proxy bound is nobody's business). */
export function replyBytes(code: number): Buffer {
  return Buffer.from([0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0])
}
