/**
 * The AWS calls the model is built from. One declared list: the snapshot file names, the IAM
 * actions and the rules' data needs all derive from it.
 */

export interface DatasetSpec {
  /** IAM action and dataset id, e.g. `ec2:DescribeVpcs`. */
  action: string
  /** Snapshot base name, `<service>-<operation-in-kebab-case>`. */
  baseName: string
  /** Per-resource calls carry the id (and for attributes, the attribute) after the base name. */
  perResource?: 'vpc-attribute' | 'cluster' | 'prefix-list'
}

function spec(action: string, perResource?: DatasetSpec['perResource']): DatasetSpec {
  const [service, operation] = action.split(':') as [string, string]
  const kebab = operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  return {action, baseName: `${service}-${kebab}`, perResource}
}

export const DATASETS = {
  vpcs: spec('ec2:DescribeVpcs'),
  vpcAttribute: spec('ec2:DescribeVpcAttribute', 'vpc-attribute'),
  subnets: spec('ec2:DescribeSubnets'),
  routeTables: spec('ec2:DescribeRouteTables'),
  internetGateways: spec('ec2:DescribeInternetGateways'),
  natGateways: spec('ec2:DescribeNatGateways'),
  vpcEndpoints: spec('ec2:DescribeVpcEndpoints'),
  securityGroups: spec('ec2:DescribeSecurityGroups'),
  networkAcls: spec('ec2:DescribeNetworkAcls'),
  vpnGateways: spec('ec2:DescribeVpnGateways'),
  vpnConnections: spec('ec2:DescribeVpnConnections'),
  customerGateways: spec('ec2:DescribeCustomerGateways'),
  transitGatewayVpcAttachments: spec('ec2:DescribeTransitGatewayVpcAttachments'),
  instances: spec('ec2:DescribeInstances'),
  dhcpOptions: spec('ec2:DescribeDhcpOptions'),
  prefixLists: spec('ec2:DescribePrefixLists'),
  /** Entries of a customer-managed (or shared) prefix list a security group rule or route names. */
  managedPrefixListEntries: spec('ec2:GetManagedPrefixListEntries', 'prefix-list'),
  clusters: spec('elasticmapreduce:ListClusters'),
  describeCluster: spec('elasticmapreduce:DescribeCluster', 'cluster'),
  listInstances: spec('elasticmapreduce:ListInstances', 'cluster'),
  blockPublicAccess: spec('elasticmapreduce:GetBlockPublicAccessConfiguration'),
  ssmInstanceInformation: spec('ssm:DescribeInstanceInformation'),
} as const

export type DatasetKey = keyof typeof DATASETS

// The snapshot contract names EMR files `emr-…` (the CLI's service name), IAM says `elasticmapreduce:`.
for (const value of Object.values(DATASETS)) {
  if (value.baseName.startsWith('elasticmapreduce-')) {
    ;(value as DatasetSpec).baseName = value.baseName.replace(/^elasticmapreduce-/, 'emr-')
  }
}

/** Why a dataset is not available: the source says it in its own words. */
export interface Availability {
  present: boolean
  /** e.g. `missing: ec2-describe-network-acls.json` or `missing permission: ec2:DescribeNetworkAcls`. */
  reason?: string
}

/** A per-resource key, e.g. `vpc-0abc/enableDnsSupport` or a cluster id. */
export function datasetKey(dataset: DatasetKey, resource?: string): string {
  return resource === undefined ? dataset : `${dataset}#${resource}`
}
