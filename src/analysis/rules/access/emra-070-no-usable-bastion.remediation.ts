/** EMRA-070's fix. Templates: `{{vpcId}}`, `{{clusterId}}`, `{{instanceId}}` (an unusable bastion) from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Start the bastion {{instanceId}} (and give it an Elastic IP), or launch a small bastion in a public subnet of {{vpcId}} with a public IP address and SSH open only to your admin CIDRs; or use SSM Session Manager or an EC2 Instance Connect Endpoint instead.',
  cli: `aws ec2 start-instances --region {{region}} --instance-ids {{instanceId}}
aws ec2 allocate-address --region {{region}} --domain vpc
aws ec2 associate-address --region {{region}} --instance-id {{instanceId}} --allocation-id <allocation-id>
aws ec2 run-instances --region {{region}} --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t3.micro --subnet-id <public-subnet-id> --security-group-ids <bastion-sg-id> --key-name <key-name> --associate-public-ip-address --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=bastion}]'`,
  cloudformation: `# A bastion in a public subnet of {{vpcId}}:
Bastion:
  Type: AWS::EC2::Instance
  Properties:
    ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'
    InstanceType: t3.micro
    KeyName: !Ref KeyName
    NetworkInterfaces:
      - DeviceIndex: "0"
        SubnetId: !Ref PublicSubnet
        AssociatePublicIpAddress: true
        GroupSet: [!Ref BastionSecurityGroup]
    Tags:
      - Key: Name
        Value: bastion`,
  terraform: `# A bastion in a public subnet of {{vpcId}}:
resource "aws_instance" "bastion" {
  ami                         = data.aws_ssm_parameter.al2023.value
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  vpc_security_group_ids      = [aws_security_group.bastion.id]
  key_name                    = var.key_name
  associate_public_ip_address = true
  tags = {
    Name = "bastion"
  }
}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}`,
  console: [
    'Open the EC2 console. If the bastion {{instanceId}} exists but is stopped, choose Instance state, Start instance; if it has no public IP, allocate an Elastic IP and associate it.',
    'Otherwise choose Launch instances: Amazon Linux, t3.micro, a public subnet of {{vpcId}}, Auto-assign public IP enabled, a security group admitting SSH from your admin CIDRs only.',
    'Name that instance when connecting to {{clusterId}}, or tag it so the audit finds it.',
  ],
} satisfies Remediation
