/**
 * What a tunnel goes to, derived purely from data: the primary node(s) of a cluster (all of them
 * listed, the active one used), the VPC's CIDRs and internal DNS suffixes, and from those the
 * default destination allowlist. `connect CLUSTER_ID` gets the model from the live source (or a
 * snapshot); `connect --host` uses `hostTarget` and knows nothing of AWS.
 *
 * Internal DNS suffixes: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere, plus
 * the domain-name of the VPC's DHCP option set (private DNS names end in it when it is custom).
 */
import {parseReleaseLabel, uiUrl, webUiCatalogue, type ClusterUiInput, type EmrConfigurationInput} from '../catalog/ui-catalogue.js'
import {WEB_UIS} from '../catalog/web-uis.js'
import {isIpAddress} from '../model/ip.js'
import type {NetworkModel} from '../model/network-model.js'
import type {EmrCluster, EmrConfiguration, EmrInstance} from '../model/types.js'
import {Allowlist} from './socks/allowlist.js'

export interface PrimaryNode {
  instanceId?: string
  privateDnsName?: string
  privateIp?: string
  publicDnsName?: string
  publicIp?: string
  state?: string
  /** The one the tunnel uses. */
  active: boolean
}

export interface TunnelTarget {
  clusterId?: string
  /** All primary nodes (three on a multi-primary cluster). */
  primaries: PrimaryNode[]
  /** Where SSH connects for the last hop: the active primary's private IP, else its name. */
  sshHost: string
  /** The name web-UI URLs use: the private DNS name when known (what YARN's links use too). */
  uiHost: string
  vpcId?: string
  /** IPv4 and IPv6 CIDR blocks of the VPC. */
  vpcCidrs: string[]
  /** Lower case, no leading dot. */
  dnsSuffixes: string[]
  /** The default --allow list: VPC CIDRs, `.suffix` per suffix, and the primaries' names. */
  allowlist: string[]
  /** What could not be known and was assumed. */
  notes: string[]
  /** The cluster's web UIs from the catalogue (release, applications, configurations); absent with --host. */
  webUis?: WebUiUrl[]
}

export class TargetError extends Error {}

/** With only SSH (--host): private address space and both AWS internal suffixes. */
export const HOST_ONLY_ALLOWLIST = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '.ec2.internal', '.compute.internal']

