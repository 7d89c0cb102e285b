import {defineRule} from '../rule.js'
import {coversTcpPort, groupLabel, openedText, ruleLabel, worldCidr} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-071',
    title: 'Bastion security group admits SSH from the whole internet',
    severity: 'high',
    topologies: ['private'],
    rationale:
      'The bastion is the single internet-facing door to the private cluster. With TCP 22 open to 0.0.0.0/0 or ::/0 it receives constant brute-force and exploit traffic, and a stolen key works from anywhere. AWS\'s bastion reference architecture locks SSH down to known CIDR ranges.',
    remediation: {
      summary: 'Replace the world-open SSH rule on the bastion security group with rules for your admin CIDRs (pass them with --admin-cidr so EMRA-073 checks the path).',
      cli:
        'aws ec2 revoke-security-group-ingress --group-id <bastion-sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\n' +
        'aws ec2 authorize-security-group-ingress --group-id <bastion-sg-id> --protocol tcp --port 22 --cidr <admin-cidr>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref BastionSecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  CidrIp: <admin-cidr>',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: ['instances', 'securityGroups'],
  },
  check(context) {
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host: give one with --bastion (see EMRA-070)')
    const groupIds = [...new Set(bastion.enis.flatMap((eni) => eni.groupIds))]
    if (groupIds.length === 0) return context.notEvaluated(`the bastion ${bastion.id} has no security groups in ec2-describe-instances`)
    const missing = groupIds.filter((id) => !context.model.securityGroups.has(id))
    if (missing.length > 0) return context.notEvaluated(`security groups of the bastion ${bastion.id} not in ec2-describe-security-groups: ${missing.join(', ')}`)
    for (const id of groupIds) {
      const group = context.model.securityGroups.get(id)!
      for (const rule of group.ingress) {
        const cidr = worldCidr(rule)
        if (!cidr || !coversTcpPort(rule, 22)) continue
        context.report({
          resourceId: group.id,
          message: `${groupLabel(group)}, a security group of the bastion ${bastion.id}, allows inbound ${openedText(rule)} from ${cidr}: SSH on the bastion is open to the whole internet.`,
          pathLabel: ruleLabel(group, rule, cidr),
          origin: rule.origin,
        })
      }
    }
  },
})
