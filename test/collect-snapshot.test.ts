/**
 * scripts/collect-snapshot.sh against moto_server: the files a reviewer would look at.
 *
 * Two example topologies (private-bastion-clean and vpn-clean) are built into one moto server, so
 * the account holds three VPCs (moto's default VPC too) and two active EMR clusters. The script
 * must write every contract file for the chosen VPC and nothing of the other VPCs.
 *
 * Needs python3 with moto[server] + boto3 and the AWS CLI. Without them the suite is skipped,
 * except under CI=true, where it fails.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SCRIPT = join(ROOT, 'scripts', 'collect-snapshot.sh')
const BUILDER = join(ROOT, 'scripts', 'examples', 'build_examples.py')

/** File name -> top-level key of the AWS CLI's JSON output. */
const TOP_LEVEL: Record<string, string> = {
  'ec2-describe-vpcs.json': 'Vpcs',
  'ec2-describe-subnets.json': 'Subnets',
  'ec2-describe-route-tables.json': 'RouteTables',
  'ec2-describe-internet-gateways.json': 'InternetGateways',
  'ec2-describe-nat-gateways.json': 'NatGateways',
  'ec2-describe-vpc-endpoints.json': 'VpcEndpoints',
  'ec2-describe-instance-connect-endpoints.json': 'InstanceConnectEndpoints',
  'ec2-describe-security-groups.json': 'SecurityGroups',
  'ec2-describe-network-acls.json': 'NetworkAcls',
  'ec2-describe-vpn-gateways.json': 'VpnGateways',
  'ec2-describe-vpn-connections.json': 'VpnConnections',
  'ec2-describe-customer-gateways.json': 'CustomerGateways',
  'ec2-describe-transit-gateway-vpc-attachments.json': 'TransitGatewayVpcAttachments',
  'ec2-describe-instances.json': 'Reservations',
  'ec2-describe-dhcp-options.json': 'DhcpOptions',
  'ec2-describe-prefix-lists.json': 'PrefixLists',
  'emr-list-clusters.json': 'Clusters',
  'emr-get-block-public-access-configuration.json': 'BlockPublicAccessConfiguration',
  'ssm-describe-instance-information.json': 'InstanceInformationList',
}
const SSM_FILE = 'ssm-describe-instance-information.json'
/** moto 5.2.1 does not implement DescribeInstanceConnectEndpoints: the script leaves the file out with a warning. */
const EICE_FILE = 'ec2-describe-instance-connect-endpoints.json'

interface Facts {
  vpcId: string
  clusterId: string
  clusterSubnetId: string
  vpnGatewayId?: string
  vpnConnectionId?: string
  customerGatewayId?: string
}

interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

function missingPrerequisite(): string | undefined {
  const python = spawnSync('python3', ['-c', 'import moto, boto3'], {encoding: 'utf8'})
  if (python.error !== undefined || python.status !== 0) return 'python3 cannot import moto and boto3'
  const aws = spawnSync('aws', ['--version'], {encoding: 'utf8'})
  if (aws.error !== undefined || aws.status !== 0) return 'the AWS CLI (aws) is not installed'
  return undefined
}

const MISSING = missingPrerequisite()
const IN_CI = process.env.CI === 'true'
if (MISSING !== undefined && !IN_CI) {
  console.warn(`collect-snapshot.test.ts skipped: ${MISSING}`)
}

/** Environment for python/aws children: dummy credentials, no user AWS config, no retries. */
function childEnv(work: string): NodeJS.ProcessEnv {
  // Prefer the bin directory of the python that has moto: its `aws` starts without a version
  // manager shim in between (about 30 CLI calls per collection).
  const probe = spawnSync('python3', ['-c', 'import os, sys; print(os.path.dirname(sys.executable))'], {
    encoding: 'utf8',
  })
  const pyBin = probe.stdout.trim()
  const path = pyBin !== '' && existsSync(join(pyBin, 'aws')) ? `${pyBin}${delimiter}${process.env.PATH ?? ''}` : process.env.PATH
  const env: NodeJS.ProcessEnv = {...process.env, PATH: path}
  for (const key of Object.keys(env)) {
    if (key.startsWith('AWS_')) delete env[key]
  }
  const config = join(work, 'aws-config')
  writeFileSync(config, '')
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: config,
    AWS_MAX_ATTEMPTS: '1',
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code, stdout, stderr})
    })
  })
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolvePromise(port))
    })
  })
}

