/** EMRA-032's fix. Templates: `{{serviceAccessGroupId}}`, `{{primaryGroupId}}`, `{{coreGroupId}}`, `{{clusterId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Re-add the missing rules: TCP 8443 into the primary ({{primaryGroupId}}) and core/task ({{coreGroupId}}) groups from the service access group {{serviceAccessGroupId}}, TCP 9443 into the service access group from the primary group, and TCP 8443 out of the service access group to both node groups.',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{primaryGroupId}} --protocol tcp --port 8443 --source-group {{serviceAccessGroupId}}
aws ec2 authorize-security-group-ingress --group-id {{coreGroupId}} --protocol tcp --port 8443 --source-group {{serviceAccessGroupId}}
aws ec2 authorize-security-group-ingress --group-id {{serviceAccessGroupId}} --protocol tcp --port 9443 --source-group {{primaryGroupId}}
aws ec2 authorize-security-group-egress --group-id {{serviceAccessGroupId}} --ip-permissions 'IpProtocol=tcp,FromPort=8443,ToPort=8443,UserIdGroupPairs=[{GroupId={{primaryGroupId}}},{GroupId={{coreGroupId}}}]'`,
  cloudformation: `PrimaryFromServiceAccess:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{primaryGroupId}}
    IpProtocol: tcp
    FromPort: 8443
    ToPort: 8443
    SourceSecurityGroupId: {{serviceAccessGroupId}}
CoreFromServiceAccess:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{coreGroupId}}
    IpProtocol: tcp
    FromPort: 8443
    ToPort: 8443
    SourceSecurityGroupId: {{serviceAccessGroupId}}
ServiceAccessFromPrimary:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{serviceAccessGroupId}}
    IpProtocol: tcp
    FromPort: 9443
    ToPort: 9443
    SourceSecurityGroupId: {{primaryGroupId}}
ServiceAccessToPrimary:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{serviceAccessGroupId}}
    IpProtocol: tcp
    FromPort: 8443
    ToPort: 8443
    DestinationSecurityGroupId: {{primaryGroupId}}
ServiceAccessToCore:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{serviceAccessGroupId}}
    IpProtocol: tcp
    FromPort: 8443
    ToPort: 8443
    DestinationSecurityGroupId: {{coreGroupId}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "primary_from_service_access" {
  security_group_id            = "{{primaryGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  referenced_security_group_id = "{{serviceAccessGroupId}}"
}

resource "aws_vpc_security_group_ingress_rule" "core_from_service_access" {
  security_group_id            = "{{coreGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  referenced_security_group_id = "{{serviceAccessGroupId}}"
}

resource "aws_vpc_security_group_ingress_rule" "service_access_from_primary" {
  security_group_id            = "{{serviceAccessGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  referenced_security_group_id = "{{primaryGroupId}}"
}

resource "aws_vpc_security_group_egress_rule" "service_access_to_primary" {
  security_group_id            = "{{serviceAccessGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  referenced_security_group_id = "{{primaryGroupId}}"
}

resource "aws_vpc_security_group_egress_rule" "service_access_to_core" {
  security_group_id            = "{{serviceAccessGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  referenced_security_group_id = "{{coreGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups. On {{primaryGroupId}} and {{coreGroupId}} add an inbound Custom TCP rule on port 8443 whose source is {{serviceAccessGroupId}}.',
    'On {{serviceAccessGroupId}} add an inbound Custom TCP rule on port 9443 whose source is {{primaryGroupId}}, and outbound Custom TCP rules on port 8443 to {{primaryGroupId}} and {{coreGroupId}}.',
    'Save the rules of each group.',
  ],
} satisfies Remediation
