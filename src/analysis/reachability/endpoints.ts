/**
 * Turning what a user types (`internet`, a CIDR or IP, `i-…`, `sg-…`, `eice-…`, `j-…:primary`) into the
 * ends of a flow. Errors (InvalidEndpoint, InvalidPortRange) carry the value and say what was expected.
 */
import {InvalidEndpoint, InvalidPortRange} from '../../errors.js'
import {describeAbsence} from '../../model/datasets.js'
import {cidrContains, isCidr, isIpAddress} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, Instance, InstanceConnectEndpoint, NetworkInterface, PortRange} from '../../model/types.js'
import {type Endpoint, INTERNET, type ReachQuery} from './engine.js'

/** An interface as a path end; one in a subnet the data does not hold is an end the engine answers unknown for. */
function interfaceEndpoint(model: NetworkModel, eni: NetworkInterface, label: string): Endpoint {
  const subnet = model.subnets.get(eni.subnetId)
  if (!subnet) return {kind: 'missing', label, component: eni.subnetId || eni.id, detail: `the subnet ${eni.subnetId || '(unknown)'} of ${eni.id} is not in the data`}
  return {kind: 'interface', label, eni, subnet, address: eni.privateIps[0] ?? '', instance: model.instanceOfInterface(eni.id)}
}

