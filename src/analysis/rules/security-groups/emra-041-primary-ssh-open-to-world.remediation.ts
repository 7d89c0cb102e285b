/** EMRA-041's fix. Templates: `{{groupId}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'
import {BASTION_GROUP, replaceIngressCli, securityGroupRules} from '../remediation-snippets.js'

const {cloudformation, terraform} = securityGroupRules({
  direction: 'ingress',
  groupId: '{{groupId}}',
  protocol: 'tcp',
  port: 22,
  peer: {group: BASTION_GROUP},
  terraformName: 'primary_ssh_from_bastion',
})

export default {
  summary: 'Delete the world-open SSH rule from {{groupId}}; admit TCP 22 only from your client CIDR (public subnet) or the bastion security group (private subnet).',
  cli: replaceIngressCli('{{cidr}}', {direction: 'ingress', groupId: '{{groupId}}', protocol: 'tcp', port: 22, peer: {cidr: '{{adminCidr}}'}}),
  cloudformation: `# Remove the 0.0.0.0/0 (or ::/0) entry for port 22 from {{groupId}}, then admit the bastion group:\n${cloudformation}`,
  terraform: `# Remove the rule admitting {{cidr}} on port 22 from {{groupId}}, then admit the bastion group:\n${terraform}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the SSH rule whose source is {{cidr}}, and add an SSH rule whose source is your bastion security group (or your client CIDR).',
    'Save rules.',
  ],
} satisfies Remediation
