/**
 * The network model: plain typed data describing a VPC and the EMR clusters in it.
 *
 * Sources (snapshot files, live AWS, later templates) build it; analysis only reads it.
 * Field names follow the AWS API where one exists, in camelCase. `origin` records where a
 * value came from so reports can point at it (file + JSON pointer today, file:line later).
 */

/** Where a model object was read from: a file and a JSON pointer (RFC 6901) inside it. */
export interface Origin {
  file: string
  pointer: string
  /** Where it is declared in infrastructure code (a template's line, a Terraform resource address). */
  location?: SourceLocation
}

/** A declaration in infrastructure code: file and line when known, and the resource address. */
export interface SourceLocation {
  file: string
  line?: number
  column?: number
  /** Terraform resource address (`module.net.aws_security_group.x`) or template logical id. */
  address?: string
}

export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | string

export interface PortRange {
  from: number
  to: number
}

export interface Tag {
  key: string
  value: string
}

export interface Vpc {
  id: string
  ownerId?: string
  state?: string
  cidrBlocks: string[]
  ipv6CidrBlocks: string[]
  isDefault: boolean
  dhcpOptionsId?: string
  /** undefined: the attribute was not collected. */
  enableDnsSupport?: boolean
  enableDnsHostnames?: boolean
  tags: Tag[]
  origin?: Origin
}

export interface DhcpOptions {
  id: string
  /** Lower-case keys: domain-name, domain-name-servers, ntp-servers, … */
  configurations: Record<string, string[]>
  origin?: Origin
}

export interface Subnet {
  id: string
  vpcId: string
  cidrBlock: string
  ipv6CidrBlocks: string[]
  availabilityZone: string
  availabilityZoneId?: string
  mapPublicIpOnLaunch: boolean
  state?: string
  tags: Tag[]
  origin?: Origin
}

export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpn-gateway'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'vpc-endpoint'
  | 'network-interface'
  | 'instance'
  | 'carrier-gateway'
  | 'local-gateway'
  | 'core-network'
  | 'unknown'

export interface RouteTarget {
  kind: RouteTargetKind
  /** igw-…, nat-…, vgw-…, tgw-…, pcx-…, vpce-…, eni-…, i-…; 'local' for the local route. */
  id: string
}

export interface Route {
  /** Exactly one destination is set. */
  destinationCidr?: string
  destinationIpv6Cidr?: string
  destinationPrefixListId?: string
  target: RouteTarget
  /** active | blackhole */
  state: string
  /** CreateRouteTable | CreateRoute | EnableVgwRoutePropagation */
  origin?: string
  source?: Origin
}

export interface RouteTableAssociation {
  main: boolean
  subnetId?: string
  gatewayId?: string
  state?: string
}

export interface RouteTable {
  id: string
  vpcId: string
  routes: Route[]
  associations: RouteTableAssociation[]
  propagatingVgwIds: string[]
  tags: Tag[]
  origin?: Origin
}

export interface InternetGateway {
  id: string
  attachments: {vpcId: string; state: string}[]
  origin?: Origin
}

export interface NatGateway {
  id: string
  vpcId: string
  subnetId: string
  state: string
  /** public | private */
  connectivityType: string
  publicIps: string[]
  privateIps: string[]
  origin?: Origin
}

export interface VpcEndpoint {
  id: string
  vpcId: string
  /** gateway | interface | gatewayloadbalancer (lower-cased) */
  type: string
  serviceName: string
  /** lower-cased: available, pending, … */
  state: string
  routeTableIds: string[]
  subnetIds: string[]
  groupIds: string[]
  privateDnsEnabled: boolean
  /** The policy document as JSON text, when one is set. */
  policyDocument?: string
  origin?: Origin
}

/** An EC2 Instance Connect Endpoint (DescribeInstanceConnectEndpoints): a managed ENI in one subnet that opens TCP tunnels into the VPC. */
export interface InstanceConnectEndpoint {
  id: string
  vpcId: string
  subnetId: string
  securityGroupIds: string[]
  /** lower-cased: create-complete, create-in-progress, delete-complete, … */
  state: string
  dnsName?: string
  /** true: the target sees the client's IP; false (the default): the endpoint's private IP. */
  preserveClientIp: boolean
  /** The endpoint ENI's private IPs, when the data names them (its NetworkInterfaceIds only name the ENIs). */
  privateIps: string[]
  origin?: Origin
}

export type RulePeer = {kind: 'cidr'; cidr: string} | {kind: 'security-group'; groupId: string; userId?: string; vpcId?: string} | {kind: 'prefix-list'; prefixListId: string}

export interface SecurityGroupRule {
  direction: 'ingress' | 'egress'
  protocol: Protocol
  /** undefined for protocol 'all'; for ICMP, from/to carry type/code as AWS does. */
  ports?: PortRange
  peer: RulePeer
  description?: string
  origin?: Origin
}

