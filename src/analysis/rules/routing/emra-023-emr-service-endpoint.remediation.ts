/**
 * EMRA-023's fix. Templates: `{{vpcId}}`, `{{subnetId}}`, `{{serviceAccessGroupId}}` (the cluster's
 * service access security group) and `{{endpointId}}` (an unusable endpoint, when one exists) from the
 * finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    "Create the interface endpoint for aws.api.{{region}}.emr-service-cell01 in {{vpcId}} with the cluster's service access security group {{serviceAccessGroupId}}, or give the EMR service role ec2:CreateVpcEndpoint and ec2:ModifyVpcEndpoint so EMR creates it.",
  cli: `aws ec2 create-vpc-endpoint --vpc-id {{vpcId}} --vpc-endpoint-type Interface --service-name aws.api.{{region}}.emr-service-cell01 --subnet-ids {{subnetId}} --security-group-ids {{serviceAccessGroupId}}
# or, for an existing endpoint without the service access security group:
aws ec2 modify-vpc-endpoint --vpc-endpoint-id {{endpointId}} --add-security-group-ids {{serviceAccessGroupId}}`,
  cloudformation: `EmrServiceEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: {{vpcId}}
    VpcEndpointType: Interface
    ServiceName: !Sub aws.api.\${AWS::Region}.emr-service-cell01
    SubnetIds: [{{subnetId}}]
    SecurityGroupIds: [{{serviceAccessGroupId}}]`,
  terraform: `resource "aws_vpc_endpoint" "emr_service" {
  vpc_id             = "{{vpcId}}"
  vpc_endpoint_type  = "Interface"
  service_name       = "aws.api.{{region}}.emr-service-cell01"
  subnet_ids         = ["{{subnetId}}"]
  security_group_ids = ["{{serviceAccessGroupId}}"]
}`,
  console: [
    'Open the VPC console, Endpoints, choose Create endpoint.',
    'Pick the service aws.api.{{region}}.emr-service-cell01 (type Interface), VPC {{vpcId}}, subnet {{subnetId}} and security group {{serviceAccessGroupId}}; create it and wait until it is available.',
    'If endpoint {{endpointId}} exists but is not available or lacks the group, accept or recreate it, or add {{serviceAccessGroupId}} under Actions, Manage security groups.',
  ],
} satisfies Remediation
