import rule from '../../src/analysis/rules/access/emra-071-bastion-ssh-open-to-world.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, securityGroup, tcpFromCidr} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  change(snapshot)
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'bastion admits SSH from the admin CIDR only', snapshot: privateTopology()},
    {
      name: 'SSH from the two halves of RFC 1918 space is not the internet',
      snapshot: edit((s) => void securityGroup(s, 'bastion').IpPermissions.push(tcpFromCidr(22, '10.0.0.0/8'), tcpFromCidr(22, '192.168.0.0/16'))),
    },
    {name: 'world-open HTTPS is not SSH', snapshot: edit((s) => void securityGroup(s, 'bastion').IpPermissions.push(tcpFromCidr(443, '0.0.0.0/0')))},
  ],
  invalid: [
    {
      name: 'SSH from IPv6 2000::/3 (all of global unicast) alone',
      snapshot: edit(
        (s) =>
          void securityGroup(s, 'bastion').IpPermissions.push({
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [],
            Ipv6Ranges: [{CidrIpv6: '2000::/3'}],
            PrefixListIds: [],
            UserIdGroupPairs: [],
          }),
      ),
      findings: [
        {
          resourceId: 'sg-0b0000000bastion1',
          messageId: 'worldOpen',
          data: {groupId: 'sg-0b0000000bastion1', bastionId: 'i-0000000000000b001', cidr: '2000::/3', port: 22},
          message: 'allows inbound TCP 22 from 2000::/3: SSH on the bastion is open to the whole internet',
        },
      ],
    },
    {
      name: 'SSH from two /1 rules',
      snapshot: edit((s) => void securityGroup(s, 'bastion').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/1'), tcpFromCidr(22, '128.0.0.0/1'))),
      findings: [
        {
          resourceId: 'sg-0b0000000bastion1',
          messageId: 'worldOpenByUnion',
          data: {groupIds: 'sg-0b0000000bastion1', cidr: '0.0.0.0/0'},
          message: 'The security groups of the bastion i-0000000000000b001 (sg-0b0000000bastion1) together admit TCP 22 from the whole internet (0.0.0.0/0)',
        },
      ],
    },
    {
      name: 'SSH from 0.0.0.0/0',
      snapshot: edit((s) => void (securityGroup(s, 'bastion').IpPermissions = [tcpFromCidr(22, '0.0.0.0/0')])),
      findings: [
        {
          resourceId: 'sg-0b0000000bastion1',
          messageId: 'worldOpen',
          data: {groupId: 'sg-0b0000000bastion1', cidr: '0.0.0.0/0', opened: 'TCP 22'},
          message: 'sg-0b0000000bastion1 (bastion), a security group of the bastion i-0000000000000b001, allows inbound TCP 22 from 0.0.0.0/0',
        },
      ],
    },
    {
      name: 'all traffic from ::/0',
      snapshot: edit((s) => void securityGroup(s, 'bastion').IpPermissions.push({IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [{CidrIpv6: '::/0'}], PrefixListIds: [], UserIdGroupPairs: []})),
      findings: [{resourceId: 'sg-0b0000000bastion1', messageId: 'worldOpen', data: {cidr: '::/0', opened: 'all traffic'}, message: 'all traffic from ::/0'}],
    },
  ],
  notEvaluated: [
    {
      name: 'no bastion',
      snapshot: edit((s) => {
        const reservation = s['ec2-describe-instances'].Reservations[0]
        reservation.Instances = reservation.Instances.filter((i: {InstanceId: string}) => i.InstanceId !== 'i-0000000000000b001')
      }),
      reason: 'no bastion host',
    },
  ],
})
