/**
 * The engine against AWS's documented data plane (docs/reachability.md), case by case: each case is
 * one small, realistic change to a test topology, the AWS documentation sentence it follows, and the
 * answer AWS gives: verdict, the sub-ranges of a range source, and the explanation codes of every
 * blocker. Several cases have `unknown` as the right answer: the data cannot tell.
 */

import {describe, expect, it} from 'vitest'
import {buildQuery} from '../../src/analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult, type Verdict} from '../../src/analysis/reachability/engine.js'
import type {PortRange} from '../../src/model/types.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import {
  ACCOUNT,
  ADMIN_CIDR,
  CLUSTER_ID,
  ONPREM_CIDR,
  type Snapshot,
  egressAll,
  privateTopology,
  publicTopology,
  routeTableById,
  securityGroup,
  tcpFromCidr,
  tcpFromGroup,
  vpnTopology,
} from '../support/topologies.js'

const PRIMARY = `${CLUSTER_ID}:primary`
const BASTION = 'i-0000000000000b001'
const PRIMARY_ID = 'i-0000000000000a001'

function reach(snapshot: Snapshot, from: string, to: string, ephemeralPorts?: PortRange): ReachResult {
  const model = assembleModel(documentsFromObject(snapshot, 'test.json'))
  return analyzeReachability(model, buildQuery(model, from, to, ephemeralPorts))
}

// ----- small changes ------------------------------------------------------------------------

const instances = (s: Snapshot): any[] => s['ec2-describe-instances'].Reservations.flatMap((r: any) => r.Instances)
const instanceById = (s: Snapshot, id: string): any => instances(s).find((i) => i.InstanceId === id)
const acls = (s: Snapshot): any[] => s['ec2-describe-network-acls'].NetworkAcls
const aclEntry = (rule: number, egress: boolean, action: 'allow' | 'deny', cidr: string, ports?: [number, number], protocol = ports ? '6' : '-1') => ({
  ...(cidr.includes(':') ? {Ipv6CidrBlock: cidr} : {CidrBlock: cidr}),
  Egress: egress,
  Protocol: protocol,
  ...(ports ? {PortRange: {From: ports[0], To: ports[1]}} : {}),
  RuleAction: action,
  RuleNumber: rule,
})
const route = (destination: string, target: Record<string, string>, extra: Record<string, string> = {}) => ({
  ...(destination.startsWith('pl-') ? {DestinationPrefixListId: destination} : destination.includes(':') ? {DestinationIpv6CidrBlock: destination} : {DestinationCidrBlock: destination}),
  ...target,
  Origin: 'CreateRoute',
  State: 'active',
  ...extra,
})
const openToWorld = (s: Snapshot, groupName: string, port: number, ...cidrs: string[]) => {
  for (const cidr of cidrs.length ? cidrs : ['0.0.0.0/0']) {
    const rule = cidr.includes(':') ? {IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [], Ipv6Ranges: [{CidrIpv6: cidr}], PrefixListIds: [], UserIdGroupPairs: []} : tcpFromCidr(port, cidr)
    securityGroup(s, groupName).IpPermissions.push(rule)
  }
}
const fromPrefixList = (port: number, prefixListId: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [],
  Ipv6Ranges: [],
  PrefixListIds: [{PrefixListId: prefixListId}],
  UserIdGroupPairs: [],
})

/** IPv6 for the VPC, one subnet and one instance; the default ACL gets the ::/0 entries AWS adds to it. */
function enableIpv6(s: Snapshot, subnetId: string, instanceId: string, address: string, subnetCidr: string): void {
  s['ec2-describe-vpcs'].Vpcs[0].Ipv6CidrBlockAssociationSet = [{Ipv6CidrBlock: subnetCidr.replace(/:[0-9a-f]*::\/64$/, '::/56'), Ipv6CidrBlockState: {State: 'associated'}}]
  const subnet = s['ec2-describe-subnets'].Subnets.find((x: any) => x.SubnetId === subnetId)
  subnet.Ipv6CidrBlockAssociationSet = [{Ipv6CidrBlock: subnetCidr, Ipv6CidrBlockState: {State: 'associated'}}]
  instanceById(s, instanceId).NetworkInterfaces[0].Ipv6Addresses = [{Ipv6Address: address, IsPrimaryIpv6: false}]
  for (const acl of acls(s)) acl.Entries.push(aclEntry(101, true, 'allow', '::/0'), aclEntry(101, false, 'allow', '::/0'))
  for (const group of s['ec2-describe-security-groups'].SecurityGroups) {
    for (const rule of group.IpPermissionsEgress) if (rule.IpProtocol === '-1') rule.Ipv6Ranges = [{CidrIpv6: '::/0'}]
  }
}

function stopInstance(s: Snapshot, id: string): void {
  instanceById(s, id).State = {Code: 80, Name: 'stopped'}
}

