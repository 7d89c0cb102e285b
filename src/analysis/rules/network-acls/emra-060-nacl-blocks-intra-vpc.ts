import {describeEntry, evaluateNetworkAcl} from '../../reachability/network-acls.js'
import {defineRule} from '../rule.js'
import remediation from './emra-060-nacl-blocks-intra-vpc.remediation.js'
import {aclLabel, aclOf} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-060',
    title: 'Network ACL blocks traffic between the cluster subnet and the rest of the VPC',
    severity: 'critical',
    topologies: 'all',
    description: 'Checks that the network ACL of the cluster subnet allows all TCP and UDP traffic to and from every CIDR block of the VPC, in both directions.',
    risk: 'Cluster nodes exchange traffic on many TCP and UDP ports with the service access interface, VPC endpoints, NAT gateway, bastion and other subnets of the VPC. Network ACLs are stateless: a deny (or a missing allow) for any VPC address, port or direction on the cluster subnet silently breaks the cluster or the tunnel, and is hard to spot from the nodes.',
    messages: {
      vpcTrafficDenied: 'Network ACL {{acl}} on the cluster subnet {{subnetId}} does not allow all traffic {{direction}} {{cidr}} (VPC CIDR of {{vpcId}}): denies {{denials}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
    needs: ['networkAcls', 'subnets', 'vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    const subnet = context.subnet()
    const acl = aclOf(context, subnet)
    for (const cidr of vpc.cidrBlocks) {
      for (const egress of [false, true]) {
        const denials = (['tcp', 'udp'] as const).flatMap((protocol) => {
          const decision = evaluateNetworkAcl(acl, egress, protocol, cidr, undefined)
          return decision.allowed ? [] : [{protocol, decision}]
        })
        if (denials.length === 0) continue
        const detail = denials.map(({protocol, decision}) => `${protocol.toUpperCase()} ${decision.denied} by ${describeEntry(decision.entry)}`).join('; ')
        context.report({
          resourceId: acl.id,
          messageId: 'vpcTrafficDenied',
          data: {
            acl: aclLabel(acl),
            naclId: acl.id,
            subnetId: subnet.id,
            vpcId: vpc.id,
            cidr,
            direction: egress ? 'outbound to' : 'inbound from',
            egress: String(egress),
            denials: detail,
            ruleNumber: denials[0]!.decision.entry?.ruleNumber ?? '*',
          },
          pathLabel: egress ? `${subnet.id} -> ${cidr}` : `${cidr} -> ${subnet.id}`,
          origin: denials[0]!.decision.entry?.origin ?? acl.origin,
        })
      }
    }
  },
})
