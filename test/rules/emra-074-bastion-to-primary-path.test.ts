import rule from '../../src/analysis/rules/access/emra-074-bastion-to-primary-path.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, securityGroup} from '../support/topologies.js'

function withoutBastionRule() {
  const snapshot = privateTopology()
  securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions = []
  return snapshot
}

function aclDenyingSsh() {
  const snapshot = privateTopology()
  const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
  acl.Entries.unshift({CidrBlock: '10.1.0.0/24', Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'deny', RuleNumber: 50})
  return snapshot
}

function noBastion() {
  const snapshot = privateTopology()
  const reservation = snapshot['ec2-describe-instances'].Reservations[0]
  reservation.Instances = reservation.Instances.filter((instance: {InstanceId: string}) => instance.InstanceId !== 'i-0000000000000b001')
  return snapshot
}

testRule(rule, {
  valid: [{name: 'bastion SG admitted by an additional primary SG', snapshot: privateTopology()}],
  invalid: [
    {
      name: 'primary security groups do not admit the bastion',
      snapshot: withoutBastionRule(),
      findings: [{messageId: 'blocked', data: {bastionId: 'i-0000000000000b001', code: 'ENI_SG_RULES_MISMATCH'}}],
    },
    {
      name: 'network ACL denies SSH from the bastion subnet',
      snapshot: aclDenyingSsh(),
      findings: [{resourceId: 'acl-0b000000000000001', messageId: 'blocked', data: {code: 'SUBNET_ACL_RESTRICTION'}}],
    },
  ],
  notEvaluated: [{name: 'no bastion in the VPC', snapshot: noBastion(), reason: 'no bastion host'}],
  notApplicable: [{name: 'declared public topology', snapshot: privateTopology(), topology: 'public', reason: 'applies to private'}],
})
