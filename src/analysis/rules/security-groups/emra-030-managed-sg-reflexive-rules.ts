import type {SecurityGroup} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import remediation from './emra-030-managed-sg-reflexive-rules.remediation.js'
import {allowsAllFrom, clusterManagedGroups, groupLabel} from './shared.js'

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
    description:
      'Checks that each EMR-managed group (primary, core/task) admits all TCP, all UDP and all ICMP from itself and from the other managed group, by group reference or by a CIDR covering the VPC.',
    risk: 'The primary and core/task nodes talk to each other on many TCP and UDP ports (HDFS, YARN, Spark shuffle, Hive, …) and use ICMP. EMR adds inbound all-TCP, all-UDP and all-ICMP rules to each managed group from itself and from the other managed group. Without them nodes are lost, steps hang and the cluster may fail to start. EMR re-adds missing inbound rules only when the next cluster is launched with these groups.',
    messages: {
      missingNodeRules: '{{group}}, the {{role}} group of {{clusterId}}, has no inbound rule for {{missing}}: cluster nodes cannot reach each other on those protocols.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const {cluster, vpc, primary, core} = clusterManagedGroups(context)
    const pairs: {group: SecurityGroup; role: string; peer: SecurityGroup; peerRole: string}[] = [
      {group: primary, role: 'EMR-managed primary', peer: core, peerRole: 'core/task'},
      {group: core, role: 'EMR-managed core/task', peer: primary, peerRole: 'primary'},
    ]
    const seen = new Set<string>()
    for (const {group, role, peer, peerRole} of pairs) {
      if (seen.has(group.id)) continue
      seen.add(group.id)
      const sources =
        peer.id === group.id
          ? [{id: group.id, text: `itself (${group.id})`}]
          : [
              {id: group.id, text: `itself (${group.id})`},
              {id: peer.id, text: `the ${peerRole} managed group ${groupLabel(peer)}`},
            ]
      const missing: string[] = []
      const sourceIds: string[] = []
      for (const source of sources) {
        const lacking = PROTOCOLS.filter(({protocol}) => !allowsAllFrom(context.model, vpc, group, 'ingress', source.id, protocol)).map(({text}) => text)
        if (lacking.length === 0) continue
        missing.push(`${lacking.join(', ')} from ${source.text}`)
        sourceIds.push(source.id)
      }
      if (missing.length > 0) {
        context.report({
          resourceId: group.id,
          messageId: 'missingNodeRules',
          data: {
            group: groupLabel(group),
            groupId: group.id,
            role,
            clusterId: cluster.id,
            missing: missing.join('; '),
            sourceGroupIds: sourceIds.join(', '),
            primaryGroupId: primary.id,
            coreGroupId: core.id,
          },
          origin: group.origin,
        })
      }
    }
  },
})
