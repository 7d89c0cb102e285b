import {WORLD, unresolvedPrefixLists} from '../exposure.js'
import {defineRule} from '../rule.js'
import {groupLabel, openedText, peerId, stopForPrefixLists, ruleLabel, unionText, worldOnTcpPort} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-071',
    title: 'Bastion security group admits SSH from the whole internet',
    severity: 'high',
    topologies: ['private'],
    risk:
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
    const groups = groupIds.map((id) => context.model.securityGroups.get(id)!)
    const {singles, unions} = worldOnTcpPort(context.model, groups, 22)
    for (const {group, rule, peer} of singles) {
      context.report({
        resourceId: group.id,
        message: `${groupLabel(group)}, a security group of the bastion ${bastion.id}, allows inbound ${openedText(rule)} from ${peer}: SSH on the bastion is open to the whole internet.`,
        pathLabel: ruleLabel(group, rule, peerId(rule)),
        origin: rule.origin,
      })
    }
    for (const union of unions) {
      context.report({
        resourceId: union.union[0]!.group.id,
        message: `The security groups of the bastion ${bastion.id} (${groupIds.join(', ')}) together admit TCP 22 from the whole internet (${WORLD[union.family]}), though no single rule does: ${unionText(union.union)}. SSH on the bastion is open to the whole internet.`,
        pathLabel: `${WORLD[union.family]} -> ${groupIds.join('+')}:22/tcp`,
        origin: union.union[0]!.rule.origin,
      })
    }
    if (singles.length > 0 || unions.length > 0) return
    const unknown = unresolvedPrefixLists(context.model, groups)
    if (unknown.length > 0) return stopForPrefixLists(context, unknown)
  },
})
