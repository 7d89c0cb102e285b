/**
 * EMRA-011's fix. Templates: `{{routeTableId}}`, `{{vpcId}}` and `{{internetGatewayId}}` (the gateway
 * the route names, or the VPC's) from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary: "Attach an internet gateway to {{vpcId}} and route 0.0.0.0/0 from the cluster subnet's route table {{routeTableId}} to it.",
  cli: `aws ec2 attach-internet-gateway --internet-gateway-id {{internetGatewayId}} --vpc-id {{vpcId}}
aws ec2 replace-route --route-table-id {{routeTableId}} --destination-cidr-block 0.0.0.0/0 --gateway-id {{internetGatewayId}}
aws ec2 create-route --route-table-id {{routeTableId}} --destination-cidr-block 0.0.0.0/0 --gateway-id {{internetGatewayId}}`,
  cloudformation: `GatewayAttachment:
  Type: AWS::EC2::VPCGatewayAttachment
  Properties:
    VpcId: {{vpcId}}
    InternetGatewayId: {{internetGatewayId}}
DefaultRoute:
  Type: AWS::EC2::Route
  DependsOn: GatewayAttachment
  Properties:
    RouteTableId: {{routeTableId}}
    DestinationCidrBlock: 0.0.0.0/0
    GatewayId: {{internetGatewayId}}`,
  terraform: `resource "aws_internet_gateway_attachment" "emr" {
  vpc_id              = "{{vpcId}}"
  internet_gateway_id = "{{internetGatewayId}}"
}

resource "aws_route" "public_default" {
  route_table_id         = "{{routeTableId}}"
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway_attachment.emr.internet_gateway_id
}`,
  console: [
    'Open the VPC console, Internet gateways: select {{internetGatewayId}} (or create one), choose Actions, Attach to VPC, and pick {{vpcId}}.',
    'In Route tables select {{routeTableId}}, choose Edit routes, and make 0.0.0.0/0 target the internet gateway (replace-route when the route exists, create-route otherwise).',
    'Save changes.',
  ],
} satisfies Remediation
