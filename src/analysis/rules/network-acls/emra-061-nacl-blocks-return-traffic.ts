import type {NetworkAcl, Subnet} from '../../../model/types.js'
import {EPHEMERAL_PORTS} from '../../reachability/engine.js'
import {describeEntry, evaluateNetworkAcl} from '../../reachability/network-acls.js'
import {defineRule} from '../rule.js'
import {findOnpremCidrs} from '../vpn/shared.js'
import remediation from './emra-061-nacl-blocks-return-traffic.remediation.js'
import {aclLabel, aclOf, bastionSubnetApart} from './shared.js'

interface ReturnFlow {
  acl: NetworkAcl
  subnet: Subnet
  egress: boolean
  /** The remote side: source of inbound replies, destination of outbound ones. */
  remote: string
  /** Whose replies these are, in words. */
  why: string
  /** Who the replies belong to, for scripts: aws, adminCidr, bastion, onprem. */
  client: string
}

export default defineRule({
  meta: {
    id: 'EMRA-061',
    title: 'Network ACL blocks return traffic on ephemeral ports',
    severity: 'high',
    topologies: 'all',
    description:
      'Checks that the network ACLs let the replies through on TCP 1024-65535: inbound to the cluster subnet from AWS services, and outbound to the SSH clients (admin CIDRs, the bastion and its subnet, on-premises networks).',
    risk: "Network ACLs are stateless: the replies to every connection need their own allow entry on ports 1024-65535. Replies from Amazon S3, the NAT gateway and AWS endpoints come back to the cluster subnet on those ports, and the cluster's replies to SSH clients (operators, the bastion, on-premises hosts) leave on them. Without these entries nodes cannot bootstrap or reach AWS services and SSH sessions hang after the handshake.",
    messages: {
      returnDenied: 'Network ACL {{acl}} on {{subnetId}} does not allow TCP 1024-65535 {{direction}} {{cidr}}, needed for {{why}}: it denies {{denied}} by {{entry}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
    needs: ['networkAcls', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const acl = aclOf(context, subnet)
    const {scope} = context
    const flows: ReturnFlow[] = [{acl, subnet, egress: false, remote: '0.0.0.0/0', why: 'replies from Amazon S3, the NAT gateway and AWS endpoints', client: 'aws'}]
    if (scope.topology === 'public') {
      for (const cidr of scope.adminCidrs) flows.push({acl, subnet, egress: true, remote: cidr, why: `replies to SSH clients in the admin range ${cidr}`, client: 'adminCidr'})
    }
    const apart = scope.topology === 'private' ? bastionSubnetApart(context, subnet) : undefined
    if (apart?.address) {
      const {bastion, subnet: bastionSubnet, address} = apart
      const bastionAcl = aclOf(context, bastionSubnet)
      flows.push({acl, subnet, egress: true, remote: address, why: `the primary node's SSH replies to the bastion ${bastion.id}`, client: 'bastion'})
      flows.push({
        acl: bastionAcl,
        subnet: bastionSubnet,
        egress: false,
        remote: subnet.cidrBlock,
        why: `SSH replies from the cluster subnet ${subnet.id} to the bastion ${bastion.id}`,
        client: 'bastion',
      })
      for (const cidr of scope.adminCidrs)
        flows.push({acl: bastionAcl, subnet: bastionSubnet, egress: true, remote: cidr, why: `the bastion's SSH replies to the admin range ${cidr}`, client: 'adminCidr'})
    }
    if (scope.topology === 'vpn') {
      // Without known on-premises networks only the replies from AWS are judged.
      const onprem = findOnpremCidrs(context, subnet.vpcId)
      for (const cidr of onprem?.cidrs ?? []) flows.push({acl, subnet, egress: true, remote: cidr, why: `replies to on-premises clients in ${cidr} (from ${onprem!.source})`, client: 'onprem'})
    }
    for (const flow of flows) {
      const decision = evaluateNetworkAcl(flow.acl, flow.egress, 'tcp', flow.remote, EPHEMERAL_PORTS)
      if (decision.allowed) continue
      context.report({
        resourceId: flow.acl.id,
        messageId: 'returnDenied',
        data: {
          acl: aclLabel(flow.acl),
          naclId: flow.acl.id,
          subnetId: flow.subnet.id,
          direction: flow.egress ? 'outbound to' : 'inbound from',
          egress: String(flow.egress),
          cidr: flow.remote,
          client: flow.client,
          why: flow.why,
          denied: decision.denied ?? flow.remote,
          entry: describeEntry(decision.entry),
          ruleNumber: decision.entry?.ruleNumber ?? '*',
          protocol: 'tcp',
          port: '1024-65535',
        },
        pathLabel: flow.egress ? `${flow.subnet.id} -> ${flow.remote}:1024-65535/tcp` : `${flow.remote} -> ${flow.subnet.id}:1024-65535/tcp`,
        origin: decision.entry?.origin ?? flow.acl.origin,
      })
    }
  },
})