/** The Region's internal DNS suffix for private DNS names (EC2 User Guide, "Amazon EC2 instance hostname types"). */
export function regionDnsSuffix(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`
}

const RUNNING_STATES = new Set(['running', 'RUNNING', 'BOOTSTRAPPING', 'AWAITING_FULFILLMENT', 'PROVISIONING'])

function unique<T>(items: (T | undefined)[]): T[] {
  const result: T[] = []
  for (const item of items) if (item !== undefined && !result.includes(item)) result.push(item)
  return result
}

function nodeFrom(entry: EmrInstance, model: NetworkModel): Omit<PrimaryNode, 'active'> {
  const ec2 = entry.ec2InstanceId ? model.instances.get(entry.ec2InstanceId) : undefined
  const blank = (value: string | undefined) => (value ? value : undefined)
  return {
    instanceId: entry.ec2InstanceId ?? ec2?.id,
    privateDnsName: blank(entry.privateDnsName) ?? blank(ec2?.privateDnsName),
    privateIp: blank(entry.privateIp) ?? blank(ec2?.privateIp),
    publicDnsName: blank(entry.publicDnsName) ?? blank(ec2?.publicDnsName),
    publicIp: blank(entry.publicIp) ?? blank(ec2?.publicIp),
    state: entry.state ?? ec2?.state,
  }
}

export function deriveTunnelTarget(model: NetworkModel, cluster: EmrCluster): TunnelTarget {
  const notes: string[] = []
  let nodes = cluster.primaryInstances.map((entry) => nodeFrom(entry, model))
  if (nodes.length === 0 && cluster.masterPublicDnsName) {
    const name = cluster.masterPublicDnsName
    nodes = [isIpAddress(name) ? {privateIp: name} : name.endsWith('.internal') ? {privateDnsName: name} : {publicDnsName: name}]
    notes.push(`the primary's instances are not in the data; using the cluster's MasterPublicDnsName ${name}`)
  }
  nodes = nodes.filter((node) => node.privateIp || node.privateDnsName || node.publicDnsName || node.publicIp)
  if (nodes.length === 0) {
    throw new TargetError(`${cluster.id}: no address for the primary node in the data (needs ListInstances or the cluster's MasterPublicDnsName; is the cluster ${cluster.state}?)`)
  }
  // The active primary: the one DescribeCluster names, else the first running one, else the first.
  const named = cluster.masterPublicDnsName
  const isNamed = (node: Omit<PrimaryNode, 'active'>) => named !== undefined && [node.privateDnsName, node.publicDnsName, node.privateIp, node.publicIp].includes(named)
  const activeIndex = Math.max(0, nodes.findIndex(isNamed) >= 0 ? nodes.findIndex(isNamed) : nodes.findIndex((node) => node.state === undefined || RUNNING_STATES.has(node.state)))
  const primaries: PrimaryNode[] = nodes.map((node, index) => ({...node, active: index === activeIndex}))
  const active = primaries[activeIndex]!
  if (primaries.length > 1) notes.push(`${primaries.length} primary nodes; the tunnel uses ${active.privateDnsName ?? active.privateIp}`)

  const subnet = cluster.subnetId ? model.subnets.get(cluster.subnetId) : undefined
  const vpc = subnet ? model.vpcs.get(subnet.vpcId) : undefined
  if (!vpc) notes.push(`the cluster's VPC is not in the data; the allowlist has no VPC CIDRs`)
  const vpcCidrs = vpc ? unique([...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) : []

  const suffixes: string[] = []
  const region = model.region
  if (region) suffixes.push(regionDnsSuffix(region))
  else {
    suffixes.push('ec2.internal', 'compute.internal')
    notes.push('the Region is unknown; allowing both ec2.internal and compute.internal')
  }
  const dhcp = vpc?.dhcpOptionsId ? model.dhcpOptions.get(vpc.dhcpOptionsId) : undefined
  for (const value of dhcp?.configurations['domain-name'] ?? []) {
    for (const domain of value.split(/[\s,]+/)) {
      const clean = domain
        .trim()
        .toLowerCase()
        .replace(/^\.|\.$/g, '')
      if (clean && !suffixes.includes(clean)) suffixes.push(clean)
    }
  }
  // A suffix inside another (us-east-1's DHCP domain "ec2.internal") adds nothing.
  const dnsSuffixes = suffixes.filter((suffix) => !suffixes.some((other) => other !== suffix && suffix.endsWith(`.${other}`)))

  const names = unique(primaries.flatMap((node) => [node.privateDnsName, node.publicDnsName]).map((name) => name?.toLowerCase()))
  const coveredByName = (name: string) => dnsSuffixes.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))
  const hostEntries = names.filter((name) => !coveredByName(name))
  const addressEntries = unique(primaries.map((node) => node.privateIp)).filter(() => vpcCidrs.length === 0)

  return {
    clusterId: cluster.id,
    primaries,
    sshHost: active.privateIp ?? active.privateDnsName ?? active.publicDnsName ?? active.publicIp!,
    uiHost: active.privateDnsName ?? active.privateIp ?? active.publicDnsName ?? active.publicIp!,
    vpcId: vpc?.id,
    vpcCidrs,
    dnsSuffixes,
    allowlist: [...vpcCidrs, ...dnsSuffixes.map((suffix) => `.${suffix}`), ...hostEntries, ...addressEntries],
    notes,
  }
}

function toAwsShape(configurations: readonly EmrConfiguration[]): EmrConfigurationInput[] {
  return configurations.map((configuration) => ({
    Classification: configuration.classification,
    Properties: configuration.properties,
    Configurations: toAwsShape(configuration.configurations),
  }))
}

/** What the UI catalogue needs about a described cluster; undefined (with the reason) when the data lacks it. */
export function clusterUiInput(cluster: EmrCluster): {input?: ClusterUiInput; reason?: string} {
  if (!cluster.described) return {reason: `${cluster.id} is not described (no DescribeCluster data): listing the usual web UIs`}
  if (!cluster.releaseLabel || !parseReleaseLabel(cluster.releaseLabel)) {
    return {reason: `${cluster.id}: release label ${cluster.releaseLabel ?? '(none)'} is not one the catalogue knows: listing the usual web UIs`}
  }
  return {
    input: {
      releaseLabel: cluster.releaseLabel,
      applications: cluster.applications.map((application) => application.name),
      // DescribeSecurityConfiguration is not among connect's calls: plain-HTTP ports unless told.
      inTransitEncryption: false,
      configurations: toAwsShape(cluster.configurations ?? []),
    },
  }
}

