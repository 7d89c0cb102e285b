import rule from '../../src/analysis/rules/security-groups/emra-040-cluster-sg-open-to-world.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const allFromIpv6World = {IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [{CidrIpv6: '::/0'}], PrefixListIds: [], UserIdGroupPairs: []}
const tcpFromIpv6 = (from: number, cidr: string, to = from) => ({IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [], Ipv6Ranges: [{CidrIpv6: cidr}], PrefixListIds: [], UserIdGroupPairs: []})
const fromPrefixList = (from: number, id: string, to = from) => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  IpRanges: [],
  Ipv6Ranges: [],
  PrefixListIds: [{PrefixListId: id}],
  UserIdGroupPairs: [],
})
const icmpFromWorld = {IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{CidrIp: '0.0.0.0/0'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}

testRule(rule, {
  valid: [
    {name: 'public reference topology (8443 from AWS ranges, 22 from the admin CIDR)', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {
      // Private ranges never arrive through an internet gateway: together they are not the internet.
      name: 'UI port from all of RFC 1918 in three rules',
      snapshot: edit(
        vpnTopology,
        (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '10.0.0.0/8'), tcpFromCidr(8088, '172.16.0.0/12'), tcpFromCidr(8088, '192.168.0.0/16')),
      ),
    },
    {
      name: 'two halves of the internet on different ports do not add up',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8088, '0.0.0.0/1'), tcpFromCidr(8089, '128.0.0.0/1'))),
    },
    {
      name: 'the halves on the primary and core groups are on different nodes',
      snapshot: edit(publicTopology, (s) => {
        securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8088, '0.0.0.0/1'))
        securityGroup(s, 'ElasticMapReduce-slave').IpPermissions.push(tcpFromCidr(8088, '128.0.0.0/1'))
      }),
    },
  ],
  invalid: [
    {
      name: 'SSH and YARN open to the world on the public primary group',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/0'), tcpFromCidr(8088, '0.0.0.0/0'))),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          severity: 'high',
          messageId: 'worldOpenSsh',
          data: {groupId: 'sg-0a0000000000master', clusterId: 'j-2AXXXXXXGAPLF', cidr: '0.0.0.0/0', protocol: 'tcp', port: 22},
          message: 'sg-0a0000000000master (ElasticMapReduce-master) (EMR-managed primary group of j-2AXXXXXXGAPLF) allows inbound TCP 22 from 0.0.0.0/0',
        },
        {
          resourceId: 'sg-0a0000000000master',
          severity: 'critical',
          messageId: 'worldOpenUis',
          data: {groupId: 'sg-0a0000000000master', cidr: '0.0.0.0/0', port: 8088, uiPorts: '8088'},
          message: /TCP 8088 from 0\.0\.0\.0\/0.*YARN ResourceManager 8088/,
        },
      ],
    },
    {
      name: 'all traffic from ::/0 on the core group exposes the NodeManager UI',
      snapshot: edit(privateTopology, (s) => void securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions.push(allFromIpv6World)),
      findings: [
        {
          resourceId: 'sg-0b0000000000core1',
          severity: 'critical',
          messageId: 'worldOpenUis',
          data: {groupId: 'sg-0b0000000000core1', cidr: '::/0', protocol: '-1', opened: 'all traffic'},
          message: /all traffic from ::\/0.*YARN NodeManager 8042/,
        },
      ],
    },
    {
      name: 'additional primary group: SSH range 20-25 and ICMP from the world',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(20, '0.0.0.0/0', 25), icmpFromWorld)),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          severity: 'critical',
          messageId: 'worldOpen',
          data: {groupId: 'sg-0b00000000onprem1', role: 'additional primary', port: '20-25', fromPort: 20, toPort: 25},
          message: '(additional primary group of j-2AXXXXXXGAPLF) allows inbound TCP 20-25 from 0.0.0.0/0',
        },
        {resourceId: 'sg-0b00000000onprem1', severity: 'high', messageId: 'worldOpen', data: {groupId: 'sg-0b00000000onprem1', protocol: 'icmp', port: -1}, message: 'ICMP (all types) from 0.0.0.0/0'},
      ],
    },
    {
      // Security groups attached to one interface are one allow-list: the union of their rules decides.
      name: 'YARN from 0.0.0.0/1 on the managed group and 128.0.0.0/1 on an additional group: world-open together',
      snapshot: edit(vpnTopology, (s) => {
        securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissions.push(tcpFromCidr(8000, '0.0.0.0/1', 8100))
        securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '128.0.0.0/1'))
      }),
      findings: [
        {
          resourceId: 'sg-0b00000000primary',
          severity: 'critical',
          messageId: 'worldOpenByUnionUis',
          data: {groupId: 'sg-0b00000000primary', clusterId: 'j-2AXXXXXXGAPLF', cidr: '0.0.0.0/0', protocol: 'tcp', port: 8088, uiPorts: '8088'},
          message:
            /together admit inbound TCP 8088 from the whole internet \(0\.0\.0\.0\/0\), though no single rule does: sg-0b00000000primary TCP 8000-8100 from 0\.0\.0\.0\/1; sg-0b00000000onprem1 TCP 8088 from 128\.0\.0\.0\/1; it exposes the web UIs YARN ResourceManager 8088/,
        },
      ],
    },
    {
      name: 'every public address except RFC 1918, in rules that skip the private ranges, is the whole internet',
      snapshot: edit(
        publicTopology,
        (s) =>
          void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(
            ...[
              '0.0.0.0/5',
              '8.0.0.0/7',
              '11.0.0.0/8',
              '12.0.0.0/6',
              '16.0.0.0/4',
              '32.0.0.0/3',
              '64.0.0.0/2',
              '128.0.0.0/3',
              '160.0.0.0/5',
              '168.0.0.0/6',
              '172.0.0.0/12',
              '172.32.0.0/11',
              '172.64.0.0/10',
              '172.128.0.0/9',
              '173.0.0.0/8',
              '174.0.0.0/7',
              '176.0.0.0/4',
              '192.0.0.0/9',
              '192.128.0.0/11',
              '192.160.0.0/13',
              '192.169.0.0/16',
              '192.170.0.0/15',
              '192.172.0.0/14',
              '192.176.0.0/12',
              '192.192.0.0/10',
              '193.0.0.0/8',
              '194.0.0.0/7',
              '196.0.0.0/6',
              '200.0.0.0/5',
              '208.0.0.0/4',
              '224.0.0.0/3',
            ].map((cidr) => tcpFromCidr(22, cidr)),
          ),
      ),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          severity: 'high',
          messageId: 'worldOpenByUnion',
          data: {groupId: 'sg-0a0000000000master', cidr: '0.0.0.0/0', port: 22},
          message: /together admit inbound TCP 22 from the whole internet \(0\.0\.0\.0\/0\)/,
        },
      ],
    },
    {
      name: 'IPv6: 2000::/4 and 3000::/4 (global unicast in two halves) on the core group',
      snapshot: edit(privateTopology, (s) => void securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions.push(tcpFromIpv6(0, '2000::/4', 65535), tcpFromIpv6(0, '3000::/4', 65535))),
      findings: [
        {
          resourceId: 'sg-0b0000000000core1',
          severity: 'critical',
          messageId: 'worldOpenByUnionUis',
          data: {groupIds: 'sg-0b0000000000core1', cidr: '::/0', port: '0-65535'},
          message: /core node of j-2AXXXXXXGAPLF \(sg-0b0000000000core1\) together admit inbound all TCP ports from the whole internet \(::\/0\)/,
        },
      ],
    },
    {
      name: 'customer-managed prefix-list entries (get-managed-prefix-list-entries) that add up to the world',
      snapshot: edit(publicTopology, (s) => {
        s['ec2-get-managed-prefix-list-entries-pl-0c0ffee000000002'] = {Entries: [{Cidr: '0.0.0.0/1'}, {Cidr: '128.0.0.0/1', Description: 'the rest'}]}
        securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(fromPrefixList(22, 'pl-0c0ffee000000002'))
      }),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          severity: 'high',
          messageId: 'worldOpenSsh',
          data: {groupId: 'sg-0a0000000000master', cidr: 'pl-0c0ffee000000002', port: 22},
          message: 'allows inbound TCP 22 from pl-0c0ffee000000002, whose entries cover 0.0.0.0/0, the whole internet',
        },
      ],
    },
    {
      name: 'a customer-managed prefix list whose entries add up to the world',
      snapshot: edit(publicTopology, (s) => {
        s['ec2-describe-prefix-lists'] = {PrefixLists: [{PrefixListId: 'pl-0c0ffee000000001', PrefixListName: 'partners', Cidrs: ['0.0.0.0/1', '128.0.0.0/1']}]}
        securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(fromPrefixList(8088, 'pl-0c0ffee000000001'))
      }),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          severity: 'critical',
          messageId: 'worldOpenUis',
          data: {cidr: 'pl-0c0ffee000000001', port: 8088},
          message: 'allows inbound TCP 8088 from pl-0c0ffee000000001 (partners), whose entries cover 0.0.0.0/0, the whole internet',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a rule names a customer-managed prefix list whose entries are not in the data',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(fromPrefixList(8088, 'pl-0c0ffee000000009'))),
      reason: 'missing: ec2-get-managed-prefix-list-entries-pl-0c0ffee000000009 in test-snapshot.json',
    },
    {
      name: 'an additional primary group is not in the data',
      snapshot: edit(privateTopology, (s) => {
        s['ec2-describe-security-groups'].SecurityGroups = s['ec2-describe-security-groups'].SecurityGroups.filter((g: {GroupName: string}) => g.GroupName !== 'emr-ssh-from-bastion')
      }),
      reason: 'security groups of j-2AXXXXXXGAPLF (sg-0b0000000000ssh01, additional primary): not in the ec2:DescribeSecurityGroups data',
    },
  ],
})
