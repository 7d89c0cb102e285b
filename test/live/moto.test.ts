/**
 * The live source against moto_server, driven through the built CLI (bin/run.js; run
 * `npm run build` first) and, for what has no CLI surface, in process:
 *
 * - `snapshot` then `audit --snapshot` gives the same report as `audit` live, on a public, a
 *   private (NAT, S3 gateway endpoint, bastion) and a VPN topology;
 * - the snapshot files are what the real AWS CLI prints for the same calls (modulo ordering);
 * - a one-cluster collection makes at most ~20 API calls (printed), all of them declared and
 *   granted by templates/iam/audit-snapshot-policy.json; connect's discovery stays within its policy;
 * - --redact, AWS_ENDPOINT_URL, and the fatal errors (unknown cluster, endpoint down, no credentials).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {AuthorizeSecurityGroupIngressCommand, CreateManagedPrefixListCommand, DescribeSecurityGroupsCommand} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {collectLive, liveDocumentSet} from '../../src/sources/live/collect.js'
import {CONNECT_DISCOVERY_DATASETS, collectorActions, connectDiscoveryActions} from '../../src/sources/live/operations.js'
import {runCli, type CliResult} from '../support/cli.js'
import {AWS_CLI_MISSING, IN_CI, dummyAwsEnv, freePort, requireMoto, skipMoto, startMoto, type Moto} from './support/moto.js'
import {ADMIN_CIDR, MOTO_ACCOUNT, MotoTopologies, ONPREM_CIDR, REGION, type BuiltTopology} from './support/moto-topologies.js'

const SKIP = skipMoto('test/live/moto.test.ts')

type Json = Record<string, any>

function readJson(dir: string, file: string): Json {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json
}

/** Arrays sorted by content, recursively: equality "modulo ordering". */
function unordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unordered).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, member]) => [key, unordered(member)]),
    )
  }
  return value
}

/** A report without what names the source: `source`, the directory part of origins, the live-only field. */
function comparable(report: Json): Json {
  const copy = structuredClone(report)
  delete copy.source
  delete copy.missingPermissions
  for (const scope of copy.scopes) for (const finding of scope.findings) if (finding.origin) finding.origin.file = basename(finding.origin.file)
  // A dataset moto cannot serve (HTTP 500) is "not available" live and a left-out file in the
  // snapshot: the same dataset missing, each source giving the reason in its own terms.
  for (const scope of copy.scopes) {
    for (const outcome of scope.outcomes ?? []) {
      if (outcome.missing?.absence) {
        delete outcome.missing.absence
        delete outcome.reason
      }
    }
  }
  return copy
}

function json(result: CliResult): Json {
  expect(result.stdout, result.stderr).not.toBe('')
  return JSON.parse(result.stdout) as Json
}