export interface SecurityGroup {
  id: string
  name: string
  description?: string
  vpcId?: string
  ownerId?: string
  ingress: SecurityGroupRule[]
  egress: SecurityGroupRule[]
  tags: Tag[]
  origin?: Origin
}

export interface NetworkAclEntry {
  ruleNumber: number
  egress: boolean
  protocol: Protocol
  action: 'allow' | 'deny'
  cidr?: string
  ipv6Cidr?: string
  ports?: PortRange
  origin?: Origin
}

export interface NetworkAcl {
  id: string
  vpcId: string
  isDefault: boolean
  /** Entries sorted by rule number, per direction. */
  entries: NetworkAclEntry[]
  subnetIds: string[]
  origin?: Origin
}

export interface VpnGateway {
  id: string
  state: string
  attachments: {vpcId: string; state: string}[]
  amazonSideAsn?: number
  origin?: Origin
}

export interface VpnTunnel {
  outsideIpAddress?: string
  /** UP | DOWN */
  status: string
  statusMessage?: string
  lastStatusChange?: string
  acceptedRouteCount?: number
}

export interface VpnConnection {
  id: string
  state: string
  customerGatewayId?: string
  vpnGatewayId?: string
  transitGatewayId?: string
  staticRoutesOnly: boolean
  /** Static routes to the customer side (VpnStaticRoute.DestinationCidrBlock). */
  routes: {destinationCidr: string; state?: string}[]
  remoteIpv4NetworkCidr?: string
  localIpv4NetworkCidr?: string
  tunnels: VpnTunnel[]
  origin?: Origin
}

export interface CustomerGateway {
  id: string
  state: string
  ipAddress?: string
  bgpAsn?: string
  origin?: Origin
}

export interface TransitGatewayVpcAttachment {
  id: string
  transitGatewayId: string
  vpcId: string
  state: string
  subnetIds: string[]
  origin?: Origin
}

export interface NetworkInterface {
  id: string
  subnetId: string
  vpcId?: string
  privateIps: string[]
  publicIps: string[]
  /** Ipv6Addresses[].Ipv6Address: global addresses, reachable through an IGW without translation. */
  ipv6Addresses: string[]
  groupIds: string[]
  sourceDestCheck?: boolean
  /** Attachment.DeviceIndex: 0 is the instance's primary interface. */
  deviceIndex?: number
}

export interface Instance {
  id: string
  state: string
  vpcId?: string
  subnetId?: string
  privateIp?: string
  publicIp?: string
  privateDnsName?: string
  publicDnsName?: string
  keyName?: string
  instanceProfileArn?: string
  enis: NetworkInterface[]
  tags: Tag[]
  origin?: Origin
}

export interface PrefixList {
  id: string
  name: string
  cidrs: string[]
  origin?: Origin
}

export interface EmrApplication {
  name: string
  version?: string
}

export interface EmrInstance {
  id?: string
  ec2InstanceId?: string
  privateIp?: string
  publicIp?: string
  privateDnsName?: string
  publicDnsName?: string
  state?: string
  instanceGroupId?: string
  instanceFleetId?: string
}

/** One DescribeCluster `Configurations` element: a classification's property overrides. */
export interface EmrConfiguration {
  classification?: string
  properties: Record<string, string>
  configurations: EmrConfiguration[]
}

export interface EmrCluster {
  id: string
  name?: string
  state: string
  releaseLabel?: string
  applications: EmrApplication[]
  subnetId?: string
  requestedSubnetIds: string[]
  availabilityZone?: string
  managedPrimarySecurityGroupId?: string
  managedCoreSecurityGroupId?: string
  serviceAccessSecurityGroupId?: string
  additionalPrimarySecurityGroupIds: string[]
  additionalCoreSecurityGroupIds: string[]
  keyName?: string
  /** DescribeCluster.MasterPublicDnsName: the private DNS name for private-subnet clusters. */
  masterPublicDnsName?: string
  securityConfiguration?: string
  /** DescribeCluster.Configurations (application configuration overrides); absent when not described. */
  configurations?: EmrConfiguration[]
  logUri?: string
  /** Primary ("master") node instances, when known (from ListInstances and EC2 tags). */
  primaryInstances: EmrInstance[]
  /** All instances ListInstances returned, primary included. */
  instances: EmrInstance[]
  /** false when emr-describe-cluster-<id>.json was absent: only ListClusters data is known. */
  described: boolean
  origin?: Origin
}

export interface BlockPublicAccess {
  blockPublicSecurityGroupRules: boolean
  permittedPortRanges: PortRange[]
  origin?: Origin
}

export interface SsmInstanceInformation {
  instanceId: string
  pingStatus?: string
  agentVersion?: string
  platformName?: string
}
