/**
 * A stand-in EC2 Instance Connect Endpoint on 127.0.0.1 (plain ws://, reached through
 * --eice-endpoint-url), built from the protocol the AWS CLI speaks
 * (awscli/customizations/ec2instanceconnect/{eicesigner,websocket}.py):
 *
 * - GET /openTunnel?instanceConnectEndpointId&remotePort&privateIpAddress&maxTunnelDuration, presigned
 *   with SigV4 query parameters for `ec2-instance-connect`. The stand-in recomputes the signature
 *   with the AWS SDK's own signer (@smithy/signature-v4) and the test credentials, over the request
 *   as it arrived (its Host header, path and query), and answers HTTP 403 with a JSON message to a
 *   wrong signature, another access key, scope or endpoint id, or an expired URL
 *   (X-Amz-Date + X-Amz-Expires in the past) — before any WebSocket exists.
 * - Then binary frames carry the TCP bytes to privateIpAddress:remotePort (`openTarget`: a loopback
 *   socket, or a bridge into the lab's namespace), and the tunnel is closed after maxTunnelDuration.
 * - `misbehave` makes it answer a text frame, or close with a code and reason, as the service does
 *   when it cannot reach the instance.
 */
import {createHash, createHmac, timingSafeEqual} from 'node:crypto'
import {spawn} from 'node:child_process'
import {createServer, type IncomingMessage, type Server} from 'node:http'
import {connect as tcpConnect, type Socket} from 'node:net'
import {Duplex} from 'node:stream'
import {SignatureV4} from '@smithy/signature-v4'
import {WebSocketServer, type WebSocket} from 'ws'

export const TEST_CREDENTIALS = {accessKeyId: 'AKIAEICESTANDIN00001', secretAccessKey: 'eice/stand-in/secret/key/for/tests/only0'}
export const TEST_REGION = 'us-east-1'
export const TEST_ENDPOINT_ID = 'eice-0123456789abcdef0'

type SourceData = string | ArrayBuffer | ArrayBufferView

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** SHA-256 / HMAC-SHA-256 from node:crypto, in the shape the SDK signer takes (not the SDK's own hash). */
class NodeSha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh()
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret))
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {
    this.hash = this.fresh()
  }
}

export interface TunnelRecord {
  endpointId: string
  privateIpAddress: string
  remotePort: number
  maxTunnelDuration: number
  openedAt: number
  closedAt?: number
  closedBy?: 'duration' | 'client' | 'target' | 'misbehave'
}

/**
 * The instance side inside a network namespace (the lab's "VPC", where AWS's endpoint sits): each
 * tunnel is a TCP connection made there by a small Node process (`ip netns exec`), its stdio the stream.
 */
export function namespaceTarget(namespace: string): (privateIpAddress: string, remotePort: number) => Duplex {
  const bridge =
    "const s=require('net').connect(Number(process.argv[2]),process.argv[1]);process.stdin.pipe(s);s.pipe(process.stdout);" +
    "s.on('error',e=>{process.stderr.write(e.message);process.exit(1)});s.on('close',()=>process.exit(0))"
  return (privateIpAddress, remotePort) => {
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', bridge, privateIpAddress, String(remotePort)], {stdio: ['pipe', 'pipe', 'ignore']})
    const stream = Duplex.from({readable: child.stdout, writable: child.stdin})
    stream.once('close', () => child.kill('SIGKILL'))
    child.once('exit', () => stream.destroy())
    return stream
  }
}

export type Misbehaviour = {kind: 'close'; code: number; reason: string} | {kind: 'text'; text: string}

export interface StandInOptions {
  /** The instance side: a byte stream to privateIpAddress:remotePort. Default: a TCP socket from here. */
  openTarget?: (privateIpAddress: string, remotePort: number) => Duplex
  region?: string
  credentials?: {accessKeyId: string; secretAccessKey: string}
  endpointId?: string
  /** Clock for the expiry check (tests of expired URLs). */
  now?: () => number
}

function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
}

export class EiceStandIn {
  readonly tunnels: TunnelRecord[] = []
  /** Refusals with their reasons (HTTP 403 before the WebSocket). */
  readonly refusals: string[] = []
  misbehave?: Misbehaviour
  private readonly server: Server
  private readonly wss = new WebSocketServer({noServer: true, perMessageDeflate: false})
  private readonly sockets = new Set<Socket>()
  private readonly options: Required<Omit<StandInOptions, 'openTarget'>> & Pick<StandInOptions, 'openTarget'>
  private readonly signer: SignatureV4

