/** `emr-access ui list CLUSTER_ID` read live from AWS (moto_server), through the built CLI. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {dummyAwsEnv, requireMoto, skipMoto, startMoto, type Moto} from './support/moto.js'
import {MotoTopologies, REGION, type BuiltTopology} from './support/moto-topologies.js'

const SKIP = skipMoto('test/live/ui-list-live.test.ts')

describe.skipIf(SKIP)('ui list from live AWS', () => {
  let moto: Moto | undefined
  let topologies: MotoTopologies | undefined
  let cluster: BuiltTopology
  let savedEnv: NodeJS.ProcessEnv = {}

  beforeAll(async () => {
    requireMoto()
    savedEnv = {...process.env}
    Object.assign(process.env, dummyAwsEnv())
    moto = await startMoto()
    topologies = new MotoTopologies(moto.url)
    await topologies.blockPublicAccess()
    cluster = await topologies.private()
  }, 120_000)

  afterAll(() => {
    topologies?.destroy()
    moto?.stop()
    process.env = savedEnv
  })

  it("lists the cluster's UIs by the primary's internal name, with only connect-discovery calls", () => {
    const result = runCli(['ui', 'list', cluster.clusterId, '--region', REGION, '--endpoint-url', moto!.url, '--json', '--debug'], dummyAwsEnv())
    expect(result.code, result.stderr).toBe(0)
    const uis = JSON.parse(result.stdout) as {name: string; url: string; port: number}[]
    const yarn = uis.find((ui) => ui.port === 8088)
    expect(yarn?.url).toMatch(/^http:\/\/ip-10-[\d-]+\.ec2\.internal:8088\//)
    const calls = result.stderr.split('\n').flatMap((line) => /^aws (\S+:\S+) \d+ ms/.exec(line)?.[1] ?? [])
    expect(calls.length).toBeGreaterThan(0)
    expect(
      calls.every((call) =>
        ['elasticmapreduce:DescribeCluster', 'elasticmapreduce:ListInstances', 'ec2:DescribeInstances', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets'].includes(call),
      ),
      calls.join(', '),
    ).toBe(true)
  })

  it("pac CLUSTER_ID reads the VPC and DNS suffixes live: the primary's names go to the proxy", () => {
    const result = runCli(['pac', cluster.clusterId, '--region', REGION, '--endpoint-url', moto!.url], dummyAwsEnv())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('ec2.internal')
    expect(result.stdout).toContain('SOCKS5 127.0.0.1:8157')
    expect(result.stdout).toMatch(/isInNet\(host, "10\.\d+\.0\.0", "255\.255\.0\.0"\)|10\.\d+\.0\.0/)
  })

  it('an unknown cluster is one line and exit 2', () => {
    const result = runCli(['ui', 'list', 'j-NOSUCHCLUSTER1', '--region', REGION, '--endpoint-url', moto!.url], dummyAwsEnv())
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
