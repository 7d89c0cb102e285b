/** EMRA-002's fix. Templates: `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Turn on DNS hostnames (enableDnsHostnames) for {{vpcId}}; DNS resolution must be on first.',
  cli: `aws ec2 modify-vpc-attribute --vpc-id {{vpcId}} --enable-dns-support Value=true
aws ec2 modify-vpc-attribute --vpc-id {{vpcId}} --enable-dns-hostnames Value=true`,
  cloudformation: `# The AWS::EC2::VPC resource of {{vpcId}}:
Type: AWS::EC2::VPC
Properties:
  EnableDnsSupport: true
  EnableDnsHostnames: true`,
  terraform: `# The aws_vpc resource that manages {{vpcId}}:
resource "aws_vpc" "emr" {
  enable_dns_support   = true
  enable_dns_hostnames = true
}`,
  console: ['Open the VPC console, Your VPCs, and select {{vpcId}}.', 'Choose Actions, Edit VPC settings.', 'Select Enable DNS resolution and Enable DNS hostnames, and save.'],
} satisfies Remediation
