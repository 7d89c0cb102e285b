/**
 * EMRA-024's fix. Templates: `{{routeTableId}}`, `{{natGatewayId}}` (the NAT gateway the default route
 * names, if any), `{{vpcId}}`, `{{subnetId}}`, `{{missingServices}}` (space-separated) and `{{service}}`
 * (the first of them) from the finding; `{{region}}` from the audit; `{{endpointGroupId}}`, the security
 * group the endpoints get, is the user's choice.
 */
import type {Remediation} from '../../findings.js'
import {routeCli, vpcEndpoint} from '../remediation-snippets.js'

// One endpoint per missing service: the CLI and CloudFormation show the first, Terraform makes them all.
const endpoints = vpcEndpoint({
  vpcId: '{{vpcId}}',
  type: 'Interface',
  service: {cli: 'com.amazonaws.{{region}}.{{service}}', cloudformation: '!Sub com.amazonaws.${AWS::Region}.{{service}}', terraform: '"com.amazonaws.{{region}}.${each.key}"'},
  privateDns: true,
  subnetId: '{{subnetId}}',
  securityGroupId: {cli: '{{endpointGroupId}}', cloudformation: '!Ref EndpointSecurityGroup', terraform: 'aws_security_group.endpoints.id'},
  logicalId: 'ServiceEndpoint',
  terraformName: 'service',
  terraformForEach: 'toset(split(" ", "{{missingServices}}"))',
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
