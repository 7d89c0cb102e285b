import rule from '../../src/analysis/rules/security-groups/emra-033-service-access-rules-8x.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, describedCluster, privateTopology, securityGroup, tcpFromCidr, tcpFromGroup, vpnTopology} from '../support/topologies.js'

/** The private reference topology on emr-spark-8.0.0: the service access group admits HTTPS from the VPC. */
function spark8(change: (snapshot: Snapshot) => void = () => {}, make: () => Snapshot = privateTopology): Snapshot {
  const snapshot = make()
  describedCluster(snapshot).ReleaseLabel = 'emr-spark-8.0.0'
  const serviceAccess = securityGroup(snapshot, 'ElasticMapReduce-ServiceAccess')
  serviceAccess.IpPermissions = [tcpFromCidr(443, '10.1.0.0/16')]
  serviceAccess.IpPermissionsEgress = []
  change(snapshot)
  return snapshot
}

const s3Egress = {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: 'pl-63a5400a'}], UserIdGroupPairs: []}

/** Primary node egress restricted on both of its groups (managed primary and the additional SSH group). */
function restrictPrimaryEgress(s: Snapshot, extra: object[] = []): void {
  securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissionsEgress = [s3Egress, ...extra]
  securityGroup(s, 'emr-ssh-from-bastion').IpPermissionsEgress = []
}

testRule(rule, {
  valid: [
    {name: 'emr-spark-8.0.0, service access group admits 443 from the VPC, primary egress allow-all', snapshot: spark8()},
    {name: 'VPN topology on 8.x', snapshot: spark8(() => {}, vpnTopology)},
    {name: 'restricted primary egress with 443 to the service access group', snapshot: spark8((s) => restrictPrimaryEgress(s, [tcpFromGroup(443, 'sg-0b000000000000sa1')]))},
    {
      name: 'service access group admits 443 from both node groups instead of the CIDR',
      snapshot: spark8((s) => {
        securityGroup(s, 'ElasticMapReduce-ServiceAccess').IpPermissions = [tcpFromGroup(443, 'sg-0b00000000primary'), tcpFromGroup(443, 'sg-0b0000000000core1')]
      }),
    },
  ],
  invalid: [
    {
      name: 'service access group has only the 7.x rules',
      snapshot: spark8((s) => void (securityGroup(s, 'ElasticMapReduce-ServiceAccess').IpPermissions = [tcpFromGroup(9443, 'sg-0b00000000primary')])),
      findings: [
        {
          resourceId: 'sg-0b000000000000sa1',
          messageId: 'noHttpsFromVpc',
          data: {groupId: 'sg-0b000000000000sa1', cidr: '10.1.0.0/16', vpcId: 'vpc-0b000000000000001', port: 443, releaseLabel: 'emr-spark-8.0.0'},
          message: 'has no inbound TCP 443 rule from the VPC CIDR 10.1.0.0/16 of vpc-0b000000000000001',
        },
      ],
    },
    {
      name: 'service access group admits only the cluster subnet, not the VPC',
      snapshot: spark8((s) => void (securityGroup(s, 'ElasticMapReduce-ServiceAccess').IpPermissions = [tcpFromCidr(443, '10.1.1.0/24')])),
      findings: [{resourceId: 'sg-0b000000000000sa1', messageId: 'noHttpsFromVpc', data: {groupId: 'sg-0b000000000000sa1', cidr: '10.1.0.0/16'}}],
    },
    {
      name: 'restricted primary egress without 443 to the service access group',
      snapshot: spark8((s) => restrictPrimaryEgress(s)),
      findings: [
        {
          resourceId: 'sg-0b00000000primary',
          messageId: 'noHttpsToServiceAccess',
          data: {groupId: 'sg-0b00000000primary', serviceAccessGroupId: 'sg-0b000000000000sa1', port: 443},
          message: 'without TCP 443 to the service access group sg-0b000000000000sa1',
        },
      ],
    },
    {
      name: 'no service access group named by the cluster',
      snapshot: spark8((s) => void delete describedCluster(s).Ec2InstanceAttributes.ServiceAccessSecurityGroup),
      findings: [{resourceId: 'j-2AXXXXXXGAPLF', messageId: 'noServiceAccessGroup', data: {clusterId: 'j-2AXXXXXXGAPLF', releaseLabel: 'emr-spark-8.0.0'}}],
    },
  ],
  notApplicable: [{name: 'EMR 6.15.0 (reference topology)', snapshot: privateTopology(), reason: 'earlier than 8.0'}],
})
