/**
 * EMRA-024's fix. Templates: `{{routeTableId}}`, `{{natGatewayId}}` (the NAT gateway the default route
 * names, if any), `{{vpcId}}`, `{{subnetId}}`, `{{missingServices}}` (space-separated) and `{{service}}`
 * (the first of them) from the finding; `{{region}}` from the audit; `{{endpointGroupId}}`, the security
 * group the endpoints get, is the user's choice.
 */
import type {Remediation} from '../../findings.js'
import {interfaceEndpoints, routeCli} from '../remediation-snippets.js'

const endpoints = interfaceEndpoints({
  vpcId: '{{vpcId}}',
  subnetId: '{{subnetId}}',
  service: 'com.amazonaws.{{region}}.{{service}}',
  terraformServices: 'toset(split(" ", "{{missingServices}}"))',
  securityGroupCli: '{{endpointGroupId}}',
  logicalId: 'ServiceEndpoint',
  terraformName: 'service',
})

export default {
  summary:
    'Give subnet {{subnetId}} a 0.0.0.0/0 route through a working NAT gateway, or create interface endpoints (private DNS on) in {{vpcId}} for {{missingServices}}, plus any service your jobs call (glue, secretsmanager, ssm …).',
  cli: `${routeCli('create', {routeTableId: '{{routeTableId}}', destination: '0.0.0.0/0', target: {natGateway: '{{natGatewayId}}'}})}
# or, for each of {{missingServices}}:
${endpoints.cli}`,
  cloudformation: endpoints.cloudformation,
  terraform: endpoints.terraform,
  console: [
    'Either open the VPC console, Route tables, select {{routeTableId}}, and route 0.0.0.0/0 to an available NAT gateway;',
    'or, in Endpoints, choose Create endpoint for each of {{missingServices}} (com.amazonaws.{{region}}.<service>), type Interface, VPC {{vpcId}}, subnet {{subnetId}}, a security group allowing HTTPS from the cluster, with private DNS enabled.',
  ],
} satisfies Remediation
