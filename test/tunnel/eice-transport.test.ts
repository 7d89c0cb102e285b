/**
 * The EICE transport against the stand-in endpoint (test/support/eice-endpoint.ts), which checks
 * the SigV4 presigned OpenTunnel URL with the SDK's signer and the test credentials, then carries
 * binary frames to a loopback TCP echo server standing in for the instance's port 22. No AWS call
 * is made: the endpoint is given by id and URL, credentials and Region come from the environment
 * through the SDK's own chain.
 */
import {connect as tcpConnect, createServer, type Server, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {defaultStreamOpener, streamExpiresAt} from '../../src/tunnel/ssh/transport.js'
import type {EiceTransport} from '../../src/tunnel/transports/hop-transport.js'
import {openEiceTunnel} from '../../src/tunnel/transports/eice/open-tunnel.js'
import {openTunnelQuery, presignOpenTunnel} from '../../src/tunnel/transports/eice/presign.js'
import {bypassesProxy, proxyUrlFor} from '../../src/sources/live/proxy.js'
import {MAX_FRAME_BYTES, openEiceSocket} from '../../src/tunnel/transports/eice/websocket-stream.js'
import {ConnectProxy} from '../support/connect-proxy.js'
import {EiceStandIn, TEST_CREDENTIALS, TEST_ENDPOINT_ID, TEST_REGION} from '../support/eice-endpoint.js'

/** One line per connection: whatever comes in goes back (the "instance" behind the endpoint). */
let echo: Server
let echoPort = 0
const echoSockets = new Set<Socket>()
let standIn: EiceStandIn
let base = ''

/** The stand-in whose "instance" at any private address, port 22, is the echo server. */
function echoStandIn(): EiceStandIn {
  return new EiceStandIn({openTarget: () => tcpConnect(echoPort, '127.0.0.1')})
}

function hop(transport: Partial<EiceTransport> = {}): Hop {
  return {
    role: 'primary',
    alias: '127.0.0.1',
    host: '127.0.0.1',
    port: 22,
    user: 'hadoop',
    identityFiles: [],
    label: 'primary hadoop@127.0.0.1',
    transport: {kind: 'eice', privateIpAddress: '127.0.0.1', endpointId: TEST_ENDPOINT_ID, endpointUrl: base, aws: {region: TEST_REGION}, ...transport},
  }
}

/** Writes `data`, reads until as many bytes came back (bounded by the test timeout). */
function roundTrip(stream: Duplex, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let length = 0
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      length += chunk.length
      if (length >= data.length) {
        stream.removeListener('data', onData)
        resolve(Buffer.concat(chunks))
      }
    }
    stream.on('data', onData)
    stream.once('error', reject)
    stream.write(data)
  })
}

function failureOf(promise: Promise<unknown>): Promise<TunnelFailure> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TunnelFailure)
      return error as TunnelFailure
    },
  )
}

function streamError(stream: Duplex): Promise<Error> {
  return new Promise((resolve) => stream.once('error', resolve))
}

beforeAll(async () => {
  echo = createServer((socket) => {
    echoSockets.add(socket)
    socket.once('close', () => echoSockets.delete(socket))
    socket.pipe(socket)
  })
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  echoPort = (echo.address() as {port: number}).port
})

afterAll(async () => {
  for (const socket of echoSockets) socket.destroy()
  await new Promise<void>((resolve) => echo.close(() => resolve()))
})

beforeEach(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', TEST_CREDENTIALS.accessKeyId)
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', TEST_CREDENTIALS.secretAccessKey)
  vi.stubEnv('AWS_SESSION_TOKEN', '')
  vi.stubEnv('AWS_PROFILE', '')
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) vi.stubEnv(name, '')
  standIn = echoStandIn()
  base = await standIn.listen()
})

afterEach(async () => {
  vi.unstubAllEnvs()
  await standIn.close()
})