async function waitForMoto(url: string, deadline: number): Promise<void> {
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/moto-api/reset`, {method: 'POST'})
      if (response.ok) return
      lastError = new Error(`HTTP ${response.status}`)
    } catch (error) {
      lastError = error
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`moto_server did not answer at ${url}: ${String(lastError)}`)
}

function readJson(dir: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>
}

function list(dir: string, file: string, key: string): Record<string, unknown>[] {
  const value = readJson(dir, file)[key]
  expect(Array.isArray(value), `${file}: ${key} is a list`).toBe(true)
  return value as Record<string, unknown>[]
}

function expectedFiles(vpcId: string, clusterIds: string[]): string[] {
  return [
    ...Object.keys(TOP_LEVEL),
    `ec2-describe-vpc-attribute-${vpcId}-enableDnsSupport.json`,
    `ec2-describe-vpc-attribute-${vpcId}-enableDnsHostnames.json`,
    ...clusterIds.flatMap((id) => [`emr-describe-cluster-${id}.json`, `emr-list-instances-${id}.json`]),
  ].sort()
}

/**
 * A stand-in `aws` for the failure path: canned empty answers, AccessDenied for one call. Needs
 * neither moto nor the AWS CLI, so it always runs.
 */
const FAKE_AWS = `#!/usr/bin/env bash
mode=json op=""
prev=""
for a in "$@"; do
  if [ "$prev" = --output ]; then mode=$a; fi
  case $a in describe-*|list-*|get-*) [ -z "$op" ] && op=$a ;; esac
  prev=$a
done
if [ "$mode" = text ]; then
  case $op in
    describe-vpcs) printf 'vpc-0fa4e1d2c3b4a5968\\tdefault\\n' ;;
    describe-subnets) printf 'subnet-0aa1\\n' ;;
    *) printf '\\n' ;;
  esac
  exit 0
fi
case $op in
  describe-network-acls)
    echo "An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls operation: You are not authorized to perform this operation." >&2
    exit 254 ;;
  describe-vpc-attribute)
    case "$*" in
      *enableDnsSupport*) printf '{"VpcId": "vpc-0fa4e1d2c3b4a5968", "EnableDnsSupport": {"Value": true}}\\n' ;;
      *) printf '{"VpcId": "vpc-0fa4e1d2c3b4a5968", "EnableDnsHostnames": {"Value": true}}\\n' ;;
    esac ;;
  describe-vpcs) printf '{"Vpcs": [{"VpcId": "vpc-0fa4e1d2c3b4a5968", "DhcpOptionsId": "default"}]}\\n' ;;
  describe-subnets) printf '{"Subnets": []}\\n' ;;
  describe-route-tables)
    if [ -n "\${FAKE_PREFIX_LISTS:-}" ]; then
      printf '{\\n    "RouteTables": [\\n        {\\n            "Routes": [\\n                {\\n                    "DestinationPrefixListId": "pl-63a5400a",\\n                    "GatewayId": "vpce-0aa1"\\n                }\\n            ]\\n        }\\n    ]\\n}\\n'
    else printf '{"RouteTables": []}\\n'; fi ;;
  describe-internet-gateways) printf '{"InternetGateways": []}\\n' ;;
  describe-nat-gateways) printf '{"NatGateways": []}\\n' ;;
  describe-vpc-endpoints) printf '{"VpcEndpoints": []}\\n' ;;
  describe-security-groups)
    if [ -n "\${FAKE_PREFIX_LISTS:-}" ]; then
      printf '{\\n    "SecurityGroups": [\\n        {\\n            "IpPermissions": [\\n                {\\n                    "PrefixListIds": [\\n                        {\\n                            "PrefixListId": "pl-0c0ffee000000001"\\n                        }\\n                    ]\\n                }\\n            ],\\n            "GroupId": "sg-0aa1"\\n        }\\n    ]\\n}\\n'
    else printf '{"SecurityGroups": []}\\n'; fi ;;
  get-managed-prefix-list-entries) printf '{\\n    "Entries": [\\n        {\\n            "Cidr": "198.51.100.0/24"\\n        }\\n    ]\\n}\\n' ;;
  describe-vpn-gateways) printf '{"VpnGateways": []}\\n' ;;
  describe-transit-gateway-vpc-attachments) printf '{"TransitGatewayVpcAttachments": []}\\n' ;;
  describe-instances) printf '{"Reservations": []}\\n' ;;
  describe-prefix-lists) printf '{\\n    "PrefixLists": [\\n        {\\n            "PrefixListId": "pl-63a5400a",\\n            "PrefixListName": "com.amazonaws.eu-west-1.s3"\\n        }\\n    ]\\n}\\n' ;;
  list-clusters) printf '{"Clusters": []}\\n' ;;
  get-block-public-access-configuration) printf '{"BlockPublicAccessConfiguration": {"BlockPublicSecurityGroupRules": true}}\\n' ;;
  describe-instance-information) printf '{"InstanceInformationList": []}\\n' ;;
  describe-instance-connect-endpoints) printf '{"InstanceConnectEndpoints": []}\\n' ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 252 ;;
