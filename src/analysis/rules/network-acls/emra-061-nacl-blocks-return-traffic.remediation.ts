/** EMRA-061's fix. Templates: `{{naclId}}`, `{{cidr}}` (the remote side of the replies), `{{direction}}`, `{{subnetId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {networkAclEntries} from '../remediation-snippets.js'

// The entry in the direction the finding names is the fix; the other direction is the same reply flow seen from the far side and is harmless to add.
const ephemeral = {from: 1024, to: 65535}
const entries = networkAclEntries(
  'create',
  {naclId: '{{naclId}}', ruleNumber: 120, egress: false, protocol: 'tcp', ports: ephemeral, cidr: '{{cidr}}', logicalId: 'EphemeralInbound', terraformName: 'ephemeral_inbound'},
  {naclId: '{{naclId}}', ruleNumber: 120, egress: true, protocol: 'tcp', ports: ephemeral, cidr: '{{cidr}}', logicalId: 'EphemeralOutbound', terraformName: 'ephemeral_outbound'},
)

export default {
  summary:
    'Allow TCP 1024-65535 {{direction}} {{cidr}} on {{naclId}} ({{subnetId}}), numbered before any deny entry. Replies from AWS services come in from 0.0.0.0/0; replies to SSH clients (admin CIDRs, the bastion, on-premises networks) go out to them.',
  cli: entries.cli,
  cloudformation: `# On {{naclId}}: keep the entry for the direction the finding names ({{direction}} {{cidr}}).\n${entries.cloudformation}`,
  terraform: `# On {{naclId}}: keep the rule for the direction the finding names ({{direction}} {{cidr}}).\n${entries.terraform}`,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}} (associated with {{subnetId}}).',
    'Edit the inbound rules (for "inbound from") or outbound rules (for "outbound to") and add rule 120: Custom TCP, ports 1024-65535, {{cidr}}, Allow, numbered before any deny entry.',
    'Save changes.',
  ],
} satisfies Remediation
