/** EMRA-072's fix. Templates: `{{primaryGroupId}}` (an additional primary group when there is one), `{{bastionGroupId}}`, `{{bastionId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    'Admit TCP 22 from the bastion security group {{bastionGroupId}} on {{primaryGroupId}} (an additional primary group is preferred over editing the EMR-managed one), and allow TCP 22 out of {{bastionGroupId}} to {{primaryGroupId}} if the bastion egress is restricted.',
  ...securityGroupRules(
    {
      direction: 'ingress',
      groupId: '{{primaryGroupId}}',
      protocol: 'tcp',
      port: 22,
      peer: {group: '{{bastionGroupId}}'},
      logicalId: 'PrimarySshFromBastion',
      terraformName: 'primary_ssh_from_bastion',
    },
    {direction: 'egress', groupId: '{{bastionGroupId}}', protocol: 'tcp', port: 22, peer: {group: '{{primaryGroupId}}'}, logicalId: 'BastionSshToPrimary', terraformName: 'bastion_ssh_to_primary'},
  ),
  console: [
    'Open the EC2 console, Security Groups, and select {{primaryGroupId}}; add an inbound SSH rule whose source is {{bastionGroupId}}.',
    'If the bastion {{bastionId}} restricts egress, select {{bastionGroupId}} and add an outbound SSH rule whose destination is {{primaryGroupId}}.',
    'Save rules.',
  ],
} satisfies Remediation
