/** Readers shared by the network ACL rules. */
import type {Instance, NetworkAcl, Subnet} from '../../../model/types.js'
import type {RuleContext} from '../rule.js'

/** The network ACL in effect for a subnet, or stop: the data does not say. */
export function aclOf(context: RuleContext, subnet: Subnet): NetworkAcl {
  const acl = context.model.effectiveNetworkAcl(subnet.id)
  if (!acl) return context.lacking('networkAcls', `the network ACL of ${subnet.id} (no association and no default ACL of ${subnet.vpcId})`)
  return acl
}

/** `acl-0abc (default)` / `acl-0abc`. */
export function aclLabel(acl: NetworkAcl): string {
  return acl.isDefault ? `${acl.id} (the default ACL of ${acl.vpcId})` : acl.id
}

/** The bastion's subnet when it is not the cluster's (a second network ACL on the SSH path), with the bastion and its private address. */
export function bastionSubnetApart(context: RuleContext, clusterSubnet: Subnet): {bastion: Instance; subnet: Subnet; address?: string} | undefined {
  const bastion = context.scope.bastion
  const eni = bastion?.enis[0]
  const subnet = eni ? context.model.subnets.get(eni.subnetId) : undefined
  if (!bastion || !subnet || subnet.id === clusterSubnet.id) return undefined
  const address = eni?.privateIps[0]
  return {bastion, subnet, ...(address ? {address} : {})}
}
