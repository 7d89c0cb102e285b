/** EMRA-005's fix. Templates: `{{vpcId}}` (and `{{cidr}}`, the block outside RFC 1918) from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Launch the cluster in a subnet of {{vpcId}} inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, not in {{cidr}} (add such a CIDR block to the VPC if needed).',
  cli: `aws ec2 associate-vpc-cidr-block --vpc-id {{vpcId}} --cidr-block 10.20.0.0/16
aws ec2 create-subnet --vpc-id {{vpcId}} --cidr-block 10.20.1.0/24 --availability-zone <availability-zone>`,
  cloudformation: `VpcRfc1918Block:
  Type: AWS::EC2::VPCCidrBlock
  Properties:
    VpcId: {{vpcId}}
    CidrBlock: 10.20.0.0/16
ClusterSubnet:
  Type: AWS::EC2::Subnet
  DependsOn: VpcRfc1918Block
  Properties:
    VpcId: {{vpcId}}
    CidrBlock: 10.20.1.0/24`,
  terraform: `resource "aws_vpc_ipv4_cidr_block_association" "rfc1918" {
  vpc_id     = "{{vpcId}}"
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "emr" {
  vpc_id     = aws_vpc_ipv4_cidr_block_association.rfc1918.vpc_id
  cidr_block = "10.20.1.0/24"
}`,
  console: [
    'Open the VPC console, Your VPCs, select {{vpcId}}, choose Actions, Edit CIDRs, and add an IPv4 CIDR inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.',
    'In Subnets choose Create subnet in {{vpcId}} with a CIDR inside the new block.',
    'Launch the EMR cluster in the new subnet.',
  ],
} satisfies Remediation
