import {cidrContains, isIpv6, isPrivateRange} from '../../../model/ip.js'
import {defineRule} from '../rule.js'

const RFC1918 = '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16'

export default defineRule({
  meta: {
    id: 'EMRA-005',
    title: 'VPC or cluster subnet CIDR is outside RFC 1918',
    severity: 'medium',
    topologies: 'all',
    risk:
      'EMR documents that the VPC must use private (RFC 1918) address space for DNS hostname resolution to work; nodes in other ranges (100.64.0.0/10, public ranges) may fail to resolve each other and clusters can fail to start.',
    remediation: {
      summary: 'Launch the cluster in a subnet inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (add such a CIDR block to the VPC if needed).',
      cli:
        'aws ec2 associate-vpc-cidr-block --vpc-id <vpc-id> --cidr-block 10.20.0.0/16\naws ec2 create-subnet --vpc-id <vpc-id> --cidr-block 10.20.1.0/24 --availability-zone <az>',
      cloudformation:
        'ClusterSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.20.1.0/24\n    AvailabilityZone: <az>',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs', 'subnets'],
  },
  check(context) {
    const vpc = context.vpc()
    const outside = vpc.cidrBlocks.filter((block) => !isIpv6(block) && !isPrivateRange(block))
    if (!context.scope.cluster) {
      // A VPC without clusters: any IPv4 block outside RFC 1918 is where a future cluster could land.
      for (const block of outside) {
        context.report({resourceId: vpc.id, message: `${vpc.id} has CIDR block ${block}, outside the RFC 1918 ranges (${RFC1918}): EMR clusters launched there may fail DNS hostname resolution.`, origin: vpc.origin})
      }
      return
    }
    const subnet = context.subnet()
    if (!isPrivateRange(subnet.cidrBlock)) {
      context.report({
        resourceId: subnet.id,
        message: `Cluster ${context.scope.cluster.id} runs in ${subnet.id} (${subnet.cidrBlock}), outside the RFC 1918 ranges (${RFC1918}): EMR may fail to resolve node hostnames.`,
        origin: subnet.origin,
      })
    }
    // The VPC's other blocks do not affect this cluster, only where later clusters may be placed.
    for (const block of outside) {
      if (cidrContains(block, subnet.cidrBlock)) continue
      context.report({
        resourceId: vpc.id,
        severity: 'low',
        message: `${vpc.id} also has CIDR block ${block}, outside the RFC 1918 ranges (${RFC1918}); cluster ${context.scope.cluster.id}'s subnet ${subnet.id} (${subnet.cidrBlock}) is not in it, but clusters launched in subnets of ${block} may fail DNS hostname resolution.`,
        origin: vpc.origin,
      })
    }
  },
})

