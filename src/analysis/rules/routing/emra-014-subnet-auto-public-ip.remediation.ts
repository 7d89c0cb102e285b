/** EMRA-014's fix. Templates: `{{subnetId}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Turn off public IPv4 auto-assignment on {{subnetId}}; existing nodes keep their addresses until they are replaced.',
  cli: `aws ec2 modify-subnet-attribute --subnet-id {{subnetId}} --no-map-public-ip-on-launch`,
  cloudformation: `# The AWS::EC2::Subnet resource of {{subnetId}}:
Type: AWS::EC2::Subnet
Properties:
  MapPublicIpOnLaunch: false`,
  terraform: `# The aws_subnet resource that manages {{subnetId}}:
resource "aws_subnet" "emr" {
  map_public_ip_on_launch = false
}`,
  console: ['Open the VPC console, Subnets, and select {{subnetId}}.', 'Choose Actions, Edit subnet settings.', 'Clear Enable auto-assign public IPv4 address and save.'],
} satisfies Remediation
