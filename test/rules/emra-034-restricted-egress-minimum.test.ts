import rule from '../../src/analysis/rules/security-groups/emra-034-restricted-egress-minimum.js'
import {testRule} from '../support/rule-tester.js'
import {ACCOUNT, type Snapshot, describedCluster, privateTopology, securityGroup, tcpFromGroup, vpnTopology} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  change(snapshot)
  return snapshot
}

const PRIMARY = 'sg-0b00000000primary'
const CORE = 'sg-0b0000000000core1'
const SA = 'sg-0b000000000000sa1'
const s3 = (from: number, to: number) => ({IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: 'pl-63a5400a'}], UserIdGroupPairs: []})
const allTo = (groupId: string) => ({IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}]})
const documentedMinimum = () => [s3(0, 65535), allTo(CORE), allTo(PRIMARY), tcpFromGroup(9443, SA)]

testRule(rule, {
  valid: [
    {name: 'private reference topology (allow-all egress)', snapshot: privateTopology()},
    {name: 'core group restricted to the documented minimum', snapshot: edit((s) => void (securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissionsEgress = documentedMinimum()))},
    {
      name: 'primary group restricted, but the additional primary group keeps allow-all egress',
      snapshot: edit((s) => void (securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissionsEgress = [])),
    },
    {
      name: 'EMR 8.x needs no 9443 rule',
      snapshot: edit((s) => {
        describedCluster(s).ReleaseLabel = 'emr-spark-8.0.0'
        securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissionsEgress = [s3(443, 443), allTo(CORE), allTo(PRIMARY)]
      }),
    },
  ],
  invalid: [
    {
      name: 'core group egress only to the node groups',
      snapshot: edit((s) => void (securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissionsEgress = [allTo(CORE), allTo(PRIMARY)])),
      findings: [
        {
          resourceId: CORE,
          messageId: 'belowMinimum',
          data: {groupId: CORE, role: 'EMR-managed core/task', clusterId: 'j-2AXXXXXXGAPLF', s3PrefixListId: 'pl-63a5400a', serviceAccessGroupId: SA},
          message:
            'lacks the documented minimum: TCP 443 (or all TCP) to the S3 prefix list pl-63a5400a (com.amazonaws.us-east-1.s3); TCP 9443 to the service access group sg-0b000000000000sa1 (ElasticMapReduce-ServiceAccess)',
        },
      ],
    },
    {
      name: 'primary node egress only to S3',
      snapshot: edit((s) => {
        securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissionsEgress = [s3(443, 443)]
        securityGroup(s, 'emr-ssh-from-bastion').IpPermissionsEgress = []
      }),
      findings: [
        {
          resourceId: PRIMARY,
          messageId: 'belowMinimum',
          data: {groupId: PRIMARY, role: 'EMR-managed primary', primaryGroupId: PRIMARY, coreGroupId: CORE},
          message: /all traffic to the managed primary group .*; all traffic to the managed core\/task group .*; TCP 9443 to the service access group/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'restricted egress and no prefix-list data',
      snapshot: edit((s) => {
        securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissionsEgress = documentedMinimum()
        delete s['ec2-describe-prefix-lists']
      }),
      reason: 'missing: ec2-describe-prefix-lists',
    },
    {
      name: 'restricted egress and the prefix lists hold no Amazon S3 list',
      snapshot: edit((s) => {
        securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissionsEgress = documentedMinimum()
        s['ec2-describe-prefix-lists'].PrefixLists = s['ec2-describe-prefix-lists'].PrefixLists.filter((list: {PrefixListName: string}) => !list.PrefixListName.endsWith('.s3'))
      }),
      reason: /the Amazon S3 managed prefix list \(com\.amazonaws\.<region>\.s3\)/,
    },
  ],
  notApplicable: [{name: 'VPN topology', snapshot: vpnTopology(), reason: 'applies to private'}],
})