function addAppliance(s: Snapshot, subnetId: string, sourceDestCheck: boolean): void {
  s['ec2-describe-instances'].Reservations.push({
    ReservationId: 'r-appliance',
    OwnerId: ACCOUNT,
    Groups: [],
    Instances: [
      {
        InstanceId: 'i-0000000000000f001',
        State: {Code: 16, Name: 'running'},
        PrivateIpAddress: '10.1.0.99',
        SubnetId: subnetId,
        VpcId: 'vpc-0b000000000000001',
        SecurityGroups: [],
        NetworkInterfaces: [
          {
            Attachment: {DeviceIndex: 0, Status: 'attached'},
            Groups: [],
            NetworkInterfaceId: 'eni-0appliance000001',
            PrivateIpAddress: '10.1.0.99',
            PrivateIpAddresses: [{Primary: true, PrivateIpAddress: '10.1.0.99'}],
            SourceDestCheck: sourceDestCheck,
            SubnetId: subnetId,
            VpcId: 'vpc-0b000000000000001',
          },
        ],
        Tags: [],
      },
    ],
  })
}

function addPrefixList(s: Snapshot, id: string, cidrs: string[]): void {
  s['ec2-describe-prefix-lists'].PrefixLists.push({PrefixListId: id, PrefixListName: `customer-${id}`, Cidrs: cidrs})
}

const vpn = (s: Snapshot): any => s['ec2-describe-vpn-connections'].VpnConnections[0]
const privateTable = (s: Snapshot): any => routeTableById(s, 'rtb-0b000000000private')
const publicTable = (s: Snapshot): any => routeTableById(s, 'rtb-0b0000000000public')

// ----- the cases ------------------------------------------------------------------------------

interface Case {
  name: string
  base: () => Snapshot
  change?: (s: Snapshot) => void
  from: string
  to: string
  ephemeral?: PortRange
  verdict: Verdict
  /** Codes of every blocker, in path order. */
  codes?: string[]
  reachable?: string[]
  notReachable?: string[]
  /** Something the missing-data list must name. */
  missing?: string
  /** Something the hops must mention. */
  hop?: string
}

