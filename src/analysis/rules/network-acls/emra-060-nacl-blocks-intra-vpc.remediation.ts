/** EMRA-060's fix. Templates: `{{naclId}}`, `{{cidr}}` (the VPC CIDR), `{{subnetId}}`, `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Add inbound and outbound entries to {{naclId}} allowing all traffic to and from {{cidr}} (the VPC CIDR of {{vpcId}}), numbered before any deny entry.',
  cli: `aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --ingress --rule-number 90 --protocol -1 --cidr-block {{cidr}} --rule-action allow
aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --egress --rule-number 90 --protocol -1 --cidr-block {{cidr}} --rule-action allow`,
  cloudformation: `# Entries on {{naclId}}, numbered before any deny entry:
VpcInbound:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 90
    Protocol: -1
    RuleAction: allow
    Egress: false
    CidrBlock: {{cidr}}
VpcOutbound:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 90
    Protocol: -1
    RuleAction: allow
    Egress: true
    CidrBlock: {{cidr}}`,
  terraform: `resource "aws_network_acl_rule" "vpc_inbound" {
  network_acl_id = "{{naclId}}"
  rule_number    = 90
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "{{cidr}}"
}

resource "aws_network_acl_rule" "vpc_outbound" {
  network_acl_id = "{{naclId}}"
  rule_number    = 90
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "{{cidr}}"
}`,
  console: [
    'Open the VPC console, Network ACLs, and select {{naclId}} (associated with {{subnetId}}).',
    'On the Inbound rules tab choose Edit inbound rules and add rule 90: All traffic, source {{cidr}}, Allow (numbered before any deny entry).',
    'On the Outbound rules tab add rule 90: All traffic, destination {{cidr}}, Allow. Save changes.',
  ],
} satisfies Remediation
