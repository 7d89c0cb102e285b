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
} from '@aws-sdk/client-emr'
import {type SSMClient, paginateDescribeInstanceInformation} from '@aws-sdk/client-ssm'
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

/** A call answered in one response (no pagination): its output is the single page. */
const unpaged = <Input>(service: Service, send: (clients: AwsClients, input: Input) => Promise<SdkPage>): Operation<Input> => ({
  service,
  pages: (clients, input) => once(() => send(clients, input)),
})

/** A paginated call: the SDK paginator of `service` walks the pages; `listKey` holds each page's items. */
const paged = <Input, S extends Service>(service: S, listKey: string, tokenKey: string, paginate: (config: {client: AwsClients[S]}, input: Input) => AsyncIterable<SdkPage>): Operation<Input> => ({
  service,
  listKey,
  tokenKey,
  pages: (clients, input) => paginate({client: clients[service]}, input),
})

const ec2Paged = <Input>(listKey: string, paginate: (config: {client: EC2Client}, input: Input) => AsyncIterable<SdkPage>): Operation<Input> => paged('ec2', listKey, 'NextToken', paginate)

export const OPERATIONS = {
  vpcs: ec2Paged<DescribeVpcsCommandInput>('Vpcs', paginateDescribeVpcs),
  vpcAttribute: unpaged('ec2', (clients, input: DescribeVpcAttributeCommandInput) => clients.ec2.send(new DescribeVpcAttributeCommand(input))),
  subnets: ec2Paged<DescribeSubnetsCommandInput>('Subnets', paginateDescribeSubnets),
  routeTables: ec2Paged<DescribeRouteTablesCommandInput>('RouteTables', paginateDescribeRouteTables),
  internetGateways: ec2Paged<DescribeInternetGatewaysCommandInput>('InternetGateways', paginateDescribeInternetGateways),
  natGateways: ec2Paged<DescribeNatGatewaysCommandInput>('NatGateways', paginateDescribeNatGateways),
  vpcEndpoints: ec2Paged<DescribeVpcEndpointsCommandInput>('VpcEndpoints', paginateDescribeVpcEndpoints),
  instanceConnectEndpoints: ec2Paged<DescribeInstanceConnectEndpointsCommandInput>('InstanceConnectEndpoints', paginateDescribeInstanceConnectEndpoints),
  securityGroups: ec2Paged<DescribeSecurityGroupsCommandInput>('SecurityGroups', paginateDescribeSecurityGroups),
  networkAcls: ec2Paged<DescribeNetworkAclsCommandInput>('NetworkAcls', paginateDescribeNetworkAcls),
  vpnGateways: unpaged('ec2', (clients, input: DescribeVpnGatewaysCommandInput) => clients.ec2.send(new DescribeVpnGatewaysCommand(input))),
  vpnConnections: unpaged('ec2', (clients, input: DescribeVpnConnectionsCommandInput) => clients.ec2.send(new DescribeVpnConnectionsCommand(input))),
  customerGateways: unpaged('ec2', (clients, input: DescribeCustomerGatewaysCommandInput) => clients.ec2.send(new DescribeCustomerGatewaysCommand(input))),
  transitGatewayVpcAttachments: ec2Paged<DescribeTransitGatewayVpcAttachmentsCommandInput>('TransitGatewayVpcAttachments', paginateDescribeTransitGatewayVpcAttachments),
  instances: ec2Paged<DescribeInstancesCommandInput>('Reservations', paginateDescribeInstances),
  dhcpOptions: ec2Paged<DescribeDhcpOptionsCommandInput>('DhcpOptions', paginateDescribeDhcpOptions),
  prefixLists: ec2Paged<DescribePrefixListsCommandInput>('PrefixLists', paginateDescribePrefixLists),
  managedPrefixListEntries: ec2Paged<GetManagedPrefixListEntriesCommandInput>('Entries', paginateGetManagedPrefixListEntries),
  clusters: paged('emr', 'Clusters', 'Marker', paginateListClusters),
  describeCluster: unpaged('emr', (clients, input: DescribeClusterCommandInput) => clients.emr.send(new DescribeClusterCommand(input))),
  listInstances: paged('emr', 'Instances', 'Marker', paginateListInstances),
  blockPublicAccess: unpaged('emr', (clients, input: GetBlockPublicAccessConfigurationCommandInput) => clients.emr.send(new GetBlockPublicAccessConfigurationCommand(input))),
  ssmInstanceInformation: paged('ssm', 'InstanceInformationList', 'NextToken', paginateDescribeInstanceInformation),
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
