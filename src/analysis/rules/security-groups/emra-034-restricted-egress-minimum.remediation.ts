/** EMRA-034's fix. Templates: `{{groupId}}`, `{{s3PrefixListId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{serviceAccessGroupId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

const minimum = securityGroupRules(
  {direction: 'egress', groupId: '{{groupId}}', protocol: 'tcp', port: 443, peer: {prefixList: '{{s3PrefixListId}}'}, logicalId: 'S3Egress', terraformName: 's3_https'},
  {direction: 'egress', groupId: '{{groupId}}', protocol: '-1', peer: {group: '{{primaryGroupId}}'}, logicalId: 'ToPrimary', terraformName: 'to_emr_primary'},
  {direction: 'egress', groupId: '{{groupId}}', protocol: '-1', peer: {group: '{{coreGroupId}}'}, logicalId: 'ToCore', terraformName: 'to_emr_core'},
)
// EMR 5.30.0 to 7.x only.
const toServiceAccess = securityGroupRules({
  direction: 'egress',
  groupId: '{{groupId}}',
  protocol: 'tcp',
  port: 9443,
  peer: {group: '{{serviceAccessGroupId}}'},
  logicalId: 'ToServiceAccess',
  terraformName: 'to_service_access',
})

export default {
  summary:
    'Restore the allow-all egress rule on {{groupId}}, or add the documented minimum: TCP 443 to the Amazon S3 prefix list {{s3PrefixListId}}, all traffic to {{primaryGroupId}} and {{coreGroupId}}, and on EMR 5.30.0 to 7.x TCP 9443 to the service access group {{serviceAccessGroupId}}.',
  cli: `${minimum.cli}\n${toServiceAccess.cli}`,
  cloudformation: `${minimum.cloudformation}\n# EMR 5.30.0 to 7.x only:\n${toServiceAccess.cloudformation}`,
  terraform: `${minimum.terraform}\n\n# EMR 5.30.0 to 7.x only:\n${toServiceAccess.terraform}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Outbound rules tab choose Edit outbound rules and either add All traffic to 0.0.0.0/0, or add HTTPS to the prefix list {{s3PrefixListId}}, All traffic to {{primaryGroupId}} and to {{coreGroupId}}, and (EMR 5.30.0 to 7.x) Custom TCP 9443 to {{serviceAccessGroupId}}.',
    'Save rules.',
  ],
} satisfies Remediation
