import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/errors.js'
import {loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'
import {writeSnapshotDir, writeSnapshotFile, tempDir} from '../support/snapshot-files.js'
import {CLUSTER_ID, privateTopology, vpnTopology} from '../support/topologies.js'

function loadError(path: string): InputError {
  try {
    loadSnapshot(path)
  } catch (error) {
    return error as InputError
  }
  throw new Error('expected the snapshot to be rejected')
}

describe('snapshot source', () => {
  it('reads a directory of AWS CLI JSON files into the model', () => {
    const model = loadSnapshot(writeSnapshotDir(privateTopology()))
    const vpc = model.vpcs.get('vpc-0b000000000000001')!
    expect(vpc.cidrBlocks).toEqual(['10.1.0.0/16'])
    expect(vpc.enableDnsSupport).toBe(true)
    expect(vpc.enableDnsHostnames).toBe(true)
    expect(model.region).toBe('us-east-1')
    expect(model.effectiveRouteTable('subnet-0b0000000000priv')?.id).toBe('rtb-0b000000000private')
    expect(model.effectiveNetworkAcl('subnet-0b0000000000priv')?.id).toBe('acl-0b000000000000001')
    const cluster = model.clusters.get(CLUSTER_ID)!
    expect(cluster.described).toBe(true)
    expect(cluster.releaseLabel).toBe('emr-6.15.0')
    expect(cluster.managedPrimarySecurityGroupId).toBe('sg-0b00000000primary')
    expect(cluster.additionalPrimarySecurityGroupIds).toEqual(['sg-0b0000000000ssh01'])
    expect(cluster.primaryInstances.map((i) => i.ec2InstanceId)).toEqual(['i-0000000000000a001'])
    const primaryGroup = model.securityGroups.get('sg-0b00000000primary')!
    expect(primaryGroup.ingress.filter((rule) => rule.peer.kind === 'security-group').length).toBeGreaterThanOrEqual(6)
    expect(primaryGroup.egress[0]).toMatchObject({protocol: 'all', peer: {kind: 'cidr', cidr: '0.0.0.0/0'}})
    expect(model.networkInterfacesInGroup('sg-0b0000000bastion1').map((eni) => eni.privateIps[0])).toEqual(['10.1.0.10'])
  })

  it('reads the same data from a single JSON file keyed by document name', () => {
    const fromDir = loadSnapshot(writeSnapshotDir(vpnTopology()))
    const fromFile = loadSnapshot(writeSnapshotFile(vpnTopology()))
    const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'origin' || (key === 'source' && typeof v === 'object') ? undefined : v)))
    expect(strip(fromFile.data.vpnConnections)).toEqual(strip(fromDir.data.vpnConnections))
    expect(strip(fromFile.data.securityGroups)).toEqual(strip(fromDir.data.securityGroups))
    expect(fromFile.data.vpnConnections[0]!.tunnels.map((t) => t.status)).toEqual(['UP', 'UP'])
  })

  it('marks absent files as missing with the file name, never as empty data', () => {
    const snapshot = privateTopology()
    delete snapshot['ec2-describe-network-acls']
    delete snapshot[`emr-list-instances-${CLUSTER_ID}`]
    const model = loadSnapshot(writeSnapshotDir(snapshot))
    expect(model.availability('networkAcls')).toEqual({present: false, absence: {cause: 'file-missing', file: 'ec2-describe-network-acls.json'}, reason: 'missing: ec2-describe-network-acls.json'})
    expect(model.availability('listInstances', CLUSTER_ID).reason).toBe(`missing: emr-list-instances-${CLUSTER_ID}.json`)
    expect(model.availability('subnets').present).toBe(true)
  })

  it('reads customer-managed prefix-list entries (ec2-get-managed-prefix-list-entries-<pl-id>.json) and marks named lists without them missing', () => {
    const snapshot = privateTopology()
    const group = snapshot['ec2-describe-security-groups'].SecurityGroups.find((g: {GroupName: string}) => g.GroupName === 'bastion')
    const fromList = (id: string) => ({IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: id}], UserIdGroupPairs: []})
    group.IpPermissions.push(fromList('pl-0c0ffee000000001'), fromList('pl-0c0ffee000000002'))
    snapshot['ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001'] = {Entries: [{Cidr: '198.51.100.0/24', Description: 'office'}, {Cidr: '2001:db8::/48'}]}
    const dir = writeSnapshotDir(snapshot)
    const model = loadSnapshot(dir)
    expect(model.prefixLists.get('pl-0c0ffee000000001')).toMatchObject({id: 'pl-0c0ffee000000001', name: '', cidrs: ['198.51.100.0/24', '2001:db8::/48']})
    expect(model.prefixLists.get('pl-0c0ffee000000001')!.origin?.file).toBe(join(dir, 'ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001.json'))
    expect(model.prefixLists.has('pl-0c0ffee000000002')).toBe(false)
    expect(model.availability('managedPrefixListEntries', 'pl-0c0ffee000000002')).toMatchObject({
      present: false,
      absence: {cause: 'file-missing'},
      reason: 'missing: ec2-get-managed-prefix-list-entries-pl-0c0ffee000000002.json',
    })
    // The AWS S3 list comes from describe-prefix-lists: not missing.
    expect(model.availability('managedPrefixListEntries', 'pl-63a5400a').present).toBe(true)
  })

  it('rejects an entries file without its Entries list, naming file and pointer', () => {
    const snapshot = privateTopology()
    snapshot['ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001'] = {Entries: [{Description: 'no cidr'}]}
    const error = loadError(writeSnapshotDir(snapshot))
    expect(error.message).toMatch(/ec2-get-managed-prefix-list-entries-pl-0c0ffee000000001\.json.*\/Entries\/0\/Cidr/)
  })

  it('records where each object came from (file and JSON pointer)', () => {
    const dir = writeSnapshotDir(privateTopology())
    const model = loadSnapshot(dir)
    const rule = model.securityGroups.get('sg-0b0000000bastion1')!.ingress[0]!
    expect(rule.origin).toEqual({file: join(dir, 'ec2-describe-security-groups.json'), pointer: '/SecurityGroups/3/IpPermissions/0/IpRanges/0'})
  })

  describe('bad input: one precise error naming the file and JSON path', () => {
    it('malformed JSON', () => {
      const dir = writeSnapshotDir(privateTopology())
      writeFileSync(join(dir, 'ec2-describe-subnets.json'), '{"Subnets": [')
      const error = loadError(dir)
      expect(error).toBeInstanceOf(InputError)
      expect(error.message).toMatch(/ec2-describe-subnets\.json: malformed JSON/)
    })

    it('wrong shape', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-subnets'].Subnets[1].CidrBlock = 42
      const error = loadError(writeSnapshotDir(snapshot))
      expect(error.message).toMatch(/ec2-describe-subnets\.json at \/Subnets\/1\/CidrBlock: expected a string "CidrBlock", got number/)
    })

    it('missing top-level key', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-vpcs'] = {Vpc: []}
      expect(loadError(writeSnapshotDir(snapshot)).message).toMatch(/ec2-describe-vpcs\.json at \/Vpcs: expected an array "Vpcs"/)
    })

    it('invalid CIDR', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-security-groups'].SecurityGroups[3].IpPermissions[0].IpRanges[0].CidrIp = '203.0.113.0/33'
      expect(loadError(writeSnapshotDir(snapshot)).message).toMatch(
        /ec2-describe-security-groups\.json at \/SecurityGroups\/3\/IpPermissions\/0\/IpRanges\/0\/CidrIp: expected a CIDR block \(address\/prefix\), got "203\.0\.113\.0\/33"/,
      )
    })

    it('unknown file', () => {
      const dir = writeSnapshotDir(privateTopology())
      writeFileSync(join(dir, 'ec2-describe-things.json'), '{}')
      expect(loadError(dir).message).toMatch(/ec2-describe-things\.json: unknown snapshot document "ec2-describe-things"/)
    })

    it('unknown key in a single-file snapshot', () => {
      const dir = tempDir()
      const file = join(dir, 'snap.json')
      writeFileSync(file, JSON.stringify({...privateTopology(), 'ec2-describe-vpc': {}}))
      expect(loadError(file).message).toMatch(/snap\.json at \/ec2-describe-vpc: unknown snapshot document/)
    })

    it('a per-resource file that describes another resource', () => {
      const snapshot = privateTopology()
      snapshot['ec2-describe-vpc-attribute-vpc-0b000000000000001-enableDnsSupport'].VpcId = 'vpc-0ffffffffffffffff'
      expect(loadError(writeSnapshotDir(snapshot)).message).toMatch(/at \/VpcId: describes vpc-0ffffffffffffffff, but the file name says vpc-0b000000000000001/)
    })

    it('a path that does not exist, or an empty directory', () => {
      expect(loadError('/nonexistent/snapshot')).toMatchObject({input: 'snapshot', value: '/nonexistent/snapshot', reason: 'no such file or directory'})
      const empty = tempDir()
      mkdirSync(join(empty, 'x'))
      expect(loadError(empty).message).toMatch(/holds no snapshot \.json files/)
      rmSync(empty, {recursive: true})
    })
  })
})
