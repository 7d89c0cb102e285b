import {describe, expect, it} from 'vitest'
import {emptyModelData, NetworkModel, type NetworkModelData} from '../../src/model/network-model.js'
import type {EmrCluster} from '../../src/model/types.js'
import {loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'
import {deriveTunnelTarget, hostTarget, HOST_ONLY_ALLOWLIST, primaryWebUiUrls, regionDnsSuffix, TargetError} from '../../src/tunnel/target.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {CLUSTER_ID, privateTopology} from '../support/topologies.js'

function cluster(overrides: Partial<EmrCluster> = {}): EmrCluster {
  return {
    id: 'j-TEST',
    state: 'WAITING',
    applications: [],
    subnetId: 'subnet-a',
    requestedSubnetIds: [],
    additionalPrimarySecurityGroupIds: [],
    additionalCoreSecurityGroupIds: [],
    primaryInstances: [{ec2InstanceId: 'i-1', privateIp: '10.20.1.5', privateDnsName: 'ip-10-20-1-5.eu-west-1.compute.internal', state: 'RUNNING'}],
    instances: [],
    described: true,
    ...overrides,
  }
}

function model(overrides: Partial<NetworkModelData> = {}, domainName?: string): NetworkModel {
  return new NetworkModel({
    ...emptyModelData('test'),
    region: 'eu-west-1',
    vpcs: [{id: 'vpc-1', cidrBlocks: ['10.20.0.0/16', '100.64.0.0/16'], ipv6CidrBlocks: ['2600:1f18:abcd::/56'], isDefault: false, dhcpOptionsId: 'dopt-1', tags: []}],
    subnets: [{id: 'subnet-a', vpcId: 'vpc-1', cidrBlock: '10.20.1.0/24', ipv6CidrBlocks: [], availabilityZone: 'eu-west-1a', mapPublicIpOnLaunch: false, tags: []}],
    dhcpOptions: [{id: 'dopt-1', configurations: {'domain-name': domainName ? [domainName] : ['eu-west-1.compute.internal'], 'domain-name-servers': ['AmazonProvidedDNS']}}],
    ...overrides,
  })
}

describe('tunnel target from the network model', () => {
  it('takes the primary, the VPC CIDRs (v4 and v6) and the Region suffix; the allowlist follows', () => {
    const target = deriveTunnelTarget(model(), cluster())
    expect(target).toMatchObject({
      clusterId: 'j-TEST',
      sshHost: '10.20.1.5',
      uiHost: 'ip-10-20-1-5.eu-west-1.compute.internal',
      vpcId: 'vpc-1',
      vpcCidrs: ['10.20.0.0/16', '100.64.0.0/16', '2600:1f18:abcd::/56'],
      dnsSuffixes: ['eu-west-1.compute.internal'],
      allowlist: ['10.20.0.0/16', '100.64.0.0/16', '2600:1f18:abcd::/56', '.eu-west-1.compute.internal'],
      notes: [],
    })
    expect(target.primaries).toEqual([expect.objectContaining({instanceId: 'i-1', active: true})])
  })

  it('us-east-1 uses ec2.internal; a custom DHCP domain is added (and the primary allowed by name when not covered)', () => {
    expect(regionDnsSuffix('us-east-1')).toBe('ec2.internal')
    expect(regionDnsSuffix('ap-south-2')).toBe('ap-south-2.compute.internal')
    const target = deriveTunnelTarget(
      model({region: 'us-east-1'}, 'corp.example.com ec2.internal'),
      cluster({primaryInstances: [{privateIp: '10.20.1.5', privateDnsName: 'ip-10-20-1-5.corp.example.com', publicDnsName: 'ec2-198-51-100-7.compute-1.amazonaws.com'}]}),
    )
    expect(target.dnsSuffixes).toEqual(['ec2.internal', 'corp.example.com'])
    expect(target.allowlist).toEqual(['10.20.0.0/16', '100.64.0.0/16', '2600:1f18:abcd::/56', '.ec2.internal', '.corp.example.com', 'ec2-198-51-100-7.compute-1.amazonaws.com'])
  })

  it('multi-primary: lists all, uses the one DescribeCluster names (else the first running one)', () => {
    const primaries = [
      {ec2InstanceId: 'i-a', privateIp: '10.20.1.5', privateDnsName: 'ip-10-20-1-5.eu-west-1.compute.internal', state: 'TERMINATED'},
      {ec2InstanceId: 'i-b', privateIp: '10.20.1.6', privateDnsName: 'ip-10-20-1-6.eu-west-1.compute.internal', state: 'RUNNING'},
      {ec2InstanceId: 'i-c', privateIp: '10.20.1.7', privateDnsName: 'ip-10-20-1-7.eu-west-1.compute.internal', state: 'RUNNING'},
    ]
    const named = deriveTunnelTarget(model(), cluster({primaryInstances: primaries, masterPublicDnsName: 'ip-10-20-1-7.eu-west-1.compute.internal'}))
    expect(named.primaries.map((node) => [node.instanceId, node.active])).toEqual([
      ['i-a', false],
      ['i-b', false],
      ['i-c', true],
    ])
    expect(named.sshHost).toBe('10.20.1.7')
    expect(named.notes).toEqual(['3 primary nodes; the tunnel uses ip-10-20-1-7.eu-west-1.compute.internal'])
    const running = deriveTunnelTarget(model(), cluster({primaryInstances: primaries}))
    expect(running.sshHost).toBe('10.20.1.6')
  })

  it('fills a primary from EC2 data; falls back to MasterPublicDnsName; says what it assumed', () => {
    const withEc2 = model({
      instances: [{id: 'i-1', state: 'running', privateIp: '10.20.1.9', privateDnsName: 'ip-10-20-1-9.eu-west-1.compute.internal', enis: [], tags: []}],
    })
    expect(deriveTunnelTarget(withEc2, cluster({primaryInstances: [{ec2InstanceId: 'i-1'}]})).sshHost).toBe('10.20.1.9')
    const fallback = deriveTunnelTarget(model(), cluster({primaryInstances: [], masterPublicDnsName: 'ip-10-20-1-5.eu-west-1.compute.internal'}))
    expect(fallback.uiHost).toBe('ip-10-20-1-5.eu-west-1.compute.internal')
    expect(fallback.notes[0]).toMatch(/using the cluster's MasterPublicDnsName/)
    const noRegion = deriveTunnelTarget(model({region: undefined, subnets: []}), cluster())
    expect(noRegion.dnsSuffixes).toEqual(['ec2.internal', 'compute.internal'])
    expect(noRegion.vpcCidrs).toEqual([])
    expect(noRegion.allowlist).toContain('10.20.1.5')
    expect(noRegion.notes.join(' ')).toMatch(/VPC is not in the data.*Region is unknown/)
  })

  it('throws a clear error when no primary address is known', () => {
    expect(() => deriveTunnelTarget(model(), cluster({primaryInstances: [], state: 'TERMINATED'}))).toThrow(TargetError)
    expect(() => deriveTunnelTarget(model(), cluster({primaryInstances: [], state: 'TERMINATED'}))).toThrow(/no address for the primary node.*TERMINATED/)
  })

  it('works on a snapshot as the audit reads it (the private reference topology)', () => {
    const loaded = loadSnapshot(writeSnapshotDir(privateTopology()))
    const target = deriveTunnelTarget(loaded, loaded.clusters.get(CLUSTER_ID)!)
    expect(target.primaries.length).toBeGreaterThan(0)
    expect(target.dnsSuffixes[0]).toBe('ec2.internal')
    expect(target.allowlist).toContain('.ec2.internal')
    expect(target.vpcCidrs.length).toBeGreaterThan(0)
  })
})

describe('--host target and web-UI URLs', () => {
  it('--host: RFC 1918 + AWS internal suffixes; a name or address they do not cover is added', () => {
    expect(hostTarget('ip-10-0-1-5.ec2.internal').allowlist).toEqual(HOST_ONLY_ALLOWLIST)
    expect(hostTarget('10.0.1.5').allowlist).toEqual(HOST_ONLY_ALLOWLIST)
    expect(hostTarget('emr.corp.example').allowlist).toEqual([...HOST_ONLY_ALLOWLIST, 'emr.corp.example'])
    expect(hostTarget('198.51.100.7').allowlist).toEqual([...HOST_ONLY_ALLOWLIST, '198.51.100.7'])
  })

  it('lists the primary UIs from the catalogue by host name', () => {
    const urls = primaryWebUiUrls('ip-10-0-1-5.ec2.internal')
    expect(urls).toContainEqual({name: 'YARN ResourceManager', url: 'http://ip-10-0-1-5.ec2.internal:8088/'})
    expect(urls).toContainEqual({name: 'Spark History Server', url: 'http://ip-10-0-1-5.ec2.internal:18080/'})
    expect(urls).toContainEqual({name: 'Zeppelin', url: 'http://ip-10-0-1-5.ec2.internal:8890/'})
    expect(urls.some((ui) => ui.url.endsWith(':8042/'))).toBe(false)
    expect(primaryWebUiUrls('fd00::5')[0]!.url).toMatch(/^http:\/\/\[fd00::5\]:/)
  })
})