/** An instance's primary interface (DeviceIndex 0: the parser sorts it first). */
function instanceEndpoint(model: NetworkModel, instance: Instance, label: string): Endpoint {
  const eni = instance.enis[0]
  if (!eni) throw new InvalidEndpoint(label, `instance ${instance.id} has no network interface in the data`)
  return interfaceEndpoint(model, eni, label)
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

/**
 * Why the data cannot place the primary node of a cluster whose instances are not in it, when that is
 * not a gap in the collection: the source recorded the cluster's instances as unknown before deploy, or
 * the cluster has several subnets to choose from and has not chosen (an instance fleet's EMR picks one of
 * RequestedEc2SubnetIds at launch: https://docs.aws.amazon.com/emr/latest/APIReference/API_Ec2InstanceAttributes.html).
 */
function unplacedPrimary(model: NetworkModel, cluster: EmrCluster): string | undefined {
  for (const dataset of ['listInstances', 'describeCluster'] as const) {
    const availability = model.availability(dataset, cluster.id)
    if (availability.absence?.cause === 'unknown-before-deploy') return availability.reason
  }
  if (cluster.subnetId || cluster.requestedSubnetIds.length < 2) return undefined
  const choice = `EMR picks one of ${cluster.requestedSubnetIds.join(', ')} for the primary`
  return beforeDeploy(model) ? describeAbsence({cause: 'unknown-before-deploy', detail: choice}) : `${choice}; the cluster has not picked yet (state ${cluster.state})`
}

/** A model built from a template or a plan: its sources mark what AWS decides at deploy, which a deployed network never lacks. */
function beforeDeploy(model: NetworkModel): boolean {
  return Object.values(model.data.availability).some((availability) => availability.absence?.cause === 'unknown-before-deploy')
}

/**
 * An EC2 Instance Connect Endpoint as a source: its network interface, whose address the data does
 * not give, judged as the whole subnet it sits in, with the endpoint's groups. With client IP
 * preservation on, the target sees the operator's address instead: only group rules then match as shown.
 */
function instanceConnectEndpoint(model: NetworkModel, endpoint: InstanceConnectEndpoint): Endpoint {
  const label = endpoint.preserveClientIp ? `${endpoint.id} (client IP preservation on: address rules see the client, not this subnet)` : endpoint.id
  const subnet = model.subnets.get(endpoint.subnetId)
  if (!subnet) return {kind: 'missing', label, component: endpoint.subnetId, detail: `the subnet ${endpoint.subnetId} of ${endpoint.id} is not in the data`}
  const eni: NetworkInterface = {id: endpoint.id, subnetId: subnet.id, vpcId: endpoint.vpcId, privateIps: [], publicIps: [], ipv6Addresses: [], groupIds: endpoint.securityGroupIds}
  return {kind: 'interface', label, eni, subnet, address: subnet.cidrBlock, addressFixed: true}
}

export function resolveEndpoint(model: NetworkModel, text: string): Endpoint {
  const value = text.trim()
  if (value === INTERNET) return {kind: 'external', label: 'internet', addresses: INTERNET}
  if (/^i-[0-9a-z]+$/.test(value)) {
    const instance = model.instances.get(value)
    if (!instance) throw new InvalidEndpoint(value, `no such instance in the data`)
    return instanceEndpoint(model, instance, value)
  }
  if (/^sg-[0-9a-z]+$/.test(value)) {
    if (!model.securityGroups.has(value)) throw new InvalidEndpoint(value, `no such security group in the data`)
    const member = model.networkInterfacesInGroup(value)[0]
    if (!member) throw new InvalidEndpoint(value, `no network interface in the data uses this security group`)
    const owner = model.instanceOfInterface(member.id)
    return interfaceEndpoint(model, member, `${value} (${owner?.id ?? member.id})`)
  }
  if (/^eice-[0-9a-z]+$/.test(value)) {
    const endpoint = model.instanceConnectEndpoints.get(value)
    if (!endpoint) throw new InvalidEndpoint(value, `no such EC2 Instance Connect Endpoint in the data (ec2-describe-instance-connect-endpoints.json)`)
    return instanceConnectEndpoint(model, endpoint)
  }
  const clusterMatch = /^(j-[A-Za-z0-9]+):(primary|master)$/.exec(value)
  if (clusterMatch) {
    const cluster = model.clusters.get(clusterMatch[1]!)
    if (!cluster) throw new InvalidEndpoint(value, `no such cluster in the data`)
    const primary = primaryInstanceOf(model, cluster)
    if (!primary) {
      const unplaced = unplacedPrimary(model, cluster)
      if (unplaced) return {kind: 'missing', label: `${cluster.id} primary`, component: cluster.id, detail: unplaced, missing: unplaced}
      throw new InvalidEndpoint(value, `the primary node of ${cluster.id} is not in the data (needs emr-list-instances-${cluster.id}.json and ec2-describe-instances.json)`)
    }
    return instanceEndpoint(model, primary, `${cluster.id} primary (${primary.id})`)
  }
  if (isIpAddress(value)) {
    const nat = model.data.natGateways.find((gateway) => [...gateway.publicIps, ...gateway.privateIps].includes(value))
    if (nat) return {kind: 'nat-gateway', label: `${value} (${nat.id})`, natGatewayId: nat.id}
    const eni = model.networkInterfaceByIp(value)
    if (eni) {
      const endpoint = interfaceEndpoint(model, eni, value)
      return endpoint.kind === 'interface' ? {...endpoint, address: value, addressFixed: true} : endpoint
    }
    return {kind: 'external', label: value, addresses: value}
  }
  if (isCidr(value)) {
    const inside = model.data.vpcs.find((vpc) => [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks].some((block) => cidrContains(block, value)))
    if (inside) {
      throw new InvalidEndpoint(value, `this range is inside ${inside.id}; name an instance, a security group or an interface's IP instead`)
    }
    return {kind: 'external', label: value, addresses: value}
  }
  throw new InvalidEndpoint(value, `expected internet, a CIDR, an IP address, an instance id (i-…), a security group id (sg-…), an EC2 Instance Connect Endpoint id (eice-…) or <cluster-id>:primary`)
}

export interface ParsedTarget {
  target: string
  port: number
  protocol: 'tcp' | 'udp'
}

/** `TARGET:PORT[/tcp|udp]`, where TARGET may itself contain a colon (`j-…:primary:22`). */
export function parseReachTarget(text: string): ParsedTarget {
  const parsed = parseTarget(text)
  // The engine can walk toward the internet (rules do); a user's question names a target in the data.
  if (/^internet$/i.test(parsed.target.trim())) {
    throw new InvalidEndpoint(text, 'the target must be in the data: an instance id, an IP address or <cluster-id>:primary (internet is a source only)', 'to')
  }
  return parsed
}

/** `TARGET:PORT[/tcp|udp]`: the syntax alone (any target the engine can resolve, the internet included). */
export function parseTarget(text: string): ParsedTarget {
  const match = /^(.+):(\d{1,5})(?:\/(tcp|udp))?$/i.exec(text.trim())
  if (!match) throw new InvalidEndpoint(text, 'expected TARGET:PORT[/tcp|udp], e.g. i-0abc:22 or j-ABC:primary:8088/tcp', 'to')
  const port = Number(match[2])
  if (port < 1 || port > 65535) throw new InvalidEndpoint(text, `port ${port} is outside 1-65535`, 'to')
  return {target: match[1]!, port, protocol: (match[3]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp'}
}

/**
 * Builds a query. An instance named by id is addressed per gateway (its public IPv4 or IPv6 address
 * through an internet gateway, its private IP over VPN); one named by an address keeps it.
 */
export function buildQuery(model: NetworkModel, fromText: string, to: string | ParsedTarget, ephemeralPorts?: PortRange): ReachQuery {
  const target = typeof to === 'string' ? parseTarget(to) : to
  return {
    from: endOfFlow('from', () => resolveEndpoint(model, fromText)),
    to: endOfFlow('to', () => resolveEndpoint(model, target.target)),
    protocol: target.protocol,
    port: target.port,
    ephemeralPorts,
  }
}

/** An InvalidEndpoint from resolving one end, saying which end. */
function endOfFlow(end: 'from' | 'to', resolve: () => Endpoint): Endpoint {
  try {
    return resolve()
  } catch (error) {
    if (error instanceof InvalidEndpoint) throw new InvalidEndpoint(error.value, error.reason, end)
    throw error
  }
}

/** `FROM-TO` port range, e.g. 32768-60999: the client's ephemeral ports for the return path. */
export function parsePortRange(text: string): PortRange {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim())
  const range = match ? {from: Number(match[1]), to: Number(match[2])} : undefined
  if (!range || range.from < 1 || range.to > 65535 || range.from > range.to) {
    throw new InvalidPortRange(text, 'expected a port range FROM-TO within 1-65535, e.g. 1024-65535 or 32768-60999')
  }
  return range
}
