/** EMRA-074's fix. Templates: `{{bastionId}}`, `{{instanceId}}` (the primary node), `{{path}}`, `{{code}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {BASTION_GROUP, securityGroupRules, type Reference} from '../remediation-snippets.js'

const additionalPrimaryGroup: Reference = {cli: '<additional-primary-sg-id>', cloudformation: '!Ref AdditionalPrimarySecurityGroup', terraform: 'aws_security_group.additional_primary.id'}
const fromBastion = securityGroupRules({
  direction: 'ingress',
  groupId: additionalPrimaryGroup,
  protocol: 'tcp',
  port: 22,
  peer: {group: BASTION_GROUP},
  region: '{{region}}',
  terraformName: 'primary_ssh_from_bastion',
})

export default {
  summary:
    'Fix the hop the explanation of {{path}} marks as blocking ({{code}}); usually an additional primary security group rule admitting TCP 22 from the security group of the bastion {{bastionId}}, or a network ACL entry.',
  cli: `aws ec2 describe-instances --region {{region}} --instance-ids {{bastionId}} {{instanceId}} --query 'Reservations[].Instances[].[InstanceId,SubnetId,SecurityGroups]'\n${fromBastion.cli}`,
  cloudformation: fromBastion.cloudformation,
  terraform: fromBastion.terraform,
  console: [
    'Open the EC2 console and select the primary node {{instanceId}}; on the Security tab open an additional (not EMR-managed) security group.',
    'Add an inbound SSH rule whose source is the security group of the bastion {{bastionId}}.',
    'If the explanation names a network ACL or route table, fix that entry in the VPC console (TCP 22 one way, 1024-65535 back).',
  ],
} satisfies Remediation