  constructor(options: StandInOptions = {}) {
    this.options = {
      region: options.region ?? TEST_REGION,
      credentials: options.credentials ?? TEST_CREDENTIALS,
      endpointId: options.endpointId ?? TEST_ENDPOINT_ID,
      now: options.now ?? Date.now,
      openTarget: options.openTarget,
    }
    this.signer = new SignatureV4({service: 'ec2-instance-connect', region: this.options.region, credentials: this.options.credentials, sha256: NodeSha256})
    this.server = createServer((_request, response) => {
      response.writeHead(426, {'content-type': 'application/json'}).end('{"message":"Upgrade Required"}')
    })
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
    })
    this.server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      void this.verify(request).then((problem) => {
        if (problem) {
          this.refusals.push(problem)
          const body = JSON.stringify({message: problem})
          socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
          return
        }
        this.wss.handleUpgrade(request, socket, head, (ws) => this.tunnel(ws, new URL(request.url ?? '/', 'ws://stand-in')))
      })
    })
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    const address = this.server.address() as {port: number}
    return `ws://127.0.0.1:${address.port}`
  }

  get port(): number {
    return (this.server.address() as {port: number}).port
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Undefined when the presigned request is valid; otherwise why not (the 403's message). */
  private async verify(request: IncomingMessage): Promise<string | undefined> {
    const url = new URL(request.url ?? '/', 'ws://stand-in')
    if (url.pathname !== '/openTunnel') return `no such path ${url.pathname}`
    const query = Object.fromEntries(url.searchParams)
    const given = query['X-Amz-Signature']
    if (!given) return 'missing X-Amz-Signature'
    if (query['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') return 'unsupported X-Amz-Algorithm'
    const [accessKey, day, region, service, terminator] = (query['X-Amz-Credential'] ?? '').split('/')
    if (accessKey !== this.options.credentials.accessKeyId) return 'The security token included in the request is invalid'
    if (region !== this.options.region || service !== 'ec2-instance-connect' || terminator !== 'aws4_request') return 'Credential should be scoped to a valid Region and to ec2-instance-connect'
    const signedAt = parseAmzDate(query['X-Amz-Date'] ?? '')
    const expires = Number(query['X-Amz-Expires'])
    if (signedAt === undefined || !Number.isInteger(expires) || expires < 1 || day !== query['X-Amz-Date']!.slice(0, 8)) return 'malformed X-Amz-Date / X-Amz-Expires'
    if (this.options.now() > signedAt + expires * 1000) return 'Request has expired'
    if (query['X-Amz-SignedHeaders'] !== 'host') return 'X-Amz-SignedHeaders must be host'
    const {'X-Amz-Signature': _signature, ...unsigned} = query
    const recomputed = await this.signer.presign(
      {method: 'GET', protocol: 'ws:', hostname: '127.0.0.1', path: url.pathname, query: unsigned, headers: {host: request.headers.host ?? ''}},
      {signingDate: new Date(signedAt), expiresIn: expires},
    )
    const expected = String(recomputed.query?.['X-Amz-Signature'] ?? '')
    if (expected.length !== given.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(given))) {
      return 'The request signature we calculated does not match the signature you provided'
    }
    if (query.instanceConnectEndpointId !== this.options.endpointId) return `no such endpoint ${query.instanceConnectEndpointId}`
    const remotePort = Number(query.remotePort)
    if (remotePort !== 22 && remotePort !== 3389) return 'remotePort must be 22 or 3389'
    const duration = Number(query.maxTunnelDuration ?? 3600)
    if (!Number.isInteger(duration) || duration < 1 || duration > 3600) return 'maxTunnelDuration must be 1 to 3600'
    if (!query.privateIpAddress) return 'missing privateIpAddress'
    return undefined
  }

  private tunnel(ws: WebSocket, url: URL): void {
    const record: TunnelRecord = {
      endpointId: url.searchParams.get('instanceConnectEndpointId')!,
      privateIpAddress: url.searchParams.get('privateIpAddress')!,
      remotePort: Number(url.searchParams.get('remotePort')),
      maxTunnelDuration: Number(url.searchParams.get('maxTunnelDuration') ?? 3600),
      openedAt: Date.now(),
    }
    this.tunnels.push(record)
    const end = (by: NonNullable<TunnelRecord['closedBy']>) => {
      if (record.closedAt !== undefined) return
      record.closedAt = Date.now()
      record.closedBy = by
    }
    if (this.misbehave) {
      end('misbehave')
      if (this.misbehave.kind === 'text') ws.send(this.misbehave.text, {binary: false})
      else ws.close(this.misbehave.code, this.misbehave.reason)
      return
    }
    const target = this.options.openTarget ? this.options.openTarget(record.privateIpAddress, record.remotePort) : tcpConnect(record.remotePort, record.privateIpAddress)
    const timer = setTimeout(() => {
      end('duration')
      ws.close(1000, 'maxTunnelDuration reached')
      target.destroy()
    }, record.maxTunnelDuration * 1000)
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        ws.close(1003, 'binary frames only')
        return
      }
      // Bytes after the target ended go nowhere (as a closed TCP connection's would). Pausing on
      // them would stop this side reading the client's close frame, and the close would hang.
      if (target.writableEnded || target.destroyed) return
      if (!target.write(data)) ws.pause()
    })
    target.on('drain', () => ws.resume())
    target.on('data', (chunk: Buffer) => {
      ws.send(chunk, {binary: true})
    })
    target.once('end', () => {
      end('target')
      ws.close(1000)
    })
    target.once('error', (error: Error) => {
      end('target')
      // A close reason is at most 123 bytes.
      ws.close(1011, `Failed to connect to ${record.privateIpAddress}:${record.remotePort}: ${error.message}`.slice(0, 120))
    })
    ws.once('close', () => {
      clearTimeout(timer)
      end('client')
      target.destroy()
    })
  }
}
