/**
 * THE list of AWS operations the live collector can call: one entry per dataset of
 * `model/datasets.ts` (which names the IAM action and the snapshot file), saying which SDK client
 * and command serve it, how its pages are merged, and which output keys are pagination tokens.
 *
 * The collector sends nothing that is not here: every call goes through `OPERATIONS[key].pages`,
 * and the client middleware (clients.ts) refuses any other command. The IAM policies in
 * templates/iam/ are checked against `collectorActions()` and `connectDiscoveryActions()`.
 */
import {
  DescribeCustomerGatewaysCommand,
  DescribeVpcAttributeCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  type EC2Client,
  paginateDescribeDhcpOptions,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribePrefixLists,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  paginateDescribeInstanceConnectEndpoints,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  type DescribeCustomerGatewaysCommandInput,
  type DescribeDhcpOptionsCommandInput,
  type DescribeInstancesCommandInput,
  type DescribeInternetGatewaysCommandInput,
  type DescribeNatGatewaysCommandInput,
  type DescribeNetworkAclsCommandInput,
  type DescribePrefixListsCommandInput,
  type DescribeRouteTablesCommandInput,
  type DescribeSecurityGroupsCommandInput,
  type DescribeSubnetsCommandInput,
  type DescribeTransitGatewayVpcAttachmentsCommandInput,
  type DescribeVpcAttributeCommandInput,
  type DescribeVpcEndpointsCommandInput,
  type DescribeInstanceConnectEndpointsCommandInput,
  type DescribeVpcsCommandInput,
  type DescribeVpnConnectionsCommandInput,
  type DescribeVpnGatewaysCommandInput,
  type GetManagedPrefixListEntriesCommandInput,
} from '@aws-sdk/client-ec2'
import {
  DescribeClusterCommand,
  type EMRClient,
  GetBlockPublicAccessConfigurationCommand,
  paginateListClusters,
  paginateListInstances,
  type DescribeClusterCommandInput,
  type GetBlockPublicAccessConfigurationCommandInput,
  type ListClustersCommandInput,
  type ListInstancesCommandInput,
} from '@aws-sdk/client-emr'
import {type SSMClient, paginateDescribeInstanceInformation, type DescribeInstanceInformationCommandInput} from '@aws-sdk/client-ssm'
import {DATASETS, type DatasetKey} from '../../model/datasets.js'

export interface AwsClients {
  ec2: EC2Client
  emr: EMRClient
  ssm: SSMClient
}

export type Service = keyof AwsClients

/** One page of SDK output: plain data plus the SDK's `$metadata`. */
export type SdkPage = object

export interface Operation<Input> {
  service: Service
  /** The output key holding the list; pages are merged into it. Absent: not paginated. */
  listKey?: string
  /** The output key of the pagination token (dropped, as the AWS CLI drops it). */
  tokenKey?: string
  /** Every page of the call's output, in order. */
  pages(clients: AwsClients, input: Input): AsyncIterable<SdkPage>
}

async function* once(send: () => Promise<SdkPage>): AsyncIterable<SdkPage> {
  yield await send()
}

const ec2Paged = <Input>(listKey: string, paginate: (config: {client: EC2Client}, input: Input) => AsyncIterable<SdkPage>): Operation<Input> => ({
  service: 'ec2',
  listKey,
  tokenKey: 'NextToken',
  pages: (clients, input) => paginate({client: clients.ec2}, input),
})

