/** EMRA-012's fix. Templates: `{{routeTableId}}` from the finding (and `{{internetGatewayId}}` when the VPC has one); `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    "Point the 0.0.0.0/0 route of {{routeTableId}} at the VPC's internet gateway, or treat the cluster as private: relaunch it in a private subnet with the private-subnet security groups.",
  cli: `aws ec2 replace-route --route-table-id {{routeTableId}} --destination-cidr-block 0.0.0.0/0 --gateway-id {{internetGatewayId}}`,
  cloudformation: `DefaultRoute:
  Type: AWS::EC2::Route
  Properties:
    RouteTableId: {{routeTableId}}
    DestinationCidrBlock: 0.0.0.0/0
    GatewayId: {{internetGatewayId}}`,
  terraform: `resource "aws_route" "public_default" {
  route_table_id         = "{{routeTableId}}"
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = "{{internetGatewayId}}"
}`,
  console: [
    'Open the VPC console, Route tables, and select {{routeTableId}}.',
    'On the Routes tab choose Edit routes and change the target of 0.0.0.0/0 from {{natGatewayId}} to the internet gateway {{internetGatewayId}}.',
    'Save changes.',
  ],
} satisfies Remediation
