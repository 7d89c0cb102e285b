/** EMRA-061's fix. Templates: `{{naclId}}`, `{{cidr}}` (the remote side of the replies), `{{direction}}`, `{{subnetId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Allow TCP 1024-65535 {{direction}} {{cidr}} on {{naclId}} ({{subnetId}}), numbered before any deny entry. Replies from AWS services come in from 0.0.0.0/0; replies to SSH clients (admin CIDRs, the bastion, on-premises networks) go out to them.',
  // The entry in the direction the finding names is the fix; the other direction is the same reply flow seen from the far side and is harmless to add.
  cli: `aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --ingress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block {{cidr}} --rule-action allow
aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --egress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block {{cidr}} --rule-action allow`,
  cloudformation: `# On {{naclId}}: keep the entry for the direction the finding names ({{direction}} {{cidr}}).
EphemeralInbound:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 120
    Protocol: 6
    RuleAction: allow
    Egress: false
    CidrBlock: {{cidr}}
    PortRange:
      From: 1024
      To: 65535
EphemeralOutbound:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 120
    Protocol: 6
    RuleAction: allow
    Egress: true
    CidrBlock: {{cidr}}
    PortRange:
      From: 1024
      To: 65535`,
  terraform: `# On {{naclId}}: keep the rule for the direction the finding names ({{direction}} {{cidr}}).
resource "aws_network_acl_rule" "ephemeral_inbound" {
  network_acl_id = "{{naclId}}"
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "{{cidr}}"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "ephemeral_outbound" {
  network_acl_id = "{{naclId}}"
  rule_number    = 120
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "{{cidr}}"
  from_port      = 1024
  to_port        = 65535
}`,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}} (associated with {{subnetId}}).',
    'Edit the inbound rules (for "inbound from") or outbound rules (for "outbound to") and add rule 120: Custom TCP, ports 1024-65535, {{cidr}}, Allow, numbered before any deny entry.',
    'Save changes.',
  ],
} satisfies Remediation