const cases: Record<string, Case[]> = {
  '1. "internet" is the routable public address space': [
    // "An internet gateway ... performs network address translation for instances that have been assigned public IPv4
    // addresses"; RFC 1918/6598 sources never arrive through it (IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS).
    {
      name: 'an anti-spoofing NACL (deny RFC 1918 sources) keeps a world-open port reachable from the internet',
      base: publicTopology,
      change: (s) => {
        openToWorld(s, 'ElasticMapReduce-master', 8088)
        acls(s)[0].Entries.push(aclEntry(50, false, 'deny', '10.0.0.0/8'), aclEntry(51, false, 'deny', '172.16.0.0/12'), aclEntry(52, false, 'deny', '192.168.0.0/16'))
      },
      from: 'internet',
      to: `${PRIMARY}:8088`,
      verdict: 'reachable',
      codes: [],
    },
    // Same: "0.0.0.0/0" as a source means the internet.
    {
      name: '0.0.0.0/0 as the source is the internet too',
      base: publicTopology,
      change: (s) => {
        openToWorld(s, 'ElasticMapReduce-master', 8088)
        acls(s)[0].Entries.push(aclEntry(50, false, 'deny', '10.0.0.0/8'), aclEntry(51, false, 'deny', '100.64.0.0/10'))
      },
      from: '0.0.0.0/0',
      to: `${PRIMARY}:8088`,
      verdict: 'reachable',
      codes: [],
    },
    // Reachability Analyzer: IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS, an internet gateway drops RFC 1918 sources.
    {
      name: 'RFC 1918 sources never arrive through an internet gateway',
      base: publicTopology,
      change: (s) => openToWorld(s, 'ElasticMapReduce-master', 8088),
      from: '192.168.0.0/16',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'],
    },
    // Reachability Analyzer: IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS, shared address space (100.64.0.0/10) likewise.
    {
      name: 'CGNAT (RFC 6598) sources never arrive through an internet gateway',
      base: publicTopology,
      change: (s) => openToWorld(s, 'ElasticMapReduce-master', 8088),
      from: '100.64.0.0/10',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS'],
    },
    {
      name: 'a range straddling CGNAT space is reachable from its public part only',
      base: publicTopology,
      change: (s) => openToWorld(s, 'ElasticMapReduce-master', 8088),
      from: '100.0.0.0/8',
      to: `${PRIMARY}:8088`,
      verdict: 'partially-reachable',
      codes: ['IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS'],
      reachable: ['100.0.0.0/10', '100.128.0.0/9'],
      notReachable: ['100.64.0.0/10'],
    },
    // "Network ACLs are stateless ... rules are evaluated starting with the lowest numbered rule."
    {
      name: 'a NACL denying half the internet leaves the other half',
      base: publicTopology,
      change: (s) => {
        openToWorld(s, 'ElasticMapReduce-master', 8088)
        acls(s)[0].Entries.push(aclEntry(50, false, 'deny', '0.0.0.0/1'))
      },
      from: '0.0.0.0/0',
      to: `${PRIMARY}:8088`,
      verdict: 'partially-reachable',
      codes: ['SUBNET_ACL_RESTRICTION'],
    },
  ],

  '2. IPv6 end to end': [
    // "To enable communication over the internet for IPv6, ... add a route ... ::/0 ... to the internet gateway"; IPv6 addresses are globally unique.
    {
      name: 'a routed IPv6 address behind ::/0 → IGW is reachable from the IPv6 internet',
      base: publicTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0a00000000000pub', PRIMARY_ID, '2600:1f18:aaaa:1::10', '2600:1f18:aaaa:1::/64')
        routeTableById(s, 'rtb-0a0000000000public').Routes.push(route('::/0', {GatewayId: 'igw-0a00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-master', 8088, '::/0')
      },
      from: '::/0',
      to: `${PRIMARY}:8088`,
      verdict: 'reachable',
      codes: [],
    },
    // Whatever the subnet is called: a "private" subnet whose table sends ::/0 to an IGW is public for IPv6.
    {
      name: 'the "private" subnet with ::/0 → IGW exposes the primary over IPv6',
      base: privateTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0b0000000000priv', PRIMARY_ID, '2600:1f18:bbbb:1::10', '2600:1f18:bbbb:1::/64')
        privateTable(s).Routes.push(route('::/0', {GatewayId: 'igw-0b00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-Master-Private', 8088, '::/0')
      },
      from: '::/0',
      to: `${PRIMARY}:8088`,
      verdict: 'reachable',
      codes: [],
    },
    {
      name: '"internet" asks both families: IPv6 gets in, IPv4 does not (NAT, no IPv4 rule)',
      base: privateTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0b0000000000priv', PRIMARY_ID, '2600:1f18:bbbb:1::10', '2600:1f18:bbbb:1::/64')
        privateTable(s).Routes.push(route('::/0', {GatewayId: 'igw-0b00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-Master-Private', 8088, '::/0')
      },
      from: 'internet',
      to: `${PRIMARY}:8088`,
      verdict: 'partially-reachable',
      codes: ['NGW_REQUIRES_SOURCE_IN_VPC', 'ENI_SG_RULES_MISMATCH'],
    },
    // An IPv6 rule opens nothing on an interface that has no IPv6 address.
    {
      name: 'an IPv6 rule on an instance without an IPv6 address opens nothing',
      base: publicTopology,
      change: (s) => {
        routeTableById(s, 'rtb-0a0000000000public').Routes.push(route('::/0', {GatewayId: 'igw-0a00000000000001'}))
        for (const acl of acls(s)) acl.Entries.push(aclEntry(101, false, 'allow', '::/0'), aclEntry(101, true, 'allow', '::/0'))
        openToWorld(s, 'ElasticMapReduce-master', 8088, '::/0')
      },
      from: '::/0',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'],
    },
    {
      name: '…and "internet" then asks IPv4 only, which the groups do not admit',
      base: publicTopology,
      change: (s) => {
        routeTableById(s, 'rtb-0a0000000000public').Routes.push(route('::/0', {GatewayId: 'igw-0a00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-master', 8088, '::/0')
      },
      from: 'internet',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['ENI_SG_RULES_MISMATCH'],
    },
    // "An egress-only internet gateway ... prevents hosts outside of your VPC from initiating an IPv6 connection with your instance."
    {
      name: '::/0 → egress-only IGW admits no connection from outside',
      base: privateTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0b0000000000priv', PRIMARY_ID, '2600:1f18:bbbb:1::10', '2600:1f18:bbbb:1::/64')
        privateTable(s).Routes.push(route('::/0', {EgressOnlyInternetGatewayId: 'eigw-0b0000000000001'}))
        openToWorld(s, 'ElasticMapReduce-Master-Private', 8088, '::/0')
      },
      from: '::/0',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['NO_PATH'],
    },
    {
      name: "…but carries the instance's own IPv6 connections out",
      base: privateTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0b0000000000priv', PRIMARY_ID, '2600:1f18:bbbb:1::10', '2600:1f18:bbbb:1::/64')
        privateTable(s).Routes.push(route('::/0', {EgressOnlyInternetGatewayId: 'eigw-0b0000000000001'}))
      },
      from: PRIMARY_ID,
      to: '2001:4860:4860::8888:443',
      verdict: 'reachable',
      codes: [],
    },
    {
      name: 'an instance named by its IPv6 address',
      base: publicTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0a00000000000pub', PRIMARY_ID, '2600:1f18:aaaa:1::10', '2600:1f18:aaaa:1::/64')
        routeTableById(s, 'rtb-0a0000000000public').Routes.push(route('::/0', {GatewayId: 'igw-0a00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-master', 8088, '::/0')
      },
      from: '2a00:1450::/32',
      to: '2600:1f18:aaaa:1:0:0:0:10:8088',
      verdict: 'reachable',
      codes: [],
    },
    // Network ACL IPv6 entries are evaluated like IPv4 ones, in rule order.
    {
      name: 'an IPv6 NACL deny blocks the IPv6 path',
      base: publicTopology,
      change: (s) => {
        enableIpv6(s, 'subnet-0a00000000000pub', PRIMARY_ID, '2600:1f18:aaaa:1::10', '2600:1f18:aaaa:1::/64')
        routeTableById(s, 'rtb-0a0000000000public').Routes.push(route('::/0', {GatewayId: 'igw-0a00000000000001'}))
        openToWorld(s, 'ElasticMapReduce-master', 8088, '::/0')
        acls(s)[0].Entries.push(aclEntry(50, false, 'deny', '::/0', [8088, 8088]))
      },
      from: '::/0',
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['SUBNET_ACL_RESTRICTION'],
    },
  ],

  '3. union of rules (engine side)': [
    // "If there is more than one rule for a specific port, Amazon EC2 applies the most permissive rule."
    {
      name: 'two /1 rules together admit the whole internet',
      base: publicTopology,
      change: (s) => openToWorld(s, 'ElasticMapReduce-master', 8088, '0.0.0.0/1', '128.0.0.0/1'),
      from: 'internet',
      to: `${PRIMARY}:8088`,
      verdict: 'reachable',
      codes: [],
    },
  ],

  '4. unknown is unknown': [
    // A prefix list's entries decide what a rule referencing it admits: without them the data cannot tell.
    {
      name: 'a security group rule naming a prefix list whose entries are missing',
      base: privateTopology,
      change: (s) => securityGroup(s, 'bastion').IpPermissions.push(fromPrefixList(22, 'pl-0c0ffee000000001')),
      from: '198.51.100.0/24',
      to: `${BASTION}:22`,
      verdict: 'unknown',
      missing: 'pl-0c0ffee000000001',
    },
    {
      name: '…with its entries it is decided',
      base: privateTopology,
      change: (s) => {
        securityGroup(s, 'bastion').IpPermissions.push(fromPrefixList(22, 'pl-0c0ffee000000001'))
        addPrefixList(s, 'pl-0c0ffee000000001', ['198.51.100.0/24'])
      },
      from: '198.51.100.0/24',
      to: `${BASTION}:22`,
      verdict: 'reachable',
      codes: [],
    },
    {
      name: '…and covers only the range its entries do',
      base: privateTopology,
      change: (s) => {
        securityGroup(s, 'bastion').IpPermissions.push(fromPrefixList(22, 'pl-0c0ffee000000001'))
        addPrefixList(s, 'pl-0c0ffee000000001', ['198.51.100.0/25'])
      },
      from: '198.51.100.0/24',
      to: `${BASTION}:22`,
      verdict: 'partially-reachable',
      codes: ['ENI_SG_RULES_MISMATCH'],
      reachable: ['198.51.100.0/25'],
      notReachable: ['198.51.100.128/25'],
    },
    {
      name: 'a route to a prefix list whose entries are missing',
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('pl-0c0ffee000000002', {NatGatewayId: 'nat-0b00000000000001'})),
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'pl-0c0ffee000000002',
    },
    {
      name: 'an attached security group that is not in the data',
      base: vpnTopology,
      change: (s) => {
        const groups = s['ec2-describe-security-groups'].SecurityGroups
        groups.splice(
          groups.findIndex((g: any) => g.GroupId === 'sg-0b00000000onprem1'),
          1,
        )
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'sg-0b00000000onprem1',
    },
    {
      name: 'a target in a subnet that is not in the data',
      base: privateTopology,
      change: (s) => {
        s['ec2-describe-subnets'].Subnets = s['ec2-describe-subnets'].Subnets.filter((x: any) => x.SubnetId !== 'subnet-0b0000000000priv')
      },
      from: BASTION,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'subnet-0b0000000000priv',
    },
    {
      name: 'a target in another VPC, without peering or transit gateway data',
      base: privateTopology,
      change: (s) => {
        s['ec2-describe-vpcs'].Vpcs.push({CidrBlock: '10.9.0.0/16', VpcId: 'vpc-0c000000000000009', State: 'available', IsDefault: false, OwnerId: ACCOUNT})
        s['ec2-describe-subnets'].Subnets.push({
          SubnetId: 'subnet-0c0000000000009',
          VpcId: 'vpc-0c000000000000009',
          CidrBlock: '10.9.1.0/24',
          AvailabilityZone: 'us-east-1a',
          MapPublicIpOnLaunch: false,
          State: 'available',
          Ipv6CidrBlockAssociationSet: [],
        })
        const other = structuredClone(instanceById(s, BASTION))
        Object.assign(other, {InstanceId: 'i-0c00000000000c009', PrivateIpAddress: '10.9.1.10', SubnetId: 'subnet-0c0000000000009', VpcId: 'vpc-0c000000000000009'})
        delete other.PublicIpAddress
        other.NetworkInterfaces = [
          {
            ...other.NetworkInterfaces[0],
            Association: undefined,
            NetworkInterfaceId: 'eni-0c00000000000c009',
            PrivateIpAddress: '10.9.1.10',
            PrivateIpAddresses: [{Primary: true, PrivateIpAddress: '10.9.1.10'}],
            SubnetId: 'subnet-0c0000000000009',
            VpcId: 'vpc-0c000000000000009',
          },
        ]
        s['ec2-describe-instances'].Reservations[0].Instances.push(other)
      },
      from: BASTION,
      to: 'i-0c00000000000c009:22',
      verdict: 'unknown',
      missing: 'vpc-0c000000000000009',
    },
    // "A VGW alone is not enough": without VPN connections (Direct Connect is not in the data) the data cannot tell.
    {
      name: 'a VGW with no VPN connection in the data',
      base: vpnTopology,
      change: (s) => {
        s['ec2-describe-vpn-connections'].VpnConnections = []
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'vgw-0b00000000000001',
    },
    // Transit gateway route tables are not collected: TGW_RTB_ROUTES_ARE_UNKNOWN.
    {
      name: 'on-premises through a transit gateway whose route tables are not in the data',
      base: vpnTopology,
      change: (s) => {
        const vgwRoute = privateTable(s).Routes.find((r: any) => r.GatewayId === 'vgw-0b00000000000001')
        delete vgwRoute.GatewayId
        vgwRoute.TransitGatewayId = 'tgw-0b00000000000001'
        s['ec2-describe-transit-gateway-vpc-attachments'].TransitGatewayVpcAttachments = [
          {TransitGatewayAttachmentId: 'tgw-attach-0b0000000001', TransitGatewayId: 'tgw-0b00000000000001', VpcId: 'vpc-0b000000000000001', State: 'available', SubnetIds: ['subnet-0b0000000000priv']},
        ]
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'tgw-0b00000000000001',
    },
  ],

  '5. the right interface': [
    // "Each instance has a default network interface, called the primary network interface" (device index 0).
    {
      name: 'the primary interface is DeviceIndex 0, not the first in the JSON',
      base: privateTopology,
      change: (s) => {
        const primary = instanceById(s, PRIMARY_ID)
        primary.NetworkInterfaces.unshift({
          Attachment: {DeviceIndex: 1, Status: 'attached'},
          Groups: [{GroupId: 'sg-0b0000000bastion1'}],
          NetworkInterfaceId: 'eni-0secondary000001',
          PrivateIpAddress: '10.1.0.77',
          PrivateIpAddresses: [{Primary: true, PrivateIpAddress: '10.1.0.77'}],
          SourceDestCheck: true,
          SubnetId: 'subnet-0b00000000000pub',
          VpcId: 'vpc-0b000000000000001',
        })
      },
      from: BASTION,
      to: `${PRIMARY}:22`,
      verdict: 'reachable',
      codes: [],
    },
    {
      name: 'a secondary interface is judged with its own groups and subnet',
      base: privateTopology,
      change: (s) => {
        const primary = instanceById(s, PRIMARY_ID)
        primary.NetworkInterfaces.push({
          Attachment: {DeviceIndex: 1, Status: 'attached'},
          Groups: [{GroupId: 'sg-0b0000000bastion1'}],
          NetworkInterfaceId: 'eni-0secondary000001',
          PrivateIpAddress: '10.1.0.77',
          PrivateIpAddresses: [{Primary: true, PrivateIpAddress: '10.1.0.77'}],
          SourceDestCheck: true,
          SubnetId: 'subnet-0b00000000000pub',
          VpcId: 'vpc-0b000000000000001',
        })
      },
      from: BASTION,
      to: '10.1.0.77:22',
      verdict: 'not-reachable',
      codes: ['ENI_SG_RULES_MISMATCH'],
    },
    // Reachability Analyzer: IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, the IGW rejects traffic not addressed to a public IP.
    {
      name: 'from the internet, the private IP is not an address',
      base: privateTopology,
      from: ADMIN_CIDR,
      to: '10.1.0.10:22',
      verdict: 'not-reachable',
      codes: ['IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'],
    },
    {name: 'from the internet, the public IP is', base: privateTopology, from: ADMIN_CIDR, to: '54.0.1.10:22', verdict: 'reachable', codes: []},
    // Security group references match only traffic between private addresses: via a public IP the source is the NAT's address.
    {
      name: 'a security group reference admits the primary by private IP',
      base: privateTopology,
      change: (s) => securityGroup(s, 'bastion').IpPermissions.push(tcpFromGroup(22, 'sg-0b00000000primary')),
      from: PRIMARY_ID,
      to: `${BASTION}:22`,
      verdict: 'reachable',
      codes: [],
    },
    {
      name: "…but not by public IP (the flow arrives through the IGW from the NAT's address)",
      base: privateTopology,
      change: (s) => securityGroup(s, 'bastion').IpPermissions.push(tcpFromGroup(22, 'sg-0b00000000primary')),
      from: PRIMARY_ID,
      to: '54.0.1.10:22',
      verdict: 'not-reachable',
      codes: ['ENI_SG_RULES_MISMATCH'],
    },
    {
      name: "…where a rule for the NAT gateway's public IP does match",
      base: privateTopology,
      change: (s) => securityGroup(s, 'bastion').IpPermissions.push(tcpFromCidr(22, '54.0.1.5/32')),
      from: PRIMARY_ID,
      to: '54.0.1.10:22',
      verdict: 'reachable',
      codes: [],
    },
  ],

  '6. every address of the range, every hop of the route': [
    {
      name: 'a security group rule for half the range',
      base: privateTopology,
      from: '203.0.112.0/23',
      to: `${BASTION}:22`,
      verdict: 'partially-reachable',
      codes: ['ENI_SG_RULES_MISMATCH'],
      reachable: ['203.0.113.0/24'],
      notReachable: ['203.0.112.0/24'],
    },
    // "A blackhole route ... traffic ... is dropped" (BAD_STATE_ROUTE), for the part of the range it covers.
    {
      name: 'a more specific blackhole inside the on-premises range',
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('192.168.10.128/25', {GatewayId: 'vgw-0b00000000000002'}, {State: 'blackhole'})),
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'partially-reachable',
      codes: ['BAD_STATE_ROUTE'],
      reachable: ['192.168.10.0/25'],
      notReachable: ['192.168.10.128/25'],
    },
    {
      name: 'a more specific route to another target inside the range',
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('192.168.10.128/25', {NatGatewayId: 'nat-0b00000000000001'})),
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'partially-reachable',
      codes: ['NGW_REQUIRES_SOURCE_IN_VPC'],
      reachable: ['192.168.10.0/25'],
      notReachable: ['192.168.10.128/25'],
    },
    // "we direct traffic using the most specific route that matches the traffic. This is known as the longest prefix match."
    {
      name: 'longest prefix: a broader route elsewhere does not matter',
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('192.168.0.0/16', {NatGatewayId: 'nat-0b00000000000001'})),
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'reachable',
      codes: [],
    },
    // "If the destination of a propagated route is identical to the destination of a static route, the static route takes priority."
    {
      name: 'a static route beats a propagated one for the same prefix',
      base: vpnTopology,
      change: (s) => {
        const table = privateTable(s)
        const vgwRoute = table.Routes.find((r: any) => r.GatewayId === 'vgw-0b00000000000001')
        delete vgwRoute.GatewayId
        vgwRoute.NatGatewayId = 'nat-0b00000000000001'
        table.PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'not-reachable',
      codes: ['NGW_REQUIRES_SOURCE_IN_VPC'],
    },
    // "If your route table has a propagated route that matches a route referencing a prefix list, the route referencing the prefix list takes priority."
    {
      name: 'a prefix-list route beats a propagated one',
      base: vpnTopology,
      change: (s) => {
        const table = privateTable(s)
        table.Routes = table.Routes.filter((r: any) => r.GatewayId !== 'vgw-0b00000000000001')
        table.Routes.push(route('pl-0c0ffee000000003', {NatGatewayId: 'nat-0b00000000000001'}))
        table.PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]
        addPrefixList(s, 'pl-0c0ffee000000003', [ONPREM_CIDR])
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'not-reachable',
      codes: ['NGW_REQUIRES_SOURCE_IN_VPC'],
    },
    // Middlebox: "route traffic between subnets through a middlebox appliance ... more specific than the local route".
    {
      name: 'a route more specific than local is followed through the appliance',
      base: privateTopology,
      change: (s) => {
        addAppliance(s, 'subnet-0b00000000000pub', false)
        publicTable(s).Routes.push(route('10.1.1.0/24', {NetworkInterfaceId: 'eni-0appliance000001'}))
      },
      from: BASTION,
      to: `${PRIMARY}:22`,
      verdict: 'reachable',
      codes: [],
      hop: 'eni-0appliance000001',
    },
    // "disable source/destination checks on the appliance": with the check on it drops forwarded traffic.
    {
      name: '…and an appliance with source/destination check on drops it',
      base: privateTopology,
      change: (s) => {
        addAppliance(s, 'subnet-0b00000000000pub', true)
        publicTable(s).Routes.push(route('10.1.1.0/24', {NetworkInterfaceId: 'eni-0appliance000001'}))
      },
      from: BASTION,
      to: `${PRIMARY}:22`,
      verdict: 'not-reachable',
      codes: ['ENI_SOURCE_DEST_CHECK_RESTRICTION'],
    },
    // "A gateway route table ... associated with an internet gateway ... controls traffic entering your VPC."
    {
      name: 'a gateway route table sends inbound traffic through an appliance',
      base: privateTopology,
      change: (s) => {
        addAppliance(s, 'subnet-0b00000000000pub', true)
        s['ec2-describe-route-tables'].RouteTables.push({
          RouteTableId: 'rtb-0b0000000000edge',
          VpcId: 'vpc-0b000000000000001',
          PropagatingVgws: [],
          Tags: [],
          Associations: [{Main: false, GatewayId: 'igw-0b00000000000001', RouteTableId: 'rtb-0b0000000000edge', AssociationState: {State: 'associated'}}],
          Routes: [{DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active'}, route('10.1.0.0/24', {NetworkInterfaceId: 'eni-0appliance000001'})],
        })
      },
      from: ADMIN_CIDR,
      to: `${BASTION}:22`,
      verdict: 'not-reachable',
      codes: ['ENI_SOURCE_DEST_CHECK_RESTRICTION'],
    },
  ],

  '7. gateways are hops': [
    // "You route traffic from the NAT gateway to the internet gateway for the VPC."
    {name: "out through the NAT gateway and its subnet's internet gateway", base: privateTopology, from: PRIMARY_ID, to: '8.8.8.8:443', verdict: 'reachable', codes: []},
    {
      name: "the NAT gateway's subnet has no route to the internet",
      base: privateTopology,
      change: (s) => {
        publicTable(s).Routes = publicTable(s).Routes.filter((r: any) => !r.GatewayId?.startsWith('igw-'))
      },
      from: PRIMARY_ID,
      to: '8.8.8.8:443',
      verdict: 'not-reachable',
      codes: ['NO_ROUTE_TO_DESTINATION'],
    },
    // "if you route traffic from the private NAT gateway to the internet gateway, the internet gateway drops the traffic."
    {
      name: 'a private NAT gateway gives no internet egress',
      base: privateTopology,
      change: (s) => {
        s['ec2-describe-nat-gateways'].NatGateways[0].ConnectivityType = 'private'
      },
      from: PRIMARY_ID,
      to: '8.8.8.8:443',
      verdict: 'not-reachable',
      codes: ['NO_PATH'],
    },
    {
      name: "the NAT gateway's subnet ACL must pass the flow",
      base: privateTopology,
      change: (s) => {
        const acl = structuredClone(acls(s)[0])
        Object.assign(acl, {NetworkAclId: 'acl-0b0000000000000nat', IsDefault: false})
        acl.Associations = [{NetworkAclId: 'acl-0b0000000000000nat', SubnetId: 'subnet-0b00000000000pub'}]
        acl.Entries.push(aclEntry(10, true, 'deny', '0.0.0.0/0', [443, 443]))
        acls(s)[0].Associations = acls(s)[0].Associations.filter((a: any) => a.SubnetId !== 'subnet-0b00000000000pub')
        acls(s).push(acl)
      },
      from: PRIMARY_ID,
      to: '8.8.8.8:443',
      verdict: 'not-reachable',
      codes: ['SUBNET_ACL_RESTRICTION'],
    },
    // "external services can't initiate a connection with those instances" — nor with the NAT gateway.
    {name: "nothing reaches the NAT gateway's address from the internet", base: privateTopology, from: 'internet', to: '54.0.1.5:443', verdict: 'not-reachable', codes: ['NO_PATH']},
    // "Only IP prefixes that are known to the virtual private gateway, whether through BGP advertisements or a static route entry, can receive traffic."
    {
      name: "an on-premises range outside the VPN's static routes",
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('192.168.0.0/16', {GatewayId: 'vgw-0b00000000000001'})),
      from: '192.168.20.0/24',
      to: `${PRIMARY}:22`,
      verdict: 'not-reachable',
      codes: ['NO_ROUTE_TO_DESTINATION', 'ENI_SG_RULES_MISMATCH'],
    },
    {
      name: 'a BGP VPN whose learned prefixes are not in the data',
      base: vpnTopology,
      change: (s) => {
        vpn(s).Options.StaticRoutesOnly = false
        vpn(s).Routes = []
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'unknown',
      missing: 'BGP',
    },
    {
      name: 'a BGP VPN whose propagated routes are in the data',
      base: vpnTopology,
      change: (s) => {
        vpn(s).Options.StaticRoutesOnly = false
        vpn(s).Routes = []
        const table = privateTable(s)
        table.PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]
        table.Routes = table.Routes.filter((r: any) => r.GatewayId !== 'vgw-0b00000000000001')
        table.Routes.push({DestinationCidrBlock: ONPREM_CIDR, GatewayId: 'vgw-0b00000000000001', Origin: 'EnableVgwRoutePropagation', State: 'active'})
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'reachable',
      codes: [],
    },
    {
      name: 'one tunnel up is enough',
      base: vpnTopology,
      change: (s) => {
        vpn(s).VgwTelemetry[0].Status = 'DOWN'
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'reachable',
      codes: [],
    },
    // Outbound over the VPN: "Only IP prefixes that are known to the virtual private gateway ... can receive traffic from your VPC."
    {name: 'the primary reaches on-premises over the VPN', base: vpnTopology, from: PRIMARY_ID, to: '192.168.10.5:22', verdict: 'reachable', codes: []},
    {
      name: 'the primary cannot reach an on-premises address outside the static routes',
      base: vpnTopology,
      change: (s) => privateTable(s).Routes.push(route('192.168.0.0/16', {GatewayId: 'vgw-0b00000000000001'})),
      from: PRIMARY_ID,
      to: '192.168.20.5:22',
      verdict: 'not-reachable',
      codes: ['NO_ROUTE_TO_DESTINATION'],
    },
    // "Instances ... must have a public IPv4 address or an Elastic IP address" to use the internet gateway; the S3 gateway endpoint needs none.
    {
      name: 'without a public IP only the S3 gateway endpoint part of the internet is reachable',
      base: publicTopology,
      change: (s) => {
        const primary = instanceById(s, PRIMARY_ID)
        delete primary.PublicIpAddress
        delete primary.NetworkInterfaces[0].Association
        delete primary.NetworkInterfaces[0].PrivateIpAddresses[0].Association
      },
      from: PRIMARY_ID,
      to: 'internet:443',
      verdict: 'partially-reachable',
      codes: ['IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS'],
      reachable: ['3.5.0.0/19', '52.216.0.0/15', '54.231.0.0/16'],
    },
    {
      name: 'both tunnels down',
      base: vpnTopology,
      change: (s) => {
        for (const t of vpn(s).VgwTelemetry) t.Status = 'DOWN'
      },
      from: ONPREM_CIDR,
      to: `${PRIMARY}:22`,
      verdict: 'not-reachable',
      codes: ['BAD_STATE_VPN'],
    },
  ],

  '8. instance state and client ports': [
    // A stopped instance has no running network stack: nothing answers, nothing is sent.
    {name: 'a stopped primary is not reachable', base: privateTopology, change: (s) => stopInstance(s, PRIMARY_ID), from: BASTION, to: `${PRIMARY}:22`, verdict: 'not-reachable', codes: ['BAD_STATE']},
    {name: 'a stopped bastion sends nothing', base: privateTopology, change: (s) => stopInstance(s, BASTION), from: BASTION, to: `${PRIMARY}:22`, verdict: 'not-reachable', codes: ['BAD_STATE']},
    // "the client ... uses ... ephemeral ports ... Many Linux kernels ... use ports 32768-61000"; a NACL must allow them back.
    {
      name: 'a NACL returning only 32768-65535 blocks clients on 1024-65535',
      base: privateTopology,
      change: (s) => {
        const entries = acls(s)[0].Entries
        acls(s)[0].Entries = entries.filter((e: any) => !(e.Egress && e.RuleNumber === 100))
        acls(s)[0].Entries.push(aclEntry(90, true, 'allow', '0.0.0.0/0', [32768, 65535]), aclEntry(91, true, 'allow', '10.1.0.0/16'))
      },
      from: ADMIN_CIDR,
      to: `${BASTION}:22`,
      verdict: 'not-reachable',
      codes: ['SUBNET_ACL_RESTRICTION'],
    },
    {
      name: '…and passes Linux clients (--ephemeral-ports 32768-60999)',
      base: privateTopology,
      change: (s) => {
        const entries = acls(s)[0].Entries
        acls(s)[0].Entries = entries.filter((e: any) => !(e.Egress && e.RuleNumber === 100))
        acls(s)[0].Entries.push(aclEntry(90, true, 'allow', '0.0.0.0/0', [32768, 65535]), aclEntry(91, true, 'allow', '10.1.0.0/16'))
      },
      from: ADMIN_CIDR,
      to: `${BASTION}:22`,
      ephemeral: {from: 32768, to: 60999},
      verdict: 'reachable',
      codes: [],
    },
  ],

  '9. every blocker': [
    {
      name: 'a NACL and the security group both block',
      base: privateTopology,
      change: (s) => acls(s)[0].Entries.push(aclEntry(10, false, 'deny', '0.0.0.0/0', [8088, 8088])),
      from: ADMIN_CIDR,
      to: `${BASTION}:8088`,
      verdict: 'not-reachable',
      codes: ['SUBNET_ACL_RESTRICTION', 'ENI_SG_RULES_MISMATCH'],
    },
    {
      name: "both ends' security groups block",
      base: privateTopology,
      change: (s) => {
        securityGroup(s, 'bastion').IpPermissionsEgress = []
      },
      from: BASTION,
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['ENI_SG_RULES_MISMATCH', 'ENI_SG_RULES_MISMATCH'],
    },
    {
      name: 'a stopped primary behind a closed port: both said',
      base: privateTopology,
      change: (s) => stopInstance(s, PRIMARY_ID),
      from: BASTION,
      to: `${PRIMARY}:8088`,
      verdict: 'not-reachable',
      codes: ['BAD_STATE', 'ENI_SG_RULES_MISMATCH'],
    },
  ],
}

describe('the engine follows AWS semantics', () => {
  it('has at least 40 cases, some of them unknown', () => {
    const all = Object.values(cases).flat()
    expect(all.length).toBeGreaterThanOrEqual(40)
    expect(all.filter((c) => c.verdict === 'unknown').length).toBeGreaterThanOrEqual(5)
  })

  for (const [point, list] of Object.entries(cases)) {
    describe(point, () => {
      for (const c of list) {
        it(c.name, () => {
          const snapshot = c.base()
          c.change?.(snapshot)
          const result = reach(snapshot, c.from, c.to, c.ephemeral)
          // SHOW_CASES=1 prints every case's answer hop by hop, to review the suite against AWS by eye.
          if (process.env.SHOW_CASES)
            console.log(
              `### ${c.name}\n${result.verdict}: ${result.summary}\n${result.hops.map((h) => `  ${h.verdict} ${h.kind} ${h.direction ?? ''} ${h.component}: ${h.detail} ${h.code ?? ''}`).join('\n')}`,
            )
          const explain = `${result.summary}\n${result.hops.map((h) => `  ${h.verdict} ${h.kind} ${h.component}: ${h.detail} ${h.code ?? ''}`).join('\n')}`
          expect(result.verdict, explain).toBe(c.verdict)
          if (c.codes)
            expect(
              result.blockers.map((b) => b.code),
              explain,
            ).toEqual(c.codes)
          if (c.reachable) expect(result.ranges?.reachable, explain).toEqual(c.reachable)
          if (c.notReachable) expect(result.ranges?.notReachable, explain).toEqual(c.notReachable)
          if (c.missing) expect(result.missingData.join('; '), explain).toContain(c.missing)
          if (c.hop) expect(result.hops.map((h) => `${h.component} ${h.detail}`).join('\n'), explain).toContain(c.hop)
          if (c.verdict === 'unknown') expect(result.missingData.length).toBeGreaterThan(0)
          if (c.verdict === 'not-reachable') expect(result.blockers.length).toBeGreaterThan(0)
        })
      }
    })
  }

  it('egress rules are judged too: the bastion egress rule list is the union of its groups', () => {
    const snapshot = privateTopology()
    securityGroup(snapshot, 'bastion').IpPermissionsEgress = egressAll()
    expect(reach(snapshot, BASTION, `${PRIMARY}:22`).verdict).toBe('reachable')
  })
})
