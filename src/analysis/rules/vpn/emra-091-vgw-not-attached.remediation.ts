/** EMRA-091's fix. Templates: `{{vgwId}}`, `{{vpcId}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Attach the virtual private gateway {{vgwId}} to {{vpcId}} (or attach the VPC to the transit gateway that carries the VPN).',
  cli: `aws ec2 attach-vpn-gateway --vpn-gateway-id {{vgwId}} --vpc-id {{vpcId}}`,
  cloudformation: `Type: AWS::EC2::VPCGatewayAttachment
Properties:
  VpcId: {{vpcId}}
  VpnGatewayId: {{vgwId}}`,
  terraform: `resource "aws_vpn_gateway_attachment" "emr" {
  vpc_id         = "{{vpcId}}"
  vpn_gateway_id = "{{vgwId}}"
}`,
  console: [
    'Open the VPC console, Virtual private gateways, and select {{vgwId}} (or create one if it was deleted).',
    'Choose Actions, Attach to VPC, pick {{vpcId}} and attach.',
    'Wait until its state is attached.',
  ],
} satisfies Remediation
