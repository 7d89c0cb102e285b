/** EMRA-078's fix. Templates: `{{instanceId}}`, `{{vpcId}}`, `{{subnetId}}`, `{{region}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Register the primary node {{instanceId}} with Systems Manager (SSM Agent 2.3.672.0 or later, an instance profile with AmazonSSMManagedInstanceCore) and give {{subnetId}} a path to SSM: a NAT gateway default route, or interface endpoints for ssm, ssmmessages and ec2messages with private DNS on and a security group admitting TCP 443 from the cluster.',
  cli: `for service in ssm ssmmessages ec2messages; do
  aws ec2 create-vpc-endpoint --vpc-id {{vpcId}} --vpc-endpoint-type Interface --service-name com.amazonaws.{{region}}.$service \\
    --subnet-ids {{subnetId}} --security-group-ids <endpoint-sg-admitting-443-from-the-cluster> --private-dns-enabled
done
aws ssm describe-instance-information --filters Key=InstanceIds,Values={{instanceId}}`,
  cloudformation: `SsmEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: {{vpcId}}
    VpcEndpointType: Interface
    ServiceName: com.amazonaws.{{region}}.ssm
    PrivateDnsEnabled: true
    SubnetIds: [{{subnetId}}]
    SecurityGroupIds: [!Ref EndpointSecurityGroup]
# Repeat for com.amazonaws.{{region}}.ssmmessages and com.amazonaws.{{region}}.ec2messages.`,
  terraform: `resource "aws_vpc_endpoint" "ssm" {
  for_each            = toset(["ssm", "ssmmessages", "ec2messages"])
  vpc_id              = "{{vpcId}}"
  vpc_endpoint_type   = "Interface"
  service_name        = "com.amazonaws.{{region}}.\${each.key}"
  private_dns_enabled = true
  subnet_ids          = ["{{subnetId}}"]
  security_group_ids  = [aws_security_group.endpoints.id] # admits TCP 443 from the cluster
}`,
  console: [
    'Open the VPC console, Endpoints, Create endpoint; choose AWS services and com.amazonaws.{{region}}.ssm.',
    'Select {{vpcId}}, the subnet {{subnetId}}, a security group admitting TCP 443 from the cluster, and keep Enable DNS name on; create it.',
    'Repeat for ssmmessages and ec2messages, then check in Systems Manager, Fleet Manager that {{instanceId}} is Online.',
  ],
} satisfies Remediation
