import type {SecurityGroup} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import {allowsAllFrom, describedCluster, groupLabel, managedGroups} from './shared.js'

const PROTOCOLS = [
  {protocol: 'tcp', text: 'all TCP'},
  {protocol: 'udp', text: 'all UDP'},
  {protocol: 'icmp', text: 'all ICMP'},
] as const

export default defineRule({
  meta: {
    id: 'EMRA-030',
    title: 'EMR-managed security groups lack their reflexive or peer rules',
    severity: 'critical',
    topologies: 'all',
    risk:
      'The primary and core/task nodes talk to each other on many TCP and UDP ports (HDFS, YARN, Spark shuffle, Hive, …) and use ICMP. EMR adds inbound all-TCP, all-UDP and all-ICMP rules to each managed group from itself and from the other managed group. Without them nodes are lost, steps hang and the cluster may fail to start. EMR re-adds missing inbound rules only when the next cluster is launched with these groups.',
    remediation: {
      summary: 'Restore the inbound rules on both managed groups: all traffic (or all TCP, all UDP and all ICMP) from the group itself and from the other managed group.',
      cli:
        'aws ec2 authorize-security-group-ingress --group-id <managed-primary-sg-id> --ip-permissions \'IpProtocol=-1,UserIdGroupPairs=[{GroupId=<managed-primary-sg-id>}]\' \'IpProtocol=-1,UserIdGroupPairs=[{GroupId=<managed-core-sg-id>}]\'\n' +
        'aws ec2 authorize-security-group-ingress --group-id <managed-core-sg-id> --ip-permissions \'IpProtocol=-1,UserIdGroupPairs=[{GroupId=<managed-core-sg-id>}]\' \'IpProtocol=-1,UserIdGroupPairs=[{GroupId=<managed-primary-sg-id>}]\'',
      cloudformation:
        'PrimaryFromPrimary:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedPrimarySecurityGroup\n    IpProtocol: "-1"\n    SourceSecurityGroupId: !Ref EmrManagedPrimarySecurityGroup\nPrimaryFromCore:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedPrimarySecurityGroup\n    IpProtocol: "-1"\n    SourceSecurityGroupId: !Ref EmrManagedCoreSecurityGroup\nCoreFromCore:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedCoreSecurityGroup\n    IpProtocol: "-1"\n    SourceSecurityGroupId: !Ref EmrManagedCoreSecurityGroup\nCoreFromPrimary:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref EmrManagedCoreSecurityGroup\n    IpProtocol: "-1"\n    SourceSecurityGroupId: !Ref EmrManagedPrimarySecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const vpc = context.vpc()
    const {primary, core} = managedGroups(context, cluster)
    const pairs: {group: SecurityGroup; role: string; peer: SecurityGroup; peerRole: string}[] = [
      {group: primary, role: 'EMR-managed primary', peer: core, peerRole: 'core/task'},
      {group: core, role: 'EMR-managed core/task', peer: primary, peerRole: 'primary'},
    ]
    const seen = new Set<string>()
    for (const {group, role, peer, peerRole} of pairs) {
      if (seen.has(group.id)) continue
      seen.add(group.id)
      const sources = peer.id === group.id ? [{id: group.id, text: `itself (${group.id})`}] : [{id: group.id, text: `itself (${group.id})`}, {id: peer.id, text: `the ${peerRole} managed group ${groupLabel(peer)}`}]
      const missing: string[] = []
      for (const source of sources) {
        const lacking = PROTOCOLS.filter(({protocol}) => !allowsAllFrom(context.model, vpc, group, 'ingress', source.id, protocol)).map(({text}) => text)
        if (lacking.length > 0) missing.push(`${lacking.join(', ')} from ${source.text}`)
      }
      if (missing.length > 0) {
        context.report({
          resourceId: group.id,
          message: `${groupLabel(group)}, the ${role} group of ${cluster.id}, has no inbound rule for ${missing.join('; ')}: cluster nodes cannot reach each other on those protocols.`,
          origin: group.origin,
        })
      }
    }
  },
})
