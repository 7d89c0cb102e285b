/** EMRA-013's fix. Templates: `{{subnetId}}`, `{{instanceId}}`, `{{publicIp}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Launch the cluster again in a private subnet whose public IPv4 auto-assignment is off (turn it off on {{subnetId}}), and release any Elastic IP associated with the primary node {{instanceId}}.',
  cli: `aws ec2 modify-subnet-attribute --subnet-id {{subnetId}} --no-map-public-ip-on-launch
aws ec2 disassociate-address --public-ip {{publicIp}}`,
  cloudformation: `# The AWS::EC2::Subnet resource of {{subnetId}}:
Type: AWS::EC2::Subnet
Properties:
  MapPublicIpOnLaunch: false`,
  terraform: `# The aws_subnet resource that manages {{subnetId}}:
resource "aws_subnet" "emr" {
  map_public_ip_on_launch = false
}`,
  console: [
    'Open the EC2 console, Elastic IPs: if {{publicIp}} is an Elastic IP associated with {{instanceId}}, choose Actions, Disassociate Elastic IP address.',
    'Open the VPC console, Subnets, select {{subnetId}}, choose Actions, Edit subnet settings, and clear Enable auto-assign public IPv4 address.',
    'Relaunch the cluster so its nodes come up without public addresses.',
  ],
} satisfies Remediation
