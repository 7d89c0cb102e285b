/** EMRA-062's fix. Templates: `{{naclId}}`, `{{ruleNumber}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'
import {networkAclEntries} from '../remediation-snippets.js'

const fromAdmins = networkAclEntries('replace', {
  naclId: '{{naclId}}',
  ruleNumber: '{{ruleNumber}}',
  egress: false,
  protocol: 'tcp',
  ports: {from: '{{port}}', to: '{{port}}'},
  cidr: '{{adminCidr}}',
  terraformName: 'admin_port_from_admins',
})

export default {
  summary:
    'On {{naclId}}, replace the entry admitting {{cidr}} on TCP {{port}} (rule {{ruleNumber}}) with one for your admin CIDR, or deny TCP {{port}} from 0.0.0.0/0 and ::/0 before the broad allow.',
  cli: fromAdmins.cli,
  cloudformation: `# Replace rule {{ruleNumber}} of {{naclId}} with an entry for the admin CIDR:\n${fromAdmins.cloudformation}`,
  terraform: `# Replace rule {{ruleNumber}} of {{naclId}} with an entry for the admin CIDR:\n${fromAdmins.terraform}`,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}}.',
    'On the Inbound rules tab choose Edit inbound rules and change rule {{ruleNumber}} so that TCP {{port}} is allowed only from your admin CIDR (or add a lower-numbered deny for TCP {{port}} from 0.0.0.0/0 and ::/0).',
    'Save changes.',
  ],
} satisfies Remediation
