/**
 * Builds the network model from AWS API documents keyed by their snapshot name
 * (`ec2-describe-vpcs`, `emr-describe-cluster-j-…`). The snapshot source reads them from files; a
 * live source would hold the same documents from the SDK. Absent documents become "not available"
 * with the source's reason, never an empty list that would make rules pass silently.
 */
import {DATASETS, type DatasetKey, absent, datasetKey, type Absence} from '../../model/datasets.js'
import {NetworkModel, type NetworkModelData, emptyModelData} from '../../model/network-model.js'
import type {EmrCluster, EmrInstance, Instance} from '../../model/types.js'
import {parseBlockPublicAccess, parseClusterList, parseDescribeCluster, parseInstanceInformation, parseListInstances} from './emr.js'
import * as ec2 from './ec2.js'
import {Node} from './shape.js'

export type VpcAttributeName = 'enableDnsSupport' | 'enableDnsHostnames'
export const VPC_ATTRIBUTES: VpcAttributeName[] = ['enableDnsSupport', 'enableDnsHostnames']

/** The document name of a per-resource call. */
export function perResourceName(dataset: 'vpcAttribute' | 'describeCluster' | 'listInstances' | 'managedPrefixListEntries', id: string, attribute?: VpcAttributeName): string {
  const base = DATASETS[dataset].baseName
  return attribute ? `${base}-${id}-${attribute}` : `${base}-${id}`
}

export interface DocumentSet {
  /** Where the documents came from: a path, or `aws:<region>`. */
  source: string
  region?: string
  documents: Map<string, Node>
  /** Why a dataset (or one resource's part of it) is absent, in the source's terms. */
  missing(dataset: DatasetKey, documentName: string): Absence
}

type GlobalDataset = Exclude<DatasetKey, 'vpcAttribute' | 'describeCluster' | 'listInstances' | 'managedPrefixListEntries'>

const EMR_JOB_FLOW_TAG = 'aws:elasticmapreduce:job-flow-id'
const EMR_ROLE_TAG = 'aws:elasticmapreduce:instance-group-role'

export function assembleModel(set: DocumentSet): NetworkModel {
  const data: NetworkModelData = {...emptyModelData(set.source), region: set.region}
  const missing = (dataset: DatasetKey, name: string, resource?: string): void => {
    data.availability[datasetKey(dataset, resource)] = absent(set.missing(dataset, name))
  }
  const read = <T>(dataset: GlobalDataset, parse: (node: Node) => T): T | undefined => {
    const name = DATASETS[dataset].baseName
    const node = set.documents.get(name)
    if (!node) {
      missing(dataset, name)
      return undefined
    }
    return parse(node)
  }

  data.vpcs = read('vpcs', ec2.parseVpcs) ?? []
  data.subnets = read('subnets', ec2.parseSubnets) ?? []
  data.routeTables = read('routeTables', ec2.parseRouteTables) ?? []
  data.internetGateways = read('internetGateways', ec2.parseInternetGateways) ?? []
  data.natGateways = read('natGateways', ec2.parseNatGateways) ?? []
  data.vpcEndpoints = read('vpcEndpoints', ec2.parseVpcEndpoints) ?? []
  data.instanceConnectEndpoints = read('instanceConnectEndpoints', ec2.parseInstanceConnectEndpoints) ?? []
  data.securityGroups = read('securityGroups', ec2.parseSecurityGroups) ?? []
  data.networkAcls = read('networkAcls', ec2.parseNetworkAcls) ?? []
  data.vpnGateways = read('vpnGateways', ec2.parseVpnGateways) ?? []
  data.vpnConnections = read('vpnConnections', ec2.parseVpnConnections) ?? []
  data.customerGateways = read('customerGateways', ec2.parseCustomerGateways) ?? []
  data.transitGatewayVpcAttachments = read('transitGatewayVpcAttachments', ec2.parseTransitGatewayVpcAttachments) ?? []
  data.instances = read('instances', ec2.parseInstances) ?? []
  data.dhcpOptions = read('dhcpOptions', ec2.parseDhcpOptions) ?? []
  data.prefixLists = read('prefixLists', ec2.parsePrefixLists) ?? []
  data.blockPublicAccess = read('blockPublicAccess', parseBlockPublicAccess)
  data.ssmInstances = read('ssmInstanceInformation', parseInstanceInformation) ?? []

  for (const vpc of data.vpcs) {
    for (const attribute of VPC_ATTRIBUTES) {
      const name = perResourceName('vpcAttribute', vpc.id, attribute)
      const node = set.documents.get(name)
      if (!node) {
        missing('vpcAttribute', name, `${vpc.id}/${attribute}`)
        continue
      }
      const parsed = ec2.parseVpcAttribute(node, attribute)
      if (parsed.vpcId !== vpc.id) node.get('VpcId').fail(`describes ${parsed.vpcId}, but the file name says ${vpc.id}`)
      vpc[attribute] = parsed.value
    }
  }

  assemblePrefixListEntries(set, data, missing)
  data.clusters = assembleClusters(set, data, missing)
  checkUnusedDocuments(set, data)
  return new NetworkModel(data)
}

/**
 * Per-resource documents for a VPC or cluster the other documents do not name are not used, but
 * they are still checked: no data in a snapshot passes unchecked.
 */
