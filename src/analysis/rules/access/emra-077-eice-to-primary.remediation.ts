/** EMRA-077's fix. Templates: `{{primaryGroupId}}` (an additional primary group when there is one), `{{endpointGroupId}}`, `{{endpointId}}`, `{{path}}`, `{{code}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    'Fix the hop the explanation of {{path}} marks as blocking ({{code}}): usually admit TCP 22 from the endpoint security group {{endpointGroupId}} on {{primaryGroupId}} (an additional primary group is preferred over editing the EMR-managed one) and allow TCP 22 out of {{endpointGroupId}} to {{primaryGroupId}}, or a network ACL entry (TCP 22 one way, 1024-65535 back).',
  ...securityGroupRules(
    {direction: 'ingress', groupId: '{{primaryGroupId}}', protocol: 'tcp', port: 22, peer: {group: '{{endpointGroupId}}'}, logicalId: 'PrimarySshFromEice', terraformName: 'primary_ssh_from_eice'},
    {direction: 'egress', groupId: '{{endpointGroupId}}', protocol: 'tcp', port: 22, peer: {group: '{{primaryGroupId}}'}, logicalId: 'EiceSshToPrimary', terraformName: 'eice_ssh_to_primary'},
  ),
  console: [
    'Open the EC2 console, Security Groups, and select {{primaryGroupId}}; add an inbound SSH rule whose source is {{endpointGroupId}}.',
    'Select {{endpointGroupId}} (the group of the endpoint {{endpointId}}) and add an outbound SSH rule whose destination is {{primaryGroupId}}.',
    'Save rules.',
    'If the explanation names a network ACL or route table, fix that entry in the VPC console (TCP 22 one way, 1024-65535 back).',
  ],
} satisfies Remediation