export const OPERATIONS = {
  vpcs: ec2Paged<DescribeVpcsCommandInput>('Vpcs', paginateDescribeVpcs),
  vpcAttribute: {
    service: 'ec2',
    pages: (clients: AwsClients, input: DescribeVpcAttributeCommandInput) => once(() => clients.ec2.send(new DescribeVpcAttributeCommand(input))),
  },
  subnets: ec2Paged<DescribeSubnetsCommandInput>('Subnets', paginateDescribeSubnets),
  routeTables: ec2Paged<DescribeRouteTablesCommandInput>('RouteTables', paginateDescribeRouteTables),
  internetGateways: ec2Paged<DescribeInternetGatewaysCommandInput>('InternetGateways', paginateDescribeInternetGateways),
  natGateways: ec2Paged<DescribeNatGatewaysCommandInput>('NatGateways', paginateDescribeNatGateways),
  vpcEndpoints: ec2Paged<DescribeVpcEndpointsCommandInput>('VpcEndpoints', paginateDescribeVpcEndpoints),
  instanceConnectEndpoints: ec2Paged<DescribeInstanceConnectEndpointsCommandInput>('InstanceConnectEndpoints', paginateDescribeInstanceConnectEndpoints),
  securityGroups: ec2Paged<DescribeSecurityGroupsCommandInput>('SecurityGroups', paginateDescribeSecurityGroups),
  networkAcls: ec2Paged<DescribeNetworkAclsCommandInput>('NetworkAcls', paginateDescribeNetworkAcls),
  vpnGateways: {
    service: 'ec2',
    pages: (clients: AwsClients, input: DescribeVpnGatewaysCommandInput) => once(() => clients.ec2.send(new DescribeVpnGatewaysCommand(input))),
  },
  vpnConnections: {
    service: 'ec2',
    pages: (clients: AwsClients, input: DescribeVpnConnectionsCommandInput) => once(() => clients.ec2.send(new DescribeVpnConnectionsCommand(input))),
  },
  customerGateways: {
    service: 'ec2',
    pages: (clients: AwsClients, input: DescribeCustomerGatewaysCommandInput) => once(() => clients.ec2.send(new DescribeCustomerGatewaysCommand(input))),
  },
  transitGatewayVpcAttachments: ec2Paged<DescribeTransitGatewayVpcAttachmentsCommandInput>('TransitGatewayVpcAttachments', paginateDescribeTransitGatewayVpcAttachments),
  instances: ec2Paged<DescribeInstancesCommandInput>('Reservations', paginateDescribeInstances),
  dhcpOptions: ec2Paged<DescribeDhcpOptionsCommandInput>('DhcpOptions', paginateDescribeDhcpOptions),
  prefixLists: ec2Paged<DescribePrefixListsCommandInput>('PrefixLists', paginateDescribePrefixLists),
  managedPrefixListEntries: ec2Paged<GetManagedPrefixListEntriesCommandInput>('Entries', paginateGetManagedPrefixListEntries),
  clusters: {
    service: 'emr',
    listKey: 'Clusters',
    tokenKey: 'Marker',
    pages: (clients: AwsClients, input: ListClustersCommandInput) => paginateListClusters({client: clients.emr}, input),
  },
  describeCluster: {
    service: 'emr',
    pages: (clients: AwsClients, input: DescribeClusterCommandInput) => once(() => clients.emr.send(new DescribeClusterCommand(input))),
  },
  listInstances: {
    service: 'emr',
    listKey: 'Instances',
    tokenKey: 'Marker',
    pages: (clients: AwsClients, input: ListInstancesCommandInput) => paginateListInstances({client: clients.emr}, input),
  },
  blockPublicAccess: {
    service: 'emr',
    pages: (clients: AwsClients, input: GetBlockPublicAccessConfigurationCommandInput) =>
      once(() => clients.emr.send(new GetBlockPublicAccessConfigurationCommand(input))),
  },
  ssmInstanceInformation: {
    service: 'ssm',
    listKey: 'InstanceInformationList',
    tokenKey: 'NextToken',
    pages: (clients: AwsClients, input: DescribeInstanceInformationCommandInput) => paginateDescribeInstanceInformation({client: clients.ssm}, input),
  },
} satisfies {[K in DatasetKey]: Operation<never>}

export type OperationKey = keyof typeof OPERATIONS
export type InputOf<K extends OperationKey> = Parameters<(typeof OPERATIONS)[K]['pages']>[1]

/** The IAM action of an operation, e.g. `ec2:DescribeNetworkAcls`. */
export function actionOf(key: DatasetKey): string {
  return DATASETS[key].action
}

/** Every IAM action the collector can call (what `audit` and `snapshot` need). */
export function collectorActions(): string[] {
  return [...new Set((Object.keys(OPERATIONS) as OperationKey[]).map(actionOf))].sort()
}

/**
 * What `connect` reads to find its way to a cluster: the cluster (subnet, primary's DNS name and
 * key), its instances (primary private IP), bastion candidates (instances with a public IP in the
 * VPC; subnets say which subnet they are in and whether it maps public IPs), and the VPC's DHCP
 * option set (the domain name the PAC file must send through the tunnel). Route tables, security
 * groups and NACLs are not needed to open a tunnel: `audit` judges them.
 */
export const CONNECT_DISCOVERY_DATASETS = ['describeCluster', 'listInstances', 'instances', 'vpcs', 'dhcpOptions', 'subnets'] as const satisfies readonly OperationKey[]

export function connectDiscoveryActions(): string[] {
  return [...new Set(CONNECT_DISCOVERY_DATASETS.map(actionOf))].sort()
}

const SERVICE_PREFIX: Record<string, string> = {EC2Client: 'ec2', EMRClient: 'elasticmapreduce', SSMClient: 'ssm'}

/** `EC2Client` + `DescribeVpcsCommand` → `ec2:DescribeVpcs` (what the SDK middleware context names). */
export function actionOfCommand(clientName: string | undefined, commandName: string | undefined): string {
  const prefix = SERVICE_PREFIX[clientName ?? ''] ?? (clientName ?? 'unknown').replace(/Client$/, '').toLowerCase()
  return `${prefix}:${(commandName ?? 'Unknown').replace(/Command$/, '')}`
}
