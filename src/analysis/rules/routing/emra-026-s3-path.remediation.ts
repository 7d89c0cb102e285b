/**
 * EMRA-026's fix. Templates: `{{groupId}}` (the node's first security group), `{{prefixListId}}` (the
 * S3 prefix list), `{{naclId}}` (the node subnet's network ACL) and `{{instanceId}}` from the finding.
 * Rule number 110 is an example: pick one below your deny entries.
 */
import type {Remediation} from '../../findings.js'
import {combine, networkAclEntries, securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    "Allow outbound TCP 443 to the S3 prefix list {{prefixListId}} on the node's security groups (such as {{groupId}}), and allow TCP 443 out and ephemeral ports (1024-65535) back in from the S3 ranges on network ACL {{naclId}}.",
  ...combine(
    securityGroupRules({direction: 'egress', groupId: '{{groupId}}', protocol: 'tcp', port: 443, peer: {prefixList: '{{prefixListId}}'}, logicalId: 'S3Egress', terraformName: 's3_https'}),
    networkAclEntries(
      'create',
      {naclId: '{{naclId}}', ruleNumber: 110, egress: true, protocol: 'tcp', ports: {from: 443, to: 443}, cidr: '0.0.0.0/0', logicalId: 'S3RequestOut', terraformName: 's3_request_out'},
      {naclId: '{{naclId}}', ruleNumber: 110, egress: false, protocol: 'tcp', ports: {from: 1024, to: 65535}, cidr: '0.0.0.0/0', logicalId: 'S3ReturnIn', terraformName: 's3_reply_in'},
    ),
  ),
  console: [
    'Open the EC2 console, Security Groups, select {{groupId}} (a group of {{instanceId}}), Outbound rules, Edit: add HTTPS (TCP 443) to the prefix list {{prefixListId}}; save.',
    'Open the VPC console, Network ACLs, select {{naclId}}: in Outbound rules allow TCP 443 to 0.0.0.0/0 (or the S3 ranges), in Inbound rules allow TCP 1024-65535 from them, numbered below any deny; save.',
  ],
} satisfies Remediation
