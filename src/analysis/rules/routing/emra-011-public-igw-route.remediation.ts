/**
 * EMRA-011's fix. Templates: `{{routeTableId}}`, `{{vpcId}}` and `{{internetGatewayId}}` (the gateway
 * the route names, or the VPC's) from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {combine, gatewayAttachment, routeCli, routes, type Reference, type Route} from '../remediation-snippets.js'

const attachment = gatewayAttachment({vpcId: '{{vpcId}}', gateway: {internet: '{{internetGatewayId}}'}, logicalId: 'GatewayAttachment', terraformName: 'emr'})
// Terraform names the gateway through its attachment, so the route waits for it.
const attachedGateway: Reference = {cli: '{{internetGatewayId}}', cloudformation: '{{internetGatewayId}}', terraform: 'aws_internet_gateway_attachment.emr.internet_gateway_id'}
const defaultRoute: Route = {
  routeTableId: '{{routeTableId}}',
  destination: '0.0.0.0/0',
  target: {gateway: attachedGateway},
  dependsOn: 'GatewayAttachment',
  logicalId: 'DefaultRoute',
  terraformName: 'public_default',
}
const {cloudformation, terraform} = combine(attachment, routes(defaultRoute))

export default {
  summary: "Attach an internet gateway to {{vpcId}} and route 0.0.0.0/0 from the cluster subnet's route table {{routeTableId}} to it.",
  cli: `${attachment.cli}\n${routeCli('replace', defaultRoute)}\n${routeCli('create', defaultRoute)}`,
  cloudformation,
  terraform,
  console: [
    'Open the VPC console, Internet gateways: select {{internetGatewayId}} (or create one), choose Actions, Attach to VPC, and pick {{vpcId}}.',
    'In Route tables select {{routeTableId}}, choose Edit routes, and make 0.0.0.0/0 target the internet gateway (replace-route when the route exists, create-route otherwise).',
    'Save changes.',
  ],
} satisfies Remediation
