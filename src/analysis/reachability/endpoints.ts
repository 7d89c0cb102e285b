/**
 * Turning what a user types (`internet`, a CIDR or IP, `i-…`, `sg-…`, `j-…:primary`) into the
 * ends of a flow. Errors name the flag and say what was expected.
 */
import {UserError} from '../../errors.js'
import {cidrContains, isCidr, isIpAddress, isPrivateRange} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, Instance, NetworkInterface} from '../../model/types.js'
import type {Endpoint, ReachQuery} from './engine.js'

function interfaceEndpoint(model: NetworkModel, eni: NetworkInterface, label: string, flag: string): Endpoint {
  const subnet = model.subnets.get(eni.subnetId)
  if (!subnet) throw new UserError(`${flag} ${label}: its subnet ${eni.subnetId || '(unknown)'} is not in the data`)
  return {kind: 'interface', label, eni, subnet, address: eni.privateIps[0] ?? '', instance: model.instanceOfInterface(eni.id)}
}

function instanceEndpoint(model: NetworkModel, instance: Instance, label: string, flag: string): Endpoint {
  const eni = instance.enis[0]
  if (!eni) throw new UserError(`${flag} ${label}: instance ${instance.id} has no network interface in the data`)
  return interfaceEndpoint(model, eni, label, flag)
}

/** The primary node of a cluster as an instance in the model. */
export function primaryInstanceOf(model: NetworkModel, cluster: EmrCluster): Instance | undefined {
  for (const primary of cluster.primaryInstances) {
    const byId = primary.ec2InstanceId ? model.instances.get(primary.ec2InstanceId) : undefined
    if (byId) return byId
    const ip = primary.privateIp ?? primary.publicIp
    const eni = ip ? model.networkInterfaceByIp(ip) : undefined
    const owner = eni ? model.instanceOfInterface(eni.id) : undefined
    if (owner) return owner
  }
  return undefined
}

export function resolveEndpoint(model: NetworkModel, text: string, flag: string): Endpoint {
  const value = text.trim()
  if (value === 'internet') return {kind: 'external', label: 'internet (0.0.0.0/0)', addresses: '0.0.0.0/0'}
  if (/^i-[0-9a-z]+$/.test(value)) {
    const instance = model.instances.get(value)
    if (!instance) throw new UserError(`${flag} ${value}: no such instance in the data`)
    return instanceEndpoint(model, instance, value, flag)
  }
  if (/^sg-[0-9a-z]+$/.test(value)) {
    if (!model.securityGroups.has(value)) throw new UserError(`${flag} ${value}: no such security group in the data`)
    const member = model.networkInterfacesInGroup(value)[0]
    if (!member) throw new UserError(`${flag} ${value}: no network interface in the data uses this security group`)
    const owner = model.instanceOfInterface(member.id)
    return interfaceEndpoint(model, member, `${value} (${owner?.id ?? member.id})`, flag)
  }
  const clusterMatch = /^(j-[A-Za-z0-9]+):(primary|master)$/.exec(value)
  if (clusterMatch) {
    const cluster = model.clusters.get(clusterMatch[1]!)
    if (!cluster) throw new UserError(`${flag} ${value}: no such cluster in the data`)
    const primary = primaryInstanceOf(model, cluster)
    if (!primary) throw new UserError(`${flag} ${value}: the primary node of ${cluster.id} is not in the data (needs emr-list-instances-${cluster.id}.json and ec2-describe-instances.json)`)
    return instanceEndpoint(model, primary, `${cluster.id} primary (${primary.id})`, flag)
  }
  if (isIpAddress(value)) {
    const eni = model.networkInterfaceByIp(value)
    if (eni) {
      const endpoint = interfaceEndpoint(model, eni, value, flag)
      return {...endpoint, address: value} as Endpoint
    }
    return {kind: 'external', label: value, addresses: value}
  }
  if (isCidr(value)) {
    const inside = model.data.vpcs.find((vpc) => vpc.cidrBlocks.some((block) => cidrContains(block, value)))
    if (inside) {
      throw new UserError(`${flag} ${value}: this range is inside ${inside.id}; name an instance, a security group or an interface's IP instead`)
    }
    return {kind: 'external', label: value, addresses: value}
  }
  throw new UserError(`${flag} ${value}: expected internet, a CIDR, an IP address, an instance id (i-…), a security group id (sg-…) or <cluster-id>:primary`)
}

export interface ParsedTarget {
  target: string
  port: number
  protocol: 'tcp' | 'udp'
}

/** `TARGET:PORT[/tcp|udp]`, where TARGET may itself contain a colon (`j-…:primary:22`). */
export function parseTarget(text: string, flag: string): ParsedTarget {
  const match = /^(.+):(\d{1,5})(?:\/(tcp|udp))?$/i.exec(text.trim())
  if (!match) throw new UserError(`${flag} ${text}: expected TARGET:PORT[/tcp|udp], e.g. i-0abc:22 or j-ABC:primary:8088/tcp`)
  const port = Number(match[2])
  if (port < 1 || port > 65535) throw new UserError(`${flag} ${text}: port ${port} is outside 1-65535`)
  return {target: match[1]!, port, protocol: (match[3]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp'}
}

/** Builds a query; a destination reached from the internet is addressed by its public IP. */
export function buildQuery(model: NetworkModel, fromText: string, toText: string): ReachQuery {
  const target = parseTarget(toText, '--to')
  const from = resolveEndpoint(model, fromText, '--from')
  let to = resolveEndpoint(model, target.target, '--to')
  if (from.kind === 'external' && to.kind === 'interface' && !isPrivateRange(from.addresses) && to.address === to.eni.privateIps[0]) {
    const publicIp = to.eni.publicIps[0]
    if (publicIp) to = {...to, address: publicIp}
  }
  return {from, to, protocol: target.protocol, port: target.port}
}
