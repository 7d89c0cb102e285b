/**
 * EMRA-025's fix. Templates: `{{routeTableId}}`, `{{cidr}}` (the route's destination), `{{natGatewayId}}`,
 * `{{natRouteTableId}}` (the route table of the NAT gateway's own subnet) from the finding;
 * `{{workingNatGatewayId}}` and `{{internetGatewayId}}` are the user's choice and render as placeholders.
 */
import type {Remediation} from '../../findings.js'
import {routeCli, routes, type Reference, type Route} from '../remediation-snippets.js'

// The gateways the routes should name: the user's to pick, so references in the templates.
const workingNatGateway: Reference = {cli: '{{workingNatGatewayId}}', cloudformation: '!Ref NatGateway', terraform: 'aws_nat_gateway.working.id'}
const internetGateway: Reference = {cli: '{{internetGatewayId}}', cloudformation: '!Ref InternetGateway', terraform: 'aws_internet_gateway.main.id'}
const clusterRoute: Route = {routeTableId: '{{routeTableId}}', destination: '{{cidr}}', target: {natGateway: workingNatGateway}, logicalId: 'PrivateDefaultRoute', terraformName: 'cluster'}
const natRoute: Route = {routeTableId: '{{natRouteTableId}}', destination: '0.0.0.0/0', target: {gateway: internetGateway}, logicalId: 'NatSubnetDefaultRoute', terraformName: 'nat_subnet_default'}
const {cloudformation, terraform} = routes(clusterRoute, natRoute)

export default {
  summary:
    "Point the route {{cidr}} of route table {{routeTableId}} at a working target (or delete it); for a public NAT gateway such as {{natGatewayId}}, make sure its subnet's route table {{natRouteTableId}} sends 0.0.0.0/0 to the internet gateway.",
  cli: `${routeCli('replace', clusterRoute)}
aws ec2 delete-route --route-table-id {{routeTableId}} --destination-cidr-block {{cidr}}
${routeCli('create', natRoute)}`,
  cloudformation,
  terraform,
  console: [
    'Open the VPC console, Route tables, select {{routeTableId}}, choose Edit routes.',
    'For the route {{cidr}}: pick a working target (an available NAT gateway, an existing peering connection…) or remove the route; save.',
    "If NAT gateway {{natGatewayId}} is public, select its subnet's route table {{natRouteTableId}} and make 0.0.0.0/0 target the internet gateway.",
  ],
} satisfies Remediation
