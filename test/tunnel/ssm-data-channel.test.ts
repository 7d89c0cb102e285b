/**
 * `--via ssm`'s data channel, natively: the codec against the byte layout of
 * aws/session-manager-plugin src/message/clientmessage.go (no recorded real frames are published:
 * the plugin's tests build messages field by field too, so the layout is checked the same way here),
 * then the whole client against the stand-in agent (test/support/ssm-agent.ts), which bridges to a
 * TCP echo server on 127.0.0.1. StartSession / ResumeSession / TerminateSession go through the
 * real AWS SDK to the stand-in's SSM endpoint (moto 5.2.1 does not implement them).
 */
import {createHash, randomBytes} from 'node:crypto'
import {createServer, type AddressInfo, type Server} from 'node:net'
import type {Duplex} from 'node:stream'
import {SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {decodeMessage, encodeMessage, SsmProtocolError} from '../../src/tunnel/transports/ssm/message.js'
import {openSsmStream, ssmSessionApi} from '../../src/tunnel/transports/ssm/session.js'
import {SsmStandIn} from '../support/ssm-agent.js'

describe('SSM data-channel codec (layout of session-manager-plugin clientmessage.go)', () => {
  const id = 'dd01e56b-ff48-483e-a508-b5f073f31b16'
  const payload = Buffer.from('payload')
  const frame = encodeMessage({messageType: 'input_stream_data', schemaVersion: 1, createdDate: 1503434274948, sequenceNumber: 2, flags: 0, messageId: id, payloadType: 1, payload})

  it('writes each field at its offset, big-endian, with the UUID halves swapped and the SHA-256 of the payload', () => {
    expect(frame.length).toBe(120 + payload.length)
    expect(frame.readUInt32BE(0)).toBe(116)
    expect(frame.subarray(4, 36).toString('latin1')).toBe('input_stream_data'.padEnd(32, ' '))
    expect(frame.readUInt32BE(36)).toBe(1)
    expect(frame.subarray(40, 48).toString('hex')).toBe('0000015e0baa7884') // 1503434274948
    expect(frame.subarray(48, 56).toString('hex')).toBe('0000000000000002')
    expect(frame.subarray(56, 64).toString('hex')).toBe('0000000000000000')
    expect(frame.subarray(64, 80).toString('hex')).toBe('a508b5f073f31b16' + 'dd01e56bff48483e')
    expect(frame.subarray(80, 112).toString('hex')).toBe(createHash('sha256').update('payload').digest('hex'))
    expect(frame.readUInt32BE(112)).toBe(1)
    expect(frame.readUInt32BE(116)).toBe(7)
    expect(frame.subarray(120).toString()).toBe('payload')
  })

  it('reads back what it wrote, and refuses a frame whose payload does not match its digest or its length', () => {
    expect(decodeMessage(frame)).toMatchObject({messageType: 'input_stream_data', sequenceNumber: 2, messageId: id, payloadType: 1, createdDate: 1503434274948})
    const tampered = Buffer.from(frame)
    tampered[120] = 0x50
    expect(() => decodeMessage(tampered)).toThrow(SsmProtocolError)
    expect(() => decodeMessage(frame.subarray(0, 124))).toThrow(/declares a 7-byte payload/)
    expect(() => decodeMessage(frame.subarray(0, 60))).toThrow(/shorter than its 120-byte header/)
  })
})

const hop: Hop = {role: 'primary', alias: 'i-0echo', host: 'i-0echo', port: 22, user: 'hadoop', identityFiles: [], label: 'primary hadoop@i-0echo', transport: {kind: 'ssm', instanceId: 'i-0echo'}}

function readExactly(stream: Duplex, length: number, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const timer = setTimeout(() => reject(new Error(`only ${total} of ${length} bytes arrived`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      total += chunk.length
      if (total >= length) {
        clearTimeout(timer)
        stream.off('data', onData)
        resolve(Buffer.concat(chunks))
      }
    }
    stream.on('data', onData)
  })
}

describe('SSM stream through the stand-in agent to a TCP echo server (SSM API via the real SDK to the stand-in endpoint)', () => {
  let echo: Server
  let standIn: SsmStandIn
  let client: SSMClient
  const streams: Duplex[] = []

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket))
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    standIn = new SsmStandIn({instances: {'i-0echo': {host: '127.0.0.1', port: (echo.address() as AddressInfo).port}, 'i-0offline': 'offline'}})
    await standIn.start()
    client = new SSMClient({region: 'us-east-1', endpoint: standIn.endpoint, credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'}, maxAttempts: 1})
  })

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.destroy()
    standIn.dropOutgoing = standIn.duplicateOutgoing = standIn.ignoreIncoming = 0
    standIn.resumeError = undefined
  })

  afterAll(async () => {
    client?.destroy()
    await standIn?.stop()
    await new Promise<void>((resolve) => echo.close(() => resolve()))
  })

  async function open(): Promise<Duplex> {
    const stream = await openSsmStream(hop, {api: ssmSessionApi(client), instanceId: 'i-0echo', timeoutMs: 10_000})
    streams.push(stream)
    return stream
  }

  it('starts AWS-StartSSHSession, completes the handshake and carries 1 MiB both ways intact', async () => {
    const stream = await open()
    const data = randomBytes(1024 * 1024)
    const back = readExactly(stream, data.length)
    stream.write(data)
    expect(
      createHash('sha256')
        .update(await back)
        .digest('hex'),
    ).toBe(createHash('sha256').update(data).digest('hex'))
    expect(standIn.calls).toContain('StartSession')
  })

  it('recovers a dropped frame (resent after the timeout), ignores a duplicated one, and resends a frame the agent did not acknowledge', async () => {
    const stream = await open()
    const before = {resent: standIn.stats.resent, resendsReceived: standIn.stats.resendsReceived}
    standIn.dropOutgoing = 1
    standIn.duplicateOutgoing = 1
    standIn.ignoreIncoming = 1
    const data = randomBytes(64 * 1024)
    const back = readExactly(stream, data.length)
    stream.write(data)
    expect((await back).equals(data)).toBe(true)
    expect(standIn.stats.resent - before.resent).toBeGreaterThanOrEqual(1)
    expect(standIn.stats.resendsReceived - before.resendsReceived).toBe(1)
  })

  it('keeps the stream when the service closes the WebSocket mid-transfer: ResumeSession, same sequence, nothing lost', async () => {
    const stream = await open()
    const resumesBefore = standIn.stats.resumes
    const first = randomBytes(200 * 1024)
    const second = randomBytes(200 * 1024)
    const back = readExactly(stream, first.length + second.length)
    stream.write(first)
    expect(standIn.closeWebSockets()).toBeGreaterThanOrEqual(1)
    stream.write(second)
    expect((await back).equals(Buffer.concat([first, second]))).toBe(true)
    expect(standIn.stats.resumes - resumesBefore).toBe(1)
  })

  it('ends the stream with the reason when ResumeSession is denied, naming the action', async () => {
    const stream = await open()
    standIn.resumeError = 'AccessDeniedException'
    const closed = new Promise<string>((resolve) => stream.once('close', () => resolve((stream as unknown as {closedWith?: Error}).closedWith?.message ?? '')))
    standIn.closeWebSockets()
    expect(await closed).toMatch(/could not be resumed: .*ssm:ResumeSession/)
  })

  it('says the agent is offline or the instance not managed when StartSession answers TargetNotConnected', async () => {
    const failure = await openSsmStream({...hop, label: 'primary hadoop@i-0offline'}, {api: ssmSessionApi(client), instanceId: 'i-0offline', timeoutMs: 5_000}).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TunnelFailure)
    expect((failure as TunnelFailure).message).toMatch(/i-0offline is not connected to Session Manager: its SSM agent is offline or the instance is not managed/)
    expect((failure as TunnelFailure).detail.code).toBe('TargetNotConnected')
  })

  it('refuses a session whose preferences require KMS encryption, with the reason and what to do', async () => {
    const kms = new SsmStandIn({instances: {'i-0echo': {host: '127.0.0.1', port: (echo.address() as AddressInfo).port}}, kmsKeyId: 'alias/session-key'})
    await kms.start()
    const kmsClient = new SSMClient({region: 'us-east-1', endpoint: kms.endpoint, credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'}, maxAttempts: 1})
    try {
      const failure = await openSsmStream(hop, {api: ssmSessionApi(kmsClient), instanceId: 'i-0echo', timeoutMs: 10_000}).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(TunnelFailure)
      expect((failure as TunnelFailure).kind).toBe('config')
      expect((failure as TunnelFailure).message).toMatch(/require KMS encryption, which emr-access does not speak natively/)
    } finally {
      kmsClient.destroy()
      await kms.stop()
    }
  })

  it('terminates the session (ssm:TerminateSession) when the stream is closed', async () => {
    const stream = await open()
    const before = standIn.stats.terminates
    stream.end()
    await expect.poll(() => standIn.stats.terminates - before, {timeout: 10_000}).toBe(1)
  })
})
