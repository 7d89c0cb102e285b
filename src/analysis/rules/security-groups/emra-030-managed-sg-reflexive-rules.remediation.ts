/** EMRA-030's fix. Templates: `{{groupId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    'Restore the inbound rules on the managed group {{groupId}}: all traffic (or all TCP, all UDP and all ICMP) from the group itself and from the other managed group ({{primaryGroupId}} primary, {{coreGroupId}} core/task).',
  ...securityGroupRules(
    {direction: 'ingress', groupId: '{{groupId}}', protocol: '-1', peer: {group: '{{primaryGroupId}}'}, logicalId: 'FromPrimaryGroup', terraformName: 'from_emr_primary'},
    {direction: 'ingress', groupId: '{{groupId}}', protocol: '-1', peer: {group: '{{coreGroupId}}'}, logicalId: 'FromCoreGroup', terraformName: 'from_emr_core'},
  ),
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules and add two All traffic rules: one whose source is {{primaryGroupId}}, one whose source is {{coreGroupId}} (one of them is the group itself).',
    'Save rules.',
  ],
} satisfies Remediation
