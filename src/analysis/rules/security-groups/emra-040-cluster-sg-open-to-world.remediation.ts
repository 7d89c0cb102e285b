/** EMRA-040's fix. Templates: `{{groupId}}`, `{{protocol}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'
import {FINDING_PORTS, replaceIngressCli, securityGroupRules, type SecurityGroupRule} from '../remediation-snippets.js'

const fromAdmins: SecurityGroupRule = {direction: 'ingress', groupId: '{{groupId}}', protocol: '{{protocol}}', port: FINDING_PORTS, peer: {cidr: '{{adminCidr}}'}, terraformName: 'from_admin_cidr'}
const {cloudformation, terraform} = securityGroupRules(fromAdmins)

export default {
  summary:
    'Delete the world-open rule from {{groupId}} (for rules that only together cover the internet, any one of them), or replace it with one limited to your client CIDR or the bastion security group; reach the web UIs through the SSH tunnel.',
  cli: replaceIngressCli('{{cidr}}', fromAdmins),
  cloudformation: `# Remove the {{cidr}} entry for {{protocol}} {{port}} from {{groupId}}, then admit only your client CIDR:\n${cloudformation}`,
  terraform: `# Remove the rule admitting {{cidr}} on {{protocol}} {{port}} from {{groupId}}, then admit only your client CIDR:\n${terraform}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the rule whose source is {{cidr}} (protocol {{protocol}}, ports {{port}}), and add one whose source is your client CIDR or the bastion security group.',
    'Save rules.',
  ],
} satisfies Remediation
