/** EMRA-074's fix. Templates: `{{bastionId}}`, `{{instanceId}}` (the primary node), `{{path}}`, `{{code}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Fix the hop the explanation of {{path}} marks as blocking ({{code}}); usually an additional primary security group rule admitting TCP 22 from the security group of the bastion {{bastionId}}, or a network ACL entry.',
  cli: `aws ec2 describe-instances --region {{region}} --instance-ids {{bastionId}} {{instanceId}} --query 'Reservations[].Instances[].[InstanceId,SubnetId,SecurityGroups]'
aws ec2 authorize-security-group-ingress --region {{region}} --group-id <additional-primary-sg-id> --protocol tcp --port 22 --source-group <bastion-sg-id>`,
  cloudformation: `Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: !Ref AdditionalPrimarySecurityGroup
  IpProtocol: tcp
  FromPort: 22
  ToPort: 22
  SourceSecurityGroupId: !Ref BastionSecurityGroup`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_bastion" {
  security_group_id            = aws_security_group.additional_primary.id
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = aws_security_group.bastion.id
}`,
  console: [
    'Open the EC2 console and select the primary node {{instanceId}}; on the Security tab open an additional (not EMR-managed) security group.',
    'Add an inbound SSH rule whose source is the security group of the bastion {{bastionId}}.',
    'If the explanation names a network ACL or route table, fix that entry in the VPC console (TCP 22 one way, 1024-65535 back).',
  ],
} satisfies Remediation