esac
`

describe('scripts/collect-snapshot.sh when one call is denied (stub aws)', () => {
  it('warns in one line naming the call, leaves that file out and writes the rest', async () => {
    const work = mkdtempSync(join(tmpdir(), 'collect-snapshot-stub-'))
    try {
      const bin = join(work, 'bin')
      mkdirSync(bin)
      writeFileSync(join(bin, 'aws'), FAKE_AWS, {mode: 0o755})
      const out = join(work, 'snap')
      const vpcId = 'vpc-0fa4e1d2c3b4a5968'
      const result = await run(SCRIPT, ['--vpc', vpcId, '--out', out, '--region', 'eu-west-1'], {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      })
      expect(result.code, result.stderr).toBe(0)
      const warnings = result.stderr.split('\n').filter((line) => line.includes('warning:'))
      expect(warnings).toEqual([
        'collect-snapshot.sh: warning: aws ec2 describe-network-acls failed: An error occurred (UnauthorizedOperation) ' +
          'when calling the DescribeNetworkAcls operation: You are not authorized to perform this operation.; ' +
          'ec2-describe-network-acls.json left out',
      ])
      expect(result.stderr).toContain('left out 1: ec2-describe-network-acls.json')
      expect(readdirSync(out).sort()).toEqual(expectedFiles(vpcId, []).filter((f) => f !== 'ec2-describe-network-acls.json'))
      // No VGW/TGW and no DHCP option set: the empty CLI answers are written without a call.
      expect(readJson(out, 'ec2-describe-vpn-connections.json')).toEqual({VpnConnections: []})
      expect(readJson(out, 'ec2-describe-customer-gateways.json')).toEqual({CustomerGateways: []})
      expect(readJson(out, 'ec2-describe-dhcp-options.json')).toEqual({DhcpOptions: []})
    } finally {
      rmSync(work, {recursive: true, force: true})
    }
  })
})

describe('scripts/collect-snapshot.sh and prefix lists (stub aws)', () => {
  it('fetches the entries of a customer-managed list a group names, not of the AWS list a route names', async () => {
    const work = mkdtempSync(join(tmpdir(), 'collect-snapshot-stub-'))
    try {
      const bin = join(work, 'bin')
      mkdirSync(bin)
      writeFileSync(join(bin, 'aws'), FAKE_AWS, {mode: 0o755})
      const out = join(work, 'snap')
      const result = await run(SCRIPT, ['--vpc', 'vpc-0fa4e1d2c3b4a5968', '--out', out, '--region', 'eu-west-1'], {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        FAKE_PREFIX_LISTS: '1',
      })
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain('ec2 get-managed-prefix-list-entries -> ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001.json')
      expect(readdirSync(out).filter((file) => file.startsWith('ec2-get-managed-prefix-list-entries-'))).toEqual(['ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001.json'])
      expect(readJson(out, 'ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001.json')).toEqual({Entries: [{Cidr: '198.51.100.0/24'}]})
    } finally {
      rmSync(work, {recursive: true, force: true})
    }
  })
})

describe.skipIf(MISSING !== undefined && !IN_CI)('scripts/collect-snapshot.sh against moto_server', () => {
  let work = ''
  let env: NodeJS.ProcessEnv = {}
  let moto: ReturnType<typeof spawn> | undefined
  let url = ''
  let priv: Facts
  let vpn: Facts
  let defaultVpcId = ''
  let partnerList = ''
  let byCluster: RunResult
  let byVpc: RunResult
  let clusterDir = ''
  let vpcDir = ''

  beforeAll(async () => {
    if (MISSING !== undefined) throw new Error(`CI=true but ${MISSING}`)
    work = mkdtempSync(join(tmpdir(), 'collect-snapshot-test-'))
    env = childEnv(work)
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      env,
      stdio: 'ignore',
    })
    await waitForMoto(url, Date.now() + 20_000)

    const build = async (example: string): Promise<Facts> => {
      const factsFile = join(work, `${example}.json`)
      const result = await run('python3', [BUILDER, '--endpoint', url, '--example', example, '--facts', factsFile], env)
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(readFileSync(factsFile, 'utf8')) as Facts
    }
    priv = await build('private-bastion-clean')
    vpn = await build('vpn-clean')
    // A customer-managed prefix list named by an SSH rule of the private VPC's bastion group: the
    // script must fetch its entries (and no entries for the AWS S3 list the endpoint route names).
    // One python process (not three AWS CLI starts) keeps the hook inside its timeout on a busy machine.
    const created = await run(
      'python3',
      [
        '-c',
        [
          'import boto3, sys',
          `ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url="${url}")`,
          'pl = ec2.create_managed_prefix_list(PrefixListName="partners", AddressFamily="IPv4", MaxEntries=5, Entries=[{"Cidr": "198.51.100.0/24", "Description": "office"}])["PrefixList"]["PrefixListId"]',
          `sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": ["${priv.vpcId}"]}, {"Name": "group-name", "Values": ["bastion"]}])["SecurityGroups"][0]["GroupId"]`,
          'ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": pl}]}])',
          'print(pl)',
        ].join('\n'),
      ],
      env,
    )
    expect(created.code, created.stderr).toBe(0)
    partnerList = created.stdout.trim()
    const vpcs = await run(
      'aws',
      ['--region', 'us-east-1', '--endpoint-url', url, 'ec2', 'describe-vpcs', '--filters', 'Name=is-default,Values=true', '--query', 'Vpcs[0].VpcId', '--output', 'text'],
      env,
    )
    defaultVpcId = vpcs.stdout.trim()

    clusterDir = join(work, 'by-cluster')
    vpcDir = join(work, 'by-vpc')
    const common = ['--region', 'us-east-1', '--endpoint-url', url]
    ;[byCluster, byVpc] = await Promise.all([run(SCRIPT, ['--cluster', priv.clusterId, '--out', clusterDir, ...common], env), run(SCRIPT, ['--vpc', vpn.vpcId, '--out', vpcDir, ...common], env)])
  }, 600_000) // two example builds and two collections of ~30 AWS CLI starts each; slow on a shared machine

  afterAll(() => {
    if (moto?.pid !== undefined && moto.exitCode === null) moto.kill('SIGTERM')
    if (work !== '') rmSync(work, {recursive: true, force: true})
  })

  it('exits 0, prints nothing on stdout and reports progress on stderr', () => {
    for (const result of [byCluster, byVpc]) {
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/collect-snapshot\.sh: ec2 describe-vpcs -> ec2-describe-vpcs\.json/)
      expect(result.stderr).toMatch(/collect-snapshot\.sh: wrote \d+ files to /)
    }
    expect(byCluster.stderr).toContain(`cluster ${priv.clusterId} is in subnet ${priv.clusterSubnetId} of ${priv.vpcId}`)
  })

  it('--cluster writes every contract file for the cluster VPC (SSM and EICE left out with a warning when moto lacks them)', () => {
    const files = readdirSync(clusterDir).sort()
    const expected = [...expectedFiles(priv.vpcId, [priv.clusterId]), `ec2-get-managed-prefix-list-entries-${partnerList}.json`].sort()
    const warnings = byCluster.stderr.split('\n').filter((line) => line.includes('warning:'))
    const lacking = [SSM_FILE, EICE_FILE].filter((file) => !files.includes(file))
    // moto 5.2.1 answers DescribeInstanceInformation with HTTP 500 and lacks DescribeInstanceConnectEndpoints: one warning line each names the call.
    expect(warnings).toHaveLength(lacking.length)
    if (lacking.includes(SSM_FILE)) expect(warnings).toContainEqual(expect.stringMatching(/aws ssm describe-instance-information failed: .*; ssm-describe-instance-information\.json left out$/))
    if (lacking.includes(EICE_FILE))
      expect(warnings).toContainEqual(expect.stringMatching(/aws ec2 describe-instance-connect-endpoints failed: .*; ec2-describe-instance-connect-endpoints\.json left out$/))
    expect(files).toEqual(expected.filter((f) => !lacking.includes(f)))
  })

  it('--vpc writes every contract file and describes the active cluster in that VPC', () => {
    const files = readdirSync(vpcDir)
      .filter((f) => f !== SSM_FILE && f !== EICE_FILE)
      .sort()
    expect(files).toEqual(expectedFiles(vpn.vpcId, [vpn.clusterId]).filter((f) => f !== SSM_FILE && f !== EICE_FILE))
  })

  it('every file is valid JSON with the AWS CLI top-level key', () => {
    for (const dir of [clusterDir, vpcDir]) {
      for (const file of readdirSync(dir)) {
        const data = readJson(dir, file)
        const key =
          TOP_LEVEL[file] ??
          (file.startsWith('emr-describe-cluster-')
            ? 'Cluster'
            : file.startsWith('emr-list-instances-')
              ? 'Instances'
              : file.startsWith('ec2-get-managed-prefix-list-entries-pl-')
                ? 'Entries'
                : file.endsWith('-enableDnsSupport.json')
                  ? 'EnableDnsSupport'
                  : file.endsWith('-enableDnsHostnames.json')
                    ? 'EnableDnsHostnames'
                    : undefined)
        expect(key, `unexpected file ${file}`).toBeDefined()
        expect(Object.keys(data), file).toContain(key)
      }
    }
    const support = readJson(clusterDir, `ec2-describe-vpc-attribute-${priv.vpcId}-enableDnsSupport.json`)
    expect(support).toEqual({VpcId: priv.vpcId, EnableDnsSupport: {Value: true}})
    const hostnames = readJson(clusterDir, `ec2-describe-vpc-attribute-${priv.vpcId}-enableDnsHostnames.json`)
    expect(hostnames).toEqual({VpcId: priv.vpcId, EnableDnsHostnames: {Value: true}})
    const cluster = readJson(clusterDir, `emr-describe-cluster-${priv.clusterId}.json`).Cluster as Record<string, unknown>
    expect(cluster.Id).toBe(priv.clusterId)
    expect((cluster.Ec2InstanceAttributes as Record<string, unknown>).Ec2SubnetId).toBe(priv.clusterSubnetId)
  })

  it('VPC-scoped files hold only the chosen VPC resources', () => {
    const cases: [string, Facts, Facts][] = [
      [clusterDir, priv, vpn],
      [vpcDir, vpn, priv],
    ]
    for (const [dir, own, other] of cases) {
      const vpcId = own.vpcId
      expect(list(dir, 'ec2-describe-vpcs.json', 'Vpcs').map((v) => v.VpcId)).toEqual([vpcId])
      for (const [file, key] of [
        ['ec2-describe-subnets.json', 'Subnets'],
        ['ec2-describe-route-tables.json', 'RouteTables'],
        ['ec2-describe-security-groups.json', 'SecurityGroups'],
        ['ec2-describe-network-acls.json', 'NetworkAcls'],
        ['ec2-describe-vpc-endpoints.json', 'VpcEndpoints'],
        ['ec2-describe-nat-gateways.json', 'NatGateways'],
      ] as const) {
        const items = list(dir, file, key)
        expect(items.length, `${file} is not empty`).toBeGreaterThan(0)
        expect(new Set(items.map((i) => i.VpcId)), file).toEqual(new Set([vpcId]))
      }
      const igws = list(dir, 'ec2-describe-internet-gateways.json', 'InternetGateways')
      expect(igws.flatMap((g) => (g.Attachments as {VpcId: string}[]).map((a) => a.VpcId))).toEqual([vpcId])
      const instances = list(dir, 'ec2-describe-instances.json', 'Reservations').flatMap((r) => r.Instances as Record<string, unknown>[])
      expect(instances.length).toBeGreaterThan(0)
      expect(new Set(instances.map((i) => i.VpcId))).toEqual(new Set([vpcId]))
      const dhcp = list(dir, 'ec2-describe-dhcp-options.json', 'DhcpOptions')
      const vpc = list(dir, 'ec2-describe-vpcs.json', 'Vpcs')[0] as Record<string, unknown>
      expect(dhcp.map((d) => d.DhcpOptionsId)).toEqual([vpc.DhcpOptionsId])

      // Nothing of the other example VPC nor of moto's default VPC anywhere, except the
      // Region-wide cluster list (which has no VPC ids, but does list the other cluster).
      for (const file of readdirSync(dir)) {
        const text = readFileSync(join(dir, file), 'utf8')
        expect(text, file).not.toContain(other.vpcId)
        if (defaultVpcId !== '') expect(text, file).not.toContain(defaultVpcId)
        if (file !== 'emr-list-clusters.json') expect(text, file).not.toContain(other.clusterId)
      }
      expect(readdirSync(dir)).not.toContain(`emr-describe-cluster-${other.clusterId}.json`)
    }

    // VPN objects: the private VPC has none; the VPN VPC has exactly its VGW, connection, CGW.
    expect(list(clusterDir, 'ec2-describe-vpn-gateways.json', 'VpnGateways')).toEqual([])
    expect(list(clusterDir, 'ec2-describe-vpn-connections.json', 'VpnConnections')).toEqual([])
    expect(list(clusterDir, 'ec2-describe-customer-gateways.json', 'CustomerGateways')).toEqual([])
    expect(list(vpcDir, 'ec2-describe-vpn-gateways.json', 'VpnGateways').map((g) => g.VpnGatewayId)).toEqual([vpn.vpnGatewayId])
    const connections = list(vpcDir, 'ec2-describe-vpn-connections.json', 'VpnConnections')
    expect(connections.map((c) => c.VpnConnectionId)).toEqual([vpn.vpnConnectionId])
    expect(list(vpcDir, 'ec2-describe-customer-gateways.json', 'CustomerGateways').map((g) => g.CustomerGatewayId)).toEqual([vpn.customerGatewayId])
  })

  it('writes the entries of the customer-managed prefix list a rule names, as the CLI prints them', () => {
    expect(readJson(clusterDir, `ec2-get-managed-prefix-list-entries-${partnerList}.json`)).toEqual({Entries: [{Cidr: '198.51.100.0/24', Description: 'office'}]})
    expect(byCluster.stderr).toContain(`ec2 get-managed-prefix-list-entries -> ec2-get-managed-prefix-list-entries-${partnerList}.json`)
    expect(readdirSync(vpcDir).filter((file) => file.startsWith('ec2-get-managed-prefix-list-entries-'))).toEqual([])
  })

  it('redacts VPN pre-shared keys', () => {
    const text = readFileSync(join(vpcDir, 'ec2-describe-vpn-connections.json'), 'utf8')
    expect(text).toContain('<pre_shared_key>REDACTED</pre_shared_key>')
    expect(text).not.toMatch(/<pre_shared_key>(?!REDACTED<)/)
  })

  it('a bad argument exits 2 with a one-line message and writes nothing', async () => {
    const nonEmpty = join(work, 'non-empty')
    mkdirSync(nonEmpty, {recursive: true})
    writeFileSync(join(nonEmpty, 'keep.txt'), 'x')
    const bad: string[][] = [
      ['--cluster', 'not-a-cluster', '--out', join(work, 'bad1')],
      ['--vpc', vpn.vpcId, '--cluster', priv.clusterId, '--out', join(work, 'bad2')],
      ['--vpc', vpn.vpcId],
      ['--vpc', vpn.vpcId, '--out', join(work, 'bad3'), '--colour', 'blue'],
      ['--vpc', vpn.vpcId, '--out'],
      ['--vpc', vpn.vpcId, '--out', nonEmpty, '--region', 'us-east-1'],
    ]
    const results = await Promise.all(bad.map((args) => run(SCRIPT, [...args, '--endpoint-url', url], env)))
    results.forEach((result, i) => {
      const args = bad[i]!.join(' ')
      expect(result.code, args).toBe(2)
      expect(result.stdout, args).toBe('')
      const lines = result.stderr.split('\n').filter((l) => l !== '')
      expect(lines, args).toHaveLength(1)
      expect(lines[0], args).toMatch(/^collect-snapshot\.sh: error: .+; usage: collect-snapshot\.sh \(--cluster/)
    })
    for (const dir of ['bad1', 'bad2', 'bad3']) expect(existsSync(join(work, dir))).toBe(false)
    expect(readdirSync(nonEmpty)).toEqual(['keep.txt'])
  })
})
