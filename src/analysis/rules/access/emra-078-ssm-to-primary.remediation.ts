/** EMRA-078's fix. Templates: `{{instanceId}}`, `{{vpcId}}`, `{{subnetId}}`, `{{region}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {interfaceEndpoints} from '../remediation-snippets.js'

// Session Manager needs three endpoints: ssm, ssmmessages and ec2messages.
const ssmEndpoints = interfaceEndpoints({
  vpcId: '{{vpcId}}',
  subnetId: '{{subnetId}}',
  service: 'com.amazonaws.{{region}}.ssm',
  terraformServices: 'toset(["ssm", "ssmmessages", "ec2messages"])',
  securityGroupCli: '<endpoint-sg-admitting-443-from-the-cluster>',
  logicalId: 'SsmEndpoint',
  terraformName: 'ssm',
})

export default {
  summary:
    'Register the primary node {{instanceId}} with Systems Manager (SSM Agent 2.3.672.0 or later, an instance profile with AmazonSSMManagedInstanceCore) and give {{subnetId}} a path to SSM: a NAT gateway default route, or interface endpoints for ssm, ssmmessages and ec2messages with private DNS on and a security group admitting TCP 443 from the cluster.',
  cli: `for service in ssm ssmmessages ec2messages; do
  aws ec2 create-vpc-endpoint --vpc-id {{vpcId}} --vpc-endpoint-type Interface --service-name com.amazonaws.{{region}}.$service \\
    --subnet-ids {{subnetId}} --security-group-ids <endpoint-sg-admitting-443-from-the-cluster> --private-dns-enabled
done
aws ssm describe-instance-information --filters Key=InstanceIds,Values={{instanceId}}`,
  cloudformation: `${ssmEndpoints.cloudformation}
# Repeat for com.amazonaws.{{region}}.ssmmessages and com.amazonaws.{{region}}.ec2messages.`,
  terraform: `# aws_security_group.endpoints admits TCP 443 from the cluster.
${ssmEndpoints.terraform}`,
  console: [
    'Open the VPC console, Endpoints, Create endpoint; choose AWS services and com.amazonaws.{{region}}.ssm.',
    'Select {{vpcId}}, the subnet {{subnetId}}, a security group admitting TCP 443 from the cluster, and keep Enable DNS name on; create it.',
    'Repeat for ssmmessages and ec2messages, then check in Systems Manager, Fleet Manager that {{instanceId}} is Online.',
  ],
} satisfies Remediation
