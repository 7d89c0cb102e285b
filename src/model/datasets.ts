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
  instanceConnectEndpoints: spec('ec2:DescribeInstanceConnectEndpoints'),
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

/**
 * Why a dataset is absent, recorded by the source that built the model and rendered in that source's
 * own terms: a snapshot names its file, a live collection the denied IAM action, a template the value
 * that is unknown until deploy. Rules only say which dataset they lack; this says why.
 */
export type Absence =
  | {cause: 'file-missing'; file: string}
  | {cause: 'permission-denied'; action: string; detail?: string}
  | {cause: 'api-error'; action: string; detail: string}
  | {cause: 'not-collected'; detail: string}
  | {cause: 'unknown-before-deploy'; detail: string}

export type AbsenceCause = Absence['cause']

export interface Availability {
  present: boolean
  absence?: Absence
  /** The absence in words, e.g. `missing: ec2-describe-network-acls.json` or `missing permission: ec2:DescribeNetworkAcls`. */
  reason?: string
}

/** The absence as reports print it (the wording scripts and users already match on). */
export function describeAbsence(absence: Absence): string {
  switch (absence.cause) {
    case 'file-missing':
      return `missing: ${absence.file}`
    case 'permission-denied':
      return `missing permission: ${absence.action}${absence.detail ? ` (${absence.detail})` : ''}`
    case 'api-error':
      return `not available: ${absence.detail}`
    case 'not-collected':
      return `not collected: ${absence.detail}`
    case 'unknown-before-deploy':
      return `unknown before deploy: ${absence.detail}`
  }
}

export function absent(absence: Absence): Availability {
  return {present: false, absence, reason: describeAbsence(absence)}
}

/** A per-resource key, e.g. `vpc-0abc/enableDnsSupport` or a cluster id. */
export function datasetKey(dataset: DatasetKey, resource?: string): string {
  return resource === undefined ? dataset : `${dataset}#${resource}`
}
