/** EMRA-077's fix. Templates: `{{primaryGroupId}}` (an additional primary group when there is one), `{{endpointGroupId}}`, `{{endpointId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Admit TCP 22 from the endpoint security group {{endpointGroupId}} on {{primaryGroupId}} (an additional primary group is preferred over editing the EMR-managed one), and allow TCP 22 out of {{endpointGroupId}} to {{primaryGroupId}}.',
  cli: `aws ec2 authorize-security-group-ingress --group-id {{primaryGroupId}} --protocol tcp --port 22 --source-group {{endpointGroupId}}
aws ec2 authorize-security-group-egress --group-id {{endpointGroupId}} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,UserIdGroupPairs=[{GroupId={{primaryGroupId}}}]'`,
  cloudformation: `PrimarySshFromEice:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: {{primaryGroupId}}
    IpProtocol: tcp
    FromPort: 22
    ToPort: 22
    SourceSecurityGroupId: {{endpointGroupId}}
EiceSshToPrimary:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: {{endpointGroupId}}
    IpProtocol: tcp
    FromPort: 22
    ToPort: 22
    DestinationSecurityGroupId: {{primaryGroupId}}`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_eice" {
  security_group_id            = "{{primaryGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = "{{endpointGroupId}}"
}

resource "aws_vpc_security_group_egress_rule" "eice_ssh_to_primary" {
  security_group_id            = "{{endpointGroupId}}"
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
  referenced_security_group_id = "{{primaryGroupId}}"
}`,
  console: [
    'Open the EC2 console, Security Groups, and select {{primaryGroupId}}; add an inbound SSH rule whose source is {{endpointGroupId}}.',
    'Select {{endpointGroupId}} (the group of the endpoint {{endpointId}}) and add an outbound SSH rule whose destination is {{primaryGroupId}}.',
    'Save rules.',
  ],
} satisfies Remediation
