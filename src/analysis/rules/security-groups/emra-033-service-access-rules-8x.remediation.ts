/** EMRA-033's fix. Templates: `{{serviceAccessGroupId}}`, `{{primaryGroupId}}`, `{{vpcCidr}}`, `{{clusterId}}` from the finding; `{{vpcId}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    "Allow TCP 443 into the service access group {{serviceAccessGroupId}} from every CIDR block of {{vpcId}}, and, when the primary node's egress is restricted, TCP 443 out of the primary group {{primaryGroupId}} to the service access group.",
  ...securityGroupRules(
    {
      direction: 'ingress',
      groupId: '{{serviceAccessGroupId}}',
      protocol: 'tcp',
      port: 443,
      peer: {cidr: '{{vpcCidr}}'},
      logicalId: 'ServiceAccessHttpsFromVpc',
      terraformName: 'service_access_https_from_vpc',
    },
    {
      direction: 'egress',
      groupId: '{{primaryGroupId}}',
      protocol: 'tcp',
      port: 443,
      peer: {group: '{{serviceAccessGroupId}}'},
      logicalId: 'PrimaryHttpsToServiceAccess',
      terraformName: 'primary_https_to_service_access',
    },
  ),
  console: [
    'Open the EC2 console, Security Groups, and select the service access group {{serviceAccessGroupId}}.',
    'On the Inbound rules tab add an HTTPS (TCP 443) rule whose source is each CIDR block of {{vpcId}} ({{vpcCidr}}), and save.',
    'If the primary group {{primaryGroupId}} has no allow-all outbound rule, add an outbound HTTPS rule to {{serviceAccessGroupId}} on its Outbound rules tab, and save.',
  ],
} satisfies Remediation
