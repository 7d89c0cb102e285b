/**
 * The whole network as read from one source, indexed by id. Build it with `NetworkModelBuilder`
 * (sources do), read it everywhere else. Every lookup used in the audit's inner loops is a Map.
 */
import {type Availability, type DatasetKey, datasetKey} from './datasets.js'
import {normalizeAddress} from './ip.js'
import type {
  BlockPublicAccess,
  CustomerGateway,
  DhcpOptions,
  EmrCluster,
  Instance,
  InstanceConnectEndpoint,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RouteTable,
  SecurityGroup,
  SsmInstanceInformation,
  Subnet,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpnConnection,
  VpnGateway,
} from './types.js'

export interface NetworkModelData {
  /** Where the data came from, for report headers: a path or `aws:<region>`. */
  source: string
  /** AWS Region, when the source knows it (else derived from availability zones). */
  region?: string
  vpcs: Vpc[]
  subnets: Subnet[]
  routeTables: RouteTable[]
  internetGateways: InternetGateway[]
  natGateways: NatGateway[]
  vpcEndpoints: VpcEndpoint[]
  instanceConnectEndpoints: InstanceConnectEndpoint[]
  securityGroups: SecurityGroup[]
  networkAcls: NetworkAcl[]
  vpnGateways: VpnGateway[]
  vpnConnections: VpnConnection[]
  customerGateways: CustomerGateway[]
  transitGatewayVpcAttachments: TransitGatewayVpcAttachment[]
  instances: Instance[]
  dhcpOptions: DhcpOptions[]
  prefixLists: PrefixList[]
  clusters: EmrCluster[]
  blockPublicAccess?: BlockPublicAccess
  ssmInstances: SsmInstanceInformation[]
  /** Availability per dataset key (see `datasetKey`); absent keys are present by default. */
  availability: Record<string, Availability>
}

