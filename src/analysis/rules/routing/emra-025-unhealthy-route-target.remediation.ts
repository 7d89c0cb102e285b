/**
 * EMRA-025's fix. Templates: `{{routeTableId}}`, `{{cidr}}` (the route's destination), `{{natGatewayId}}`,
 * `{{natRouteTableId}}` (the route table of the NAT gateway's own subnet) from the finding;
 * `{{workingNatGatewayId}}` and `{{internetGatewayId}}` are the user's choice and render as placeholders.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    "Point the route {{cidr}} of route table {{routeTableId}} at a working target (or delete it); for a public NAT gateway such as {{natGatewayId}}, make sure its subnet's route table {{natRouteTableId}} sends 0.0.0.0/0 to the internet gateway.",
  cli: `aws ec2 replace-route --route-table-id {{routeTableId}} --destination-cidr-block {{cidr}} --nat-gateway-id {{workingNatGatewayId}}
aws ec2 delete-route --route-table-id {{routeTableId}} --destination-cidr-block {{cidr}}
aws ec2 create-route --route-table-id {{natRouteTableId}} --destination-cidr-block 0.0.0.0/0 --gateway-id {{internetGatewayId}}`,
  cloudformation: `PrivateDefaultRoute:
  Type: AWS::EC2::Route
  Properties:
    RouteTableId: {{routeTableId}}
    DestinationCidrBlock: {{cidr}}
    NatGatewayId: !Ref NatGateway
NatSubnetDefaultRoute:
  Type: AWS::EC2::Route
  Properties:
    RouteTableId: {{natRouteTableId}}
    DestinationCidrBlock: 0.0.0.0/0
    GatewayId: !Ref InternetGateway`,
  terraform: `resource "aws_route" "cluster" {
  route_table_id         = "{{routeTableId}}"
  destination_cidr_block = "{{cidr}}"
  nat_gateway_id         = aws_nat_gateway.working.id
}

resource "aws_route" "nat_subnet_default" {
  route_table_id         = "{{natRouteTableId}}"
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}`,
  console: [
    'Open the VPC console, Route tables, select {{routeTableId}}, choose Edit routes.',
    'For the route {{cidr}}: pick a working target (an available NAT gateway, an existing peering connection…) or remove the route; save.',
    'If NAT gateway {{natGatewayId}} is public, select its subnet\'s route table {{natRouteTableId}} and make 0.0.0.0/0 target the internet gateway.',
  ],
} satisfies Remediation
