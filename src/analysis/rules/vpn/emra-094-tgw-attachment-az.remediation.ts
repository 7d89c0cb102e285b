/**
 * EMRA-094's fix. Templates: `{{transitGatewayId}}`, `{{attachmentId}}`, `{{vpcId}}`, `{{subnetId}}`
 * (the cluster subnet) and `{{availabilityZone}}` from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Give the transit gateway VPC attachment {{attachmentId}} of {{transitGatewayId}} a subnet in {{availabilityZone}}, where the cluster subnet {{subnetId}} is (or create the attachment), and wait until it is available.',
  cli: `aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {{attachmentId}} --add-subnet-ids {{subnetId}}
aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id {{transitGatewayId}} --vpc-id {{vpcId}} --subnet-ids {{subnetId}}`,
  cloudformation: `Type: AWS::EC2::TransitGatewayVpcAttachment
Properties:
  TransitGatewayId: {{transitGatewayId}}
  VpcId: {{vpcId}}
  SubnetIds:
    - {{subnetId}}  # one subnet in each zone that must reach the transit gateway, {{availabilityZone}} among them`,
  terraform: `resource "aws_ec2_transit_gateway_vpc_attachment" "emr" {
  transit_gateway_id = "{{transitGatewayId}}"
  vpc_id             = "{{vpcId}}"
  subnet_ids         = ["{{subnetId}}"] # one subnet in each zone that must reach the transit gateway, {{availabilityZone}} among them
}`,
  console: [
    'Open the VPC console, Transit gateway attachments, and select {{attachmentId}} (or choose Create transit gateway attachment for {{transitGatewayId}} and {{vpcId}}).',
    'Choose Actions, Modify transit gateway attachment, and select a subnet in {{availabilityZone}} (such as {{subnetId}}).',
    'Save, and wait until the attachment is available.',
  ],
} satisfies Remediation
