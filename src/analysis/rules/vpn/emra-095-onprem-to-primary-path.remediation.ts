/**
 * EMRA-095's fix. Templates: `{{cidr}}` (the on-premises CIDR), `{{clusterId}}`, `{{instanceId}}` and
 * `{{groupId}}` (an additional primary security group, when the cluster has one) from the finding;
 * `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Fix the hop the explanation marks as blocking; usually an additional primary security group rule on {{groupId}} admitting TCP 22 from the on-premises CIDR {{cidr}}.',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{groupId}} --protocol tcp --port 22 --cidr {{cidr}}`,
  cloudformation: `Type: AWS::EC2::SecurityGroupIngress
Properties:
  GroupId: {{groupId}}
  IpProtocol: tcp
  FromPort: 22
  ToPort: 22
  CidrIp: {{cidr}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_onprem" {
  security_group_id = "{{groupId}}"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "{{cidr}}"
}`,
  console: [
    'Read the finding\'s hops: the first one marked deny is where traffic from {{cidr}} stops.',
    'If it is a security group: open the EC2 console, Security Groups, select {{groupId}}, Edit inbound rules, and add SSH from {{cidr}}.',
    'If it is a route table or network ACL of the cluster subnet, see EMRA-092 or the network ACL rules; if it is the VPN, EMRA-090.',
  ],
} satisfies Remediation
