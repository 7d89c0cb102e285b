/** EMRA-071's fix. Templates: `{{groupId}}`, `{{cidr}}`, `{{bastionId}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Replace the world-open SSH rule on {{groupId}} (a security group of the bastion {{bastionId}}) with rules for your admin CIDRs, and give those CIDRs to the audit so EMRA-073 checks the path.',
  cli: `aws ec2 revoke-security-group-ingress --group-id {{groupId}} --protocol tcp --port 22 --cidr {{cidr}}
aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol tcp --port 22 --cidr {{adminCidr}}`,
  cloudformation: `# Remove the {{cidr}} entry for port 22 from {{groupId}}, then admit the admin CIDR:
Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: tcp
  FromPort: 22
  ToPort: 22
  CidrIp: {{adminCidr}}`,
  terraform: `# Remove the rule admitting {{cidr}} on port 22 from {{groupId}}, then admit the admin CIDR:
resource "aws_vpc_security_group_ingress_rule" "bastion_ssh_from_admins" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "{{adminCidr}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the SSH rule whose source is {{cidr}}, and add an SSH rule whose source is your admin CIDR ({{adminCidr}}).',
    'Save rules.',
  ],
} satisfies Remediation
