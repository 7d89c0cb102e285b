import rule from '../../src/analysis/rules/access/emra-077-eice-to-primary.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, ACCOUNT, egressAll, instanceConnectEndpoint, privateTopology, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

const VPC = 'vpc-0b000000000000001'
const PUBLIC_SUBNET = 'subnet-0b00000000000pub'
const PRIVATE_SUBNET = 'subnet-0b0000000000priv'
const EICE = 'eice-0b000000000000001'
const EICE_GROUP = 'sg-0b00000000000eice'
const PRIMARY_ENI = 'eni-0000000000000a001'
const SSH_FROM_BASTION = 'sg-0b0000000000ssh01'
const OFFICE = '198.51.100.0/24'

/** The private topology plus an endpoint in the cluster subnet whose group lets SSH out to the primary's additional group, which admits it. */
function withEndpoint(change: (snapshot: Snapshot) => void = () => {}, preserveClientIp = false): Snapshot {
  const snapshot = privateTopology()
  snapshot['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints.push(instanceConnectEndpoint(VPC, PRIVATE_SUBNET, [EICE_GROUP], preserveClientIp))
  snapshot['ec2-describe-security-groups'].SecurityGroups.push({
    Description: 'eice',
    GroupName: 'eice',
    IpPermissions: [],
    OwnerId: ACCOUNT,
    GroupId: EICE_GROUP,
    IpPermissionsEgress: [tcpFromGroup(22, SSH_FROM_BASTION)],
    VpcId: VPC,
  })
  securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromGroup(22, EICE_GROUP))
  change(snapshot)
  return snapshot
}

