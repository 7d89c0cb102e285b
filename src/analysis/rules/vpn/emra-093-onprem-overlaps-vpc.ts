import {cidrOverlaps, isWorld} from '../../../model/ip.js'
import {defineRule} from '../rule.js'
import remediation from './emra-093-onprem-overlaps-vpc.remediation.js'
import {onpremCidrs} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-093',
    title: 'On-premises network overlaps the VPC CIDR',
    severity: 'high',
    topologies: ['vpn'],
    description: "Checks the on-premises CIDRs (given, else the VPN connections' static routes) against the VPC's CIDR blocks for overlaps.",
    risk: "The VPC's local route always wins over routes to the VPN, even more specific propagated ones. Addresses of an on-premises network that overlap a VPC CIDR block are unreachable from the cluster: replies to those clients stay inside the VPC.",
    messages: {
      overlap: 'On-premises networks (from {{cidrSource}}) overlap the CIDR blocks of {{vpcId}}: {{overlaps}}. The local route wins, so the cluster cannot reach clients in the overlapping addresses.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    const onprem = onpremCidrs(context, vpc.id)
    const overlaps = onprem.cidrs.filter((cidr) => !isWorld(cidr)).flatMap((cidr) => vpc.cidrBlocks.filter((block) => cidrOverlaps(cidr, block)).map((block) => ({cidr, block})))
    if (overlaps.length > 0) {
      context.report({
        resourceId: vpc.id,
        messageId: 'overlap',
        data: {
          vpcId: vpc.id,
          cidr: overlaps[0]!.cidr,
          vpcCidr: overlaps[0]!.block,
          cidrSource: onprem.source,
          overlaps: overlaps.map(({cidr, block}) => `${cidr} overlaps ${block}`).join('; '),
        },
        origin: vpc.origin,
      })
    }
  },
})
