import {evaluateSecurityGroups, portInRule} from '../../reachability/security-groups.js'
import type {SecurityGroup} from '../../../model/types.js'
import {hasAllowAllEgress, parseRelease, releaseAtLeast} from '../helpers.js'
import {defineRule} from '../rule.js'
import remediation from './emra-034-restricted-egress-minimum.remediation.js'
import {allowsAllFrom, allowsGroupPort, clusterManagedGroups, coreGroupIds, groupLabel, primaryGroupIds} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-034',
    title: 'Restricted egress below the documented minimum',
    severity: 'high',
    topologies: ['private'],
    description:
      "For a private-subnet cluster, checks each node role's egress (the union of its groups): an allow-all rule, or the documented minimum of TCP 443 to the Amazon S3 prefix list, all traffic to both managed node groups and, on EMR 5.30.0 to 7.x, TCP 9443 to the service access group.",
    risk: 'EMR-managed groups are created with an allow-all egress rule. When it is removed, AWS documents a minimum the nodes still need: HTTPS to Amazon S3 (the managed S3 prefix list), all traffic to both managed node groups, and on EMR 5.30.0 to 7.x TCP 9443 to the service access group. EMR does not re-add egress rules; below the minimum nodes cannot bootstrap from S3, talk to each other or to the EMR service.',
    messages: {
      belowMinimum: "{{group}}, the {{role}} group of {{clusterId}}, has no allow-all egress rule (nor do the node's other groups) and lacks the documented minimum: {{missing}}.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const {cluster, vpc, primary, core} = clusterManagedGroups(context)
    const {model} = context
    const release = parseRelease(cluster.releaseLabel)
    const roles = [
      {managed: primary, role: 'EMR-managed primary', groupIds: primaryGroupIds(cluster)},
      {managed: core, role: 'EMR-managed core/task', groupIds: coreGroupIds(cluster)},
    ].filter((role, index, all) => all.findIndex((other) => other.managed.id === role.managed.id) === index)
    for (const {managed, role, groupIds} of roles) {
      const groups = groupIds.flatMap((id) => model.securityGroups.get(id) ?? [])
      // The node's egress is the union of its groups: one allow-all rule anywhere is enough.
      if (groups.some(hasAllowAllEgress)) continue
      const union: SecurityGroup = {...managed, egress: groups.flatMap((group) => group.egress)}
      const missing: string[] = []

      context.need('prefixLists')
      const s3 = model.data.prefixLists.find((list) => /^com\.amazonaws\.[a-z0-9-]+\.s3$/.test(list.name))
      if (!s3) return context.lacking('prefixLists', 'the Amazon S3 managed prefix list (com.amazonaws.<region>.s3)')
      const byPrefixList = union.egress.some((rule) => rule.peer.kind === 'prefix-list' && rule.peer.prefixListId === s3.id && portInRule(rule, 'tcp', 443))
      const byCidr = s3.cidrs.length > 0 && s3.cidrs.every((cidr) => evaluateSecurityGroups(model, groupIds, 'egress', {addresses: cidr, groupIds: []}, 'tcp', 443).allowed)
      if (!byPrefixList && !byCidr) missing.push(`TCP 443 (or all TCP) to the S3 prefix list ${s3.id} (${s3.name})`)

      for (const target of [primary, core].filter((group, index, all) => all.indexOf(group) === index)) {
        if (!allowsAllFrom(model, vpc, union, 'egress', target.id, 'all'))
          missing.push(`all traffic to the ${target === primary ? 'managed primary' : 'managed core/task'} group ${groupLabel(target)}`)
      }
      const serviceAccess = cluster.serviceAccessSecurityGroupId
      if (serviceAccess && release && releaseAtLeast(release, 5, 30) && release.major < 8 && !allowsGroupPort(model, vpc, groupIds, 'egress', serviceAccess, 9443)) {
        const sa = model.securityGroups.get(serviceAccess)
        missing.push(`TCP 9443 to the service access group ${sa ? groupLabel(sa) : serviceAccess}`)
      }
      if (missing.length > 0) {
        context.report({
          resourceId: managed.id,
          messageId: 'belowMinimum',
          data: {
            group: groupLabel(managed),
            groupId: managed.id,
            role,
            clusterId: cluster.id,
            missing: missing.join('; '),
            s3PrefixListId: s3.id,
            primaryGroupId: primary.id,
            coreGroupId: core.id,
            ...(serviceAccess ? {serviceAccessGroupId: serviceAccess} : {}),
          },
          origin: managed.origin,
        })
      }
    }
  },
})
