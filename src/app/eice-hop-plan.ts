/**
 * `--via eice` / `--bastion-via eice` on a planned hop chain: which hop goes through the endpoint,
 * to which private address, in which VPC. EICE opens tunnels to a private IP address only, so the
 * address comes from the cluster's data (the active primary, an `i-…` bastion), an IP given as the
 * host, or an EC2 IP-based hostname (`ip-10-0-2-20.ec2.internal`, `ip-10-0-2-20.eu-west-1.compute.internal`),
 * which encodes it.
 */
import {isIP} from 'node:net'
import type {NetworkModel} from '../model/network-model.js'
import {TunnelFailure} from '../tunnel/failures.js'
import type {Hop} from '../tunnel/ssh/hops.js'
import type {TunnelTarget} from '../tunnel/target.js'
import type {AwsTarget, EiceTransport} from '../tunnel/transports/hop-transport.js'

/** What the user chose for every EICE hop. */
export interface EiceChoice {
  endpointId?: string
  endpointUrl?: string
  maxTunnelDurationSeconds?: number
  aws: AwsTarget
}

/** Where one hop's instance is, as far as the AWS data knows. */
export interface EiceHopTarget {
  privateIp?: string
  instanceId?: string
  vpcId?: string
  subnetId?: string
}

const IP_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.(?:ec2\.internal|[a-z0-9-]+\.compute\.internal))?\.?$/i

/** The private IPv4 address an EC2 IP-based hostname encodes, or the host itself when it is an IP address. */
export function privateAddressOf(host: string): string | undefined {
  if (isIP(host)) return host
  const match = IP_NAME.exec(host)
  if (!match) return undefined
  const octets = match.slice(1, 5).map(Number)
  return octets.every((octet) => octet <= 255) ? octets.join('.') : undefined
}

export function eiceTransportFor(hop: Hop, flag: '--via' | '--bastion-via', target: EiceHopTarget, choice: EiceChoice): EiceTransport {
  const privateIpAddress = target.privateIp ?? privateAddressOf(hop.host)
  if (!privateIpAddress) {
    throw new TunnelFailure(
      'config',
      `${flag} eice: ${hop.host} is not an IP address; an EC2 Instance Connect Endpoint needs the instance's private IP (give it, an ip-A-B-C-D name${hop.role === 'primary' ? ', or a CLUSTER_ID' : ", or the bastion's instance id with a CLUSTER_ID"})`,
      {hop: hop.label, code: 'EICE_ADDRESS'},
    )
  }
  return {
    kind: 'eice',
    privateIpAddress,
    ...(target.instanceId ? {instanceId: target.instanceId} : {}),
    ...(choice.endpointId ? {endpointId: choice.endpointId} : {}),
    ...(target.vpcId ? {vpcId: target.vpcId} : {}),
    ...(target.subnetId ? {subnetId: target.subnetId} : {}),
    ...(choice.endpointUrl ? {endpointUrl: choice.endpointUrl} : {}),
    ...(choice.maxTunnelDurationSeconds !== undefined ? {maxTunnelDurationSeconds: choice.maxTunnelDurationSeconds} : {}),
    aws: choice.aws,
  }
}

/**
 * The chain with EICE transports set: `primary` on the last hop (no hop before it is needed, so
 * none may be given), `bastion` on the bastion (the first hop; jump hosts before a bastion reached
 * through EICE make no sense either).
 */
export function withEiceHops(hops: Hop[], via: {primary: boolean; bastion: boolean}, targets: {primary?: EiceHopTarget; bastion?: EiceHopTarget}, choice: EiceChoice): Hop[] {
  const primary = hops.at(-1)!
  const before = hops.slice(0, -1)
  if (via.primary && before.length > 0) {
    const given = [...new Set(before.map((hop) => (hop.role === 'bastion' ? '--bastion' : '--jump')))].join(' and ')
    throw new TunnelFailure('config', `--via eice reaches the primary directly through the endpoint: drop ${given} (or use --bastion-via eice for a private bastion)`, {code: 'EICE_HOPS'})
  }
  if (via.bastion) {
    const bastion = before.at(-1)
    if (!bastion || bastion.role !== 'bastion') throw new TunnelFailure('config', '--bastion-via eice needs --bastion', {code: 'EICE_HOPS'})
    if (before.length > 1) throw new TunnelFailure('config', '--bastion-via eice reaches the bastion through the endpoint: drop --jump', {code: 'EICE_HOPS'})
    return [{...bastion, transport: eiceTransportFor(bastion, '--bastion-via', targets.bastion ?? {}, choice)}, primary]
  }
  if (via.primary) return [{...primary, transport: eiceTransportFor(primary, '--via', targets.primary ?? {}, choice)}]
  return hops
}

/** Where the cluster's active primary and an `i-…` bastion are, from the AWS data (snapshot or live). */
export function eiceTargetsFromModel(model: NetworkModel | undefined, target: TunnelTarget | undefined, bastionId: string | undefined): {primary: EiceHopTarget; bastion: EiceHopTarget} {
  const active = target?.primaries.find((node) => node.active)
  const primaryInstance = active?.instanceId ? model?.instances.get(active.instanceId) : undefined
  const bastionInstance = bastionId ? model?.instances.get(bastionId) : undefined
  return {
    primary: {privateIp: active?.privateIp, instanceId: active?.instanceId, vpcId: primaryInstance?.vpcId ?? target?.vpcId, subnetId: primaryInstance?.subnetId},
    bastion: bastionInstance ? {privateIp: bastionInstance.privateIp, instanceId: bastionInstance.id, vpcId: bastionInstance.vpcId, subnetId: bastionInstance.subnetId} : {},
  }
}
