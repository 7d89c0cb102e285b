import type {NetworkAcl, Subnet} from '../../../model/types.js'
import {EPHEMERAL_PORTS} from '../../reachability/engine.js'
import {describeEntry, evaluateNetworkAcl} from '../../reachability/network-acls.js'
import {defineRule} from '../rule.js'
import {findOnpremCidrs} from '../vpn/shared.js'
import {aclLabel, aclOf} from './shared.js'

interface ReturnFlow {
  acl: NetworkAcl
  subnet: Subnet
  egress: boolean
  /** The remote side: source of inbound replies, destination of outbound ones. */
  remote: string
  /** Whose replies these are, in words. */
  why: string
}

export default defineRule({
  meta: {
    id: 'EMRA-061',
    title: 'Network ACL blocks return traffic on ephemeral ports',
    severity: 'high',
    topologies: 'all',
    risk:
      'Network ACLs are stateless: the replies to every connection need their own allow entry on ports 1024-65535. Replies from Amazon S3, the NAT gateway and AWS endpoints come back to the cluster subnet on those ports, and the cluster\'s replies to SSH clients (operators, the bastion, on-premises hosts) leave on them. Without these entries nodes cannot bootstrap or reach AWS services and SSH sessions hang after the handshake.',
    remediation: {
      summary: 'Allow TCP 1024-65535 inbound from 0.0.0.0/0 on the cluster subnet\'s network ACL, and outbound to the SSH clients (admin CIDRs, bastion, on-premises networks); on the bastion subnet allow the replies from the cluster subnet and to the admin CIDRs.',
      cli:
        'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow\n' +
        'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --egress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block <client-cidr> --rule-action allow',
      cloudformation:
        'EphemeralInbound:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref ClusterNetworkAcl\n    RuleNumber: 120\n    Protocol: 6\n    RuleAction: allow\n    Egress: false\n    CidrBlock: 0.0.0.0/0\n    PortRange:\n      From: 1024\n      To: 65535\nEphemeralOutboundToClients:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref ClusterNetworkAcl\n    RuleNumber: 120\n    Protocol: 6\n    RuleAction: allow\n    Egress: true\n    CidrBlock: <client-cidr>\n    PortRange:\n      From: 1024\n      To: 65535',
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
    needs: ['networkAcls', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const acl = aclOf(context, subnet)
    const {scope} = context
    const flows: ReturnFlow[] = [{acl, subnet, egress: false, remote: '0.0.0.0/0', why: 'replies from Amazon S3, the NAT gateway and AWS endpoints'}]
    if (scope.topology === 'public') {
      for (const cidr of scope.adminCidrs) flows.push({acl, subnet, egress: true, remote: cidr, why: `replies to SSH clients in the admin range ${cidr}`})
    }
    if (scope.topology === 'private' && scope.bastion) {
      const bastion = scope.bastion
      const eni = bastion.enis[0]
      const bastionSubnet = eni ? context.model.subnets.get(eni.subnetId) : undefined
      const address = eni?.privateIps[0]
      if (bastionSubnet && address && bastionSubnet.id !== subnet.id) {
        const bastionAcl = aclOf(context, bastionSubnet)
        flows.push({acl, subnet, egress: true, remote: address, why: `the primary node's SSH replies to the bastion ${bastion.id}`})
        flows.push({acl: bastionAcl, subnet: bastionSubnet, egress: false, remote: subnet.cidrBlock, why: `SSH replies from the cluster subnet ${subnet.id} to the bastion ${bastion.id}`})
        for (const cidr of scope.adminCidrs) flows.push({acl: bastionAcl, subnet: bastionSubnet, egress: true, remote: cidr, why: `the bastion's SSH replies to the admin range ${cidr}`})
      }
    }
    if (scope.topology === 'vpn') {
      // Without known on-premises networks only the replies from AWS are judged.
      const onprem = findOnpremCidrs(context, subnet.vpcId)
      for (const cidr of onprem?.cidrs ?? []) flows.push({acl, subnet, egress: true, remote: cidr, why: `replies to on-premises clients in ${cidr} (from ${onprem!.source})`})
    }
    for (const flow of flows) {
      const decision = evaluateNetworkAcl(flow.acl, flow.egress, 'tcp', flow.remote, EPHEMERAL_PORTS)
      if (decision.allowed) continue
      const way = flow.egress ? `outbound to ${flow.remote}` : `inbound from ${flow.remote}`
      context.report({
        resourceId: flow.acl.id,
        message: `Network ACL ${aclLabel(flow.acl)} on ${flow.subnet.id} does not allow TCP 1024-65535 ${way}, needed for ${flow.why}: it denies ${decision.denied} by ${describeEntry(decision.entry)}.`,
        pathLabel: flow.egress ? `${flow.subnet.id} -> ${flow.remote}:1024-65535/tcp` : `${flow.remote} -> ${flow.subnet.id}:1024-65535/tcp`,
        origin: decision.entry?.origin ?? flow.acl.origin,
      })
    }
  },
})
