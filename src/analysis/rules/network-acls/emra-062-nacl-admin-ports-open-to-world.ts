import type {NetworkAcl, NetworkAclEntry, Subnet} from '../../../model/types.js'
import {EPHEMERAL_PORTS} from '../../reachability/engine.js'
import {describeEntry} from '../../reachability/network-acls.js'
import {aclWorldAllowances} from '../exposure.js'
import {defineRule} from '../rule.js'
import remediation from './emra-062-nacl-admin-ports-open-to-world.remediation.js'
import {aclOf, bastionSubnetApart} from './shared.js'

const ADMIN_PORTS = [
  {port: 22, name: 'SSH'},
  {port: 3389, name: 'RDP'},
]

/**
 * The allow entries that together let the whole internet (IPv4 or IPv6) in on TCP `port`, judged
 * in rule-number order over every public source; empty when some public sources are denied.
 */
function worldAllows(acl: NetworkAcl, port: number): NetworkAclEntry[] {
  // A port inside the ephemeral range (RDP 3389) is also admitted by the inbound entry for return
  // traffic (TCP 1024-65535 from 0.0.0.0/0) that AWS documents for every custom ACL and EMRA-061
  // requires; that entry is not an admin-port opening, so it is left out here. SSH (22) is below
  // every ephemeral range and is judged on all entries.
  const judged = port >= EPHEMERAL_PORTS.from ? {...acl, entries: acl.entries.filter((entry) => !isReturnRangeEntry(entry))} : acl
  const entries = aclWorldAllowances(judged, 'tcp', port).flatMap(({allows}) => allows)
  return entries.filter((entry, index) => entries.indexOf(entry) === index)
}

/** An inbound allow whose port range spans the whole ephemeral return range (1024-65535). */
function isReturnRangeEntry(entry: NetworkAclEntry): boolean {
  const ports = entry.ports
  return !entry.egress && entry.action === 'allow' && ports !== undefined && ports.from <= EPHEMERAL_PORTS.from && ports.to >= EPHEMERAL_PORTS.to && ports.from > 22
}

export default defineRule({
  meta: {
    id: 'EMRA-062',
    title: 'Network ACL allows SSH or RDP from the whole internet',
    severity: 'medium',
    topologies: 'all',
    description: 'Checks the custom network ACLs of the cluster subnet and the bastion subnet for inbound entries that together admit every public IPv4 or IPv6 address on TCP 22 (SSH) or 3389 (RDP).',
    risk: 'A custom network ACL is a second line of defence for the subnets of the cluster and the bastion. Entries admitting every public address (0.0.0.0/0 or ::/0, in one entry or several, whatever private ranges are denied before them) on TCP 22 or 3389 leaves remote administration ports guarded by security groups alone (Security Hub control EC2.21). Default ACLs are left to the security groups and not judged here.',
    messages: {
      adminPortsOpen: 'Network ACL {{naclId}} on {{subnets}} allows {{openings}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html',
    needs: ['networkAcls', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const subnets: {subnet: Subnet; role: string}[] = [{subnet, role: `the cluster subnet ${subnet.id}`}]
    const apart = bastionSubnetApart(context, subnet)
    if (apart) subnets.push({subnet: apart.subnet, role: `the bastion ${apart.bastion.id}'s subnet ${apart.subnet.id}`})
    const acls = new Map<string, {acl: NetworkAcl; roles: string[]}>()
    for (const {subnet: each, role} of subnets) {
      const acl = aclOf(context, each)
      acls.set(acl.id, {acl, roles: [...(acls.get(acl.id)?.roles ?? []), role]})
    }
    for (const {acl, roles} of acls.values()) {
      if (acl.isDefault) continue
      const open = ADMIN_PORTS.flatMap(({port, name}) => {
        const entries = worldAllows(acl, port)
        return entries.length > 0 ? [{port, name, entries}] : []
      })
      if (open.length === 0) continue
      context.report({
        resourceId: acl.id,
        messageId: 'adminPortsOpen',
        data: {
          naclId: acl.id,
          subnetId: subnets.find(({subnet: each}) => aclOf(context, each).id === acl.id)!.subnet.id,
          subnets: roles.join(' and '),
          openings: open.map(({port, name, entries}) => `${name} (TCP ${port}) from the whole internet by ${entries.map(describeEntry).join(' and ')}`).join('; '),
          ports: open.map(({port}) => port).join(', '),
          port: open[0]!.port,
          protocol: 'tcp',
          ruleNumber: open[0]!.entries[0]!.ruleNumber,
          cidr: open[0]!.entries[0]!.cidr ?? open[0]!.entries[0]!.ipv6Cidr ?? '',
        },
        origin: open[0]!.entries[0]!.origin ?? acl.origin,
      })
    }
  },
})
