/** EMRA-032's fix. Templates: `{{serviceAccessGroupId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    'Re-add the missing rules: TCP 8443 into the primary ({{primaryGroupId}}) and core/task ({{coreGroupId}}) groups from the service access group {{serviceAccessGroupId}}, TCP 9443 into the service access group from the primary group, and TCP 8443 out of the service access group to both node groups.',
  ...securityGroupRules(
    {
      direction: 'ingress',
      groupId: '{{primaryGroupId}}',
      protocol: 'tcp',
      port: 8443,
      peer: {group: '{{serviceAccessGroupId}}'},
      logicalId: 'PrimaryFromServiceAccess',
      terraformName: 'primary_from_service_access',
    },
    {
      direction: 'ingress',
      groupId: '{{coreGroupId}}',
      protocol: 'tcp',
      port: 8443,
      peer: {group: '{{serviceAccessGroupId}}'},
      logicalId: 'CoreFromServiceAccess',
      terraformName: 'core_from_service_access',
    },
    {
      direction: 'ingress',
      groupId: '{{serviceAccessGroupId}}',
      protocol: 'tcp',
      port: 9443,
      peer: {group: '{{primaryGroupId}}'},
      logicalId: 'ServiceAccessFromPrimary',
      terraformName: 'service_access_from_primary',
    },
    {
      direction: 'egress',
      groupId: '{{serviceAccessGroupId}}',
      protocol: 'tcp',
      port: 8443,
      peer: {group: '{{primaryGroupId}}'},
      logicalId: 'ServiceAccessToPrimary',
      terraformName: 'service_access_to_primary',
    },
    {
      direction: 'egress',
      groupId: '{{serviceAccessGroupId}}',
      protocol: 'tcp',
      port: 8443,
      peer: {group: '{{coreGroupId}}'},
      logicalId: 'ServiceAccessToCore',
      terraformName: 'service_access_to_core',
    },
  ),
  console: [
    'Open the EC2 console, Security Groups. On {{primaryGroupId}} and {{coreGroupId}} add an inbound Custom TCP rule on port 8443 whose source is {{serviceAccessGroupId}}.',
    'On {{serviceAccessGroupId}} add an inbound Custom TCP rule on port 9443 whose source is {{primaryGroupId}}, and outbound Custom TCP rules on port 8443 to {{primaryGroupId}} and {{coreGroupId}}.',
    'Save the rules of each group.',
  ],
} satisfies Remediation