function byId<T extends {id: string}>(items: T[]): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) map.set(item.id, item)
  return map
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export class NetworkModel {
  readonly vpcs: Map<string, Vpc>
  readonly subnets: Map<string, Subnet>
  readonly routeTables: Map<string, RouteTable>
  readonly internetGateways: Map<string, InternetGateway>
  readonly natGateways: Map<string, NatGateway>
  readonly vpcEndpoints: Map<string, VpcEndpoint>
  readonly instanceConnectEndpoints: Map<string, InstanceConnectEndpoint>
  readonly securityGroups: Map<string, SecurityGroup>
  readonly networkAcls: Map<string, NetworkAcl>
  readonly vpnGateways: Map<string, VpnGateway>
  readonly vpnConnections: Map<string, VpnConnection>
  readonly customerGateways: Map<string, CustomerGateway>
  readonly transitGatewayVpcAttachments: Map<string, TransitGatewayVpcAttachment>
  readonly instances: Map<string, Instance>
  readonly dhcpOptions: Map<string, DhcpOptions>
  readonly prefixLists: Map<string, PrefixList>
  readonly clusters: Map<string, EmrCluster>
  readonly ssmInstances: Map<string, SsmInstanceInformation>

  private readonly subnetsByVpc = new Map<string, Subnet[]>()
  private readonly routeTableBySubnet = new Map<string, RouteTable>()
  private readonly mainRouteTableByVpc = new Map<string, RouteTable>()
  private readonly routeTablesByVpc = new Map<string, RouteTable[]>()
  private readonly aclBySubnet = new Map<string, NetworkAcl>()
  private readonly defaultAclByVpc = new Map<string, NetworkAcl>()
  private readonly enisByGroup = new Map<string, NetworkInterface[]>()
  private readonly enisBySubnet = new Map<string, NetworkInterface[]>()
  private readonly instanceByEni = new Map<string, Instance>()
  private readonly eniByIp = new Map<string, NetworkInterface>()
  private readonly enis = new Map<string, NetworkInterface>()

  constructor(readonly data: NetworkModelData) {
    this.vpcs = byId(data.vpcs)
    this.subnets = byId(data.subnets)
    this.routeTables = byId(data.routeTables)
    this.internetGateways = byId(data.internetGateways)
    this.natGateways = byId(data.natGateways)
    this.vpcEndpoints = byId(data.vpcEndpoints)
    this.instanceConnectEndpoints = byId(data.instanceConnectEndpoints)
    this.securityGroups = byId(data.securityGroups)
    this.networkAcls = byId(data.networkAcls)
    this.vpnGateways = byId(data.vpnGateways)
    this.vpnConnections = byId(data.vpnConnections)
    this.customerGateways = byId(data.customerGateways)
    this.transitGatewayVpcAttachments = byId(data.transitGatewayVpcAttachments)
    this.instances = byId(data.instances)
    this.dhcpOptions = byId(data.dhcpOptions)
    this.prefixLists = byId(data.prefixLists)
    this.clusters = byId(data.clusters)
    this.ssmInstances = new Map(data.ssmInstances.map((info) => [info.instanceId, info]))

    for (const subnet of data.subnets) push(this.subnetsByVpc, subnet.vpcId, subnet)
    for (const table of data.routeTables) {
      push(this.routeTablesByVpc, table.vpcId, table)
      for (const association of table.associations) {
        if (association.main) this.mainRouteTableByVpc.set(table.vpcId, table)
        if (association.subnetId) this.routeTableBySubnet.set(association.subnetId, table)
      }
    }
    for (const acl of data.networkAcls) {
      if (acl.isDefault) this.defaultAclByVpc.set(acl.vpcId, acl)
      for (const subnetId of acl.subnetIds) this.aclBySubnet.set(subnetId, acl)
    }
    for (const instance of data.instances) {
      for (const eni of instance.enis) {
        this.enis.set(eni.id, eni)
        this.instanceByEni.set(eni.id, instance)
        push(this.enisBySubnet, eni.subnetId, eni)
        for (const groupId of eni.groupIds) push(this.enisByGroup, groupId, eni)
        for (const ip of [...eni.privateIps, ...eni.publicIps, ...eni.ipv6Addresses]) this.eniByIp.set(normalizeAddress(ip), eni)
      }
    }
  }

  get source(): string {
    return this.data.source
  }

  /** The dataset's availability; per-resource datasets fall back to the dataset as a whole. */
  availability(dataset: DatasetKey, resource?: string): Availability {
    if (resource !== undefined) {
      const specific = this.data.availability[datasetKey(dataset, resource)]
      if (specific) return specific
    }
    return this.data.availability[dataset] ?? {present: true}
  }

  subnetsOf(vpcId: string): Subnet[] {
    return this.subnetsByVpc.get(vpcId) ?? []
  }

  routeTablesOf(vpcId: string): RouteTable[] {
    return this.routeTablesByVpc.get(vpcId) ?? []
  }

  /** The route table in effect for a subnet: its explicit association, else the VPC's main table. */
  effectiveRouteTable(subnetId: string): RouteTable | undefined {
    const explicit = this.routeTableBySubnet.get(subnetId)
    if (explicit) return explicit
    const subnet = this.subnets.get(subnetId)
    return subnet ? this.mainRouteTableByVpc.get(subnet.vpcId) : undefined
  }

  /** The network ACL in effect for a subnet: its association, else the VPC's default ACL. */
  effectiveNetworkAcl(subnetId: string): NetworkAcl | undefined {
    const explicit = this.aclBySubnet.get(subnetId)
    if (explicit) return explicit
    const subnet = this.subnets.get(subnetId)
    return subnet ? this.defaultAclByVpc.get(subnet.vpcId) : undefined
  }

  networkInterface(eniId: string): NetworkInterface | undefined {
    return this.enis.get(eniId)
  }

  networkInterfacesInGroup(groupId: string): NetworkInterface[] {
    return this.enisByGroup.get(groupId) ?? []
  }

  networkInterfacesInSubnet(subnetId: string): NetworkInterface[] {
    return this.enisBySubnet.get(subnetId) ?? []
  }

  instanceOfInterface(eniId: string): Instance | undefined {
    return this.instanceByEni.get(eniId)
  }

  /** The network interface holding a private or public IPv4 address, or an IPv6 address. */
  networkInterfaceByIp(ip: string): NetworkInterface | undefined {
    return this.eniByIp.get(normalizeAddress(ip))
  }

  internetGatewaysOf(vpcId: string): InternetGateway[] {
    return this.data.internetGateways.filter((igw) => igw.attachments.some((a) => a.vpcId === vpcId))
  }

  vpnGatewaysOf(vpcId: string): VpnGateway[] {
    return this.data.vpnGateways.filter((vgw) => vgw.attachments.some((a) => a.vpcId === vpcId))
  }

  vpcEndpointsOf(vpcId: string): VpcEndpoint[] {
    return this.data.vpcEndpoints.filter((endpoint) => endpoint.vpcId === vpcId)
  }

  instanceConnectEndpointsOf(vpcId: string): InstanceConnectEndpoint[] {
    return this.data.instanceConnectEndpoints.filter((endpoint) => endpoint.vpcId === vpcId)
  }

  clustersIn(vpcId: string): EmrCluster[] {
    return this.data.clusters.filter((cluster) => cluster.subnetId && this.subnets.get(cluster.subnetId)?.vpcId === vpcId)
  }

  /** The AWS Region: stated by the source, else derived from an availability zone name. */
  get region(): string | undefined {
    if (this.data.region) return this.data.region
    // us-east-1a, us-west-2-lax-1a (Local Zone), us-gov-west-1b → the Region prefix.
    for (const subnet of this.data.subnets) {
      const match = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)/.exec(subnet.availabilityZone)
      if (match) return match[1]
    }
    return undefined
  }
}

export function emptyModelData(source: string): NetworkModelData {
  return {
    source,
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    vpcEndpoints: [],
    instanceConnectEndpoints: [],
    securityGroups: [],
    networkAcls: [],
    vpnGateways: [],
    vpnConnections: [],
    customerGateways: [],
    transitGatewayVpcAttachments: [],
    instances: [],
    dhcpOptions: [],
    prefixLists: [],
    clusters: [],
    ssmInstances: [],
    availability: {},
  }
}
