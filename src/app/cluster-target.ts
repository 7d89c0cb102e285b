/**
 * A cluster named on the command line (connect, pac, proxy-config, ui list): its network model from a
 * snapshot or from AWS (connect's few discovery calls), and the tunnel target derived from it.
 */
import {UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import {printable} from '../reports/escape.js'
import {assembleModel} from '../sources/aws-json/assemble.js'
import type {LiveFlags} from './live-collection.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'
import type {Destination} from '../tunnel/ssh/destination.js'
import {deriveTunnelTarget, TargetError, withCatalogueUis, type TunnelTarget} from '../tunnel/target.js'

/** An EMR cluster id as AWS issues them (it becomes part of an ssh Host alias and a FoxyProxy title). */
export const CLUSTER_ID = /^j-[0-9A-Z]{1,20}$/

/** Where the cluster's network model comes from: saved AWS CLI JSON, or AWS with connect's discovery calls only. */
export interface ClusterSource {
  snapshot?: string
  aws?: LiveFlags
  debug?: boolean
  json?: boolean
}

export function checkClusterId(clusterId: string): void {
  if (!CLUSTER_ID.test(clusterId)) throw new UserError(`CLUSTER_ID ${printable(clusterId)} is not an EMR cluster id (j-…)`)
}

export async function loadClusterModel(clusterId: string, source: ClusterSource): Promise<NetworkModel> {
  if (source.snapshot) return loadSnapshot(source.snapshot)
  // The few calls templates/iam/connect-discovery-policy.json grants: cluster, instances, subnet, VPC, DHCP options.
  // The AWS SDK is loaded only here: pac, proxy-config and connect --host start without it.
  const [{collectForCommand}, {liveDocumentSet}, {CONNECT_DISCOVERY_DATASETS}] = await Promise.all([
    import('./live-collection.js'),
    import('../sources/live/collect.js'),
    import('../sources/live/operations.js'),
  ])
  const collection = await collectForCommand({...source.aws, cluster: clusterId}, {json: Boolean(source.json), debug: Boolean(source.debug)}, CONNECT_DISCOVERY_DATASETS)
  return assembleModel(liveDocumentSet(collection))
}

/** The cluster's tunnel target from the model (snapshot or live). */
export async function resolveClusterTarget(clusterId: string, source: ClusterSource): Promise<{model: NetworkModel; target: TunnelTarget}> {
  const model = await loadClusterModel(clusterId, source)
  const cluster = model.clusters.get(clusterId)
  if (!cluster) throw new UserError(`${clusterId}: no such cluster in ${model.source}`)
  try {
    // The web UIs (printed, on the landing page) follow the cluster's release, applications and configuration.
    return {model, target: withCatalogueUis(deriveTunnelTarget(model, cluster), cluster, 'emr-access ui list --tls')}
  } catch (error) {
    if (error instanceof TargetError) throw new UserError(error.message)
    throw error
  }
}

/** `--bastion i-…`: the instance's public DNS name or address, from the model. */
export function bastionFromModel(model: NetworkModel | undefined, destination: Destination): Destination {
  if (!/^i-[0-9a-f]{8,17}$/.test(destination.host)) return destination
  if (!model) {
    throw new UserError(`--bastion ${destination.host}: resolving an instance id needs the cluster's AWS data (give a CLUSTER_ID); with --host give the bastion's address instead`)
  }
  const instance = model.instances.get(destination.host)
  const address = instance?.publicDnsName || instance?.publicIp
  if (!instance) throw new UserError(`--bastion ${destination.host}: no such instance in ${model.source}`)
  if (!address) throw new UserError(`--bastion ${destination.host}: the instance has no public address`)
  return {...destination, host: address}
}

/** `--bastion i-…` reached through an EC2 Instance Connect Endpoint: the instance's private address. */
export function privateBastionFromModel(model: NetworkModel | undefined, destination: Destination): Destination {
  if (!/^i-[0-9a-f]{8,17}$/.test(destination.host)) return destination
  if (!model) throw new UserError(`--bastion ${destination.host}: resolving an instance id needs the cluster's AWS data (give a CLUSTER_ID); with --host give the bastion's private address instead`)
  const instance = model.instances.get(destination.host)
  if (!instance) throw new UserError(`--bastion ${destination.host}: no such instance in ${model.source}`)
  if (!instance.privateIp) throw new UserError(`--bastion ${destination.host}: the instance has no private IPv4 address`)
  return {...destination, host: instance.privateIp}
}
