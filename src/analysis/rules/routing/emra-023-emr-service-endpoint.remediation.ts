/**
 * EMRA-023's fix. Templates: `{{vpcId}}`, `{{subnetId}}`, `{{serviceAccessGroupId}}` (the cluster's
 * service access security group) and `{{endpointId}}` (an unusable endpoint, when one exists) from the
 * finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {regionalServiceName, vpcEndpoint} from '../remediation-snippets.js'

const endpoint = vpcEndpoint({
  vpcId: '{{vpcId}}',
  type: 'Interface',
  service: regionalServiceName('aws.api.{{region}}.emr-service-cell01'),
  subnetId: '{{subnetId}}',
  securityGroupId: '{{serviceAccessGroupId}}',
  logicalId: 'EmrServiceEndpoint',
  terraformName: 'emr_service',
})

export default {
  summary:
    "Create the interface endpoint for aws.api.{{region}}.emr-service-cell01 in {{vpcId}} with the cluster's service access security group {{serviceAccessGroupId}}, or give the EMR service role ec2:CreateVpcEndpoint and ec2:ModifyVpcEndpoint so EMR creates it.",
  cli: `${endpoint.cli}
# or, for an existing endpoint without the service access security group:
aws ec2 modify-vpc-endpoint --vpc-endpoint-id {{endpointId}} --add-security-group-ids {{serviceAccessGroupId}}`,
  cloudformation: endpoint.cloudformation,
  terraform: endpoint.terraform,
  console: [
    'Open the VPC console, Endpoints, choose Create endpoint.',
    'Pick the service aws.api.{{region}}.emr-service-cell01 (type Interface), VPC {{vpcId}}, subnet {{subnetId}} and security group {{serviceAccessGroupId}}; create it and wait until it is available.',
    'If endpoint {{endpointId}} exists but is not available or lacks the group, accept or recreate it, or add {{serviceAccessGroupId}} under Actions, Manage security groups.',
  ],
} satisfies Remediation
