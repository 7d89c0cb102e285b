/** EMRA-060's fix. Templates: `{{naclId}}`, `{{cidr}}` (the VPC CIDR), `{{subnetId}}`, `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {networkAclEntries} from '../remediation-snippets.js'

const entries = networkAclEntries(
  'create',
  {naclId: '{{naclId}}', ruleNumber: 90, egress: false, protocol: 'all', cidr: '{{cidr}}', logicalId: 'VpcInbound', terraformName: 'vpc_inbound'},
  {naclId: '{{naclId}}', ruleNumber: 90, egress: true, protocol: 'all', cidr: '{{cidr}}', logicalId: 'VpcOutbound', terraformName: 'vpc_outbound'},
)

export default {
  summary: 'Add inbound and outbound entries to {{naclId}} allowing all traffic to and from {{cidr}} (the VPC CIDR of {{vpcId}}), numbered before any deny entry.',
  cli: entries.cli,
  cloudformation: `# Entries on {{naclId}}, numbered before any deny entry:\n${entries.cloudformation}`,
  terraform: entries.terraform,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}} (associated with {{subnetId}}).',
    'On the Inbound rules tab choose Edit inbound rules and add rule 90: All traffic, source {{cidr}}, Allow (numbered before any deny entry).',
    'On the Outbound rules tab add rule 90: All traffic, destination {{cidr}}, Allow. Save changes.',
  ],
} satisfies Remediation
