import {describe, expect, it} from 'vitest'
import {UserError} from '../../src/errors.js'
import {classifyAwsError, type CallContext} from '../../src/sources/live/errors.js'

// The advice names how the caller sets each setting (the CLI passes its flags).
const context = {action: 'ec2:DescribeNetworkAcls', region: 'eu-west-1', names: {region: '--region', profile: '--profile', endpointUrl: '--endpoint-url'}}
const aws = (name: string, status: number, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} message`), {name, $metadata: {httpStatusCode: status, attempts: 3}, ...extra})

function fatal(error: unknown, ctx: CallContext = context): string {
  const classified = classifyAwsError(error, ctx)
  expect(classified.kind).toBe('fatal')
  const userError = (classified as {error: UserError}).error
  expect(userError).toBeInstanceOf(UserError)
  expect(userError.exitCode).toBe(2)
  expect(userError.message).not.toContain('\n')
  return userError.message
}

describe('classifying AWS errors', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'])('%s is a missing permission', (name) => {
    expect(classifyAwsError(aws(name, 403), context)).toEqual({kind: 'permission'})
  })

  it('a 5xx after the retries (even one whose body is not AWS JSON) is "not available"', () => {
    const moto = Object.assign(new SyntaxError("Unexpected token '<'"), {$metadata: {httpStatusCode: 500, attempts: 3}})
    expect(classifyAwsError(moto, {...context, action: 'ssm:DescribeInstanceInformation'})).toEqual({
      kind: 'unavailable',
      detail: 'ssm:DescribeInstanceInformation returned HTTP 500 after 3 attempts',
    })
    expect(classifyAwsError(aws('UnsupportedOperation', 400), context).kind).toBe('unavailable')
  })

  it.each([
    [aws('ExpiredToken', 400), /^AWS rejected the credentials on ec2:DescribeNetworkAcls \(ExpiredToken: ExpiredToken message\): refresh them/],
    [aws('ExpiredTokenException', 400), /^AWS rejected the credentials/],
    [aws('AuthFailure', 401), /^AWS rejected the credentials/],
    [aws('InvalidClientTokenId', 403), /^AWS rejected the credentials/],
    [Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}), /^no AWS credentials: Could not load credentials/],
    [aws('RequestLimitExceeded', 503), /^AWS throttled ec2:DescribeNetworkAcls 3 times and the retries \(adaptive mode\) ran out/],
    [aws('ThrottlingException', 400), /^AWS throttled/],
    [new Error('Region is missing'), /^no AWS Region: pass --region/],
    [aws('ValidationException', 400), /^ec2:DescribeNetworkAcls failed \(ValidationException, HTTP 400\): ValidationException message$/],
  ])('%s is fatal', (error, message) => {
    expect(fatal(error)).toMatch(message)
  })

  it('network errors name the endpoint, or the Region when its AWS endpoint does not resolve', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {code: 'ECONNREFUSED'})
    expect(fatal(refused, {...context, endpoint: 'http://127.0.0.1:4566'})).toBe(
      'cannot reach http://127.0.0.1:4566 (ECONNREFUSED): is the endpoint up and reachable? (--endpoint-url, AWS_ENDPOINT_URL)',
    )
    const unresolved = Object.assign(new Error('getaddrinfo ENOTFOUND ec2.eu-nowhere-1.amazonaws.com'), {code: 'ENOTFOUND', hostname: 'ec2.eu-nowhere-1.amazonaws.com'})
    expect(fatal(unresolved, {...context, region: 'eu-nowhere-1'})).toMatch(/^cannot resolve ec2\.eu-nowhere-1\.amazonaws\.com \(ENOTFOUND\): is "eu-nowhere-1" an AWS Region\?/)
    const wrapped = Object.assign(new Error('socket hang up'), {cause: {code: 'ECONNRESET'}})
    expect(fatal(wrapped, {...context, endpoint: 'https://vpce.example'})).toMatch(/^cannot reach https:\/\/vpce\.example \(ECONNRESET\)/)
  })
})
