/** EMRA-012's fix. Templates: `{{routeTableId}}` from the finding (and `{{internetGatewayId}}` when the VPC has one); `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {routeCli, routes, type Route} from '../remediation-snippets.js'

const defaultRoute: Route = {routeTableId: '{{routeTableId}}', destination: '0.0.0.0/0', target: {gateway: '{{internetGatewayId}}'}, logicalId: 'DefaultRoute', terraformName: 'public_default'}

export default {
  summary: "Point the 0.0.0.0/0 route of {{routeTableId}} at the VPC's internet gateway, or treat the cluster as private: relaunch it in a private subnet with the private-subnet security groups.",
  cli: routeCli('replace', defaultRoute),
  cloudformation: routes(defaultRoute).cloudformation,
  terraform: routes(defaultRoute).terraform,
  console: [
    'Open the VPC console, Route tables, and select {{routeTableId}}.',
    'On the Routes tab choose Edit routes and change the target of 0.0.0.0/0 from {{natGatewayId}} to the internet gateway {{internetGatewayId}}.',
    'Save changes.',
  ],
} satisfies Remediation