/**
 * The cluster's web UIs from the catalogue: primary-node UIs by the primary's name, then core-node
 * UIs by the first core node's private name when the data has one.
 */
export function catalogueWebUiUrls(input: ClusterUiInput, uiHost: string, coreHost?: string): WebUiUrl[] {
  const catalogue = webUiCatalogue(input)
  const urls: WebUiUrl[] = []
  for (const ui of catalogue.uis) {
    if (ui.role === 'primary') urls.push({name: ui.name, url: uiUrl(ui, uiHost)})
    else if (coreHost) urls.push({name: `${ui.name} (core ${coreHost})`, url: uiUrl(ui, coreHost)})
  }
  return urls
}

/** The target with its catalogue UIs when the cluster's data allows; a note otherwise. */
/** `tlsHint`: how to list the TLS ports, in the caller's words, added to the security-configuration note. */
export function withCatalogueUis(target: TunnelTarget, cluster: EmrCluster, tlsHint?: string): TunnelTarget {
  const {input, reason} = clusterUiInput(cluster)
  if (!input) return {...target, notes: [...target.notes, reason!]}
  const key = (entry: EmrInstance) => entry.ec2InstanceId ?? entry.id ?? entry.privateIp
  const primaryKeys = new Set(cluster.primaryInstances.map(key))
  const core = cluster.instances.find((entry) => !primaryKeys.has(key(entry)) && (entry.privateDnsName || entry.privateIp))
  const notes = cluster.securityConfiguration
    ? [
        ...target.notes,
        `${cluster.id} uses the security configuration "${cluster.securityConfiguration}"; if it enables in-transit encryption some UIs are on TLS ports${tlsHint ? ` (${tlsHint})` : ''}`,
      ]
    : target.notes
  return {...target, notes, webUis: catalogueWebUiUrls(input, target.uiHost, core?.privateDnsName || core?.privateIp)}
}

/**
 * `connect --host NAME_OR_IP`: no AWS data at all. `host` is the primary as SSH reaches it (after
 * ssh_config HostName); when the defaults do not cover it, it is allowed by name too, so the web-UI
 * URLs printed for it work through the proxy.
 */
export function hostTarget(host: string): TunnelTarget {
  const ip = isIpAddress(host)
  const covered = Allowlist.parse(HOST_ONLY_ALLOWLIST).allows({type: ip ? (host.includes(':') ? 'ipv6' : 'ipv4') : 'domain', host, port: 22})
  return {
    primaries: [{...(ip ? {privateIp: host} : {privateDnsName: host}), active: true}],
    sshHost: host,
    uiHost: host,
    vpcCidrs: [],
    dnsSuffixes: ['ec2.internal', 'compute.internal'],
    allowlist: [...HOST_ONLY_ALLOWLIST, ...(covered ? [] : [host.toLowerCase()])],
    notes: [],
  }
}

export interface WebUiUrl {
  name: string
  url: string
}

/** Ports of the UIs analysts open most, listed first (YARN, Spark History, Zeppelin, …). */
const FIRST_PORTS = [8088, 18080, 8890, 20888, 8888, 9443, 8998, 19888]

/** The primary's web UIs by host name, from the catalogue (the most used first). */
export function primaryWebUiUrls(host: string): WebUiUrl[] {
  const shown = host.includes(':') ? `[${host}]` : host
  const rank = (port: number) => (FIRST_PORTS.includes(port) ? FIRST_PORTS.indexOf(port) : FIRST_PORTS.length)
  return WEB_UIS.filter((ui) => ui.host === 'primary')
    .map((ui, index) => ({ui, index}))
    .sort((a, b) => rank(a.ui.port) - rank(b.ui.port) || a.index - b.index)
    .map(({ui}) => ({name: ui.name, url: `${ui.scheme}://${shown}:${ui.port}/`}))
}
