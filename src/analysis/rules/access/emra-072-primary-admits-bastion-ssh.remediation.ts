/** EMRA-072's fix. Templates: `{{primaryGroupId}}` (an additional primary group when there is one), `{{bastionGroupId}}`, `{{bastionId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Admit TCP 22 from the bastion security group {{bastionGroupId}} on {{primaryGroupId}} (an additional primary group is preferred over editing the EMR-managed one), and allow TCP 22 out of {{bastionGroupId}} to {{primaryGroupId}} if the bastion egress is restricted.',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{primaryGroupId}} --protocol tcp --port 22 --source-group {{bastionGroupId}}
aws ec2 authorize-security-group-egress --group-id {{bastionGroupId}} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,UserIdGroupPairs=[{GroupId={{primaryGroupId}}}]'`,
  cloudformation: `PrimarySshFromBastion:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{primaryGroupId}}
    IpProtocol: tcp
    FromPort: 22
    ToPort: 22
    SourceSecurityGroupId: {{bastionGroupId}}
BastionSshToPrimary:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{bastionGroupId}}
    IpProtocol: tcp
    FromPort: 22
    ToPort: 22
    DestinationSecurityGroupId: {{primaryGroupId}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_bastion" {
  security_group_id            = "{{primaryGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = "{{bastionGroupId}}"
}

resource "aws_vpc_security_group_egress_rule" "bastion_ssh_to_primary" {
  security_group_id            = "{{bastionGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = "{{primaryGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{primaryGroupId}}; add an inbound SSH rule whose source is {{bastionGroupId}}.',
    'If the bastion {{bastionId}} restricts egress, select {{bastionGroupId}} and add an outbound SSH rule whose destination is {{primaryGroupId}}.',
    'Save rules.',
  ],
} satisfies Remediation
