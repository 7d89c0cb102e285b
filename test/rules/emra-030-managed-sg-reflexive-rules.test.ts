import rule from '../../src/analysis/rules/security-groups/emra-030-managed-sg-reflexive-rules.js'
import {testRule} from '../support/rule-tester.js'
import {ACCOUNT, type Snapshot, privateTopology, publicTopology, securityGroup, vpnTopology} from '../support/topologies.js'

const fromGroup = (protocol: string, groupId: string, from?: number, to?: number) => ({
  IpProtocol: protocol,
  ...(from === undefined ? {} : {FromPort: from, ToPort: to}),
  IpRanges: [],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}],
})

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const isPeer = (permission: {IpProtocol: string; UserIdGroupPairs: {GroupId: string}[]}, protocol: string, groupId: string) =>
  permission.IpProtocol === protocol && permission.UserIdGroupPairs.some((pair) => pair.GroupId === groupId)

testRule(rule, {
  valid: [
    {name: 'public reference topology', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {
      name: 'all traffic (-1) from self and peer covers TCP, UDP and ICMP',
      snapshot: edit(publicTopology, (s) => {
        securityGroup(s, 'ElasticMapReduce-master').IpPermissions = [fromGroup('-1', 'sg-0a0000000000master'), fromGroup('-1', 'sg-0a00000000000slave')]
      }),
    },
    {
      name: 'TCP split over two rules still covers every port',
      snapshot: edit(publicTopology, (s) => {
        const master = securityGroup(s, 'ElasticMapReduce-master')
        master.IpPermissions = master.IpPermissions.filter((p: any) => !isPeer(p, 'tcp', 'sg-0a00000000000slave'))
        master.IpPermissions.push(fromGroup('tcp', 'sg-0a00000000000slave', 0, 1023), fromGroup('tcp', 'sg-0a00000000000slave', 1024, 65535))
      }),
    },
  ],
  invalid: [
    {
      name: 'primary group lost UDP from the core group',
      snapshot: edit(publicTopology, (s) => {
        const master = securityGroup(s, 'ElasticMapReduce-master')
        master.IpPermissions = master.IpPermissions.filter((p: any) => !isPeer(p, 'udp', 'sg-0a00000000000slave'))
      }),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          messageId: 'missingNodeRules',
          data: {groupId: 'sg-0a0000000000master', role: 'EMR-managed primary', clusterId: 'j-2AXXXXXXGAPLF', sourceGroupIds: 'sg-0a00000000000slave'},
          message: /sg-0a0000000000master \(ElasticMapReduce-master\).*all UDP from the core\/task managed group sg-0a00000000000slave/,
        },
      ],
    },
    {
      name: 'core group has no inbound rules at all',
      snapshot: edit(privateTopology, (s) => {
        securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions = []
      }),
      findings: [
        {
          resourceId: 'sg-0b0000000000core1',
          messageId: 'missingNodeRules',
          data: {groupId: 'sg-0b0000000000core1', role: 'EMR-managed core/task', sourceGroupIds: 'sg-0b0000000000core1, sg-0b00000000primary'},
          message: 'all TCP, all UDP, all ICMP from itself (sg-0b0000000000core1); all TCP, all UDP, all ICMP from the primary managed group',
        },
      ],
    },
    {
      name: 'TCP rule from self covers only part of the ports; ICMP limited to echo',
      snapshot: edit(publicTopology, (s) => {
        const master = securityGroup(s, 'ElasticMapReduce-master')
        master.IpPermissions = master.IpPermissions.filter((p: any) => !isPeer(p, 'tcp', 'sg-0a0000000000master') && !isPeer(p, 'icmp', 'sg-0a0000000000master'))
        master.IpPermissions.push(fromGroup('tcp', 'sg-0a0000000000master', 0, 1023), fromGroup('icmp', 'sg-0a0000000000master', 8, -1))
        const slave = securityGroup(s, 'ElasticMapReduce-slave')
        slave.IpPermissions = slave.IpPermissions.filter((p: any) => !isPeer(p, 'icmp', 'sg-0a0000000000master'))
      }),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          messageId: 'missingNodeRules',
          data: {groupId: 'sg-0a0000000000master', sourceGroupIds: 'sg-0a0000000000master'},
          message: 'all TCP, all ICMP from itself',
        },
        {
          resourceId: 'sg-0a00000000000slave',
          messageId: 'missingNodeRules',
          data: {groupId: 'sg-0a00000000000slave', sourceGroupIds: 'sg-0a0000000000master'},
          message: 'all ICMP from the primary managed group sg-0a0000000000master',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'managed core group not in the data',
      snapshot: edit(publicTopology, (s) => {
        s['ec2-describe-security-groups'].SecurityGroups = s['ec2-describe-security-groups'].SecurityGroups.filter((g: any) => g.GroupName !== 'ElasticMapReduce-slave')
      }),
      reason: 'the EMR-managed core/task security group sg-0a00000000000slave: not in the ec2:DescribeSecurityGroups data',
    },
    {name: 'security groups file absent', snapshot: edit(publicTopology, (s) => delete s['ec2-describe-security-groups']), reason: 'missing: ec2-describe-security-groups'},
  ],
})
