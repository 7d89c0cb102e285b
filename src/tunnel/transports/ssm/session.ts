/**
 * `--via ssm`: a hop's SSH stream through Session Manager. `ssm:StartSession` with the
 * AWS-StartSSHSession document (the agent connects to the instance's own port 22, or the hop's
 * port), then the session's data channel spoken natively (data-channel.ts), no plugin needed.
 * When the service closes the WebSocket, `ssm:ResumeSession` gives a new token and the stream
 * carries on; when the session ends, `ssm:TerminateSession` releases it.
 *
 * Failures come out as TunnelFailures with one line saying what to do: the agent offline or the
 * instance not managed (TargetNotConnected), a missing permission (naming the action), the
 * document refused.
 */
import {ResumeSessionCommand, SSMClient, StartSessionCommand, TerminateSessionCommand} from '@aws-sdk/client-ssm'
import type {Duplex} from 'node:stream'
import {classifyAwsError} from '../../../sources/live/errors.js'
import {awsRequestHandler, proxyEnvironmentProblem} from '../../../sources/live/proxy.js'
import {actionOfCommand} from '../../../sources/live/operations.js'
import {TunnelFailure} from '../../failures.js'
import type {Hop} from '../../ssh/hops.js'
import type {HopTransport} from '../hop-transport.js'
import {type ChannelClosed, DataChannel, type ChannelEndpoint, type ChannelEvent} from './data-channel.js'
import {SsmStream} from './ssm-stream.js'

export const SSH_SESSION_DOCUMENT = 'AWS-StartSSHSession'

/** Every IAM action `--via ssm` calls, from the commands below (templates/iam/connect-ssm-policy.json grants exactly these). */
export const SSM_SESSION_ACTIONS = [StartSessionCommand, ResumeSessionCommand, TerminateSessionCommand].map((command) => actionOfCommand('SSMClient', command.name)).sort()

export interface StartedSession extends ChannelEndpoint {
  sessionId: string
}

/** The three Session Manager calls, as a seam (tests give a client with an endpoint override). */
export interface SsmSessionApi {
  start(target: string, port: number): Promise<StartedSession>
  /** A new token for the session; undefined when the session is gone. */
  resume(sessionId: string): Promise<ChannelEndpoint | undefined>
  terminate(sessionId: string): Promise<void>
}

export function ssmSessionApi(client: SSMClient): SsmSessionApi {
  return {
    async start(target, port) {
      const output = await client.send(new StartSessionCommand({Target: target, DocumentName: SSH_SESSION_DOCUMENT, Parameters: {portNumber: [String(port)]}}))
      if (!output.SessionId || !output.StreamUrl || !output.TokenValue) throw new Error('StartSession answered without SessionId, StreamUrl or TokenValue')
      return {sessionId: output.SessionId, streamUrl: output.StreamUrl, tokenValue: output.TokenValue}
    },
    async resume(sessionId) {
      const output = await client.send(new ResumeSessionCommand({SessionId: sessionId}))
      if (!output.TokenValue || !output.StreamUrl) return undefined
      return {streamUrl: output.StreamUrl, tokenValue: output.TokenValue}
    },
    async terminate(sessionId) {
      await client.send(new TerminateSessionCommand({SessionId: sessionId}))
    },
  }
}

export interface SsmOpenOptions {
  api: SsmSessionApi
  instanceId: string
  timeoutMs: number
  /** Bytes per stream message (default 1024, as the plugin and agent). */
  payloadSize?: number
  onEvent?: (event: ChannelEvent & {hop: string; sessionId: string}) => void
}

