/** EMRA-030's fix. Templates: `{{groupId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Restore the inbound rules on the managed group {{groupId}}: all traffic (or all TCP, all UDP and all ICMP) from the group itself and from the other managed group ({{primaryGroupId}} primary, {{coreGroupId}} core/task).',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{groupId}} --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId={{primaryGroupId}}},{GroupId={{coreGroupId}}}]'`,
  cloudformation: `FromPrimaryGroup:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: "-1"
    SourceSecurityGroupId: {{primaryGroupId}}
FromCoreGroup:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: "-1"
    SourceSecurityGroupId: {{coreGroupId}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "from_emr_primary" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "-1"
  referenced_security_group_id = "{{primaryGroupId}}"
}

resource "aws_vpc_security_group_ingress_rule" "from_emr_core" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "-1"
  referenced_security_group_id = "{{coreGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Inbound rules tab choose Edit inbound rules and add two All traffic rules: one whose source is {{primaryGroupId}}, one whose source is {{coreGroupId}} (one of them is the group itself).',
    'Save rules.',
  ],
} satisfies Remediation
