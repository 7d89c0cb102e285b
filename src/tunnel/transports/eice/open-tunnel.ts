/**
 * Opens a hop's byte stream through an EC2 Instance Connect Endpoint, in process: find the endpoint
 * (once per endpoint query), presign OpenTunnel with the SDK's credential chain and Region, open
 * the WebSocket (through HTTPS_PROXY unless NO_PROXY says otherwise). Each call opens a new tunnel,
 * so every SSH connection of a pool, and every renewal, has its own.
 */
import {DescribeInstanceConnectEndpointsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {classifyAwsError} from '../../../sources/live/errors.js'
import {actionOfCommand} from '../../../sources/live/operations.js'
import {TunnelFailure} from '../../failures.js'
import type {Hop} from '../../ssh/hops.js'
import type {AwsTarget, EiceTransport} from '../hop-transport.js'
import {findEndpoint, type ResolvedEndpoint} from './endpoint.js'
import {MAX_TUNNEL_DURATION_SECONDS, OPEN_TUNNEL_ACTION, presignOpenTunnel} from './presign.js'
import {awsRequestHandler, proxyAgentFor, proxyEnvironmentProblem, proxyUrlFor} from '../../../sources/live/proxy.js'
import {openEiceSocket, type EiceStream} from './websocket-stream.js'

/** Every IAM action `--via eice` uses (templates/iam/connect-eice-policy.json is checked against it). */
export const EICE_ACTIONS = [actionOfCommand('EC2Client', DescribeInstanceConnectEndpointsCommand.name), OPEN_TUNNEL_ACTION]

// The SDK warns once per process on Node 20 about its future Node 22 requirement: nothing a user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

interface AwsContext {
  client: EC2Client
  region: Promise<string>
  endpoints: Map<string, Promise<ResolvedEndpoint>>
}

const contexts = new Map<string, AwsContext>()

function awsContext(aws: AwsTarget = {}): AwsContext {
  const key = JSON.stringify([aws.region ?? '', aws.profile ?? '', aws.endpointUrl ?? ''])
  let context = contexts.get(key)
  if (!context) {
    const client = new EC2Client({region: aws.region, profile: aws.profile, endpoint: aws.endpointUrl || undefined, retryMode: 'adaptive', requestHandler: awsRequestHandler()})
    context = {client, region: client.config.region(), endpoints: new Map()}
    // A rejected Region is reported when a tunnel is opened, not as an unhandled rejection.
    context.region.catch(() => undefined)
    contexts.set(key, context)
  }
  return context
}

/** An AWS SDK failure as a tunnel failure: a denied call or bad credentials stop; an unreachable API is retried. */
function awsFailure(error: unknown, action: string, region: string, hop: Hop, aws: AwsTarget = {}): TunnelFailure {
  if (error instanceof TunnelFailure) return error
  const classified = classifyAwsError(error, {action, region, endpoint: aws.endpointUrl})
  const detail = {hop: hop.label, host: hop.host, port: hop.port}
  if (classified.kind === 'permission') {
    return new TunnelFailure('permission', `${hop.label}: ${action} was denied; grant it (templates/iam/connect-eice-policy.json)`, {...detail, code: 'AccessDenied'})
  }
  if (classified.kind === 'unavailable') return new TunnelFailure('network', `${hop.label}: ${action}: ${classified.detail}`, {...detail, code: 'UNAVAILABLE'})
  const network = /cannot reach|no answer from/.test(classified.error.message)
  return new TunnelFailure(network ? 'network' : 'config', `${hop.label}: ${classified.error.message}`, detail)
}

function parseEndpointUrl(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TunnelFailure('config', `EC2 Instance Connect Endpoint URL ${value}: not a URL (expected wss://HOST or ws://127.0.0.1:PORT)`, {code: 'EICE_URL'})
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw new TunnelFailure('config', `EC2 Instance Connect Endpoint URL ${value}: expected a wss:// or ws:// URL`, {code: 'EICE_URL'})
  return new URL(`${url.protocol}//${url.host}`)
}

async function resolveEndpoint(context: AwsContext, transport: EiceTransport, region: string, hop: Hop): Promise<ResolvedEndpoint> {
  const query = {
    endpointId: transport.endpointId,
    vpcId: transport.vpcId,
    subnetId: transport.subnetId,
    fips: (process.env.AWS_USE_FIPS_ENDPOINT ?? '').toLowerCase() === 'true',
  }
  const key = JSON.stringify(query)
  let found = context.endpoints.get(key)
  if (!found) {
    found = findEndpoint(context.client, query)
    context.endpoints.set(key, found)
    // A failed lookup is not kept: the next attempt asks again.
    found.catch(() => context.endpoints.delete(key))
  }
  try {
    return await found
  } catch (error) {
    throw awsFailure(error, 'ec2:DescribeInstanceConnectEndpoints', region, hop, transport.aws)
  }
}

export async function openEiceTunnel(hop: Hop, transport: EiceTransport, timeoutMs: number, {now = () => new Date(), signal}: {now?: () => Date; signal?: AbortSignal} = {}): Promise<EiceStream> {
  const duration = transport.maxTunnelDurationSeconds ?? MAX_TUNNEL_DURATION_SECONDS
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_TUNNEL_DURATION_SECONDS) {
    throw new TunnelFailure('config', `maximum tunnel duration ${duration}: expected whole seconds from 1 to ${MAX_TUNNEL_DURATION_SECONDS}`, {code: 'EICE_DURATION'})
  }
  const base = transport.endpointUrl ? parseEndpointUrl(transport.endpointUrl) : undefined
  const proxyProblem = proxyEnvironmentProblem()
  if (proxyProblem) throw new TunnelFailure('config', proxyProblem, {code: 'PROXY'})
  const context = awsContext(transport.aws)
  let region: string
  try {
    region = await context.region
  } catch (error) {
    throw awsFailure(error, OPEN_TUNNEL_ACTION, '', hop, transport.aws)
  }
  // With an override and an id, nothing needs to be looked up: the override is the endpoint.
  const endpoint: ResolvedEndpoint = base && transport.endpointId ? {id: transport.endpointId, dnsName: base.host} : await resolveEndpoint(context, transport, region, hop)
  const endpointBase = base ?? new URL(`wss://${endpoint.dnsName}`)
  const openedAt = now()
  let url: URL
  try {
    url = await presignOpenTunnel(
      {endpointBase, endpointId: endpoint.id, privateIpAddress: transport.privateIpAddress, remotePort: hop.port, maxTunnelDurationSeconds: duration},
      {region, credentials: context.client.config.credentials, sha256: context.client.config.sha256},
      openedAt,
    )
  } catch (error) {
    throw awsFailure(error, OPEN_TUNNEL_ACTION, region, hop, transport.aws)
  }
  return openEiceSocket({
    url,
    agent: proxyAgentFor(url),
    proxy: proxyUrlFor(url),
    signal,
    timeoutMs,
    expiresAt: openedAt.getTime() + duration * 1000,
    endpointId: endpoint.id,
    detail: {hop: hop.label, host: transport.privateIpAddress, port: hop.port},
  })
}
