/**
 * Finding the bastion host of a private cluster: a running, non-EMR instance with a public IP in
 * a public subnet of the same VPC that accepts SSH. Instances the primary's security groups admit
 * on port 22 come first, then ones named like a bastion.
 */
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, Instance} from '../../model/types.js'
import {evaluateSecurityGroups} from '../reachability/security-groups.js'
import {classifySubnet} from './classify.js'

const EMR_TAG = 'aws:elasticmapreduce:job-flow-id'

export function primarySecurityGroupIds(cluster: EmrCluster): string[] {
  return [cluster.managedPrimarySecurityGroupId, ...cluster.additionalPrimarySecurityGroupIds].filter((id): id is string => Boolean(id))
}

export function discoverBastion(model: NetworkModel, cluster: EmrCluster | undefined, vpcId: string): {instance: Instance; reason: string} | undefined {
  const candidates = model.data.instances.filter((instance) => {
    if (instance.vpcId !== vpcId || instance.state !== 'running' || !instance.publicIp || !instance.subnetId) return false
    if (instance.tags.some((tag) => tag.key === EMR_TAG)) return false
    const subnet = model.subnets.get(instance.subnetId)
    return subnet !== undefined && classifySubnet(model, subnet)?.topology === 'public'
  })
  if (candidates.length === 0) return undefined
  const primaryGroups = cluster ? primarySecurityGroupIds(cluster) : []
  const admitted = candidates.find((instance) => {
    const eni = instance.enis[0]
    if (!eni) return false
    return evaluateSecurityGroups(model, primaryGroups, 'ingress', {addresses: eni.privateIps[0] ?? '', groupIds: eni.groupIds}, 'tcp', 22).allowed
  })
  if (admitted) return {instance: admitted, reason: `discovered: ${admitted.id} has a public IP and the primary's security groups admit it on port 22`}
  const named = candidates.find((instance) => instance.tags.some((tag) => tag.key === 'Name' && /bastion|jump/i.test(tag.value)))
  const chosen = named ?? candidates[0]!
  return {instance: chosen, reason: `discovered: ${chosen.id} is a running instance with a public IP in a public subnet${named ? ' named like a bastion' : ''}`}
}
