import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-070',
    title: 'No usable bastion host for the private cluster',
    severity: 'critical',
    topologies: ['private'],
    risk:
      'A cluster in a private subnet has no public address: the SSH tunnel to its web UIs runs through a bastion, a running instance with a public IP address in a public subnet of the VPC. Without one (or with one that is stopped or has no public IP) operators cannot reach the cluster at all, short of Session Manager or an EC2 Instance Connect Endpoint.',
    remediation: {
      summary: 'Launch a small bastion in a public subnet of the VPC with an Elastic IP, SSH open only to your admin CIDRs, and name it with --bastion; or use SSM Session Manager / EC2 Instance Connect Endpoint instead.',
      cli:
        'aws ec2 run-instances --image-id <amazon-linux-ami-id> --instance-type t3.micro --subnet-id <public-subnet-id> --security-group-ids <bastion-sg-id> --key-name <key-name> --associate-public-ip-address --tag-specifications \'ResourceType=instance,Tags=[{Key=Name,Value=bastion}]\'\n' +
        'aws ec2 start-instances --instance-ids <bastion-instance-id>',
      cloudformation:
        'Bastion:\n  Type: AWS::EC2::Instance\n  Properties:\n    ImageId: <amazon-linux-ami-id>\n    InstanceType: t3.micro\n    KeyName: <key-name>\n    NetworkInterfaces:\n      - DeviceIndex: "0"\n        SubnetId: !Ref PublicSubnet\n        AssociatePublicIpAddress: true\n        GroupSet: [!Ref BastionSecurityGroup]\n    Tags:\n      - Key: Name\n        Value: bastion',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-master-node.html',
    needs: ['instances', 'subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const vpc = context.vpc()
    const {bastion, bastionReason} = context.scope
    if (!bastion) {
      context.report({
        resourceId: vpc.id,
        message: `No bastion host for ${cluster.id}: none was given with --bastion and none was found in ${vpc.id} (a running, non-EMR instance with a public IP address in a subnet whose default route is an internet gateway).`,
        origin: vpc.origin,
      })
      return
    }
    const problems: string[] = []
    if (bastion.state !== 'running') problems.push(`is ${bastion.state || 'in an unknown state'}, not running`)
    const publicIp = bastion.publicIp ?? bastion.enis.flatMap((eni) => eni.publicIps)[0]
    if (!publicIp) problems.push('has no public IP address (neither an Elastic IP nor an auto-assigned one)')
    if (problems.length > 0) {
      context.report({
        resourceId: bastion.id,
        message: `The bastion ${bastion.id} (${bastionReason ?? 'given'}) ${problems.join(' and ')}: operators cannot open the SSH tunnel to ${cluster.id} through it.`,
        origin: bastion.origin,
      })
    }
  },
})
