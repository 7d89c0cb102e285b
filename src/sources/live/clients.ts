/**
 * The AWS SDK clients of one collection, configured the way AWS users expect:
 *
 * - credentials from the SDK's default chain (environment, shared config and credentials files,
 *   SSO, process credentials, container and instance roles), for `--profile` / `AWS_PROFILE`;
 * - Region from `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION` (as the AWS CLI), else
 *   the profile's `region`;
 * - endpoint from `--endpoint-url`, else what the SDK resolves itself: `AWS_ENDPOINT_URL`,
 *   `AWS_ENDPOINT_URL_<SERVICE>`, or `endpoint_url` in the profile;
 * - retries in adaptive mode (client-side rate limiting on throttling); attempts from
 *   `AWS_MAX_ATTEMPTS` / the profile's `max_attempts` (SDK default 3).
 *
 * Each client carries a middleware that times every call (for `--debug`), counts them, and
 * refuses any command that is not declared in operations.ts.
 */
import {EC2Client} from '@aws-sdk/client-ec2'
import {EMRClient} from '@aws-sdk/client-emr'
import {SSMClient} from '@aws-sdk/client-ssm'
import {InvalidEndpointUrl, UserError} from '../../errors.js'
import {classifyAwsError, type AwsSettingNames} from './errors.js'
import {actionOfCommand, collectorActions, type AwsClients} from './operations.js'
import {awsRequestHandler, proxyEnvironmentProblem} from './proxy.js'

export interface AwsOptions {
  region?: string
  profile?: string
  endpointUrl?: string
  /** How the user sets each of those, for the advice in errors. */
  settingNames?: AwsSettingNames
}

export interface CallRecord {
  action: string
  ms: number
  /** The error code when the call failed. */
  error?: string
  /** SDK attempts (1 without retries). */
  attempts?: number
}

export interface AwsSession {
  clients: AwsClients
  region: string
  endpoint?: string
  settingNames?: AwsSettingNames
  calls: CallRecord[]
}

export interface SessionHooks {
  /** Called after every API call (each page is one call). */
  onCall?: (call: CallRecord) => void
}

// The SDK warns once per process on Node 20 about its future Node 22 requirement (libraries.md
// P17): nothing a user of this CLI can act on. An explicit setting is respected.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

function validateEndpoint(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined || endpoint === '') return undefined
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new InvalidEndpointUrl(endpoint, 'not a URL (expected e.g. http://127.0.0.1:5000 or https://ec2.vpce.amazonaws.com)')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidEndpointUrl(endpoint, 'expected an http:// or https:// URL')
  return endpoint
}

type Handler = (args: unknown) => Promise<{output: unknown}>
type Middleware = (next: Handler, context: {clientName?: string; commandName?: string}) => Handler

function addCallLog(client: EC2Client | EMRClient | SSMClient, session: AwsSession, allowed: Set<string>, hooks: SessionHooks): void {
  const middleware: Middleware = (next, context) => async (args) => {
    const action = actionOfCommand(context.clientName, context.commandName)
    if (!allowed.has(action)) throw new Error(`emr-access: ${action} is not a declared AWS operation (src/sources/live/operations.ts)`)
    const started = performance.now()
    const record = (extra: Partial<CallRecord>): void => {
      const call: CallRecord = {action, ms: Math.round(performance.now() - started), ...extra}
      session.calls.push(call)
      hooks.onCall?.(call)
    }
    try {
      const result = await next(args)
      record({attempts: (result.output as {$metadata?: {attempts?: number}}).$metadata?.attempts})
      return result
    } catch (error) {
      const metadata = (error as {$metadata?: {attempts?: number}}).$metadata
      record({error: (error as {name?: string}).name ?? 'Error', attempts: metadata?.attempts})
      throw error
    }
  }
  // The stack's add() is overloaded per step; this middleware is step-agnostic.
  const stack = client.middlewareStack as unknown as {add(middleware: Middleware, options: {step: string; name: string; priority: string}): void}
  stack.add(middleware, {step: 'initialize', name: 'emrAccessCallLog', priority: 'high'})
}

async function resolveRegion(options: AwsOptions): Promise<string> {
  if (options.region) return options.region
  if (!process.env.AWS_REGION && process.env.AWS_DEFAULT_REGION) return process.env.AWS_DEFAULT_REGION
  const probe = new EC2Client({profile: options.profile})
  let failure: unknown
  try {
    const region = await probe.config.region()
    if (region) return region
    failure = new Error('Region is missing')
  } catch (error) {
    // An empty AWS_REGION is rejected as an invalid host label: as good as none.
    failure = /Region not accepted: region=""/.test((error as Error).message) ? new Error('Region is missing') : error
  } finally {
    probe.destroy()
  }
  const classified = classifyAwsError(failure, {action: 'ec2:DescribeVpcs', region: '', names: options.settingNames})
  throw classified.kind === 'fatal' ? classified.error : failure
}

/** Variables set to "" mean unset (as for the AWS CLI); the SDK would take "" as a value. */
const UNSET_WHEN_EMPTY = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_SESSION_TOKEN']

export async function openSession(options: AwsOptions, hooks: SessionHooks = {}): Promise<AwsSession> {
  for (const name of UNSET_WHEN_EMPTY) if (process.env[name] === '') delete process.env[name]
  const endpoint = validateEndpoint(options.endpointUrl)
  // The SDK reads a profile's endpoint_url and other settings through AWS_PROFILE only: make
  // --profile mean the same as AWS_PROFILE for everything, as it does for the AWS CLI.
  if (options.profile) process.env.AWS_PROFILE = options.profile
  const region = await resolveRegion(options)
  const proxyProblem = proxyEnvironmentProblem()
  if (proxyProblem) throw new UserError(proxyProblem)
  const config = {region, profile: options.profile, endpoint, retryMode: 'adaptive', requestHandler: awsRequestHandler()}
  const clients: AwsClients = {ec2: new EC2Client(config), emr: new EMRClient(config), ssm: new SSMClient(config)}
  const session: AwsSession = {clients, region, endpoint, settingNames: options.settingNames, calls: []}
  const allowed = new Set(collectorActions())
  for (const client of Object.values(clients)) addCallLog(client, session, allowed, hooks)
  return session
}

export function closeSession(session: AwsSession): void {
  for (const client of Object.values(session.clients)) client.destroy()
}