const withPreservation = (change: (snapshot: Snapshot) => void = () => {}) => withEndpoint(change, true)
const primaryOnlyFromBastion = (s: Snapshot): void => void (securityGroup(s, 'emr-ssh-from-bastion').IpPermissions = [tcpFromGroup(22, 'sg-0b0000000bastion1')])
const primaryAlsoFrom = (cidr: string) => (s: Snapshot) => void (primaryOnlyFromBastion(s), securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromCidr(22, cidr)))
const endpointEgressHttpsOnly = (s: Snapshot): void => void (securityGroup(s, 'eice').IpPermissionsEgress = [tcpFromCidr(443, '0.0.0.0/0')])
const endpointIn = (subnetId: string) => (s: Snapshot) => void (s['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints[0].SubnetId = subnetId)
const endpointState = (state: string) => (s: Snapshot) => void (s['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints[0].State = state)

/** The cluster subnet gets its own network ACL: all traffic both ways, but `inbound` entries first. */
function clusterSubnetAcl(...inbound: {cidr: string; port: number; action: 'allow' | 'deny'}[]) {
  return (s: Snapshot): void => {
    const acls = s['ec2-describe-network-acls'].NetworkAcls
    acls[0].Associations = acls[0].Associations.filter((association: any) => association.SubnetId !== PRIVATE_SUBNET)
    const all = (egress: boolean, number: number, action: string) => ({CidrBlock: '0.0.0.0/0', Egress: egress, Protocol: '-1', RuleAction: action, RuleNumber: number})
    acls.push({
      Associations: [{NetworkAclAssociationId: 'aclassoc-0b00000000priv', NetworkAclId: 'acl-0b00000000000priv', SubnetId: PRIVATE_SUBNET}],
      Entries: [
        ...inbound.map((entry, index) => ({CidrBlock: entry.cidr, Egress: false, Protocol: '6', PortRange: {From: entry.port, To: entry.port}, RuleAction: entry.action, RuleNumber: 50 + index})),
        all(false, 100, 'allow'),
        all(false, 32767, 'deny'),
        all(true, 100, 'allow'),
        all(true, 32767, 'deny'),
      ],
      IsDefault: false,
      NetworkAclId: 'acl-0b00000000000priv',
      Tags: [],
      VpcId: VPC,
      OwnerId: ACCOUNT,
    })
  }
}

/** A second endpoint (in the public subnet) in `state`, whose own group the primary admits. */
function secondEndpoint(state: string) {
  return (s: Snapshot): void => {
    s['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints.push({
      ...instanceConnectEndpoint(VPC, PUBLIC_SUBNET, ['sg-0b0000000000eice2']),
      InstanceConnectEndpointId: 'eice-0b000000000000002',
      State: state,
    })
    s['ec2-describe-security-groups'].SecurityGroups.push({...securityGroup(s, 'eice'), GroupId: 'sg-0b0000000000eice2', GroupName: 'eice2', IpPermissionsEgress: egressAll()})
    securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromGroup(22, 'sg-0b0000000000eice2'))
  }
}

testRule(rule, {
  valid: [
    {name: 'endpoint group admitted by the primary additional group, egress names it', snapshot: withEndpoint()},
    {name: 'admitted by the endpoint subnet CIDR, client IP preservation off', snapshot: withEndpoint(primaryAlsoFrom('10.1.1.0/24'))},
    {name: 'endpoint egress open to the VPC CIDR', snapshot: withEndpoint((s) => void (securityGroup(s, 'eice').IpPermissionsEgress = [tcpFromCidr(22, '10.1.0.0/16')]))},
    {name: 'endpoint egress open to all', snapshot: withEndpoint((s) => void (securityGroup(s, 'eice').IpPermissionsEgress = egressAll()))},
    {name: 'client IP preservation on, admitted by the endpoint group', snapshot: withPreservation()},
    {name: 'client IP preservation on, the primary admits SSH from anywhere', snapshot: withPreservation(primaryAlsoFrom('0.0.0.0/0'))},
    {name: 'endpoint in another subnet, network ACLs allow SSH and its replies', snapshot: withEndpoint((s) => void (endpointIn(PUBLIC_SUBNET)(s), clusterSubnetAcl()(s)))},
    {name: 'an endpoint being updated still carries tunnels', snapshot: withEndpoint(endpointState('update-in-progress'))},
  ],
  invalid: [
    {
      name: 'primary groups admit SSH from the bastion only',
      snapshot: withEndpoint(primaryOnlyFromBastion),
      findings: [
        {
          resourceId: PRIMARY_ENI,
          messageId: 'blocked',
          data: {endpointId: EICE, endpointGroupId: EICE_GROUP, primaryGroupId: SSH_FROM_BASTION, instanceId: 'i-0000000000000a001', port: 22, code: 'ENI_SG_RULES_MISMATCH'},
          message:
            /^The EC2 Instance Connect Endpoint eice-0b000000000000001 cannot open SSH to the primary node i-0000000000000a001 of j-2AXXXXXXGAPLF: .*security groups do not allow TCP 22 .*\[ENI_SG_RULES_MISMATCH\]$/,
        },
      ],
    },
    {
      name: 'endpoint egress allows HTTPS only',
      snapshot: withEndpoint(endpointEgressHttpsOnly),
      findings: [{resourceId: EICE_GROUP, messageId: 'blocked', data: {code: 'ENI_SG_RULES_MISMATCH'}, message: /security groups do not allow TCP 22 to primary i-0000000000000a001/}],
    },
    {
      name: "the cluster subnet's network ACL denies SSH from the endpoint's subnet, though every security group admits it",
      snapshot: withEndpoint((s) => void (endpointIn(PUBLIC_SUBNET)(s), clusterSubnetAcl({cidr: '10.1.0.0/24', port: 22, action: 'deny'})(s))),
      findings: [
        {
          resourceId: 'acl-0b00000000000priv',
          messageId: 'blocked',
          data: {code: 'SUBNET_ACL_RESTRICTION'},
          message: /acl-0b00000000000priv denies subnet-0b0000000000priv inbound traffic.*\[SUBNET_ACL_RESTRICTION\]/,
        },
      ],
    },
    {
      name: 'client IP preservation on, nothing on the primary admits the endpoint on 22 from any address',
      snapshot: withPreservation(primaryOnlyFromBastion),
      findings: [{resourceId: PRIMARY_ENI, messageId: 'blocked', data: {code: 'ENI_SG_RULES_MISMATCH'}}],
    },
    {
      name: "client IP preservation on, the primary admits an office range, but the endpoint's egress blocks whoever connects",
      snapshot: withPreservation((s) => void (primaryAlsoFrom(OFFICE)(s), endpointEgressHttpsOnly(s))),
      findings: [{resourceId: EICE_GROUP, messageId: 'blocked', data: {code: 'ENI_SG_RULES_MISMATCH'}, message: /security groups do not allow TCP 22 to primary/}],
    },
    {
      name: 'only a usable endpoint counts: the one the primary admits failed to create',
      snapshot: withEndpoint((s) => void (primaryOnlyFromBastion(s), secondEndpoint('create-failed')(s))),
      findings: [{resourceId: PRIMARY_ENI, messageId: 'blocked', data: {endpointId: EICE}}],
    },
  ],
  notEvaluated: [
    {
      name: 'client IP preservation on, the primary admits SSH from an office range only: the operator’s address is not in the data',
      snapshot: withPreservation(primaryAlsoFrom(OFFICE)),
      reason:
        /^eice-0b000000000000001 has client IP preservation on: the primary node i-0000000000000a001 sees the operator's address, which the data does not hold; it admits TCP 22 from 198\.51\.100\.0\/24 only$/,
    },
    {
      name: "client IP preservation on, the primary admits the endpoint's subnet only",
      snapshot: withPreservation(primaryAlsoFrom('10.1.1.0/24')),
      reason: /client IP preservation on.*from 10\.1\.1\.0\/24 only/,
    },
    {
      name: "client IP preservation on, the primary admits SSH from anywhere but its subnet's ACL only from the office",
      snapshot: withPreservation(
        (s) =>
          void (
            primaryAlsoFrom('0.0.0.0/0')(s),
            endpointIn(PUBLIC_SUBNET)(s),
            clusterSubnetAcl({cidr: OFFICE, port: 22, action: 'allow'}, {cidr: '10.1.0.0/16', port: 22, action: 'allow'}, {cidr: '0.0.0.0/0', port: 22, action: 'deny'})(s)
          ),
      ),
      reason: /client IP preservation on.*from 10\.1\.0\.0\/16, 198\.51\.100\.0\/24 only/,
    },
    {
      name: 'client IP preservation on, the primary admits a prefix list whose entries are not in the data',
      snapshot: withPreservation(
        (s) =>
          void (
            primaryOnlyFromBastion(s),
            securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push({...tcpFromCidr(22, '10.1.1.0/24'), IpRanges: [], PrefixListIds: [{PrefixListId: 'pl-0b000000000office'}]})
          ),
      ),
      reason: /prefix list pl-0b000000000office/,
    },
  ],
  notApplicable: [
    {name: 'no endpoint in the VPC', snapshot: privateTopology(), reason: 'no EC2 Instance Connect Endpoint in a usable state in vpc-0b000000000000001'},
    {name: 'the only endpoint failed to create', snapshot: withEndpoint(endpointState('create-failed')), reason: `(${EICE} is create-failed)`},
    {name: 'the only endpoint is still being created', snapshot: withEndpoint(endpointState('create-in-progress')), reason: `(${EICE} is create-in-progress)`},
  ],
})
