/** EMR and SSM API output → network model. */
import type {BlockPublicAccess, EmrCluster, EmrConfiguration, EmrInstance, SsmInstanceInformation} from '../../model/types.js'
import {textProblem} from './formats.js'
import {type Node} from './shape.js'

/** ListClusters: only id, name and state are known until DescribeCluster is read. */
export function parseClusterList(root: Node): EmrCluster[] {
  return root.requireList('Clusters').map((node) => ({
    id: node.clusterId('Id'),
    name: node.optStr('Name'),
    state: clusterState(node),
    applications: [],
    requestedSubnetIds: [],
    additionalPrimarySecurityGroupIds: [],
    additionalCoreSecurityGroupIds: [],
    primaryInstances: [],
    instances: [],
    described: false,
    origin: node.origin,
  }))
}

function clusterState(node: Node): string {
  const status = node.get('Status')
  return (status.isMissing() ? undefined : status.optStr('State')) ?? 'UNKNOWN'
}

/** A `Configurations` element: `{Classification, Properties: {name: "value"}, Configurations: [...]}`. */
function parseConfiguration(node: Node, depth = 0): EmrConfiguration {
  // EMR nests configurations two levels deep (e.g. hadoop-env → export); a deeper chain is not AWS's.
  if (depth > MAX_CONFIGURATION_DEPTH) node.fail(`expected configurations nested at most ${MAX_CONFIGURATION_DEPTH} levels deep`)
  const properties: Record<string, string> = {}
  const propertiesNode = node.get('Properties')
  if (!propertiesNode.isMissing()) {
    for (const key of Object.keys(propertiesNode.object())) {
      const value = propertiesNode.get(key)
      const keyProblem = textProblem(key)
      if (keyProblem) value.fail(`property name: ${keyProblem}`)
      if (value.isMissing()) continue
      if (typeof value.value === 'number' && Number.isFinite(value.value)) properties[key] = String(value.value)
      else if (typeof value.value === 'boolean') properties[key] = String(value.value)
      else if (typeof value.value === 'string') {
        // Property values may span lines (e.g. a script); other control characters never belong.
        const problem = textProblem(value.value, true)
        if (problem) value.fail(problem)
        properties[key] = value.value
      } else value.fail(`expected a string value for property "${key}"`)
    }
  }
  return {classification: node.optStr('Classification'), properties, configurations: node.list('Configurations').map((child) => parseConfiguration(child, depth + 1))}
}

const MAX_CONFIGURATION_DEPTH = 8

/** DescribeCluster: `{Cluster: {...}}`. */
export function parseDescribeCluster(root: Node): EmrCluster {
  const node = root.get('Cluster')
  node.object()
  const attributes = node.get('Ec2InstanceAttributes')
  const ec2 = attributes.isMissing() ? undefined : attributes
  return {
    id: node.clusterId('Id'),
    name: node.optStr('Name'),
    state: clusterState(node),
    releaseLabel: node.optStr('ReleaseLabel'),
    applications: node.list('Applications').map((app) => ({name: app.str('Name'), version: app.optStr('Version')})),
    subnetId: ec2?.optStr('Ec2SubnetId') || undefined,
    requestedSubnetIds: ec2 ? ec2.idList('RequestedEc2SubnetIds', 'subnet') : [],
    availabilityZone: ec2?.optStr('Ec2AvailabilityZone'),
    managedPrimarySecurityGroupId: ec2?.optStr('EmrManagedMasterSecurityGroup') || undefined,
    managedCoreSecurityGroupId: ec2?.optStr('EmrManagedSlaveSecurityGroup') || undefined,
    serviceAccessSecurityGroupId: ec2?.optStr('ServiceAccessSecurityGroup') || undefined,
    additionalPrimarySecurityGroupIds: ec2 ? ec2.idList('AdditionalMasterSecurityGroups', 'securityGroup') : [],
    additionalCoreSecurityGroupIds: ec2 ? ec2.idList('AdditionalSlaveSecurityGroups', 'securityGroup') : [],
    keyName: ec2?.optStr('Ec2KeyName') || undefined,
    masterPublicDnsName: node.optStr('MasterPublicDnsName') || undefined,
    securityConfiguration: node.optStr('SecurityConfiguration'),
    configurations: node.list('Configurations').map((child) => parseConfiguration(child)),
    logUri: node.optStr('LogUri'),
    primaryInstances: [],
    instances: [],
    described: true,
    origin: node.origin,
  }
}

/** ListInstances: `{Instances: [...]}`. */
export function parseListInstances(root: Node): EmrInstance[] {
  return root.requireList('Instances').map((node) => {
    const status = node.get('Status')
    return {
      id: node.optEmrId('Id', 'ci'),
      ec2InstanceId: node.optStr('Ec2InstanceId'),
      privateIp: node.optIp('PrivateIpAddress'),
      publicIp: node.optIp('PublicIpAddress'),
      privateDnsName: node.optHostName('PrivateDnsName'),
      publicDnsName: node.optHostName('PublicDnsName'),
      state: status.isMissing() ? undefined : status.optStr('State'),
      instanceGroupId: node.optStr('InstanceGroupId'),
      instanceFleetId: node.optStr('InstanceFleetId'),
    }
  })
}

export function parseBlockPublicAccess(root: Node): BlockPublicAccess {
  const node = root.get('BlockPublicAccessConfiguration')
  node.object()
  const block = node.optBool('BlockPublicSecurityGroupRules')
  if (block === undefined) return node.get('BlockPublicSecurityGroupRules').fail('expected true or false for "BlockPublicSecurityGroupRules"')
  return {
    blockPublicSecurityGroupRules: block,
    permittedPortRanges: node.list('PermittedPublicSecurityGroupRuleRanges').map((range) => {
      const from = range.integer('MinRange', 0, 65535, 'a port number')
      const to = range.optInteger('MaxRange', 0, 65535, 'a port number') ?? from
      if (from > to) range.get('MaxRange').fail(`expected "MinRange" ≤ "MaxRange", got ${from} > ${to}`)
      return {from, to}
    }),
    origin: node.origin,
  }
}

export function parseInstanceInformation(root: Node): SsmInstanceInformation[] {
  return root.requireList('InstanceInformationList').map((node) => ({
    instanceId: node.str('InstanceId'),
    pingStatus: node.optStr('PingStatus'),
    agentVersion: node.optStr('AgentVersion'),
    platformName: node.optStr('PlatformName'),
  }))
}
