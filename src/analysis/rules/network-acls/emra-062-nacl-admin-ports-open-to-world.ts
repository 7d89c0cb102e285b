import {isWorld} from '../../../model/ip.js'
import {protocolMatches} from '../../../model/protocol.js'
import type {NetworkAcl, NetworkAclEntry, Subnet} from '../../../model/types.js'
import {describeEntry} from '../../reachability/network-acls.js'
import {defineRule} from '../rule.js'
import {aclOf} from './shared.js'

const ADMIN_PORTS = [
  {port: 22, name: 'SSH'},
  {port: 3389, name: 'RDP'},
]

/** The entry that lets the whole internet (IPv4 or IPv6) in on TCP `port`, unless a world-wide deny comes first. */
function worldAllow(acl: NetworkAcl, port: number): NetworkAclEntry | undefined {
  for (const family of ['cidr', 'ipv6Cidr'] as const) {
    for (const entry of acl.entries) {
      const range = entry[family]
      if (entry.egress || !range || !isWorld(range) || !protocolMatches(entry.protocol, 'tcp')) continue
      if (entry.protocol !== 'all' && entry.ports && (port < entry.ports.from || port > entry.ports.to)) continue
      if (entry.action === 'allow') return entry
      break
    }
  }
  return undefined
}

export default defineRule({
  meta: {
    id: 'EMRA-062',
    title: 'Network ACL allows SSH or RDP from the whole internet',
    severity: 'medium',
    topologies: 'all',
    rationale:
      'A custom network ACL is a second line of defence for the subnets of the cluster and the bastion. An entry admitting 0.0.0.0/0 or ::/0 on TCP 22 or 3389 leaves remote administration ports guarded by security groups alone (Security Hub control EC2.21). Default ACLs are left to the security groups and not judged here.',
    remediation: {
      summary: 'Replace the world-wide entry with entries for your admin CIDRs (or deny 22/3389 from 0.0.0.0/0 before the broad allow).',
      cli:
        'aws ec2 replace-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number <rule-number> --protocol tcp --port-range From=22,To=22 --cidr-block <admin-cidr> --rule-action allow',
      cloudformation:
        'Type: AWS::EC2::NetworkAclEntry\nProperties:\n  NetworkAclId: !Ref BastionNetworkAcl\n  RuleNumber: 100\n  Protocol: 6\n  RuleAction: allow\n  Egress: false\n  CidrBlock: <admin-cidr>\n  PortRange:\n    From: 22\n    To: 22',
    },
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html',
    needs: ['networkAcls', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const subnets: {subnet: Subnet; role: string}[] = [{subnet, role: `the cluster subnet ${subnet.id}`}]
    const bastion = context.scope.bastion
    const bastionSubnet = bastion?.enis[0] ? context.model.subnets.get(bastion.enis[0].subnetId) : undefined
    if (bastion && bastionSubnet && bastionSubnet.id !== subnet.id) subnets.push({subnet: bastionSubnet, role: `the bastion ${bastion.id}'s subnet ${bastionSubnet.id}`})
    const acls = new Map<string, {acl: NetworkAcl; roles: string[]}>()
    for (const {subnet: each, role} of subnets) {
      const acl = aclOf(context, each)
      acls.set(acl.id, {acl, roles: [...(acls.get(acl.id)?.roles ?? []), role]})
    }
    for (const {acl, roles} of acls.values()) {
      if (acl.isDefault) continue
      const open = ADMIN_PORTS.flatMap(({port, name}) => {
        const entry = worldAllow(acl, port)
        return entry ? [{port, name, entry}] : []
      })
      if (open.length === 0) continue
      context.report({
        resourceId: acl.id,
        message: `Network ACL ${acl.id} on ${roles.join(' and ')} allows ${open.map(({port, name, entry}) => `${name} (TCP ${port}) from the whole internet by ${describeEntry(entry)}`).join('; ')}.`,
        origin: open[0]!.entry.origin ?? acl.origin,
      })
    }
  },
})
