import {WORLD, unresolvedPrefixLists} from '../exposure.js'
import {defineRule} from '../rule.js'
import remediation from './emra-071-bastion-ssh-open-to-world.remediation.js'
import {groupLabel, openedText, peerId, stopForPrefixLists, ruleLabel, unionText, worldOnTcpPort} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-071',
    title: 'Bastion security group admits SSH from the whole internet',
    severity: 'high',
    topologies: ['private'],
    description:
      'Checks the bastion\'s security groups for TCP 22 admitted from every public address: by one rule (0.0.0.0/0, ::/0, a prefix list covering them) or by several rules together.',
    risk:
      'The bastion is the single internet-facing door to the private cluster. With TCP 22 open to 0.0.0.0/0 or ::/0 it receives constant brute-force and exploit traffic, and a stolen key works from anywhere. AWS\'s bastion reference architecture locks SSH down to known CIDR ranges.',
    messages: {
      worldOpen: '{{group}}, a security group of the bastion {{bastionId}}, allows inbound {{opened}} from {{peer}}: SSH on the bastion is open to the whole internet.',
      worldOpenByUnion:
        'The security groups of the bastion {{bastionId}} ({{groupIds}}) together admit TCP 22 from the whole internet ({{cidr}}), though no single rule does: {{rules}}. SSH on the bastion is open to the whole internet.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: ['instances', 'securityGroups'],
  },
  check(context) {
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host was given or found (see EMRA-070)')
    const groupIds = [...new Set(bastion.enis.flatMap((eni) => eni.groupIds))]
    if (groupIds.length === 0) return context.lacking('instances', `the security groups of the bastion ${bastion.id}`, bastion.id)
    const missing = groupIds.filter((id) => !context.model.securityGroups.has(id))
    if (missing.length > 0) return context.lacking('securityGroups', `the security groups of the bastion ${bastion.id}: ${missing.join(', ')}`)
    const groups = groupIds.map((id) => context.model.securityGroups.get(id)!)
    const {singles, unions} = worldOnTcpPort(context.model, groups, 22)
    for (const {group, rule, peer} of singles) {
      context.report({
        resourceId: group.id,
        messageId: 'worldOpen',
        data: {group: groupLabel(group), groupId: group.id, bastionId: bastion.id, opened: openedText(rule), peer, cidr: peerId(rule), port: 22},
        pathLabel: ruleLabel(group, rule, peerId(rule)),
        origin: rule.origin,
      })
    }
    for (const union of unions) {
      context.report({
        resourceId: union.union[0]!.group.id,
        messageId: 'worldOpenByUnion',
        data: {bastionId: bastion.id, groupIds: groupIds.join(', '), groupId: union.union[0]!.group.id, cidr: WORLD[union.family], rules: unionText(union.union), port: 22},
        pathLabel: `${WORLD[union.family]} -> ${groupIds.join('+')}:22/tcp`,
        origin: union.union[0]!.rule.origin,
      })
    }
    if (singles.length > 0 || unions.length > 0) return
    const unknown = unresolvedPrefixLists(context.model, groups)
    if (unknown.length > 0) return stopForPrefixLists(context, unknown)
  },
})
