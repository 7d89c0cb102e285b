/** EMRA-040's fix. Templates: `{{groupId}}`, `{{protocol}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Delete the world-open rule from {{groupId}} (for rules that only together cover the internet, any one of them), or replace it with one limited to your client CIDR or the bastion security group; reach the web UIs through the SSH tunnel.',
  cli: `aws ec2 revoke-security-group-ingress --group-id {{groupId}} --protocol {{protocol}} --port {{port}} --cidr {{cidr}}
aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol {{protocol}} --port {{port}} --cidr {{adminCidr}}`,
  cloudformation: `# Remove the {{cidr}} entry for {{protocol}} {{port}} from {{groupId}}, then admit only your client CIDR:
Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: {{protocol}}
  FromPort: {{fromPort}}
  ToPort: {{toPort}}
  CidrIp: {{adminCidr}}`,
  terraform: `# Remove the rule admitting {{cidr}} on {{protocol}} {{port}} from {{groupId}}, then admit only your client CIDR:
resource "aws_vpc_security_group_ingress_rule" "from_admin_cidr" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "{{protocol}}"
  from_port         = {{fromPort}}
  to_port           = {{toPort}}
  cidr_ipv4         = "{{adminCidr}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the rule whose source is {{cidr}} (protocol {{protocol}}, ports {{port}}), and add one whose source is your client CIDR or the bastion security group.',
    'Save rules.',
  ],
} satisfies Remediation
