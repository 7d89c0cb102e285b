/**
 * EMRA-092's fix. Templates: `{{routeTableId}}`, `{{cidr}}` (the on-premises CIDR) and `{{vgwId}}`
 * (the VPC's virtual private gateway, when it has one) from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {routeCli} from '../remediation-snippets.js'

export default {
  summary: 'Enable route propagation from the virtual private gateway {{vgwId}} on {{routeTableId}}, or add a static route for {{cidr}} to the virtual private gateway or transit gateway.',
  cli: `aws ec2 enable-vgw-route-propagation --route-table-id {{routeTableId}} --gateway-id {{vgwId}}
${routeCli('create', {routeTableId: '{{routeTableId}}', destination: '{{cidr}}', target: {gateway: '{{vgwId}}'}})}`,
  cloudformation: `Type: AWS::EC2::VPNGatewayRoutePropagation
Properties:
  RouteTableIds: [{{routeTableId}}]
  VpnGatewayId: {{vgwId}}`,
  terraform: `resource "aws_vpn_gateway_route_propagation" "emr" {
  route_table_id = "{{routeTableId}}"
  vpn_gateway_id = "{{vgwId}}"
}`,
  console: [
    'Open the VPC console, Route tables, and select {{routeTableId}}.',
    'On the Route propagation tab choose Edit route propagation and enable {{vgwId}}; or on the Routes tab add a route for {{cidr}} to the virtual private gateway or transit gateway.',
    'Save changes.',
  ],
} satisfies Remediation
