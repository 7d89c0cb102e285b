/** EMRA-071's fix. Templates: `{{groupId}}`, `{{cidr}}`, `{{bastionId}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'
import {replaceIngressCli, securityGroupRules, type SecurityGroupRule} from '../remediation-snippets.js'

const fromAdmins: SecurityGroupRule = {direction: 'ingress', groupId: '{{groupId}}', protocol: 'tcp', port: 22, peer: {cidr: '{{adminCidr}}'}, terraformName: 'bastion_ssh_from_admins'}
const {cloudformation, terraform} = securityGroupRules(fromAdmins)

export default {
  summary:
    'Replace the world-open SSH rule on {{groupId}} (a security group of the bastion {{bastionId}}) with rules for your admin CIDRs, and give those CIDRs to the audit so EMRA-073 checks the path.',
  cli: replaceIngressCli('{{cidr}}', fromAdmins),
  cloudformation: `# Remove the {{cidr}} entry for port 22 from {{groupId}}, then admit the admin CIDR:\n${cloudformation}`,
  terraform: `# Remove the rule admitting {{cidr}} on port 22 from {{groupId}}, then admit the admin CIDR:\n${terraform}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the SSH rule whose source is {{cidr}}, and add an SSH rule whose source is your admin CIDR ({{adminCidr}}).',
    'Save rules.',
  ],
} satisfies Remediation
