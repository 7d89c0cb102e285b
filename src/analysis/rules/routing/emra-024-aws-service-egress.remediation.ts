/**
 * EMRA-024's fix. Templates: `{{routeTableId}}`, `{{natGatewayId}}` (the NAT gateway the default route
 * names, if any), `{{vpcId}}`, `{{subnetId}}`, `{{missingServices}}` (space-separated) and `{{service}}`
 * (the first of them) from the finding; `{{region}}` from the audit; `{{endpointGroupId}}`, the security
 * group the endpoints get, is the user's choice.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Give subnet {{subnetId}} a 0.0.0.0/0 route through a working NAT gateway, or create interface endpoints (private DNS on) in {{vpcId}} for {{missingServices}}, plus any service your jobs call (glue, secretsmanager, ssm …).',
  cli: `aws ec2 create-route --route-table-id {{routeTableId}} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id {{natGatewayId}}
# or, for each of {{missingServices}}:
aws ec2 create-vpc-endpoint --vpc-id {{vpcId}} --vpc-endpoint-type Interface --service-name com.amazonaws.{{region}}.{{service}} --subnet-ids {{subnetId}} --security-group-ids {{endpointGroupId}} --private-dns-enabled`,
  cloudformation: `ServiceEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: {{vpcId}}
    VpcEndpointType: Interface
    ServiceName: !Sub com.amazonaws.\${AWS::Region}.{{service}}
    PrivateDnsEnabled: true
    SubnetIds: [{{subnetId}}]
    SecurityGroupIds: [!Ref EndpointSecurityGroup]`,
  terraform: `resource "aws_vpc_endpoint" "service" {
  for_each            = toset(split(" ", "{{missingServices}}"))
  vpc_id              = "{{vpcId}}"
  vpc_endpoint_type   = "Interface"
  service_name        = "com.amazonaws.{{region}}.\${each.key}"
  private_dns_enabled = true
  subnet_ids          = ["{{subnetId}}"]
  security_group_ids  = [aws_security_group.endpoints.id]
}`,
  console: [
    'Either open the VPC console, Route tables, select {{routeTableId}}, and route 0.0.0.0/0 to an available NAT gateway;',
    'or, in Endpoints, choose Create endpoint for each of {{missingServices}} (com.amazonaws.{{region}}.<service>), type Interface, VPC {{vpcId}}, subnet {{subnetId}}, a security group allowing HTTPS from the cluster, with private DNS enabled.',
  ],
} satisfies Remediation
