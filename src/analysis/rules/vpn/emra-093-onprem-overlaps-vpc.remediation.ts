/** EMRA-093's fix. Templates: `{{vpcId}}`, `{{cidr}}` (the overlapping on-premises CIDR) from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Re-address the on-premises range {{cidr}} or the VPC {{vpcId}} (add a CIDR block that does not overlap it and move the cluster subnet there), or translate addresses on the customer side.',
  cli: `aws ec2 associate-vpc-cidr-block --vpc-id {{vpcId}} --cidr-block <non-overlapping-cidr>`,
  cloudformation: `Type: AWS::EC2::VPCCidrBlock
Properties:
  VpcId: {{vpcId}}
  CidrBlock: <non-overlapping-cidr>  # outside {{cidr}}`,
  terraform: `resource "aws_vpc_ipv4_cidr_block_association" "non_overlapping" {
  vpc_id     = "{{vpcId}}"
  cidr_block = "<non-overlapping-cidr>" # outside {{cidr}}
}`,
  console: [
    'Open the VPC console, Your VPCs, select {{vpcId}}, choose Actions, Edit CIDRs, and add an IPv4 CIDR outside {{cidr}}.',
    'Create a subnet in the new block and launch the cluster there, or re-address the on-premises network {{cidr}}.',
  ],
} satisfies Remediation
