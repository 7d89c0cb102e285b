/** EMRA-041's fix. Templates: `{{groupId}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Delete the world-open SSH rule from {{groupId}}; admit TCP 22 only from your client CIDR (public subnet) or the bastion security group (private subnet).',
  cli: `aws ec2 revoke-security-group-ingress --group-id {{groupId}} --protocol tcp --port 22 --cidr {{cidr}}
aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol tcp --port 22 --cidr {{adminCidr}}`,
  cloudformation: `# Remove the 0.0.0.0/0 (or ::/0) entry for port 22 from {{groupId}}, then admit the bastion group:
Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: tcp
  FromPort: 22
  ToPort: 22
  SourceSecurityGroupId: !Ref BastionSecurityGroup`,
  terraform: `# Remove the rule admitting {{cidr}} on port 22 from {{groupId}}, then admit the bastion group:
resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_bastion" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = aws_security_group.bastion.id
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the SSH rule whose source is {{cidr}}, and add an SSH rule whose source is your bastion security group (or your client CIDR).',
    'Save rules.',
  ],
} satisfies Remediation
