/** EMRA-033's fix. Templates: `{{serviceAccessGroupId}}`, `{{primaryGroupId}}`, `{{vpcCidr}}`, `{{clusterId}}` from the finding; `{{vpcId}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    "Allow TCP 443 into the service access group {{serviceAccessGroupId}} from every CIDR block of {{vpcId}}, and, when the primary node's egress is restricted, TCP 443 out of the primary group {{primaryGroupId}} to the service access group.",
  cli: `aws ec2 authorize-security-group-ingress --group-id {{serviceAccessGroupId}} --protocol tcp --port 443 --cidr {{vpcCidr}}
aws ec2 authorize-security-group-egress --group-id {{primaryGroupId}} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId={{serviceAccessGroupId}}}]'`,
  cloudformation: `ServiceAccessHttpsFromVpc:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{serviceAccessGroupId}}
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    CidrIp: {{vpcCidr}}
PrimaryHttpsToServiceAccess:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{primaryGroupId}}
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    DestinationSecurityGroupId: {{serviceAccessGroupId}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "service_access_https_from_vpc" {
  security_group_id = "{{serviceAccessGroupId}}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "{{vpcCidr}}"
}

resource "aws_vpc_security_group_egress_rule" "primary_https_to_service_access" {
  security_group_id            = "{{primaryGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = "{{serviceAccessGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select the service access group {{serviceAccessGroupId}}.',
    'On the Inbound rules tab add an HTTPS (TCP 443) rule whose source is each CIDR block of {{vpcId}} ({{vpcCidr}}), and save.',
    'If the primary group {{primaryGroupId}} has no allow-all outbound rule, add an outbound HTTPS rule to {{serviceAccessGroupId}} on its Outbound rules tab, and save.',
  ],
} satisfies Remediation
