import {describeEntry, evaluateNetworkAcl} from '../../reachability/network-acls.js'
import {defineRule} from '../rule.js'
import {aclLabel, aclOf} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-060',
    title: 'Network ACL blocks traffic between the cluster subnet and the rest of the VPC',
    severity: 'critical',
    topologies: 'all',
    risk:
      'Cluster nodes exchange traffic on many TCP and UDP ports with the service access interface, VPC endpoints, NAT gateway, bastion and other subnets of the VPC. Network ACLs are stateless: a deny (or a missing allow) for any VPC address, port or direction on the cluster subnet silently breaks the cluster or the tunnel, and is hard to spot from the nodes.',
    remediation: {
      summary: 'Add inbound and outbound entries allowing all traffic to and from every VPC CIDR block, numbered before any deny entry.',
      cli:
        'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 90 --protocol -1 --cidr-block <vpc-cidr> --rule-action allow\n' +
        'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --egress --rule-number 90 --protocol -1 --cidr-block <vpc-cidr> --rule-action allow',
      cloudformation:
        'VpcInbound:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref ClusterNetworkAcl\n    RuleNumber: 90\n    Protocol: -1\n    RuleAction: allow\n    Egress: false\n    CidrBlock: !GetAtt Vpc.CidrBlock\nVpcOutbound:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref ClusterNetworkAcl\n    RuleNumber: 90\n    Protocol: -1\n    RuleAction: allow\n    Egress: true\n    CidrBlock: !GetAtt Vpc.CidrBlock',
    },
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
        const way = egress ? `outbound to ${cidr}` : `inbound from ${cidr}`
        const detail = denials.map(({protocol, decision}) => `${protocol.toUpperCase()} ${decision.denied} by ${describeEntry(decision.entry)}`).join('; ')
        context.report({
          resourceId: acl.id,
          message: `Network ACL ${aclLabel(acl)} on the cluster subnet ${subnet.id} does not allow all traffic ${way} (VPC CIDR of ${vpc.id}): denies ${detail}.`,
          pathLabel: egress ? `${subnet.id} -> ${cidr}` : `${cidr} -> ${subnet.id}`,
          origin: denials[0]!.decision.entry?.origin ?? acl.origin,
        })
      }
    }
  },
})