describe.skipIf(SKIP)('live collection against moto_server', () => {
  let moto: Moto | undefined
  let topologies: MotoTopologies | undefined
  let env: Record<string, string> = {}
  let work = ''
  let priv: BuiltTopology
  let endpoint: string[] = []
  let savedEnv: NodeJS.ProcessEnv = {}

  const cli = (args: string[], extra: Record<string, string> = {}): CliResult => runCli(args, {...env, ...extra})
  const dir = (name: string): string => join(work, name)

  beforeAll(async () => {
    requireMoto()
    env = dummyAwsEnv()
    savedEnv = {...process.env}
    Object.assign(process.env, env)
    work = mkdtempSync(join(tmpdir(), 'emr-access-live-'))
    moto = await startMoto()
    endpoint = ['--region', REGION, '--endpoint-url', moto.url]
    topologies = new MotoTopologies(moto.url)
    await topologies.blockPublicAccess()
    // The first topology alone, so the call count below is the one of a one-cluster account.
    priv = await topologies.private()
  }, 120_000)

  afterAll(() => {
    topologies?.destroy()
    moto?.stop()
    process.env = savedEnv
    if (work !== '') rmSync(work, {recursive: true, force: true})
  })

  it('a one-cluster collection makes at most ~20 API calls, each declared and granted by the audit policy', () => {
    const result = cli(['snapshot', '--cluster', priv.clusterId, '--out', dir('count'), ...endpoint, '--debug'])
    expect(result.code, result.stderr).toBe(0)
    const calls = result.stderr.split('\n').flatMap((line) => /^aws (\S+:\S+) \d+ ms/.exec(line)?.[1] ?? [])
    const summary = /^aws: (\d+) API calls in [\d.]+ s/m.exec(result.stderr)
    expect(summary, result.stderr).not.toBeNull()
    expect(Number(summary![1])).toBe(calls.length)
    console.log(`one-cluster collection: ${calls.length} API calls:\n  ${calls.join('\n  ')}`)
    expect(calls.length).toBeLessThanOrEqual(22)
    const allowed = new Set(collectorActions())
    for (const call of calls) expect(allowed.has(call), call).toBe(true)
    // DescribeCluster, the subnet lookup, ListClusters/ListInstances/BPA/prefix lists, the VPC calls,
    // DHCP options, the EICE list and SSM: no VPN calls for a VPC without VPN gateways.
    expect(calls).not.toContain('ec2:DescribeVpnConnections')
    expect(calls.filter((call) => call === 'ec2:DescribeSubnets')).toHaveLength(2)
    // moto 5.2.1 implements neither DescribeInstanceConnectEndpoints nor DescribeInstanceInformation (HTTP 500): listed at the end, files left out.
    expect(result.stderr).toMatch(
      /^Not available \(treated like a missing permission\):\n {2}ec2:DescribeInstanceConnectEndpoints returned HTTP 500[^\n]*\n {2}ssm:DescribeInstanceInformation returned HTTP 500/m,
    )
    expect(readdirSync(dir('count'))).not.toContain('ssm-describe-instance-information.json')
    expect(readdirSync(dir('count'))).not.toContain('ec2-describe-instance-connect-endpoints.json')
  })

  it('a 5xx from one optional call is a "not available" reason, like a missing permission', async () => {
    const collection = await collectLive({clusterId: priv.clusterId, region: REGION, endpointUrl: moto!.url})
    const gap = collection.gaps.find((candidate) => candidate.dataset === 'ssmInstanceInformation')
    expect(gap?.kind).toBe('unavailable')
    const model = assembleModel(liveDocumentSet(collection))
    expect(model.availability('ssmInstanceInformation').reason).toMatch(/^not available: ssm:DescribeInstanceInformation returned HTTP 500/)
    expect(collection.gaps.filter((candidate) => candidate.kind === 'permission')).toEqual([])
  })

  it("connect's discovery calls only what templates/iam/connect-discovery-policy.json grants", async () => {
    const collection = await collectLive({clusterId: priv.clusterId, region: REGION, endpointUrl: moto!.url, only: CONNECT_DISCOVERY_DATASETS})
    const called = [...new Set(collection.calls.map((call) => call.action))].sort()
    expect(called).toEqual(connectDiscoveryActions())
    const model = assembleModel(liveDocumentSet(collection))
    const cluster = model.clusters.get(priv.clusterId)!
    expect(cluster.subnetId).toBe(priv.clusterSubnetId)
    expect(cluster.primaryInstances.length).toBe(1)
    expect(model.instances.get(priv.bastionId!)?.publicIp).toBe('52.4.180.10')
    expect(model.dhcpOptions.size).toBe(1)
    expect(model.availability('networkAcls').reason).toMatch(/^not collected/)
  })

  describe('with three topologies in the account', () => {
    let pub: BuiltTopology
    let vpn: BuiltTopology

    beforeAll(async () => {
      pub = await topologies!.public()
      vpn = await topologies!.vpn()
    }, 120_000)

    const flagsFor = (topology: BuiltTopology): string[] => (topology.name === 'vpn' ? ['--onprem-cidr', ONPREM_CIDR, '--admin-cidr', ADMIN_CIDR] : ['--admin-cidr', ADMIN_CIDR])

    it.each(['public', 'private', 'vpn'] as const)('%s: snapshot then audit --snapshot equals the live audit', (name) => {
      const topology = {public: pub, private: priv, vpn}[name]
      const out = dir(`equal-${name}`)
      const written = cli(['snapshot', '--cluster', topology.clusterId, '--out', out, ...endpoint])
      expect(written.code, written.stderr).toBe(0)
      expect(written.stdout).toBe('')
      expect(written.stderr).toMatch(new RegExp(`^wrote \\d+ files to ${out} \\(${topology.vpcId}, \\d+ API calls\\)$`, 'm'))

      const scope = ['--cluster', topology.clusterId, ...flagsFor(topology), '--json', '--fail-on', 'none']
      const live = cli(['audit', ...scope, ...endpoint])
      const saved = cli(['audit', '--snapshot', out, ...scope])
      expect(live.code, live.stderr).toBe(0)
      expect(saved.code, saved.stderr).toBe(0)
      const liveReport = json(live)
      const savedReport = json(saved)
      expect(liveReport.source).toBe(`aws:${REGION}`)
      expect(liveReport.missingPermissions).toEqual([])
      expect(savedReport.missingPermissions).toBeUndefined()
      expect(comparable(liveReport)).toEqual(comparable(savedReport))

      // The data is the topology's: classified as built, and judged (not just "not evaluated").
      const [scopeResult] = liveReport.scopes
      expect(scopeResult.clusterId).toBe(topology.clusterId)
      expect(scopeResult.vpcId).toBe(topology.vpcId)
      expect(scopeResult.topology.classified).toBe(name)
      expect(scopeResult.summary.outcomes.pass).toBeGreaterThan(10)
    })

    it('--vpc: snapshot then audit --snapshot equals the live audit, and only that VPC is collected', () => {
      const out = dir('equal-vpc')
      const written = cli(['snapshot', '--vpc', vpn.vpcId, '--out', out, ...endpoint])
      expect(written.code, written.stderr).toBe(0)
      const files = readdirSync(out)
      expect(files).toContain(`emr-describe-cluster-${vpn.clusterId}.json`)
      expect(files).not.toContain(`emr-describe-cluster-${priv.clusterId}.json`)
      for (const file of files) {
        const text = readFileSync(join(out, file), 'utf8')
        expect(text, file).not.toContain(priv.vpcId)
        expect(text, file).not.toContain(pub.vpcId)
      }
      expect(readJson(out, 'ec2-describe-vpn-connections.json').VpnConnections.map((c: Json) => c.VpnConnectionId)).toEqual([vpn.vpnConnectionId])
      expect(readJson(out, 'ec2-describe-customer-gateways.json').CustomerGateways.map((c: Json) => c.CustomerGatewayId)).toEqual([vpn.customerGatewayId])
      // Secrets never reach a file.
      expect(readFileSync(join(out, 'ec2-describe-vpn-connections.json'), 'utf8')).toContain('<pre_shared_key>REDACTED</pre_shared_key>')

      const scope = ['--vpc', vpn.vpcId, ...flagsFor(vpn), '--json', '--fail-on', 'none']
      expect(comparable(json(cli(['audit', ...scope, ...endpoint])))).toEqual(comparable(json(cli(['audit', '--snapshot', out, ...scope]))))
    })

    it.skipIf(AWS_CLI_MISSING !== undefined && !IN_CI)(
      'the snapshot files are what the AWS CLI prints for the same calls (modulo ordering)',
      () => {
        if (AWS_CLI_MISSING !== undefined) throw new Error(`CI=true but ${AWS_CLI_MISSING}`)
        const out = dir('equal-private')
        const awsEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries({...process.env, ...env}).filter(([key, value]) => !key.startsWith('AWS_') || value !== ''))
        const aws = (args: string[]): Json => {
          const result = spawnSync('aws', ['--region', REGION, '--endpoint-url', moto!.url, '--output', 'json', ...args], {encoding: 'utf8', env: awsEnv, timeout: 60_000})
          expect(result.status, result.stderr).toBe(0)
          return JSON.parse(result.stdout) as Json
        }
        const byVpc = ['--filters', `Name=vpc-id,Values=${priv.vpcId}`]
        const dhcpId = readJson(out, 'ec2-describe-vpcs.json').Vpcs[0].DhcpOptionsId as string
        const cases: [string, string[]][] = [
          ['ec2-describe-vpcs.json', ['ec2', 'describe-vpcs', '--vpc-ids', priv.vpcId]],
          ['ec2-describe-subnets.json', ['ec2', 'describe-subnets', ...byVpc]],
          ['ec2-describe-security-groups.json', ['ec2', 'describe-security-groups', ...byVpc]],
          ['ec2-describe-route-tables.json', ['ec2', 'describe-route-tables', ...byVpc]],
          ['ec2-describe-network-acls.json', ['ec2', 'describe-network-acls', ...byVpc]],
          ['ec2-describe-instances.json', ['ec2', 'describe-instances', ...byVpc]],
          ['ec2-describe-nat-gateways.json', ['ec2', 'describe-nat-gateways', '--filter', `Name=vpc-id,Values=${priv.vpcId}`]],
          ['ec2-describe-vpc-endpoints.json', ['ec2', 'describe-vpc-endpoints', ...byVpc]],
          ['ec2-describe-internet-gateways.json', ['ec2', 'describe-internet-gateways', '--filters', `Name=attachment.vpc-id,Values=${priv.vpcId}`]],
          [`ec2-describe-vpc-attribute-${priv.vpcId}-enableDnsHostnames.json`, ['ec2', 'describe-vpc-attribute', '--vpc-id', priv.vpcId, '--attribute', 'enableDnsHostnames']],
          ['ec2-describe-dhcp-options.json', ['ec2', 'describe-dhcp-options', '--filters', `Name=dhcp-options-id,Values=${dhcpId}`]],
          ['ec2-describe-prefix-lists.json', ['ec2', 'describe-prefix-lists']],
          [`emr-list-instances-${priv.clusterId}.json`, ['emr', 'list-instances', '--cluster-id', priv.clusterId]],
          ['emr-get-block-public-access-configuration.json', ['emr', 'get-block-public-access-configuration']],
        ]
        for (const [file, args] of cases) expect(unordered(readJson(out, file)), file).toEqual(unordered(aws(args)))

        // `aws emr describe-cluster` is a CLI customisation that also calls ListInstanceGroups (or
        // ListInstanceFleets) and ListBootstrapActions and merges their lists in; the API output is
        // the rest.
        const cli = aws(['emr', 'describe-cluster', '--cluster-id', priv.clusterId])
        for (const key of ['InstanceGroups', 'InstanceFleets', 'BootstrapActions']) delete cli.Cluster[key]
        expect(unordered(readJson(out, `emr-describe-cluster-${priv.clusterId}.json`))).toEqual(unordered(cli))

        // Byte for byte where moto keeps its order: the CLI's 4-space JSON with a final newline.
        const vpcsText = spawnSync('aws', ['--region', REGION, '--endpoint-url', moto!.url, '--output', 'json', 'ec2', 'describe-vpcs', '--vpc-ids', priv.vpcId], {
          encoding: 'utf8',
          env: awsEnv,
        }).stdout
        expect(readFileSync(join(out, 'ec2-describe-vpcs.json'), 'utf8')).toBe(vpcsText)
        // Sixteen AWS CLI runs (a Python start-up each): up to a minute on a busy 2-core machine.
      },
      300_000,
    )

    it('--redact replaces account ids and public addresses consistently; the audit judges the same', () => {
      const out = dir('redacted')
      const written = cli(['snapshot', '--cluster', priv.clusterId, '--out', out, '--redact', ...endpoint])
      expect(written.code, written.stderr).toBe(0)
      expect(written.stderr).toMatch(/redacted 1 account id\(s\) and \d+ public address\(es\)/)
      for (const file of readdirSync(out)) {
        const text = readFileSync(join(out, file), 'utf8')
        expect(text, file).not.toContain(MOTO_ACCOUNT)
        for (const ip of priv.publicIps) expect(text, file).not.toContain(ip)
        expect(text, file).not.toMatch(/ec2-52-4-180-/)
      }
      expect(readJson(out, 'ec2-describe-vpcs.json').Vpcs[0].OwnerId).toBe('000000000001')
      const subnet = readJson(out, 'ec2-describe-subnets.json').Subnets[0]
      expect(subnet.SubnetArn).toMatch(/^arn:aws:ec2:us-east-1:000000000001:subnet\//)
      const bastion = readJson(out, 'ec2-describe-instances.json')
        .Reservations.flatMap((r: Json) => r.Instances)
        .find((i: Json) => i.InstanceId === priv.bastionId)
      expect(bastion.PublicIpAddress).toMatch(/^198\.1[89]\./)
      expect(bastion.PublicDnsName ?? '').not.toContain('52-4-180-10')

      const scope = ['--cluster', priv.clusterId, '--admin-cidr', ADMIN_CIDR, '--json', '--fail-on', 'none']
      const plain = json(cli(['audit', '--snapshot', dir('equal-private'), ...scope]))
      const redacted = json(cli(['audit', '--snapshot', out, ...scope]))
      const verdicts = (report: Json) => ({
        outcomes: report.scopes[0].outcomes.map((o: Json) => `${o.ruleId} ${o.status}`),
        findings: report.scopes[0].findings.map((f: Json) => `${f.ruleId} ${f.resourceId}`),
        topology: report.scopes[0].topology,
      })
      expect(verdicts(redacted)).toEqual(verdicts(plain))
    })

    it('--profile: credentials, Region and endpoint_url from a named profile of the shared files', () => {
      const files = mkdtempSync(join(tmpdir(), 'emr-access-profile-'))
      writeFileSync(join(files, 'config'), `[default]\nregion = eu-west-3\n\n[profile reviewer]\nregion = ${REGION}\nendpoint_url = ${moto!.url}\n`)
      writeFileSync(join(files, 'credentials'), '[reviewer]\naws_access_key_id = testing\naws_secret_access_key = testing\n')
      const scope = ['--cluster', pub.clusterId, '--json', '--fail-on', 'none']
      const byProfile = cli(['audit', ...scope, '--profile', 'reviewer'], {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_CONFIG_FILE: join(files, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(files, 'credentials'),
      })
      expect(byProfile.code, byProfile.stderr).toBe(0)
      expect(json(byProfile).region).toBe(REGION)
      expect(comparable(json(byProfile))).toEqual(comparable(json(cli(['audit', ...scope, ...endpoint]))))
    })

    it('AWS_REGION and AWS_ENDPOINT_URL from the environment work like --region and --endpoint-url', () => {
      const scope = ['--cluster', pub.clusterId, '--json', '--fail-on', 'none']
      const byEnv = cli(['audit', ...scope], {AWS_REGION: REGION, AWS_ENDPOINT_URL: moto!.url})
      const byFlags = cli(['audit', ...scope, ...endpoint])
      expect(byEnv.code, byEnv.stderr).toBe(0)
      expect(comparable(json(byEnv))).toEqual(comparable(json(byFlags)))
    })
  })

  describe('customer-managed prefix lists (GetManagedPrefixListEntries)', () => {
    let listId = ''

    beforeAll(async () => {
      // A list of partner ranges whose two entries together are the whole IPv4 internet, named by
      // an SSH rule on the private topology's bastion group.
      const created = await topologies!.ec2.send(
        new CreateManagedPrefixListCommand({PrefixListName: 'partners', AddressFamily: 'IPv4', MaxEntries: 5, Entries: [{Cidr: '0.0.0.0/1', Description: 'low half'}, {Cidr: '128.0.0.0/1'}]}),
      )
      listId = created.PrefixList!.PrefixListId!
      const groups = await topologies!.ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            {Name: 'vpc-id', Values: [priv.vpcId]},
            {Name: 'group-name', Values: ['bastion']},
          ],
        }),
      )
      const permission = {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{PrefixListId: listId}]}
      await topologies!.ec2.send(new AuthorizeSecurityGroupIngressCommand({GroupId: groups.SecurityGroups![0]!.GroupId!, IpPermissions: [permission]}))
    })

    it('snapshot writes ec2-get-managed-prefix-list-entries-<pl-id>.json for the list a rule names (not for the AWS S3 list)', () => {
      const out = dir('prefix-lists')
      const result = cli(['snapshot', '--cluster', priv.clusterId, '--out', out, ...endpoint, '--debug'])
      expect(result.code, result.stderr).toBe(0)
      const entryFiles = readdirSync(out).filter((file) => file.startsWith('ec2-get-managed-prefix-list-entries-'))
      expect(entryFiles).toEqual([`ec2-get-managed-prefix-list-entries-${listId}.json`])
      expect(readJson(out, entryFiles[0]!)).toEqual({Entries: [{Cidr: '0.0.0.0/1', Description: 'low half'}, {Cidr: '128.0.0.0/1'}]})
      expect(result.stderr).toMatch(/^aws ec2:GetManagedPrefixListEntries \d+ ms/m)
      if (AWS_CLI_MISSING === undefined) {
        const awsEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries({...process.env, ...env}).filter(([key, value]) => !key.startsWith('AWS_') || value !== ''))
        const printed = spawnSync('aws', ['--region', REGION, '--endpoint-url', moto!.url, '--output', 'json', 'ec2', 'get-managed-prefix-list-entries', '--prefix-list-id', listId], {
          encoding: 'utf8',
          env: awsEnv,
          timeout: 60_000,
        })
        expect(printed.status, printed.stderr).toBe(0)
        expect(readFileSync(join(out, entryFiles[0]!), 'utf8')).toBe(printed.stdout)
      }
      // The audit resolves the list: its two halves open the bastion's SSH to the world (EMRA-071).
      const audit = cli(['audit', '--snapshot', out, '--json', '--fail-on', 'none', '--admin-cidr', ADMIN_CIDR])
      const findings = json(audit).scopes.flatMap((scope: Json) => scope.findings) as Json[]
      const bastionWorld = findings.filter((finding) => finding.ruleId === 'EMRA-071')
      expect(bastionWorld.map((finding) => finding.message)).toEqual([expect.stringContaining(`from ${listId}, whose entries cover 0.0.0.0/0`)])
    })

    it('without the entries file the rules that need the list are not evaluated, naming the file', () => {
      const out = dir('prefix-lists')
      rmSync(join(out, `ec2-get-managed-prefix-list-entries-${listId}.json`))
      // The bastion is named, so the outcome depends on the prefix list alone (not on bastion discovery).
      const audit = json(cli(['audit', '--snapshot', out, '--json', '--fail-on', 'none', '--admin-cidr', ADMIN_CIDR, '--cluster', priv.clusterId, '--bastion', priv.bastionId!]))
      const outcome = (audit.scopes[0].outcomes as Json[]).find((candidate) => candidate.ruleId === 'EMRA-071')
      expect(outcome).toMatchObject({status: 'not_evaluated', reason: `missing: ec2-get-managed-prefix-list-entries-${listId}.json`, missing: {dataset: 'managedPrefixListEntries', resource: listId}})
    })
  })

  describe('errors nothing can be collected through: one line, exit 2', () => {
    const oneLine = (result: CliResult, pattern: RegExp): void => {
      expect(result.code, result.stderr).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines, result.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(pattern)
    }

    it('an unknown cluster id', () => {
      oneLine(cli(['audit', '--cluster', 'j-NOSUCHCLUSTER1', ...endpoint]), /^Error: --cluster j-NOSUCHCLUSTER1: no such EMR cluster in us-east-1 \(InvalidRequestException: /)
    })

    it('an unknown VPC', () => {
      oneLine(cli(['snapshot', '--vpc', 'vpc-0123456789abcdef0', '--out', dir('no-vpc'), ...endpoint]), /^Error: --vpc vpc-0123456789abcdef0: no such VPC in us-east-1 \(InvalidVpcID\.NotFound\)$/)
    })

    it('an endpoint that is down', async () => {
      const port = await freePort()
      oneLine(
        cli(['audit', '--cluster', priv.clusterId, '--region', REGION, '--endpoint-url', `http://127.0.0.1:${port}`]),
        new RegExp(`^Error: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
      )
    })

    it('no credentials anywhere', () => {
      oneLine(cli(['audit', '--cluster', priv.clusterId, ...endpoint], {AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''}), /^Error: no AWS credentials: /)
    })

    it('no Region anywhere', () => {
      oneLine(cli(['audit', '--cluster', priv.clusterId, '--endpoint-url', moto!.url]), /^Error: no AWS Region: pass --region/)
    })
  })
})