function checkUnusedDocuments(set: DocumentSet, data: NetworkModelData): void {
  const vpcIds = new Set(data.vpcs.map((vpc) => vpc.id))
  const clusterIds = new Set(data.clusters.map((cluster) => cluster.id))
  const attributePrefix = `${DATASETS.vpcAttribute.baseName}-`
  const instancesPrefix = `${DATASETS.listInstances.baseName}-`
  for (const [name, node] of set.documents) {
    if (name.startsWith(attributePrefix)) {
      const attribute = VPC_ATTRIBUTES.find((candidate) => name.endsWith(`-${candidate}`))
      const vpcId = attribute ? name.slice(attributePrefix.length, -attribute.length - 1) : undefined
      if (attribute && vpcId && !vpcIds.has(vpcId)) ec2.parseVpcAttribute(node, attribute)
    } else if (name.startsWith(instancesPrefix) && !clusterIds.has(name.slice(instancesPrefix.length))) {
      parseListInstances(node)
    }
  }
}

/**
 * Customer-managed prefix lists: `ec2-get-managed-prefix-list-entries-<pl-id>` gives the entries
 * (DescribePrefixLists lists only AWS service lists). A list a security group rule or route
 * names without entries in the data is recorded as missing, so what depends on it is "unknown".
 */
function assemblePrefixListEntries(set: DocumentSet, data: NetworkModelData, missing: (dataset: DatasetKey, name: string, resource?: string) => void): void {
  const prefix = `${DATASETS.managedPrefixListEntries.baseName}-`
  for (const [name, node] of set.documents) {
    if (!name.startsWith(prefix)) continue
    const id = name.slice(prefix.length)
    const cidrs = ec2.parseManagedPrefixListEntries(node)
    const known = data.prefixLists.find((list) => list.id === id)
    if (known) known.cidrs = [...new Set([...known.cidrs, ...cidrs])]
    else data.prefixLists.push({id, name: '', cidrs, origin: node.origin})
  }
  const resolved = new Set(data.prefixLists.map((list) => list.id))
  const referenced = new Set<string>()
  for (const group of data.securityGroups) for (const rule of [...group.ingress, ...group.egress]) if (rule.peer.kind === 'prefix-list') referenced.add(rule.peer.prefixListId)
  for (const table of data.routeTables) for (const route of table.routes) if (route.destinationPrefixListId) referenced.add(route.destinationPrefixListId)
  for (const id of referenced) if (!resolved.has(id)) missing('managedPrefixListEntries', perResourceName('managedPrefixListEntries', id), id)
}

function assembleClusters(set: DocumentSet, data: NetworkModelData, missing: (dataset: DatasetKey, name: string, resource?: string) => void): EmrCluster[] {
  const listName = DATASETS.clusters.baseName
  const listed = set.documents.get(listName)
  const clusters = new Map<string, EmrCluster>()
  if (listed) for (const cluster of parseClusterList(listed)) clusters.set(cluster.id, cluster)
  else missing('clusters', listName)

  // Clusters described but not listed (e.g. terminated, or the list file is absent) still count.
  const describePrefix = `${DATASETS.describeCluster.baseName}-`
  for (const name of set.documents.keys()) {
    if (!name.startsWith(describePrefix)) continue
    const id = name.slice(describePrefix.length)
    if (!clusters.has(id)) clusters.set(id, {...parseClusterList(new Node({Clusters: [{Id: id}]}, name, ''))[0]!})
  }

  const instancesById = new Map(data.instances.map((instance) => [instance.id, instance]))
  const result: EmrCluster[] = []
  for (const summary of clusters.values()) {
    const describeName = perResourceName('describeCluster', summary.id)
    const describeNode = set.documents.get(describeName)
    let cluster = summary
    if (describeNode) {
      cluster = parseDescribeCluster(describeNode)
      if (cluster.id !== summary.id) describeNode.get('Cluster').get('Id').fail(`describes ${cluster.id}, but the file name says ${summary.id}`)
      cluster.name ??= summary.name
    } else {
      missing('describeCluster', describeName, summary.id)
    }

    const instancesName = perResourceName('listInstances', summary.id)
    const instancesNode = set.documents.get(instancesName)
    if (instancesNode) cluster.instances = parseListInstances(instancesNode)
    else missing('listInstances', instancesName, summary.id)
    cluster.primaryInstances = primaryInstances(cluster, data.instances, instancesById)
    result.push(cluster)
  }
  return result
}

/**
 * The primary node(s): EC2 instances EMR tagged MASTER for this cluster, else the ListInstances
 * entry whose DNS name or IP is DescribeCluster's MasterPublicDnsName.
 */
function primaryInstances(cluster: EmrCluster, instances: Instance[], instancesById: Map<string, Instance>): EmrInstance[] {
  const tagged = instances.filter(
    (instance) => instance.tags.some((tag) => tag.key === EMR_JOB_FLOW_TAG && tag.value === cluster.id) && instance.tags.some((tag) => tag.key === EMR_ROLE_TAG && tag.value === 'MASTER'),
  )
  if (tagged.length > 0) {
    return tagged.map((instance) => {
      const listed = cluster.instances.find((entry) => entry.ec2InstanceId === instance.id)
      return (
        listed ?? {
          ec2InstanceId: instance.id,
          privateIp: instance.privateIp,
          publicIp: instance.publicIp,
          privateDnsName: instance.privateDnsName,
          publicDnsName: instance.publicDnsName,
          state: instance.state,
        }
      )
    })
  }
  const name = cluster.masterPublicDnsName
  if (!name) return []
  return cluster.instances.filter((entry) => {
    const ec2Instance = entry.ec2InstanceId ? instancesById.get(entry.ec2InstanceId) : undefined
    return [entry.privateDnsName, entry.publicDnsName, entry.privateIp, entry.publicIp, ec2Instance?.privateDnsName, ec2Instance?.publicDnsName].includes(name)
  })
}
