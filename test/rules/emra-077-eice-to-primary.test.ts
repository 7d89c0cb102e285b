import rule from '../../src/analysis/rules/access/emra-077-eice-to-primary.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, egressAll, instanceConnectEndpoint, privateTopology, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

const VPC = 'vpc-0b000000000000001'
const PRIVATE_SUBNET = 'subnet-0b0000000000priv'
const EICE_GROUP = 'sg-0b00000000000eice'
const PRIMARY = 'sg-0b00000000primary'
const SSH_FROM_BASTION = 'sg-0b0000000000ssh01'

/** The private topology plus an endpoint in the cluster subnet whose group lets SSH out to the primary's additional group, which admits it. */
function withEndpoint(change: (snapshot: Snapshot) => void = () => {}, preserveClientIp = false): Snapshot {
  const snapshot = privateTopology()
  snapshot['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints.push(instanceConnectEndpoint(VPC, PRIVATE_SUBNET, [EICE_GROUP], preserveClientIp))
  snapshot['ec2-describe-security-groups'].SecurityGroups.push({
    Description: 'eice',
    GroupName: 'eice',
    IpPermissions: [],
    OwnerId: '123456789012',
    GroupId: EICE_GROUP,
    IpPermissionsEgress: [tcpFromGroup(22, SSH_FROM_BASTION)],
    VpcId: VPC,
  })
  securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromGroup(22, EICE_GROUP))
  change(snapshot)
  return snapshot
}

const primaryOnlyFromBastion = (s: Snapshot): void => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [tcpFromGroup(22, 'sg-0b0000000bastion1')])

testRule(rule, {
  valid: [
    {name: 'endpoint group admitted by the primary additional group, egress names it', snapshot: withEndpoint()},
    {
      name: 'admitted by the endpoint subnet CIDR, client IP preservation off',
      snapshot: withEndpoint((s) => void (primaryOnlyFromBastion(s), securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromCidr(22, '10.1.1.0/24')))),
    },
    {name: 'endpoint egress open to the VPC CIDR', snapshot: withEndpoint((s) => void (securityGroup(s, 'eice').IpPermissionsEgress = [tcpFromCidr(22, '10.1.0.0/16')]))},
    {name: 'endpoint egress open to all', snapshot: withEndpoint((s) => void (securityGroup(s, 'eice').IpPermissionsEgress = egressAll()))},
    {name: 'client IP preservation on, admitted by the endpoint group', snapshot: withEndpoint(() => {}, true)},
  ],
  invalid: [
    {
      name: 'primary groups admit SSH from the bastion only',
      snapshot: withEndpoint(primaryOnlyFromBastion),
      findings: [
        {
          resourceId: SSH_FROM_BASTION,
          messageId: 'primaryRejectsEndpoint',
          data: {endpointId: 'eice-0b000000000000001', endpointGroupId: EICE_GROUP, primaryGroupId: SSH_FROM_BASTION, port: 22},
          message:
            "None of the primary node's security groups (sg-0b00000000primary (ElasticMapReduce-Master-Private), sg-0b0000000000ssh01 (emr-ssh-from-bastion)) allows inbound TCP 22 from the EC2 Instance Connect Endpoint eice-0b000000000000001 (its address in subnet-0b0000000000priv 10.1.1.0/24",
        },
      ],
    },
    {
      name: 'client IP preservation on: a rule for the endpoint subnet no longer matches the source',
      snapshot: withEndpoint((s) => void (primaryOnlyFromBastion(s), securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromCidr(22, '10.1.1.0/24'))), true),
      findings: [{resourceId: SSH_FROM_BASTION, messageId: 'primaryRejectsEndpoint', message: /client IP preservation on/}],
    },
    {
      name: 'endpoint egress allows HTTPS only',
      snapshot: withEndpoint((s) => void (securityGroup(s, 'eice').IpPermissionsEgress = [tcpFromCidr(443, '0.0.0.0/0')])),
      findings: [
        {
          resourceId: 'eice-0b000000000000001',
          messageId: 'endpointEgressBlocked',
          data: {groupId: EICE_GROUP, primaryAddress: '10.1.1.10', primaryGroupIds: `${PRIMARY}, ${SSH_FROM_BASTION}`},
          message: "None of the EC2 Instance Connect Endpoint eice-0b000000000000001's security groups (sg-0b00000000000eice (eice)) allows outbound TCP 22 to the primary node (10.1.1.10",
        },
      ],
    },
  ],
  notApplicable: [{name: 'no endpoint in the VPC', snapshot: privateTopology(), reason: 'no EC2 Instance Connect Endpoint in vpc-0b000000000000001'}],
})
