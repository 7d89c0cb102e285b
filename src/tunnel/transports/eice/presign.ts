/**
 * The OpenTunnel URL of an EC2 Instance Connect Endpoint, presigned as the AWS CLI does it
 * (awscli/customizations/ec2instanceconnect/eicesigner.py): `wss://<endpoint DNS name>/openTunnel`
 * with `instanceConnectEndpointId`, `remotePort`, `privateIpAddress` and `maxTunnelDuration` in the
 * query, SigV4 query signing (`X-Amz-*` parameters) for the signing name `ec2-instance-connect`,
 * the `host` header signed, valid for 60 seconds (the time to open the WebSocket, not the tunnel).
 */
import {SignatureV4} from '@smithy/signature-v4'

export const EICE_SIGNING_NAME = 'ec2-instance-connect'
/** The IAM action a presigned OpenTunnel URL exercises (ec2-instance-connect:OpenTunnel). */
export const OPEN_TUNNEL_ACTION = `${EICE_SIGNING_NAME}:OpenTunnel`
/** How long the URL may wait before the WebSocket is opened (the AWS CLI's expires_in). */
export const PRESIGN_EXPIRES_SECONDS = 60
/** AWS's limit for one tunnel: the service closes it after maxTunnelDuration (1 to 3,600 s). */
export const MAX_TUNNEL_DURATION_SECONDS = 3600

type PresignRequest = Parameters<SignatureV4['presign']>[0]
type SignerInit = ConstructorParameters<typeof SignatureV4>[0]

export interface OpenTunnelRequest {
  /** `wss://<DnsName>` (or an override such as `ws://127.0.0.1:PORT` for a stand-in). */
  endpointBase: URL
  endpointId: string
  privateIpAddress: string
  remotePort: number
  maxTunnelDurationSeconds: number
}

export interface SigningContext {
  region: string
  credentials: SignerInit['credentials']
  sha256: SignerInit['sha256']
}

/** The query parameters OpenTunnel takes, before signing. */
export function openTunnelQuery(request: OpenTunnelRequest): Record<string, string> {
  return {
    instanceConnectEndpointId: request.endpointId,
    remotePort: String(request.remotePort),
    privateIpAddress: request.privateIpAddress,
    maxTunnelDuration: String(request.maxTunnelDurationSeconds),
  }
}

/** The request the signature covers: GET /openTunnel on the endpoint's host, the query above. */
export function openTunnelSignable(endpointBase: URL, query: Record<string, string>): PresignRequest {
  return {
    method: 'GET',
    protocol: endpointBase.protocol,
    hostname: endpointBase.hostname,
    ...(endpointBase.port ? {port: Number(endpointBase.port)} : {}),
    path: '/openTunnel',
    query,
    // URL.host carries the port only when it is not the scheme's default, as the client's Host header does.
    headers: {host: endpointBase.host},
  }
}

/** Serialises a presigned request's query onto the endpoint's base URL. */
export function urlOf(endpointBase: URL, query: PresignRequest['query']): URL {
  const url = new URL('/openTunnel', endpointBase)
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of [value ?? ''].flat()) url.searchParams.append(name, item)
  }
  return url
}

export async function presignOpenTunnel(request: OpenTunnelRequest, signing: SigningContext, now: Date = new Date()): Promise<URL> {
  const signer = new SignatureV4({service: EICE_SIGNING_NAME, region: signing.region, credentials: signing.credentials, sha256: signing.sha256})
  const presigned = await signer.presign(openTunnelSignable(request.endpointBase, openTunnelQuery(request)), {
    expiresIn: PRESIGN_EXPIRES_SECONDS,
    signingDate: now,
  })
  return urlOf(request.endpointBase, presigned.query)
}
