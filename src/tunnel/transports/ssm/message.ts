/**
 * The Session Manager data-channel message ("ClientMessage"), as aws/session-manager-plugin
 * src/message/clientmessage.go and messageparser.go define it (the agent's twin is
 * aws/amazon-ssm-agent agent/session/contracts/agentmessage.go). Big-endian throughout:
 *
 *   HeaderLength(4) MessageType(32, space-padded) SchemaVersion(4) CreatedDate(8, epoch ms)
 *   SequenceNumber(8) Flags(8) MessageId(16) PayloadDigest(32, SHA-256) PayloadType(4)
 *   PayloadLength(4) Payload
 *
 * HeaderLength counts up to PayloadType (116); the payload starts after PayloadLength (120).
 * MessageId is a UUID with its two 8-byte halves swapped: the wire holds the least significant
 * half first (putUuid / getUuid in messageparser.go).
 */
import {hash, randomFillSync} from 'node:crypto'

export const MessageType = {
  input: 'input_stream_data',
  output: 'output_stream_data',
  acknowledge: 'acknowledge',
  channelClosed: 'channel_closed',
  startPublication: 'start_publication',
  pausePublication: 'pause_publication',
} as const

export const PayloadType = {
  output: 1,
  error: 2,
  size: 3,
  parameter: 4,
  handshakeRequest: 5,
  handshakeResponse: 6,
  handshakeComplete: 7,
  encChallengeRequest: 8,
  encChallengeResponse: 9,
  flag: 10,
  stdErr: 11,
  exitCode: 12,
} as const

/** Payloads of PayloadType.flag (a big-endian uint32). */
export const PayloadFlag = {disconnectToPort: 1, terminateSession: 2, connectToPortError: 3} as const

const TYPE_LENGTH = 32
const OFFSET = {
  headerLength: 0,
  messageType: 4,
  schemaVersion: 36,
  createdDate: 40,
  sequenceNumber: 48,
  flags: 56,
  messageId: 64,
  payloadDigest: 80,
  payloadType: 112,
  payloadLength: 116,
  payload: 120,
} as const
export const HEADER_LENGTH = OFFSET.payloadLength

export interface DataChannelMessage {
  messageType: string
  schemaVersion: number
  /** Epoch milliseconds. */
  createdDate: number
  sequenceNumber: number
  /** Bit 0 SYN, bit 1 FIN; the plugin sends 3 on acknowledgements and 0 on data. */
  flags: number
  /** Canonical lowercase UUID. */
  messageId: string
  payloadType: number
  payload: Buffer
}