describe('EICE transport against the stand-in endpoint (SigV4 verified with the SDK signer)', () => {
  it('opens the tunnel through the default stream opener and carries bytes both ways in binary frames', async () => {
    const started = Date.now()
    const stream = await defaultStreamOpener(hop({maxTunnelDurationSeconds: 900}), undefined, 10_000)
    const data = Buffer.alloc(3 * MAX_FRAME_BYTES + 17, 'x')
    data.write('first bytes')
    const back = await roundTrip(stream, data)
    expect(back.equals(data)).toBe(true)
    expect(standIn.refusals).toEqual([])
    expect(standIn.tunnels).toHaveLength(1)
    expect(standIn.tunnels[0]).toMatchObject({endpointId: TEST_ENDPOINT_ID, privateIpAddress: '127.0.0.1', remotePort: 22, maxTunnelDuration: 900})
    // The chain learns when the service will end the tunnel, and renews before.
    const expiresAt = streamExpiresAt(stream)!
    expect(expiresAt).toBeGreaterThanOrEqual(started + 900_000)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000)
    stream.destroy()
  })

  it('signs the parameters AWS documents: instanceConnectEndpointId, remotePort, privateIpAddress, maxTunnelDuration; host only; 60 s', async () => {
    const url = await presignOpenTunnel(
      {
        endpointBase: new URL('wss://eice-0123456789abcdef0.1a2b3c4d.ec2-instance-connect-endpoint.us-east-1.amazonaws.com'),
        endpointId: TEST_ENDPOINT_ID,
        privateIpAddress: '10.0.2.20',
        remotePort: 22,
        maxTunnelDurationSeconds: 3600,
      },
      {region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: await ec2Sha256()},
      new Date(Date.UTC(2026, 11, 1, 13, 0, 0)),
    )
    expect(url.protocol).toBe('wss:')
    expect(url.pathname).toBe('/openTunnel')
    const query = Object.fromEntries(url.searchParams)
    expect(query).toMatchObject({
      ...openTunnelQuery({endpointBase: url, endpointId: TEST_ENDPOINT_ID, privateIpAddress: '10.0.2.20', remotePort: 22, maxTunnelDurationSeconds: 3600}),
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${TEST_CREDENTIALS.accessKeyId}/20261201/us-east-1/ec2-instance-connect/aws4_request`,
      'X-Amz-Date': '20261201T130000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host',
    })
    expect(query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('a tampered URL is refused with HTTP 403 before any tunnel exists, as a permission failure quoting the service', async () => {
    const url = await presignOpenTunnel(
      {endpointBase: new URL(base), endpointId: TEST_ENDPOINT_ID, privateIpAddress: '127.0.0.1', remotePort: 22, maxTunnelDurationSeconds: 60},
      {region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: await ec2Sha256()},
    )
    url.searchParams.set('privateIpAddress', '127.0.0.2')
    const failure = await failureOf(openEiceSocket({url, timeoutMs: 5_000, expiresAt: 0, endpointId: TEST_ENDPOINT_ID, detail: {hop: 'primary hadoop@10.0.2.20', host: '10.0.2.20', port: 22}}))
    expect(failure.kind).toBe('permission')
    expect(failure.message).toContain('refused the tunnel (HTTP 403): The request signature we calculated does not match the signature you provided')
    expect(failure.message).toContain('ec2-instance-connect:OpenTunnel')
    expect(standIn.tunnels).toEqual([])
  })

  it('an expired URL (X-Amz-Date + 60 s in the past) is refused; so are other credentials', async () => {
    const signing = {region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: await ec2Sha256()}
    const request = {endpointBase: new URL(base), endpointId: TEST_ENDPOINT_ID, privateIpAddress: '127.0.0.1', remotePort: 22, maxTunnelDurationSeconds: 60}
    const detail = {hop: 'primary', host: '127.0.0.1', port: 22}
    const old = await presignOpenTunnel(request, signing, new Date(Date.now() - 61_000))
    expect((await failureOf(openEiceSocket({url: old, timeoutMs: 5_000, expiresAt: 0, endpointId: TEST_ENDPOINT_ID, detail}))).message).toContain('Request has expired')
    const fresh = await presignOpenTunnel(request, signing, new Date(Date.now() - 30_000))
    const stream = await openEiceSocket({url: fresh, timeoutMs: 5_000, expiresAt: 0, endpointId: TEST_ENDPOINT_ID, detail})
    stream.destroy()
    const stranger = await presignOpenTunnel(request, {...signing, credentials: {...TEST_CREDENTIALS, secretAccessKey: 'not-the-secret'}})
    expect((await failureOf(openEiceSocket({url: stranger, timeoutMs: 5_000, expiresAt: 0, endpointId: TEST_ENDPOINT_ID, detail}))).message).toContain('does not match')
    expect(standIn.refusals).toHaveLength(2)
  })

  it('a close frame with a code other than 1000 is an error carrying its reason', async () => {
    standIn.misbehave = {kind: 'close', code: 1011, reason: 'Failed to connect to 10.0.2.20:22: connection timed out'}
    const stream = await openEiceTunnel(hop(), hop().transport as EiceTransport, 10_000)
    const error = await streamError(stream)
    expect(error).toBeInstanceOf(TunnelFailure)
    expect(error.message).toBe(`primary hadoop@127.0.0.1: EC2 Instance Connect Endpoint ${TEST_ENDPOINT_ID} closed the tunnel (code 1011): Failed to connect to 10.0.2.20:22: connection timed out`)
    expect((error as TunnelFailure).retryable).toBe(true)
  })

  it('a text frame is an error; a normal close (1000) ends the stream without one', async () => {
    standIn.misbehave = {kind: 'text', text: 'unexpected text'}
    const texted = await openEiceTunnel(hop(), hop().transport as EiceTransport, 10_000)
    expect((await streamError(texted)).message).toContain('the endpoint sent a text frame: unexpected text')
    standIn.misbehave = {kind: 'close', code: 1000, reason: 'bye'}
    const closed = await openEiceTunnel(hop(), hop().transport as EiceTransport, 10_000)
    const outcome = await new Promise<string>((resolve) => {
      closed.once('error', (error) => resolve(`error ${error.message}`))
      closed.once('end', () => resolve('end'))
      closed.resume()
    })
    expect(outcome).toBe('end')
  })

  it('bad input is one line naming the setting: the endpoint URL, the duration, a missing endpoint id without a VPC', async () => {
    expect((await failureOf(openEiceTunnel(hop({endpointUrl: 'http://127.0.0.1:1'}), hop({endpointUrl: 'http://127.0.0.1:1'}).transport as EiceTransport, 1_000))).message).toBe(
      'EC2 Instance Connect Endpoint URL http://127.0.0.1:1: expected a wss:// or ws:// URL',
    )
    const long = hop({maxTunnelDurationSeconds: 3601}).transport as EiceTransport
    expect((await failureOf(openEiceTunnel(hop(), long, 1_000))).message).toBe('maximum tunnel duration 3601: expected whole seconds from 1 to 3600')
    const noId = hop({endpointId: undefined}).transport as EiceTransport
    const failure = await failureOf(openEiceTunnel(hop(), noId, 1_000))
    expect(failure.kind).toBe('config')
    expect(failure.message).toContain('name the endpoint, or connect by cluster id')
  })

  it('an endpoint that does not listen is a retryable network failure naming the endpoint', async () => {
    const closedPort = standIn.port
    await standIn.close()
    const failure = await failureOf(openEiceTunnel(hop(), hop().transport as EiceTransport, 5_000))
    expect(failure.kind).toBe('network')
    expect(failure.message).toContain(`EC2 Instance Connect Endpoint ${TEST_ENDPOINT_ID} at 127.0.0.1:${closedPort}`)
    expect(failure.message).toContain('ECONNREFUSED')
    standIn = echoStandIn()
    base = await standIn.listen()
  })
})

describe('EICE WebSocket through HTTP(S)_PROXY, unless NO_PROXY names the endpoint', () => {
  const proxy = new ConnectProxy()
  const connects = proxy.connects
  let proxyUrl = ''

  beforeAll(async () => {
    proxyUrl = await proxy.listen()
  })

  afterAll(async () => {
    await proxy.close()
  })

  it('goes through the proxy with CONNECT, and around it for a NO_PROXY host', async () => {
    connects.length = 0
    vi.stubEnv('HTTP_PROXY', proxyUrl)
    const viaProxy = await openEiceTunnel(hop(), hop().transport as EiceTransport, 10_000)
    expect((await roundTrip(viaProxy, Buffer.from('through the proxy'))).toString()).toBe('through the proxy')
    viaProxy.destroy()
    expect(connects).toEqual([`127.0.0.1:${standIn.port}`])
    vi.stubEnv('NO_PROXY', 'localhost,127.0.0.1')
    const direct = await openEiceTunnel(hop(), hop().transport as EiceTransport, 10_000)
    expect((await roundTrip(direct, Buffer.from('direct'))).toString()).toBe('direct')
    direct.destroy()
    expect(connects).toHaveLength(1)
  })

  it('a proxy that refuses the credentials, or cannot be reached, is named (without its password), not the endpoint', async () => {
    vi.stubEnv('HTTP_PROXY', proxyUrl.replace('http://', 'http://bob:s3cret-pw@'))
    proxy.refuseWith = 407
    try {
      const refused = await failureOf(openEiceTunnel(hop(), hop().transport as EiceTransport, 5_000))
      expect(refused.message).toBe(
        `primary hadoop@127.0.0.1: EC2 Instance Connect Endpoint ${TEST_ENDPOINT_ID}: the HTTP proxy ${new URL(proxyUrl).host} (HTTPS_PROXY) wants credentials it did not accept (HTTP 407): check the user and password in the proxy URL`,
      )
      expect(refused.kind).toBe('config')
    } finally {
      proxy.refuseWith = undefined
    }
    vi.stubEnv('HTTP_PROXY', 'http://bob:s3cret-pw@127.0.0.1:1')
    const unreachable = await failureOf(openEiceTunnel(hop(), hop().transport as EiceTransport, 5_000))
    expect(unreachable.message).toBe(`primary hadoop@127.0.0.1: EC2 Instance Connect Endpoint ${TEST_ENDPOINT_ID}: cannot reach the HTTP proxy 127.0.0.1:1 (HTTPS_PROXY): ECONNREFUSED`)
    expect(unreachable.kind).toBe('network')
  })

  it('reads the variables as the AWS CLI and curl do (either case; domains, ports and * in NO_PROXY)', () => {
    const target = new URL('wss://eice-1.ec2-instance-connect-endpoint.eu-west-1.amazonaws.com')
    expect(proxyUrlFor(target, {https_proxy: 'http://proxy:3128'})).toBe('http://proxy:3128')
    expect(proxyUrlFor(target, {HTTP_PROXY: 'http://proxy:8080'})).toBe('http://proxy:8080')
    expect(proxyUrlFor(target, {HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.amazonaws.com'})).toBeUndefined()
    expect(proxyUrlFor(target, {})).toBeUndefined()
    expect(bypassesProxy(target, 'amazonaws.com')).toBe(true)
    expect(bypassesProxy(target, '*')).toBe(true)
    expect(bypassesProxy(target, 'example.com, other.test')).toBe(false)
    expect(bypassesProxy(target, 'ec2-instance-connect-endpoint.eu-west-1.amazonaws.com:443')).toBe(true)
    expect(bypassesProxy(target, 'ec2-instance-connect-endpoint.eu-west-1.amazonaws.com:8443')).toBe(false)
    expect(bypassesProxy(target, 'zonaws.com')).toBe(false)
  })
})

/** The SHA-256 the EC2 client's own config carries (what open-tunnel.ts signs with). */
async function ec2Sha256() {
  const {EC2Client} = await import('@aws-sdk/client-ec2')
  const client = new EC2Client({region: TEST_REGION, credentials: TEST_CREDENTIALS})
  const sha256 = client.config.sha256
  client.destroy()
  return sha256
}
