/** EMRA-062's fix. Templates: `{{naclId}}`, `{{ruleNumber}}`, `{{port}}`, `{{cidr}}` from the finding; `{{adminCidr}}` from the audit's admin CIDRs. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'On {{naclId}}, replace the entry admitting {{cidr}} on TCP {{port}} (rule {{ruleNumber}}) with one for your admin CIDR, or deny TCP {{port}} from 0.0.0.0/0 and ::/0 before the broad allow.',
  cli: `aws ec2 replace-network-acl-entry --network-acl-id {{naclId}} --ingress --rule-number {{ruleNumber}} --protocol tcp --port-range From={{port}},To={{port}} --cidr-block {{adminCidr}} --rule-action allow`,
  cloudformation: `# Replace rule {{ruleNumber}} of {{naclId}} with an entry for the admin CIDR:
Type: AWS::EC2::NetworkAclEntry
Properties:
  NetworkAclId: {{naclId}}
  RuleNumber: {{ruleNumber}}
  Protocol: 6
  RuleAction: allow
  Egress: false
  CidrBlock: {{adminCidr}}
  PortRange:
    From: {{port}}
    To: {{port}}`,
  terraform: `# Replace rule {{ruleNumber}} of {{naclId}} with an entry for the admin CIDR:
resource "aws_network_acl_rule" "admin_port_from_admins" {
  network_acl_id = "{{naclId}}"
  rule_number    = {{ruleNumber}}
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "{{adminCidr}}"
  from_port      = {{port}}
  to_port        = {{port}}
}`,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}}.',
    'On the Inbound rules tab choose Edit inbound rules and change rule {{ruleNumber}} so that TCP {{port}} is allowed only from your admin CIDR (or add a lower-numbered deny for TCP {{port}} from 0.0.0.0/0 and ::/0).',
    'Save changes.',
  ],
} satisfies Remediation
