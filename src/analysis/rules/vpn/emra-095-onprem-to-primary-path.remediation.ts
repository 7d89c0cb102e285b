/**
 * EMRA-095's fix. Templates: `{{cidr}}` (the on-premises CIDR), `{{clusterId}}`, `{{instanceId}}` and
 * `{{groupId}}` (an additional primary security group, when the cluster has one) from the finding;
 * `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary: 'Fix the hop the explanation marks as blocking; usually an additional primary security group rule on {{groupId}} admitting TCP 22 from the on-premises CIDR {{cidr}}.',
  ...securityGroupRules({direction: 'ingress', groupId: '{{groupId}}', protocol: 'tcp', port: 22, peer: {cidr: '{{cidr}}'}, terraformName: 'primary_ssh_from_onprem'}),
  console: [
    "Read the finding's hops: the first one marked deny is where traffic from {{cidr}} stops.",
    'If it is a security group: open the EC2 console, Security Groups, select {{groupId}}, Edit inbound rules, and add SSH from {{cidr}}.',
    'If it is a route table or network ACL of the cluster subnet, see EMRA-092 or the network ACL rules; if it is the VPN, EMRA-090.',
  ],
} satisfies Remediation
