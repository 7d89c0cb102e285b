/** EMRA-042's fix. Templates: `{{groupId}}`, `{{protocol}}`, `{{port}}`, `{{fromPort}}`, `{{toPort}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'
import {FINDING_PORTS, replaceIngressCli, securityGroupRules, type SecurityGroupRule} from '../remediation-snippets.js'

const fromAdmins: SecurityGroupRule = {
  direction: 'ingress',
  groupId: '{{groupId}}',
  protocol: '{{protocol}}',
  port: FINDING_PORTS,
  peer: {cidr: '{{adminCidr}}'},
  terraformName: 'web_ui_from_admin_cidr',
}
const {cloudformation, terraform} = securityGroupRules(fromAdmins)

export default {
  summary:
    'Remove the rule admitting {{cidr}} to {{groupId}} and browse the UIs through the SSH tunnel (SOCKS proxy), or narrow the source to the few client addresses that need them ({{adminCidr}}).',
  cli: replaceIngressCli('{{cidr}}', fromAdmins),
  cloudformation: `# Remove the {{cidr}} entry for ports {{port}} from {{groupId}}, then admit only your client CIDR:\n${cloudformation}`,
  terraform: `# Remove the rule admitting {{cidr}} on ports {{port}} from {{groupId}}, then admit only your client CIDR:\n${terraform}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the rule for ports {{port}} whose source is {{cidr}}, and (if clients need direct access) add one whose source is only their CIDR.',
    'Save rules, then open the web UIs through the SSH tunnel and SOCKS proxy.',
  ],
} satisfies Remediation
