/** EMRA-042's fix. Templates: `{{groupId}}`, `{{protocol}}`, `{{port}}`, `{{fromPort}}`, `{{toPort}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Remove the rule admitting {{cidr}} to {{groupId}} and browse the UIs through the SSH tunnel (SOCKS proxy), or narrow the source to the few client addresses that need them ({{adminCidr}}).',
  cli: `aws ec2 revoke-security-group-ingress --group-id {{groupId}} --protocol {{protocol}} --port {{port}} --cidr {{cidr}}
aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol {{protocol}} --port {{port}} --cidr {{adminCidr}}`,
  cloudformation: `# Remove the {{cidr}} entry for ports {{port}} from {{groupId}}, then admit only your client CIDR:
Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: {{protocol}}
  FromPort: {{fromPort}}
  ToPort: {{toPort}}
  CidrIp: {{adminCidr}}`,
  terraform: `# Remove the rule admitting {{cidr}} on ports {{port}} from {{groupId}}, then admit only your client CIDR:
resource "aws_vpc_security_group_ingress_rule" "web_ui_from_admin_cidr" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "{{protocol}}"
  from_port         = {{fromPort}}
  to_port           = {{toPort}}
  cidr_ipv4         = "{{adminCidr}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules, delete the rule for ports {{port}} whose source is {{cidr}}, and (if clients need direct access) add one whose source is only their CIDR.',
    'Save rules, then open the web UIs through the SSH tunnel and SOCKS proxy.',
  ],
} satisfies Remediation