/** An AWS error from StartSession / ResumeSession as the one line a user can act on. */
export function classifySsmError(error: unknown, action: string, hop: Hop, instanceId: string): TunnelFailure {
  const name = (error as {name?: string}).name ?? 'Error'
  const message = (error as Error).message ?? String(error)
  const detail = {hop: hop.label, host: instanceId, code: name}
  switch (name) {
    case 'TargetNotConnected':
      return new TunnelFailure(
        'network',
        `${hop.label}: ${instanceId} is not connected to Session Manager: its SSM agent is offline or the instance is not managed ` +
          '(it needs a running SSM agent, an instance profile with AmazonSSMManagedInstanceCore, and a route to the ssm, ssmmessages and ec2messages endpoints; check with `aws ssm describe-instance-information`)',
        detail,
      )
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return new TunnelFailure(
        'permission',
        `${hop.label}: not allowed to call ${action} on ${instanceId} with the ${SSH_SESSION_DOCUMENT} document (templates/iam/connect-ssm-policy.json grants what Session Manager connections need): ${message}`,
        detail,
      )
    case 'InvalidDocument':
    case 'InvalidDocumentOperation':
      return new TunnelFailure('config', `${hop.label}: Session Manager refuses the ${SSH_SESSION_DOCUMENT} document: ${message}`, detail)
    case 'InvalidInstanceId':
    case 'InvalidTarget':
      return new TunnelFailure('config', `${hop.label}: ${instanceId} is not a Session Manager target: ${message}`, detail)
    case 'ChannelClosed': {
      const closed = error as ChannelClosed
      return new TunnelFailure(closed.retryable ? 'network' : 'config', `${hop.label}: ${closed.message}`, {...detail, code: closed.code})
    }
    default: {
      if (error instanceof TunnelFailure) return error
      // Credentials, Region, endpoint, throttling: the same one line as every other AWS call.
      const classified = classifyAwsError(error, {action, region: ''})
      if (classified.kind === 'permission') return new TunnelFailure('permission', `${hop.label}: ${action} was denied; grant it (templates/iam/connect-ssm-policy.json)`, detail)
      if (classified.kind === 'unavailable') return new TunnelFailure('network', `${hop.label}: ${action}: ${classified.detail}`, detail)
      const network = /cannot reach|no answer from/.test(classified.error.message)
      return new TunnelFailure(network ? 'network' : 'config', `${hop.label}: ${classified.error.message}`, detail)
    }
  }
}

/** Starts a session to the hop's instance and resolves with the SSH byte stream once the agent's handshake is done. */
export async function openSsmStream(hop: Hop, options: SsmOpenOptions): Promise<Duplex> {
  const {api, instanceId} = options
  let session: StartedSession
  try {
    session = await api.start(instanceId, hop.port)
  } catch (error) {
    throw classifySsmError(error, 'ssm:StartSession', hop, instanceId)
  }
  let terminated = false
  const terminate = () => {
    if (terminated) return
    terminated = true
    api.terminate(session.sessionId).catch(() => undefined)
  }
  const channel = new DataChannel({
    sessionId: session.sessionId,
    endpoint: session,
    openTimeoutMs: options.timeoutMs,
    payloadSize: options.payloadSize,
    resume: async () => {
      try {
        return await api.resume(session.sessionId)
      } catch (error) {
        throw classifySsmError(error, 'ssm:ResumeSession', hop, instanceId)
      }
    },
    onEvent: (event) => options.onEvent?.({...event, hop: hop.label, sessionId: session.sessionId}),
  })
  try {
    await channel.open()
  } catch (error) {
    channel.close()
    terminate()
    throw classifySsmError(error, 'the Session Manager data channel', hop, instanceId)
  }
  return new SsmStream(channel, terminate)
}

type SsmTransport = Extract<HopTransport, {kind: 'ssm'}>

// The SDK warns once per process on Node 20 about its future Node 22 requirement: nothing a user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const clients = new Map<string, SSMClient>()

/** One SSM client per AWS target for the process: every reconnect reuses it (and its credentials cache). */
function clientFor(aws: SsmTransport['aws'] = {}): SSMClient {
  const key = JSON.stringify([aws.region ?? '', aws.profile ?? '', aws.endpointUrl ?? ''])
  let client = clients.get(key)
  if (!client) {
    client = new SSMClient({region: aws.region, profile: aws.profile, endpoint: aws.endpointUrl || undefined, retryMode: 'adaptive', requestHandler: awsRequestHandler()})
    clients.set(key, client)
  }
  return client
}

/** Listeners for data-channel events (resume), for the command's progress output. */
const eventListeners = new Set<(event: ChannelEvent & {hop: string; sessionId: string}) => void>()

export function onSsmEvent(listener: (event: ChannelEvent & {hop: string; sessionId: string}) => void): () => void {
  eventListeners.add(listener)
  return () => eventListeners.delete(listener)
}

/** The StreamOpener branch for `Hop.transport.kind === 'ssm'`. */
export async function openSsmHop(hop: Hop, transport: SsmTransport, timeoutMs: number): Promise<Duplex> {
  // Before the client is made: its proxy agent would take a malformed proxy URL as a network error.
  const proxyProblem = proxyEnvironmentProblem()
  if (proxyProblem) throw new TunnelFailure('config', proxyProblem, {code: 'PROXY'})
  return openSsmStream(hop, {
    api: ssmSessionApi(clientFor(transport.aws)),
    instanceId: transport.instanceId,
    timeoutMs,
    onEvent: (event) => {
      for (const listener of eventListeners) listener(event)
    },
  })
}
