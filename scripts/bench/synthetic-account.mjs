#!/usr/bin/env node
/**
 * A synthetic AWS account for scale benchmarks: the bundled private-bastion example
 * (examples/snapshots/private-bastion-clean) grown to N security groups, M subnets and C EMR
 * clusters, written as one snapshot JSON file (top-level keys are document names, what
 * `emr-access audit --snapshot FILE` reads).
 *
 * Every cluster is a copy of the example's (primary + two core nodes, same EMR-managed groups) in
 * its own private subnet; the extra subnets come from two secondary VPC CIDR blocks and use the
 * private route table and the default network ACL; every extra security group admits 443 from a
 * CIDR and 8080 from the previous group, and every second one is attached to a plain instance.
 * Deterministic: the same sizes give the same bytes.
 *
 * usage: node scripts/bench/synthetic-account.mjs --groups 20000 --subnets 5000 --clusters 200 --out FILE
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const SEED = fileURLToPath(new URL('../../examples/snapshots/private-bastion-clean/', import.meta.url))

/** A fixed-width hex id from a number (`sg-`, 17 hex digits, like AWS). */
const hexId = (prefix, index, salt = 0) => `${prefix}-a${salt.toString(16)}${index.toString(16).padStart(15, '0')}`
const clusterId = (index) => `j-${index.toString(36).toUpperCase().padStart(13, 'S')}`
const ipOf = (value) => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')

/** The address of extra subnet `index` (/28s from 10.2.0.0 on, across the secondary blocks). */
const subnetBase = (index) => ((10 << 24) | (2 << 16)) + index * 16

