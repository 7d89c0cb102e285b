import type {SecurityGroup} from '../../../model/types.js'
import {releaseAtLeast} from '../helpers.js'
import {defineRule} from '../rule.js'
import remediation from './emra-032-service-access-rules-7x.remediation.js'
import {allowsGroupPort, coreGroupIds, groupLabel, primaryGroupIds, serviceAccessSetup} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-032',
    title: 'Service access security group rules incomplete (EMR 7.x and earlier, private subnet)',
    severity: 'critical',
    topologies: ['private', 'vpn'],
    description:
      'For a private-subnet cluster on EMR 7.x and earlier, checks the service access group rules EMR needs: TCP 8443 into the primary and core/task groups from it, TCP 9443 into it from the primary group (5.30.0 and later), and TCP 8443 out of it to both node groups.',
    risk: 'For a cluster in a private subnet on EMR 7.x and earlier, the EMR service reaches the nodes through an interface carrying the service access group: it connects to the primary and core/task nodes on TCP 8443 and the primary node calls back on TCP 9443 (5.30.0 and later). Missing rules stop EMR from managing the cluster; it cannot start, or is reported unhealthy and terminated.',
    messages: {
      noServiceAccessGroup: '{{clusterId}} ({{releaseLabel}}) is in a private subnet but names no service access security group: the EMR service has no way to reach its nodes.',
      missingRules: "{{group}}, the {{role}} group of {{clusterId}} ({{releaseLabel}}), lacks {{rules}}: the EMR service cannot manage the cluster's nodes.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: ['securityGroups', 'vpcs', 'subnets'],
  },
  check(context) {
    const {cluster, vpc, release, primary, core, serviceAccess} = serviceAccessSetup(context, (line) =>
      line.major >= 8 ? `${line.label} uses the service access group on the EMR VPC endpoint (see EMRA-033)` : undefined,
    )
    if (!serviceAccess) return context.report({resourceId: cluster.id, messageId: 'noServiceAccessGroup', data: {clusterId: cluster.id, releaseLabel: release.label}, origin: cluster.origin})
    const {model} = context
    const missing = new Map<SecurityGroup, string[]>()
    const add = (group: SecurityGroup, text: string): void => {
      missing.set(group, [...(missing.get(group) ?? []), text])
    }
    const sa = groupLabel(serviceAccess)
    if (!allowsGroupPort(model, vpc, primaryGroupIds(cluster), 'ingress', serviceAccess.id, 8443)) add(primary, `inbound TCP 8443 from the service access group ${sa}`)
    if (!allowsGroupPort(model, vpc, coreGroupIds(cluster), 'ingress', serviceAccess.id, 8443)) add(core, `inbound TCP 8443 from the service access group ${sa}`)
    if (releaseAtLeast(release, 5, 30) && !allowsGroupPort(model, vpc, [serviceAccess.id], 'ingress', primary.id, 9443)) {
      add(serviceAccess, `inbound TCP 9443 from the managed primary group ${groupLabel(primary)}`)
    }
    if (!allowsGroupPort(model, vpc, [serviceAccess.id], 'egress', primary.id, 8443)) add(serviceAccess, `outbound TCP 8443 to the managed primary group ${groupLabel(primary)}`)
    if (!allowsGroupPort(model, vpc, [serviceAccess.id], 'egress', core.id, 8443)) add(serviceAccess, `outbound TCP 8443 to the managed core/task group ${groupLabel(core)}`)
    for (const [group, rules] of missing) {
      const role = group === serviceAccess ? 'service access' : group === primary ? 'EMR-managed primary' : 'EMR-managed core/task'
      context.report({
        resourceId: group.id,
        messageId: 'missingRules',
        data: {
          group: groupLabel(group),
          groupId: group.id,
          role,
          clusterId: cluster.id,
          releaseLabel: release.label,
          rules: rules.map((rule, index) => `(${index + 1}) ${rule}`).join(', '),
          serviceAccessGroupId: serviceAccess.id,
          primaryGroupId: primary.id,
          coreGroupId: core.id,
        },
        origin: group.origin,
      })
    }
  },
})