export class SsmProtocolError extends Error {
  override name = 'SsmProtocolError'
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new SsmProtocolError(`message id ${JSON.stringify(uuid)} is not a UUID`)
  return Buffer.from(hex, 'hex')
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const sha256 = (data: Buffer): Buffer => hash('sha256', data, 'buffer') as unknown as Buffer

/** Random bytes drawn from a pool refilled every 256 ids (one getrandom call per id costs more than the rest of the message). */
const idPool = Buffer.allocUnsafe(16 * 256)
let idOffset = idPool.length
function randomId(): Buffer {
  if (idOffset >= idPool.length) {
    randomFillSync(idPool)
    idOffset = 0
  }
  idOffset += 16
  return idPool.subarray(idOffset - 16, idOffset)
}

/** Writes a non-negative integer below 2^53 as a big-endian 64-bit field (no BigInt: this runs per kilobyte). */
function writeUInt64(out: Buffer, value: number, offset: number): void {
  out.writeUInt32BE(Math.floor(value / 0x1_0000_0000), offset)
  out.writeUInt32BE(value >>> 0, offset + 4)
}

export function encodeMessage(message: Omit<DataChannelMessage, 'messageId' | 'createdDate' | 'schemaVersion'> & Partial<DataChannelMessage>): Buffer {
  if (message.messageType.length > TYPE_LENGTH) throw new SsmProtocolError(`message type ${message.messageType} is longer than ${TYPE_LENGTH} bytes`)
  // Every byte is written below, so the buffer need not be zeroed first.
  const out = Buffer.allocUnsafe(OFFSET.payload + message.payload.length)
  out.writeUInt32BE(HEADER_LENGTH, OFFSET.headerLength)
  out.fill(0x20, OFFSET.messageType, OFFSET.messageType + TYPE_LENGTH)
  out.write(message.messageType, OFFSET.messageType, 'latin1')
  out.writeUInt32BE(message.schemaVersion ?? 1, OFFSET.schemaVersion)
  writeUInt64(out, message.createdDate ?? Date.now(), OFFSET.createdDate)
  writeUInt64(out, message.sequenceNumber, OFFSET.sequenceNumber)
  writeUInt64(out, message.flags, OFFSET.flags)
  if (message.messageId) {
    const id = uuidBytes(message.messageId)
    id.copy(out, OFFSET.messageId, 8, 16)
    id.copy(out, OFFSET.messageId + 8, 0, 8)
  } else {
    // A random (version 4) UUID written straight into its swapped halves: wire bytes 8-15 are the UUID's 0-7.
    randomId().copy(out, OFFSET.messageId)
    out[OFFSET.messageId + 14] = (out[OFFSET.messageId + 14]! & 0x0f) | 0x40
    out[OFFSET.messageId] = (out[OFFSET.messageId]! & 0x3f) | 0x80
  }
  sha256(message.payload).copy(out, OFFSET.payloadDigest)
  out.writeUInt32BE(message.payloadType, OFFSET.payloadType)
  out.writeUInt32BE(message.payload.length, OFFSET.payloadLength)
  message.payload.copy(out, OFFSET.payload)
  return out
}

/** A big-endian signed 64-bit field as a number (exact below 2^53, which sequence numbers and dates are). */
function readInt64(frame: Buffer, offset: number): number {
  return frame.readInt32BE(offset) * 0x1_0000_0000 + frame.readUInt32BE(offset + 4)
}

/**
 * One binary WebSocket frame → a message, checked as ClientMessage.Validate does (header length,
 * type, created date, payload digest; the publication messages carry none of these checks).
 */
export function decodeMessage(frame: Buffer): DataChannelMessage {
  if (frame.length < OFFSET.payload) throw new SsmProtocolError(`data-channel message of ${frame.length} bytes is shorter than its ${OFFSET.payload}-byte header`)
  const messageType = frame
    .subarray(OFFSET.messageType, OFFSET.messageType + TYPE_LENGTH)
    .toString('utf8')
    .replace(/\0/g, '')
    .trim()
  const headerLength = frame.readUInt32BE(OFFSET.headerLength)
  const payloadLength = frame.readUInt32BE(OFFSET.payloadLength)
  const payloadStart = headerLength + 4
  const id = Buffer.concat([frame.subarray(OFFSET.messageId + 8, OFFSET.messageId + 16), frame.subarray(OFFSET.messageId, OFFSET.messageId + 8)])
  const message: DataChannelMessage = {
    messageType,
    schemaVersion: frame.readUInt32BE(OFFSET.schemaVersion),
    createdDate: readInt64(frame, OFFSET.createdDate),
    sequenceNumber: readInt64(frame, OFFSET.sequenceNumber),
    flags: readInt64(frame, OFFSET.flags),
    messageId: uuidText(id),
    payloadType: frame.readUInt32BE(OFFSET.payloadType),
    payload: Buffer.alloc(0),
  }
  if (messageType === MessageType.startPublication || messageType === MessageType.pausePublication) return message
  if (headerLength === 0) throw new SsmProtocolError(`${messageType || 'data-channel'} message has header length 0`)
  if (!messageType) throw new SsmProtocolError('data-channel message has no message type')
  if (message.createdDate === 0) throw new SsmProtocolError(`${messageType} message has no created date`)
  if (payloadStart + payloadLength > frame.length) {
    throw new SsmProtocolError(`${messageType} message declares a ${payloadLength}-byte payload but carries ${Math.max(0, frame.length - payloadStart)}`)
  }
  message.payload = frame.subarray(payloadStart, payloadStart + payloadLength)
  if (payloadLength > 0) {
    const digest = frame.subarray(OFFSET.payloadDigest, OFFSET.payloadDigest + 32)
    if (!sha256(message.payload).equals(digest)) {
      throw new SsmProtocolError(`${messageType} message ${message.sequenceNumber}: payload digest does not match (corrupted frame)`)
    }
  }
  return message
}

export interface AcknowledgeContent {
  AcknowledgedMessageType: string
  AcknowledgedMessageId: string
  AcknowledgedMessageSequenceNumber: number
  IsSequentialMessage: boolean
}

/** The acknowledgement of one stream message (SerializeClientMessageWithAcknowledgeContent). */
export function acknowledgement(of: DataChannelMessage): Buffer {
  const content: AcknowledgeContent = {
    AcknowledgedMessageType: of.messageType,
    AcknowledgedMessageId: of.messageId,
    AcknowledgedMessageSequenceNumber: of.sequenceNumber,
    IsSequentialMessage: true,
  }
  return encodeMessage({messageType: MessageType.acknowledge, sequenceNumber: 0, flags: 3, payloadType: 0, payload: Buffer.from(JSON.stringify(content))})
}

export function flagPayload(flag: number): Buffer {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(flag)
  return out
}
