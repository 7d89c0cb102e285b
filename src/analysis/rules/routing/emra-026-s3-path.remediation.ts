/**
 * EMRA-026's fix. Templates: `{{groupId}}` (the node's first security group), `{{prefixListId}}` (the
 * S3 prefix list), `{{naclId}}` (the node subnet's network ACL) and `{{instanceId}}` from the finding.
 * Rule number 110 is an example: pick one below your deny entries.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    "Allow outbound TCP 443 to the S3 prefix list {{prefixListId}} on the node's security groups (such as {{groupId}}), and allow TCP 443 out and ephemeral ports (1024-65535) back in from the S3 ranges on network ACL {{naclId}}.",
  cli: `aws ec2 authorize-security-group-egress --group-id {{groupId}} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId={{prefixListId}}}]'
aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --egress --rule-number 110 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow
aws ec2 create-network-acl-entry --network-acl-id {{naclId}} --ingress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow`,
  cloudformation: `S3Egress:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    DestinationPrefixListId: {{prefixListId}}
S3RequestOut:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 110
    Protocol: 6
    RuleAction: allow
    Egress: true
    CidrBlock: 0.0.0.0/0
    PortRange:
      From: 443
      To: 443
S3ReturnIn:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {{naclId}}
    RuleNumber: 110
    Protocol: 6
    RuleAction: allow
    Egress: false
    CidrBlock: 0.0.0.0/0
    PortRange:
      From: 1024
      To: 65535`,
  terraform: `resource "aws_vpc_security_group_egress_rule" "s3_https" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = "{{prefixListId}}"
}

resource "aws_network_acl_rule" "s3_request_out" {
  network_acl_id = "{{naclId}}"
  rule_number    = 110
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "s3_reply_in" {
  network_acl_id = "{{naclId}}"
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}`,
  console: [
    'Open the EC2 console, Security Groups, select {{groupId}} (a group of {{instanceId}}), Outbound rules, Edit: add HTTPS (TCP 443) to the prefix list {{prefixListId}}; save.',
    'Open the VPC console, Network ACLs, select {{naclId}}: in Outbound rules allow TCP 443 to 0.0.0.0/0 (or the S3 ranges), in Inbound rules allow TCP 1024-65535 from them, numbered below any deny; save.',
  ],
} satisfies Remediation
