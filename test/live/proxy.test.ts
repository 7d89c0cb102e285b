/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every AWS call, as the AWS CLI honours them (the AWS SDK
 * for JavaScript does not by itself): the live audit against moto_server and the Session Manager
 * API and data-channel WebSocket against the stand-in agent, each through a real CONNECT proxy on
 * loopback (test/support/connect-proxy.ts) that records what went through it.
 */
import {randomBytes} from 'node:crypto'
import {createServer, type AddressInfo, type Server} from 'node:net'
import {SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {awsRequestHandler, proxyEnvironmentProblem, proxyUrlFor} from '../../src/sources/live/proxy.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {openSsmStream, ssmSessionApi} from '../../src/tunnel/transports/ssm/session.js'
import {runCli, runCliAsync} from '../support/cli.js'
import {ConnectProxy} from '../support/connect-proxy.js'
import {SsmStandIn} from '../support/ssm-agent.js'
import {dummyAwsEnv, requireMoto, skipMoto, startMoto, type Moto} from './support/moto.js'
import {MotoTopologies, REGION, type BuiltTopology} from './support/moto-topologies.js'

const NO_PROXY_VARIABLES = {HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: ''}

describe('proxy variables, read as the AWS CLI reads them', () => {
  it('no variable: the SDK keeps its own direct handler', () => {
    expect(awsRequestHandler({})).toBeUndefined()
    expect(awsRequestHandler({NO_PROXY: '*'})).toBeUndefined()
  })

  it('HTTPS_PROXY serves https:// endpoints only; HTTP_PROXY serves both (https falls back to it)', () => {
    expect(awsRequestHandler({HTTPS_PROXY: 'http://proxy.test:3128'})).toMatchObject({httpAgent: undefined, httpsAgent: expect.anything()})
    expect(awsRequestHandler({http_proxy: 'http://proxy.test:3128'})).toMatchObject({httpAgent: expect.anything(), httpsAgent: expect.anything()})
  })

  it('a value that is not an http(s) URL is named, by variable', () => {
    expect(proxyEnvironmentProblem({HTTPS_PROXY: 'socks5://proxy.test:1080'})).toBe('HTTPS_PROXY: expected an http:// or https:// proxy URL')
    // As botocore: no scheme means http://.
    expect(proxyEnvironmentProblem({HTTPS_PROXY: 'proxy.test:3128'})).toBeUndefined()
    expect(proxyUrlFor(new URL('https://ec2.us-east-1.amazonaws.com'), {HTTPS_PROXY: 'proxy.test:3128'})).toBe('http://proxy.test:3128')
    expect(proxyEnvironmentProblem({http_proxy: 'not a url'})).toBe('HTTP_PROXY: not a URL (expected http://HOST:PORT)')
    expect(proxyEnvironmentProblem({HTTPS_PROXY: 'http://proxy.test:3128'})).toBeUndefined()
  })
})

const SKIP = skipMoto('test/live/proxy.test.ts')

describe.skipIf(SKIP)('live audit through HTTP_PROXY (moto_server behind a real CONNECT proxy)', () => {
  let moto: Moto | undefined
  let topologies: MotoTopologies | undefined
  let cluster: BuiltTopology
  const proxy = new ConnectProxy()
  let proxyUrl = ''
  let savedEnv: NodeJS.ProcessEnv = {}

  beforeAll(async () => {
    requireMoto()
    savedEnv = {...process.env}
    Object.assign(process.env, dummyAwsEnv())
    moto = await startMoto()
    topologies = new MotoTopologies(moto.url)
    await topologies.blockPublicAccess()
    cluster = await topologies.private()
    proxyUrl = await proxy.listen()
  }, 120_000)

  afterAll(async () => {
    topologies?.destroy()
    moto?.stop()
    await proxy.close()
    process.env = savedEnv
  })

  const audit = (env: Record<string, string>) =>
    runCliAsync(['audit', '--cluster', cluster.clusterId, '--region', REGION, '--endpoint-url', moto!.url, '--json', '--fail-on', 'none'], {...dummyAwsEnv(), ...NO_PROXY_VARIABLES, ...env})

  it('every API call goes through the proxy, and the report is the one a direct run gives', async () => {
    const direct = await audit({})
    expect(direct.code, direct.stderr).toBe(0)
    proxy.connects.length = 0
    const proxied = await audit({HTTP_PROXY: proxyUrl})
    expect(proxied.code, proxied.stderr).toBe(0)
    const motoHost = new URL(moto!.url).host
    expect(proxy.connects.length).toBeGreaterThan(0)
    expect(new Set(proxy.connects)).toEqual(new Set([motoHost]))
    const withoutTimes = (text: string) => {
      const report = JSON.parse(text) as Record<string, unknown>
      delete report.generatedAt
      return report
    }
    expect(withoutTimes(proxied.stdout)).toEqual(withoutTimes(direct.stdout))
  })

  it('NO_PROXY naming the endpoint host goes around the proxy', async () => {
    proxy.connects.length = 0
    const result = await audit({HTTP_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1'})
    expect(result.code, result.stderr).toBe(0)
    expect(proxy.connects).toEqual([])
  })

  it('a proxy variable that is not a URL: one line naming it, exit 2, no AWS call', () => {
    const result = runCli(['audit', '--cluster', cluster.clusterId, '--region', REGION, '--endpoint-url', moto!.url], {
      ...dummyAwsEnv(),
      ...NO_PROXY_VARIABLES,
      HTTPS_PROXY: 'socks5://proxy.corp:1080',
    })
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: HTTPS_PROXY: expected an http:// or https:// proxy URL')
  })
})

describe('Session Manager through HTTP_PROXY: StartSession and the data-channel WebSocket (stand-in agent → TCP echo)', () => {
  let echo: Server
  let standIn: SsmStandIn
  const proxy = new ConnectProxy()
  let proxyUrl = ''
  const hop: Hop = {role: 'primary', alias: 'i-0echo', host: 'i-0echo', port: 22, user: 'hadoop', identityFiles: [], label: 'primary hadoop@i-0echo', transport: {kind: 'ssm', instanceId: 'i-0echo'}}

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket))
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    standIn = new SsmStandIn({instances: {'i-0echo': {host: '127.0.0.1', port: (echo.address() as AddressInfo).port}}})
    await standIn.start()
    proxyUrl = await proxy.listen()
  })

  afterEach(() => {
    vi.unstubAllEnvs()
  })

  afterAll(async () => {
    await standIn?.stop()
    await proxy.close()
    await new Promise<void>((resolve) => echo.close(() => resolve()))
  })

  async function echoThrough(env: Record<string, string>): Promise<string[]> {
    for (const [name, value] of Object.entries({...NO_PROXY_VARIABLES, ...env})) vi.stubEnv(name, value)
    proxy.connects.length = 0
    const client = new SSMClient({
      region: 'us-east-1',
      endpoint: standIn.endpoint,
      credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'},
      maxAttempts: 1,
      requestHandler: awsRequestHandler(),
    })
    try {
      const stream = await openSsmStream(hop, {api: ssmSessionApi(client), instanceId: 'i-0echo', timeoutMs: 10_000})
      const data = randomBytes(4096)
      const back = new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          if (Buffer.concat(chunks).length >= data.length) resolve(Buffer.concat(chunks))
        })
      })
      stream.write(data)
      expect((await back).equals(data)).toBe(true)
      const terminatesBefore = standIn.stats.terminates
      stream.destroy()
      // TerminateSession is an API call too: count it before the next test starts.
      await expect.poll(() => standIn.stats.terminates - terminatesBefore, {timeout: 10_000}).toBe(1)
      return [...proxy.connects]
    } finally {
      client.destroy()
    }
  }

  it('the API call and the WebSocket both go through the proxy', async () => {
    const port = new URL(standIn.endpoint).port
    const connects = await echoThrough({HTTP_PROXY: proxyUrl})
    // One CONNECT for the SDK's StartSession, one for the WebSocket (the same stand-in serves both).
    expect(connects.filter((target) => target === `127.0.0.1:${port}`).length).toBeGreaterThanOrEqual(2)
    expect(connects.every((target) => target === `127.0.0.1:${port}`)).toBe(true)
  })

  it('NO_PROXY naming the host: both go direct', async () => {
    expect(await echoThrough({HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1'})).toEqual([])
  })
})
