/** EMRA-073's fix. Templates: `{{cidr}}` (the operators' network), `{{bastionId}}`, `{{path}}`, `{{code}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {BASTION_GROUP, securityGroupRules} from '../remediation-snippets.js'

const fromOperators = securityGroupRules({
  direction: 'ingress',
  groupId: BASTION_GROUP,
  protocol: 'tcp',
  port: 22,
  peer: {cidr: '{{cidr}}'},
  region: '{{region}}',
  terraformName: 'bastion_ssh_from_operators',
})

export default {
  summary:
    'Fix the hop the explanation of {{path}} marks as blocking ({{code}}); usually a bastion security group rule admitting TCP 22 from {{cidr}}, a network ACL entry, a route to the internet gateway, or a public IP on {{bastionId}}.',
  cli: `aws ec2 describe-instances --region {{region}} --instance-ids {{bastionId}} --query 'Reservations[].Instances[].[PublicIpAddress,SecurityGroups]'\n${fromOperators.cli}`,
  cloudformation: `# A rule on the bastion's security group admitting the operators:\n${fromOperators.cloudformation}`,
  terraform: `# A rule on the bastion's security group admitting the operators:\n${fromOperators.terraform}`,
  console: [
    'Open the EC2 console and select the bastion {{bastionId}}; on the Networking tab check that it has a public IPv4 address and note its subnet.',
    'On the Security tab open its security group and add an inbound SSH rule whose source is {{cidr}}.',
    'If the explanation names a route table or network ACL, open it in the VPC console: the subnet needs a 0.0.0.0/0 route to an internet gateway and ACL entries for TCP 22 in and 1024-65535 out to {{cidr}}.',
  ],
} satisfies Remediation
