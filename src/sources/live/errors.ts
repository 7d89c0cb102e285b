/**
 * What an AWS call's failure means for the collection:
 *
 * - `permission`: AccessDenied / UnauthorizedOperation / AccessDeniedException. Normal in
 *   locked-down accounts: the collection carries on, the rules that need the data say
 *   "not evaluated (missing permission: ec2:DescribeNetworkAcls)".
 * - `unavailable`: the service answered 5xx after the SDK's retries, or does not support the
 *   operation. Treated like a missing permission for a call the scope does not depend on.
 * - `fatal`: nothing sensible can be collected (credentials missing, expired or rejected; the
 *   Region unknown; the endpoint down; throttling that outlasted the retries; an unknown
 *   cluster or VPC; anything unexpected). One line, exit 2.
 */
import {UserError} from '../../errors.js'

export type Classified = {kind: 'permission'} | {kind: 'unavailable'; detail: string} | {kind: 'fatal'; error: UserError}

interface AwsErrorLike {
  name?: string
  message?: string
  code?: string
  Code?: string
  hostname?: string
  address?: string
  port?: number
  $fault?: string
  $metadata?: {httpStatusCode?: number; attempts?: number}
  cause?: unknown
}

const PERMISSION = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', 'UnauthorizedAccess'])
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidAccessKeyId',
  'InvalidToken',
])
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
])
const UNSUPPORTED = new Set(['UnsupportedOperation', 'UnsupportedOperationException', 'InvalidAction', 'NotImplemented'])
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED'])

/** How the user sets the Region, the profile and the endpoint, for advice (the caller's words, e.g. its flags). */
export interface AwsSettingNames {
  region: string
  profile: string
  endpointUrl: string
}

const NEUTRAL_NAMES: AwsSettingNames = {region: 'the Region option', profile: 'a named profile', endpointUrl: 'the endpoint URL option'}

export interface CallContext {
  /** IAM action of the failed call, e.g. `ec2:DescribeVpcs`. */
  action: string
  region: string
  /** The endpoint override, when one is set. */
  endpoint?: string
  names?: AwsSettingNames
}

function oneLine(text: string | undefined): string {
  return (
    (text ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)[0]
      ?.slice(0, 300) ?? ''
  )
}

/** The error code, where the SDK, Node or a wrapped cause put it. */
export function errorCode(error: unknown): string {
  const e = (error ?? {}) as AwsErrorLike
  const cause = (e.cause ?? {}) as AwsErrorLike
  return e.code ?? cause.code ?? e.Code ?? e.name ?? 'Error'
}

function networkError(error: AwsErrorLike, context: CallContext): UserError | undefined {
  const names = context.names ?? NEUTRAL_NAMES
  const cause = (error.cause ?? {}) as AwsErrorLike
  const code = [error.code, cause.code].find((candidate) => candidate && NETWORK.has(candidate))
  const timedOut = error.name === 'TimeoutError' || error.name === 'RequestTimeout'
  if (!code && !timedOut) return undefined
  const host = error.hostname ?? cause.hostname
  const target = context.endpoint ?? (host ? `https://${host}` : `the ${context.action.split(':')[0]} endpoint`)
  if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && !context.endpoint && host?.endsWith('.amazonaws.com')) {
    return new UserError(`cannot resolve ${host} (${code}): is "${context.region}" an AWS Region? Check ${names.region}, AWS_REGION and the profile's region, and the network`)
  }
  if (timedOut) return new UserError(`${context.action}: no answer from ${target} in time (${error.name}): is the endpoint reachable?`)
  return new UserError(`cannot reach ${target} (${code}): is the endpoint up and reachable? (${names.endpointUrl}, AWS_ENDPOINT_URL)`)
}

export function classifyAwsError(error: unknown, context: CallContext): Classified {
  const names = context.names ?? NEUTRAL_NAMES
  const e = (error ?? {}) as AwsErrorLike
  const name = e.name ?? ''
  const code = e.Code ?? name
  const message = oneLine(e.message)
  const status = e.$metadata?.httpStatusCode
  const attempts = e.$metadata?.attempts

  if (PERMISSION.has(code) || PERMISSION.has(name)) return {kind: 'permission'}

  const network = networkError(e, context)
  if (network) return {kind: 'fatal', error: network}

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return {
      kind: 'fatal',
      error: new UserError(
        `no AWS credentials: ${message || 'none found'} (looked in the environment, the shared config and credentials files, SSO, process credentials and the container or instance role; pass ${names.profile} or set AWS_PROFILE)`,
      ),
    }
  }
  if (CREDENTIALS.has(code) || CREDENTIALS.has(name) || /expired|sso session/i.test(name)) {
    return {
      kind: 'fatal',
      error: new UserError(`AWS rejected the credentials on ${context.action} (${code}: ${message}): refresh them (e.g. aws sso login, or new session keys) and try again`),
    }
  }
  if (/Region is missing/i.test(message)) {
    return {kind: 'fatal', error: new UserError(`no AWS Region: pass ${names.region}, or set AWS_REGION (or AWS_DEFAULT_REGION), or a region in the profile`)}
  }
  if (/Invalid region in client config|Region not accepted/i.test(message)) {
    return {kind: 'fatal', error: new UserError(`"${context.region}" is not a valid AWS Region name (check ${names.region}, AWS_REGION and the profile)`)}
  }
  if (THROTTLING.has(code) || THROTTLING.has(name) || status === 429) {
    return {
      kind: 'fatal',
      error: new UserError(`AWS throttled ${context.action}${attempts ? ` ${attempts} times` : ''} and the retries (adaptive mode) ran out (${code}): try again later, or raise AWS_MAX_ATTEMPTS`),
    }
  }
  if (code === 'OptInRequired') {
    return {kind: 'fatal', error: new UserError(`${context.action}: the account is not opted in to ${context.region} (${code}: ${message})`)}
  }
  if (UNSUPPORTED.has(code) || UNSUPPORTED.has(name)) return {kind: 'unavailable', detail: `${context.action} is not supported here (${code})`}
  if ((status !== undefined && status >= 500) || e.$fault === 'server') {
    return {kind: 'unavailable', detail: `${context.action} returned HTTP ${status ?? '5xx'}${attempts && attempts > 1 ? ` after ${attempts} attempts` : ''}`}
  }
  return {kind: 'fatal', error: new UserError(`${context.action} failed (${code}${status ? `, HTTP ${status}` : ''}): ${message || 'no message'}`)}
}
