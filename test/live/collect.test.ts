import {userErrorOf} from '../../src/cli/domain-errors.js'
import {ClusterNotInVpc} from '../../src/errors.js'
/**
 * The collector in process, with the SDK mocked (aws-sdk-client-mock) to answer from the test
 * topologies: scoping, the documents it builds, and how denied calls become reasons.
 */
import {describeAbsence} from '../../src/model/datasets.js'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runAudit} from '../../src/analysis/audit/run-audit.js'
import {ALL_RULES} from '../../src/analysis/rules/index.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {openSession, closeSession} from '../../src/sources/live/clients.js'
import {collectLive, liveDocumentSet, missingPermissions, type CollectOptions} from '../../src/sources/live/collect.js'
import {CONNECT_DISCOVERY_DATASETS} from '../../src/sources/live/operations.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import {ADMIN_CIDR, CLUSTER_ID, ONPREM_CIDR, privateTopology, vpnTopology, type Snapshot} from '../support/topologies.js'
import {installAwsMocks, type MockFailure} from './fixtures/aws-mock-preload.mjs'

const PRIVATE_VPC = 'vpc-0b000000000000001'
let mocks: {restore(): void}[] = []
let savedEnv: NodeJS.ProcessEnv

beforeEach(() => {
  savedEnv = {...process.env}
  Object.assign(process.env, {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'})
})

afterEach(() => {
  for (const mock of mocks) mock.restore()
  mocks = []
  process.env = savedEnv
})

async function collect(snapshot: Snapshot, options: Partial<CollectOptions> = {}, fail?: MockFailure | MockFailure[]) {
  mocks = installAwsMocks(snapshot, fail)
  return collectLive({clusterId: CLUSTER_ID, region: 'us-east-1', ...options})
}

const denied = (command: string): MockFailure => ({
  command,
  error: {name: command.startsWith('List') || command === 'DescribeClusterCommand' ? 'AccessDeniedException' : 'UnauthorizedOperation', message: 'not authorized', $metadata: {httpStatusCode: 403}},
})

function audit(model: ReturnType<typeof assembleModel>, onprem: string[] = []) {
  return runAudit(model, ALL_RULES, {clusterId: CLUSTER_ID, topology: 'auto', adminCidrs: [ADMIN_CIDR], onpremCidrs: onprem, failOn: 'high'})
}

function outcome(result: ReturnType<typeof audit>, ruleId: string) {
  return result.scopes[0]!.outcomes.find((candidate) => candidate.ruleId === ruleId)!
}

describe('live collection (mocked SDK)', () => {
  it('builds exactly the snapshot documents, so live and snapshot give the same audit', async () => {
    const snapshot = privateTopology()
    const collection = await collect(snapshot)
    expect(collection.vpcId).toBe(PRIVATE_VPC)
    expect(collection.gaps).toEqual([])
    expect(Object.fromEntries(collection.documents)).toEqual(snapshot)
    const live = audit(assembleModel(liveDocumentSet(collection)))
    const saved = audit(assembleModel(documentsFromObject(structuredClone(snapshot), 'snap.json')))
    // Origins name where each resource was read: the file `snapshot` would write, or the one JSON file here.
    const withoutOrigins = (result: typeof live) => ({
      ...result,
      source: '',
      scopes: result.scopes.map((scope) => ({...scope, outcomes: scope.outcomes.map((o) => ({...o, findings: o.findings.map((f) => ({...f, origin: undefined}))}))})),
    })
    expect(withoutOrigins(live)).toEqual(withoutOrigins(saved))
  })

  it("a VPN topology: the VPC gateway's connections and their customer gateways", async () => {
    const snapshot = vpnTopology()
    // Another VPN connection in the Region, of another VGW, must not be collected.
    const other = {...structuredClone(snapshot['ec2-describe-vpn-connections'].VpnConnections[0]), VpnConnectionId: 'vpn-other', VpnGatewayId: 'vgw-other', CustomerGatewayId: 'cgw-other'}
    const answers = structuredClone(snapshot)
    answers['ec2-describe-vpn-connections'].VpnConnections.push(other)
    const collection = await collect(answers, {clusterId: undefined, vpcId: PRIVATE_VPC})
    expect(collection.documents.get('ec2-describe-vpn-connections')).toEqual(snapshot['ec2-describe-vpn-connections'])
    expect(collection.documents.get('ec2-describe-customer-gateways')).toEqual(snapshot['ec2-describe-customer-gateways'])
    const result = audit(assembleModel(liveDocumentSet(collection)), [ONPREM_CIDR])
    expect(result.scopes[0]!.topology.classified).toBe('vpn')
    expect(outcome(result, 'EMRA-090').status).not.toBe('not_evaluated')
  })

  it('a denied call: its rules say "missing permission", the rest is judged', async () => {
    const collection = await collect(privateTopology(), {}, denied('DescribeNetworkAclsCommand'))
    expect(missingPermissions(collection)).toEqual(['ec2:DescribeNetworkAcls'])
    expect(collection.documents.has('ec2-describe-network-acls')).toBe(false)
    const result = audit(assembleModel(liveDocumentSet(collection)))
    expect(outcome(result, 'EMRA-060')).toMatchObject({status: 'not_evaluated', reason: 'missing permission: ec2:DescribeNetworkAcls'})
    expect(outcome(result, 'EMRA-041').status).toBe('pass')
  })

  it('a denied call that others depend on: they say which permission they needed, and what for', async () => {
    const collection = await collect(privateTopology(), {}, [denied('DescribeVpcsCommand'), denied('DescribeVpnGatewaysCommand'), denied('DescribeInstancesCommand')])
    expect(missingPermissions(collection)).toEqual(['ec2:DescribeInstances', 'ec2:DescribeVpcs', 'ec2:DescribeVpnGateways'])
    const set = liveDocumentSet(collection)
    expect(describeAbsence(set.missing('dhcpOptions', 'ec2-describe-dhcp-options'))).toBe("missing permission: ec2:DescribeVpcs (needed to find the VPC's DHCP option set)")
    expect(describeAbsence(set.missing('vpnConnections', 'ec2-describe-vpn-connections'))).toBe(
      "missing permission: ec2:DescribeVpnGateways (needed to find the VPN connections of the VPC's gateways)",
    )
    expect(describeAbsence(set.missing('ssmInstanceInformation', 'ssm-describe-instance-information'))).toBe("missing permission: ec2:DescribeInstances (needed to find the VPC's instances)")
    // DescribeDhcpOptions and DescribeVpnConnections were never asked: not "missing".
    expect(missingPermissions(collection)).not.toContain('ec2:DescribeDhcpOptions')
  })

  it('--cluster with --vpc: no subnet lookup, and a cluster outside the VPC is an error', async () => {
    const collection = await collect(privateTopology(), {vpcId: PRIVATE_VPC})
    expect(collection.gaps).toEqual([])
    const answers = privateTopology()
    for (const attribute of ['enableDnsSupport', 'enableDnsHostnames']) {
      answers[`ec2-describe-vpc-attribute-vpc-0ffffffffffffffff-${attribute}`] = {VpcId: 'vpc-0ffffffffffffffff', [attribute[0]!.toUpperCase() + attribute.slice(1)]: {Value: true}}
    }
    // The collector says it in its own terms; the CLI words it as the flags.
    const error = await collect(answers, {vpcId: 'vpc-0ffffffffffffffff'}).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(ClusterNotInVpc)
    expect(userErrorOf(error as ClusterNotInVpc).message).toBe(`--cluster ${CLUSTER_ID} is in subnet subnet-0b0000000000priv, which is not in --vpc vpc-0ffffffffffffffff`)
  })

  it('only: the connect discovery datasets, nothing else', async () => {
    const collection = await collect(privateTopology(), {only: CONNECT_DISCOVERY_DATASETS})
    expect([...collection.documents.keys()].sort()).toEqual([
      'ec2-describe-dhcp-options',
      'ec2-describe-instances',
      'ec2-describe-subnets',
      'ec2-describe-vpcs',
      `emr-describe-cluster-${CLUSTER_ID}`,
      `emr-list-instances-${CLUSTER_ID}`,
    ])
    expect(missingPermissions(collection)).toEqual([])
    expect(describeAbsence(liveDocumentSet(collection).missing('networkAcls', 'ec2-describe-network-acls'))).toBe('not collected: ec2:DescribeNetworkAcls was not requested')
  })

  it('reports progress', async () => {
    const lines: string[] = []
    await collect(privateTopology(), {progress: (line) => lines.push(line)})
    expect(lines[0]).toBe(`collecting from AWS (us-east-1) for cluster ${CLUSTER_ID}`)
    expect(lines).toContain(`cluster ${CLUSTER_ID} is in subnet-0b0000000000priv of ${PRIVATE_VPC}`)
    expect(lines.at(-1)).toMatch(/^collected 23 documents with \d+ API calls in [\d.]+ s$/)
  })
})

describe('AWS client configuration', () => {
  it('retries in adaptive mode; Region from AWS_DEFAULT_REGION when AWS_REGION is unset, as the AWS CLI', async () => {
    delete process.env.AWS_REGION
    process.env.AWS_DEFAULT_REGION = 'eu-central-1'
    const session = await openSession({endpointUrl: 'http://127.0.0.1:9'})
    try {
      expect(session.region).toBe('eu-central-1')
      const strategy = await session.clients.ec2.config.retryStrategy()
      expect((strategy as {mode?: string}).mode).toBe('adaptive')
      expect(((await session.clients.emr.config.retryStrategy()) as {mode?: string}).mode).toBe('adaptive')
    } finally {
      closeSession(session)
    }
  })
})
