import {cidrOverlaps, isWorld} from '../../../model/ip.js'
import {defineRule} from '../rule.js'
import {onpremCidrs} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-093',
    title: 'On-premises network overlaps the VPC CIDR',
    severity: 'high',
    topologies: ['vpn'],
    risk:
      'The VPC\'s local route always wins over routes to the VPN, even more specific propagated ones. Addresses of an on-premises network that overlap a VPC CIDR block are unreachable from the cluster: replies to those clients stay inside the VPC.',
    remediation: {
      summary: 'Re-address the overlapping on-premises range or the VPC (add a non-overlapping CIDR block and move the cluster subnet), or translate addresses on the customer side.',
      cli: 'aws ec2 associate-vpc-cidr-block --vpc-id <vpc-id> --cidr-block <non-overlapping-cidr>',
      cloudformation: 'Type: AWS::EC2::VPCCidrBlock\nProperties:\n  VpcId: !Ref Vpc\n  CidrBlock: <non-overlapping-cidr>',
    },
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    const onprem = onpremCidrs(context, vpc.id)
    const overlaps = onprem.cidrs.filter((cidr) => !isWorld(cidr)).flatMap((cidr) => vpc.cidrBlocks.filter((block) => cidrOverlaps(cidr, block)).map((block) => `${cidr} overlaps ${block}`))
    if (overlaps.length > 0) {
      context.report({
        resourceId: vpc.id,
        message: `On-premises networks (from ${onprem.source}) overlap the CIDR blocks of ${vpc.id}: ${overlaps.join('; ')}. The local route wins, so the cluster cannot reach clients in the overlapping addresses.`,
        origin: vpc.origin,
      })
    }
  },
})
