import rule from '../../src/analysis/rules/access/emra-072-primary-admits-bastion-ssh.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  change(snapshot)
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'additional primary group admits the bastion group', snapshot: privateTopology()},
    {name: 'admitted by the bastion subnet CIDR instead', snapshot: edit((s) => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [tcpFromCidr(22, '10.1.0.0/24')]))},
    {name: 'bastion egress restricted to SSH into the primary group', snapshot: edit((s) => void (securityGroup(s, 'bastion').IpPermissionsEgress = [tcpFromGroup(22, 'sg-0b0000000000ssh01')]))},
  ],
  invalid: [
    {
      name: 'no primary group admits the bastion',
      snapshot: edit((s) => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [])),
      findings: [
        {
          resourceId: 'sg-0b00000000primary',
          messageId: 'primaryRejectsBastion',
          data: {groupId: 'sg-0b00000000primary', primaryGroupId: 'sg-0b0000000000ssh01', bastionId: 'i-0000000000000b001', bastionIp: '10.1.0.10', bastionGroupId: 'sg-0b0000000bastion1', port: 22},
          message:
            "None of the primary node's security groups (sg-0b00000000primary (ElasticMapReduce-Master-Private), sg-0b0000000000ssh01 (emr-ssh-from-bastion)) allows inbound TCP 22 from the bastion i-0000000000000b001 (10.1.0.10, groups sg-0b0000000bastion1)",
        },
      ],
    },
    {
      name: 'SSH admitted from a different group only',
      snapshot: edit((s) => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [tcpFromGroup(22, 'sg-0b000000000000sa1')])),
      findings: [{resourceId: 'sg-0b00000000primary', messageId: 'primaryRejectsBastion', data: {primaryGroupIds: 'sg-0b00000000primary, sg-0b0000000000ssh01'}}],
    },
    {
      name: 'bastion egress allows only HTTPS',
      snapshot: edit((s) => void (securityGroup(s, 'bastion').IpPermissionsEgress = [tcpFromCidr(443, '0.0.0.0/0')])),
      findings: [
        {
          resourceId: 'sg-0b0000000bastion1',
          messageId: 'bastionEgressBlocked',
          data: {bastionGroupId: 'sg-0b0000000bastion1', primaryAddress: '10.1.1.10', primaryGroupId: 'sg-0b0000000000ssh01'},
          message: "None of the bastion i-0000000000000b001's security groups (sg-0b0000000bastion1 (bastion)) allows outbound TCP 22 to the primary node (10.1.1.10",
        },
      ],
    },
  ],
  notEvaluated: [{name: 'no bastion given or found', snapshot: edit((s) => void (s['ec2-describe-instances'].Reservations[0].Instances.length = 1)), reason: 'no bastion host was given or found'}],
})