export function syntheticAccount({groups, subnets, clusters}) {
  const docs = {}
  for (const entry of readdirSync(SEED).sort()) {
    if (entry.endsWith('.json')) docs[entry.slice(0, -5)] = JSON.parse(readFileSync(join(SEED, entry), 'utf8'))
  }
  const vpc = docs['ec2-describe-vpcs'].Vpcs[0]
  const vpcId = vpc.VpcId
  const extraSubnets = Math.max(0, subnets - docs['ec2-describe-subnets'].Subnets.length)
  const neededBlocks = Math.ceil((extraSubnets * 16) / 65536)
  if (neededBlocks > 4) throw new Error('at most 16384 extra subnets (four /16 secondary blocks)')
  for (let block = 0; block < neededBlocks; block += 1) {
    const cidr = `10.${2 + block}.0.0/16`
    vpc.CidrBlockAssociationSet.push({AssociationId: hexId('vpc-cidr-assoc', block), CidrBlock: cidr, CidrBlockState: {State: 'associated'}})
    // AWS adds a local route for every VPC CIDR block to every route table.
    for (const table of docs['ec2-describe-route-tables'].RouteTables) {
      table.Routes.splice(1, 0, {DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active'})
    }
  }

  // Subnets, each in the private route table and the default network ACL.
  const template = docs['ec2-describe-subnets'].Subnets.find((subnet) => !subnet.MapPublicIpOnLaunch)
  const privateTable = docs['ec2-describe-route-tables'].RouteTables.find((table) => table.Associations.some((a) => a.SubnetId === template.SubnetId))
  const acl = docs['ec2-describe-network-acls'].NetworkAcls[0]
  const extraSubnetIds = []
  for (let index = 0; index < extraSubnets; index += 1) {
    const id = hexId('subnet', index)
    extraSubnetIds.push(id)
    const cidr = `${ipOf(subnetBase(index))}/28`
    docs['ec2-describe-subnets'].Subnets.push({
      ...structuredClone(template),
      SubnetId: id,
      CidrBlock: cidr,
      AvailableIpAddressCount: 11,
      SubnetArn: `arn:aws:ec2:us-east-1:123456789012:subnet/${id}`,
      Tags: [{Key: 'Name', Value: `app-${index}`}],
    })
    privateTable.Associations.push({Main: false, RouteTableAssociationId: hexId('rtbassoc', index), RouteTableId: privateTable.RouteTableId, SubnetId: id, AssociationState: {State: 'associated'}})
    acl.Associations.push({NetworkAclAssociationId: hexId('aclassoc', index), NetworkAclId: acl.NetworkAclId, SubnetId: id})
  }

  // Clusters: copies of the example's, each in its own extra subnet (cluster 0 is the example's own).
  const original = docs['emr-list-clusters'].Clusters[0].Id
  const originalInstances = docs['emr-list-instances-' + original].Instances
  const reservations = docs['ec2-describe-instances'].Reservations
  const clusterReservations = reservations.filter((reservation) => reservation.Instances.some((instance) => originalInstances.some((listed) => listed.Ec2InstanceId === instance.InstanceId)))
  const extraClusters = Math.min(Math.max(0, clusters - 1), extraSubnetIds.length)
  if (clusters - 1 > extraSubnetIds.length) throw new Error(`--clusters ${clusters} needs at least ${clusters + 1} subnets`)
  const templateText = JSON.stringify({
    cluster: docs['emr-describe-cluster-' + original],
    listed: docs['emr-list-clusters'].Clusters[0],
    instances: docs['emr-list-instances-' + original],
    reservations: clusterReservations,
  })
  for (let index = 0; index < extraClusters; index += 1) {
    const id = clusterId(index + 1)
    const subnetId = extraSubnetIds[index]
    const base = subnetBase(index)
    let text = templateText.replaceAll(original, id).replaceAll(template.SubnetId, subnetId)
    originalInstances.forEach((listed, slot) => {
      const ip = ipOf(base + 4 + slot)
      text = text
        .replaceAll(listed.Ec2InstanceId, hexId('i', index * 4 + slot, 1))
        .replaceAll(`ip-${listed.PrivateIpAddress.replaceAll('.', '-')}`, `ip-${ip.replaceAll('.', '-')}`)
        .replaceAll(`"${listed.PrivateIpAddress}"`, `"${ip}"`)
    })
    const copy = JSON.parse(text)
    docs[`emr-describe-cluster-${id}`] = copy.cluster
    docs[`emr-list-instances-${id}`] = copy.instances
    docs['emr-list-clusters'].Clusters.push(copy.listed)
    reservations.push(...copy.reservations.map((reservation, slot) => ({...reservation, ReservationId: hexId('r', index * 4 + slot, 1)})))
  }

  // Security groups, every second one on a plain instance in one of the extra subnets.
  const securityGroups = docs['ec2-describe-security-groups'].SecurityGroups
  const extraGroups = Math.max(0, groups - securityGroups.length)
  const plain = structuredClone(reservations.find((reservation) => reservation.Instances[0].Tags?.some((tag) => tag.Value === 'bastion')).Instances[0])
  const plainInstances = []
  for (let index = 0; index < extraGroups; index += 1) {
    const id = hexId('sg', index)
    const previous = securityGroups[securityGroups.length - 1].GroupId
    securityGroups.push({
      GroupId: id,
      GroupName: `app-${index}`,
      Description: 'app',
      OwnerId: '123456789012',
      VpcId: vpcId,
      IpPermissions: [
        {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{CidrIp: '10.1.0.0/16'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []},
        {IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: previous, UserId: '123456789012'}]},
      ],
      IpPermissionsEgress: [{IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}],
      Tags: [],
    })
    if (index % 2 === 1 && extraSubnetIds.length > 0) {
      const slot = Math.floor(index / 2)
      const subnetIndex = slot % extraSubnetIds.length
      const ip = ipOf(subnetBase(subnetIndex) + 7 + (Math.floor(slot / extraSubnetIds.length) % 8))
      const instance = structuredClone(plain)
      const eni = instance.NetworkInterfaces[0]
      instance.InstanceId = hexId('i', slot, 2)
      instance.SubnetId = extraSubnetIds[subnetIndex]
      instance.PrivateIpAddress = ip
      instance.PrivateDnsName = `ip-${ip.replaceAll('.', '-')}.ec2.internal`
      delete instance.PublicIpAddress
      instance.PublicDnsName = ''
      instance.Tags = [{Key: 'Name', Value: `app-${slot}`}]
      instance.SecurityGroups = [
        {GroupId: id, GroupName: `app-${index}`},
        {GroupId: previous, GroupName: `app-${index - 1}`},
      ]
      eni.NetworkInterfaceId = hexId('eni', slot, 2)
      eni.SubnetId = instance.SubnetId
      eni.Groups = instance.SecurityGroups
      eni.PrivateIpAddress = ip
      eni.PrivateDnsName = instance.PrivateDnsName
      delete eni.Association
      eni.PrivateIpAddresses = [{Primary: true, PrivateIpAddress: ip, PrivateDnsName: instance.PrivateDnsName}]
      plainInstances.push(instance)
    }
  }
  for (let at = 0; at < plainInstances.length; at += 100) {
    reservations.push({ReservationId: hexId('r', at, 3), OwnerId: '123456789012', Groups: [], Instances: plainInstances.slice(at, at + 100)})
  }
  return docs
}

function main(argv) {
  const options = {groups: 20_000, subnets: 5_000, clusters: 200, out: ''}
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]]
    const name = flag?.replace(/^--/, '')
    if (!name || !(name in options) || value === undefined) {
      process.stderr.write(`synthetic-account: unknown or incomplete argument ${flag ?? ''} (usage: --groups N --subnets N --clusters N --out FILE)\n`)
      process.exit(2)
    }
    options[name] = name === 'out' ? value : Number(value)
    if (name !== 'out' && !(Number.isSafeInteger(options[name]) && options[name] >= 0)) {
      process.stderr.write(`synthetic-account: --${name} ${value}: not a count\n`)
      process.exit(2)
    }
  }
  if (!options.out) {
    process.stderr.write('synthetic-account: --out FILE is required\n')
    process.exit(2)
  }
  const text = JSON.stringify(syntheticAccount(options))
  writeFileSync(options.out, text)
  process.stdout.write(`${options.out}: ${options.groups} security groups, ${options.subnets} subnets, ${options.clusters} clusters, ${(text.length / 1e6).toFixed(1)} MB\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2))
