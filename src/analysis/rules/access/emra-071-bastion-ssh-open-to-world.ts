import {defineRule} from '../rule.js'
import remediation from './emra-071-bastion-ssh-open-to-world.remediation.js'
import {reportSshFromWorld} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-071',
    title: 'Bastion security group admits SSH from the whole internet',
    severity: 'high',
    topologies: ['private'],
    description: "Checks the bastion's security groups for TCP 22 admitted from every public address: by one rule (0.0.0.0/0, ::/0, a prefix list covering them) or by several rules together.",
    risk: "The bastion is the single internet-facing door to the private cluster. With TCP 22 open to 0.0.0.0/0 or ::/0 it receives constant brute-force and exploit traffic, and a stolen key works from anywhere. AWS's bastion reference architecture locks SSH down to known CIDR ranges.",
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
    const owner = {ofGroup: () => ({bastionId: bastion.id}), together: {bastionId: bastion.id}, groupIds}
    reportSshFromWorld(context, groups, owner, {single: {messageId: 'worldOpen'}, union: {messageId: 'worldOpenByUnion'}})
  },
})
