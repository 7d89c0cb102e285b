/** EMRA-031's fix. Templates: `{{groupId}}`, `{{clusterId}}`, `{{port}}` from the finding; the service's CIDR is AWS's to know (not published). */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Restore the inbound TCP 8443 rule from the EMR service address ranges on the managed primary group {{groupId}}; EMR re-adds it when a cluster is launched with the group, and AWS Support can name the ranges for your Region.',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol tcp --port 8443 --cidr <emr-service-cidr>`,
  cloudformation: `Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: tcp
  FromPort: 8443
  ToPort: 8443
  CidrIp: <emr-service-cidr>
  Description: EMR cluster manager`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "emr_service_8443" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "tcp"
  from_port         = 8443
  to_port           = 8443
  cidr_ipv4         = "<emr-service-cidr>"
  description       = "EMR cluster manager"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}} (the EMR-managed primary group of {{clusterId}}).',
    'On the Inbound rules tab choose Edit inbound rules and add a Custom TCP rule on port 8443 whose source is the EMR service address range; or launch a cluster with this group, which makes EMR re-add the rule.',
    'Save rules.',
  ],
} satisfies Remediation
