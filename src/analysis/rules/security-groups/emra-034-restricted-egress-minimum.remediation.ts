/** EMRA-034's fix. Templates: `{{groupId}}`, `{{s3PrefixListId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{serviceAccessGroupId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Restore the allow-all egress rule on {{groupId}}, or add the documented minimum: TCP 443 to the Amazon S3 prefix list {{s3PrefixListId}}, all traffic to {{primaryGroupId}} and {{coreGroupId}}, and on EMR 5.30.0 to 7.x TCP 9443 to the service access group {{serviceAccessGroupId}}.',
  cli: `aws ec2 authorize-security-group-egress --group-id {{groupId}} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId={{s3PrefixListId}}}]' 'IpProtocol=-1,UserIdGroupPairs=[{GroupId={{primaryGroupId}}},{GroupId={{coreGroupId}}}]'
aws ec2 authorize-security-group-egress --group-id {{groupId}} --ip-permissions 'IpProtocol=tcp,FromPort=9443,ToPort=9443,UserIdGroupPairs=[{GroupId={{serviceAccessGroupId}}}]'`,
  cloudformation: `S3Egress:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    DestinationPrefixListId: {{s3PrefixListId}}
ToPrimary:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: "-1"
    DestinationSecurityGroupId: {{primaryGroupId}}
ToCore:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: "-1"
    DestinationSecurityGroupId: {{coreGroupId}}
# EMR 5.30.0 to 7.x only:
ToServiceAccess:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{groupId}}
    IpProtocol: tcp
    FromPort: 9443
    ToPort: 9443
    DestinationSecurityGroupId: {{serviceAccessGroupId}}`,
  terraform: `resource "aws_vpc_security_group_egress_rule" "s3_https" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = "{{s3PrefixListId}}"
}

resource "aws_vpc_security_group_egress_rule" "to_emr_primary" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "-1"
  referenced_security_group_id = "{{primaryGroupId}}"
}

resource "aws_vpc_security_group_egress_rule" "to_emr_core" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "-1"
  referenced_security_group_id = "{{coreGroupId}}"
}

# EMR 5.30.0 to 7.x only:
resource "aws_vpc_security_group_egress_rule" "to_service_access" {
  security_group_id            = "{{groupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  referenced_security_group_id = "{{serviceAccessGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}}.',
    'On the Outbound rules tab choose Edit outbound rules and either add All traffic to 0.0.0.0/0, or add HTTPS to the prefix list {{s3PrefixListId}}, All traffic to {{primaryGroupId}} and to {{coreGroupId}}, and (EMR 5.30.0 to 7.x) Custom TCP 9443 to {{serviceAccessGroupId}}.',
    'Save rules.',
  ],
} satisfies Remediation
