import {cidr} from '../../../model/ip.js'
import {ruleCidrs} from '../../reachability/security-groups.js'
import {onlyInternet, unresolvedPrefixLists} from '../exposure.js'
import {defineRule} from '../rule.js'
import remediation from './emra-031-public-primary-8443.remediation.js'
import {coversTcpPort, describedCluster, groupLabel, peerId, stopForPrefixLists, primaryGroupIds, requireGroup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-031',
    title: 'Public primary security group lacks the TCP 8443 rule for the EMR service',
    severity: 'high',
    topologies: ['public'],
    description:
      "Checks that the cluster's primary security groups (the EMR-managed primary group first) admit TCP 8443 from a narrow public address range, as the rule EMR adds for its cluster manager does.",
    risk: 'In a public subnet the EMR service (cluster manager) reaches the primary node on TCP 8443 from Amazon address ranges; EMR adds this rule to the managed primary group, from narrow public Amazon ranges it does not publish. A rule from 0.0.0.0/0, a private range or a very wide block is not that rule: it exposes the port (EMRA-040) or admits no one the service uses. Without it EMR cannot manage the cluster: status, scaling and steps stall and the cluster may be terminated as unhealthy.',
    messages: {
      noServiceRule:
        "{{group}}, the EMR-managed primary group of {{clusterId}}, has no inbound TCP 8443 rule from the EMR service's public address ranges{{others}}: the EMR service cannot reach the primary node to manage the cluster.",
      onlyOtherSources:
        "{{group}}, the EMR-managed primary group of {{clusterId}}, has no inbound TCP 8443 rule from the EMR service's public address ranges{{others}}; TCP 8443 is admitted only from {{sources}}, which are not service ranges (private, wider than a /16, or the whole internet): the EMR service cannot reach the primary node to manage the cluster.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const managedId = cluster.managedPrimarySecurityGroupId
    if (!managedId) return context.lacking('describeCluster', `the EMR-managed primary security group of ${cluster.id}`, cluster.id)
    const managed = requireGroup(context, managedId, 'EMR-managed primary')
    const groups = primaryGroupIds(cluster).flatMap((id) => context.model.securityGroups.get(id) ?? [])
    const rules = groups.flatMap((group) => group.ingress.filter((rule) => rule.peer.kind !== 'security-group' && coversTcpPort(rule, 8443)).map((rule) => ({group, rule})))
    if (rules.some(({rule}) => ruleCidrs(context.model, rule).some(serviceLikeRange))) return
    const unknown = unresolvedPrefixLists(context.model, groups).filter((id) => rules.some(({rule}) => rule.peer.kind === 'prefix-list' && rule.peer.prefixListId === id))
    // Whether the lists hold the EMR service's ranges cannot be told without their entries.
    if (unknown.length > 0) return stopForPrefixLists(context, unknown)
    const others = groups.filter((group) => group.id !== managed.id)
    const data = {
      group: groupLabel(managed),
      groupId: managed.id,
      clusterId: cluster.id,
      port: 8443,
      others: others.length ? ` (nor do the additional primary groups ${others.map(groupLabel).join(', ')})` : '',
      otherGroupIds: others.map((group) => group.id).join(', '),
    }
    const sources = rules.map(({group, rule}) => `${peerId(rule)} (${group.id})`)
    context.report({
      resourceId: managed.id,
      ...(sources.length === 0
        ? {messageId: 'noServiceRule', data}
        : {messageId: 'onlyOtherSources', data: {...data, sources: sources.join(', '), cidrs: rules.map(({rule}) => peerId(rule)).join(', ')}}),
      origin: managed.origin,
    })
  },
})

/**
 * Could this be one of the "various Amazon IP address ranges" EMR adds for its cluster manager?
 * AWS does not publish them; they are narrow public blocks. A private, reserved, world-wide or
 * wider-than-/16 (IPv6: /32) source cannot be the service and does not count.
 */
function serviceLikeRange(text: string): boolean {
  const parsed = cidr(text)
  if (!parsed || !onlyInternet(text)) return false
  return parsed.prefix >= (parsed.version === 4 ? 16 : 32)
}
