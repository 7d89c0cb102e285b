/**
 * The reference topologies, built in moto_server with AWS SDK calls: a public-subnet cluster, a
 * private-subnet cluster (NAT gateway, S3 gateway endpoint, bastion) and a private cluster reached
 * over a Site-to-Site VPN. Each cluster is created with EMR RunJobFlow (Instances.Ec2SubnetId and
 * the managed security group ids).
 *
 * Moto gaps worked around here, not in product code:
 * - RunJobFlow starts its nodes in moto's default VPC: stand-in instances tagged like EMR nodes
 *   (`aws:elasticmapreduce:job-flow-id`, `…:instance-group-role`) are started in the cluster subnet;
 * - GetBlockPublicAccessConfiguration answers `{}` until a configuration is put: one is put;
 * - moto's EMR always creates an ElasticMapReduce-ServiceAccess group, also for a public subnet: removed;
 * - VPN telemetry (tunnel status) and VGW route propagation are not implemented: not used.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachVpnGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateCustomerGatewayCommand,
  CreateDhcpOptionsCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2'
import {EMRClient, PutBlockPublicAccessConfigurationCommand, RunJobFlowCommand, type InstanceGroupConfig} from '@aws-sdk/client-emr'

export const REGION = 'us-east-1'
export const ADMIN_CIDR = '203.0.113.0/24'
export const ONPREM_CIDR = '192.168.10.0/24'
/** moto's account id. */
export const MOTO_ACCOUNT = '123456789012'
// Amazon Linux 2 image from moto's built-in catalogue.
const AMI = 'ami-04681a1dbd79675a5'
const KEY = 'emr-admin'
const APPS = ['Hadoop', 'Spark', 'Hive', 'Livy', 'Zeppelin']

export interface BuiltTopology {
  name: 'public' | 'private' | 'vpn'
  vpcId: string
  clusterId: string
  clusterSubnetId: string
  /** Public addresses the topology uses (Elastic IPs, instance public IPs). */
  publicIps: string[]
  bastionId?: string
  vpnGatewayId?: string
  vpnConnectionId?: string
  customerGatewayId?: string
}

export class MotoTopologies {
  readonly ec2: EC2Client
  readonly emr: EMRClient

  constructor(url: string) {
    const config = {region: REGION, endpoint: url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, maxAttempts: 1}
    this.ec2 = new EC2Client(config)
    this.emr = new EMRClient(config)
  }

  destroy(): void {
    this.ec2.destroy()
    this.emr.destroy()
  }

  private async tag(id: string, name: string): Promise<void> {
    await this.ec2.send(new CreateTagsCommand({Resources: [id], Tags: [{Key: 'Name', Value: name}]}))
  }

  private async vpc(cidr: string, name: string): Promise<string> {
    const vpcId = (await this.ec2.send(new CreateVpcCommand({CidrBlock: cidr}))).Vpc!.VpcId!
    await this.tag(vpcId, name)
    await this.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId, EnableDnsSupport: {Value: true}}))
    await this.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId, EnableDnsHostnames: {Value: true}}))
    const dhcp = await this.ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [
          {Key: 'domain-name', Values: ['ec2.internal']},
          {Key: 'domain-name-servers', Values: ['AmazonProvidedDNS']},
        ],
      }),
    )
    await this.ec2.send(new AssociateDhcpOptionsCommand({DhcpOptionsId: dhcp.DhcpOptions!.DhcpOptionsId!, VpcId: vpcId}))
    return vpcId
  }

  private async subnet(vpcId: string, cidr: string, name: string, mapPublicIp: boolean): Promise<string> {
    const subnetId = (await this.ec2.send(new CreateSubnetCommand({VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${REGION}a`}))).Subnet!.SubnetId!
    await this.tag(subnetId, name)
    await this.ec2.send(new ModifySubnetAttributeCommand({SubnetId: subnetId, MapPublicIpOnLaunch: {Value: mapPublicIp}}))
    return subnetId
  }

  private async internetGateway(vpcId: string): Promise<string> {
    const id = (await this.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!
    await this.ec2.send(new AttachInternetGatewayCommand({InternetGatewayId: id, VpcId: vpcId}))
    return id
  }

  private async routeTable(vpcId: string, subnetId: string, name: string): Promise<string> {
    const id = (await this.ec2.send(new CreateRouteTableCommand({VpcId: vpcId}))).RouteTable!.RouteTableId!
    await this.tag(id, name)
    await this.ec2.send(new AssociateRouteTableCommand({RouteTableId: id, SubnetId: subnetId}))
    return id
  }

  private async s3Endpoint(vpcId: string, routeTableIds: string[]): Promise<void> {
    await this.ec2.send(new CreateVpcEndpointCommand({VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: routeTableIds}))
  }

  private async securityGroup(vpcId: string, name: string, description: string): Promise<string> {
    return (await this.ec2.send(new CreateSecurityGroupCommand({GroupName: name, Description: description, VpcId: vpcId}))).GroupId!
  }

  private async allowCidr(groupId: string, port: number, cidr: string): Promise<void> {
    const permission: IpPermission = {IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{CidrIp: cidr}]}
    await this.ec2.send(new AuthorizeSecurityGroupIngressCommand({GroupId: groupId, IpPermissions: [permission]}))
  }

  private async allowGroup(groupId: string, port: number, source: string): Promise<void> {
    const permission: IpPermission = {IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{GroupId: source}]}
    await this.ec2.send(new AuthorizeSecurityGroupIngressCommand({GroupId: groupId, IpPermissions: [permission]}))
  }

  private async keyPair(): Promise<void> {
    const existing = await this.ec2.send(new DescribeKeyPairsCommand({Filters: [{Name: 'key-name', Values: [KEY]}]}))
    if ((existing.KeyPairs ?? []).length === 0) await this.ec2.send(new CreateKeyPairCommand({KeyName: KEY}))
  }

  private async instance(subnetId: string, groupIds: string[], tags: Record<string, string>, type = 'm5.xlarge'): Promise<string> {
    await this.keyPair()
    const result = await this.ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: type as never,
        KeyName: KEY,
        SubnetId: subnetId,
        SecurityGroupIds: groupIds,
        TagSpecifications: [{ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({Key, Value}))}],
      }),
    )
    return result.Instances![0]!.InstanceId!
  }

  private async publicIpOf(instanceId: string): Promise<string | undefined> {
    const out = await this.ec2.send(new DescribeInstancesCommand({InstanceIds: [instanceId]}))
    return out.Reservations?.[0]?.Instances?.[0]?.PublicIpAddress
  }

  private async elasticIp(address: string): Promise<string> {
    return (await this.ec2.send(new AllocateAddressCommand({Domain: 'vpc', Address: address}))).AllocationId!
  }

  async blockPublicAccess(): Promise<void> {
    await this.emr.send(
      new PutBlockPublicAccessConfigurationCommand({
        BlockPublicAccessConfiguration: {BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{MinRange: 22, MaxRange: 22}]},
      }),
    )
  }

  private async cluster(name: string, subnetId: string, groups: {primary: string; core: string; serviceAccess?: string; additionalPrimary?: string[]}): Promise<string> {
    const instanceGroups: InstanceGroupConfig[] = [
      {Name: 'Primary', InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1, Market: 'ON_DEMAND'},
      {Name: 'Core', InstanceRole: 'CORE', InstanceType: 'm5.xlarge', InstanceCount: 2, Market: 'ON_DEMAND'},
    ]
    const result = await this.emr.send(
      new RunJobFlowCommand({
        Name: name,
        LogUri: `s3://emr-logs-${MOTO_ACCOUNT}/elasticmapreduce/`,
        ReleaseLabel: 'emr-6.15.0',
        Applications: APPS.map((Name) => ({Name})),
        Instances: {
          InstanceGroups: instanceGroups,
          Ec2KeyName: KEY,
          Ec2SubnetId: subnetId,
          EmrManagedMasterSecurityGroup: groups.primary,
          EmrManagedSlaveSecurityGroup: groups.core,
          ...(groups.serviceAccess ? {ServiceAccessSecurityGroup: groups.serviceAccess} : {}),
          ...(groups.additionalPrimary ? {AdditionalMasterSecurityGroups: groups.additionalPrimary} : {}),
          KeepJobFlowAliveWhenNoSteps: true,
        },
        JobFlowRole: 'EMR_EC2_DefaultRole',
        ServiceRole: 'EMR_DefaultRole',
        VisibleToAllUsers: true,
      }),
    )
    return result.JobFlowId!
  }

  /** Stand-ins for the nodes moto starts in its default VPC. Returns the primary's public IP. */
  private async nodes(clusterId: string, subnetId: string, primaryGroups: string[], coreGroups: string[]): Promise<string | undefined> {
    const tags = (role: string) => ({'aws:elasticmapreduce:job-flow-id': clusterId, 'aws:elasticmapreduce:instance-group-role': role})
    const primary = await this.instance(subnetId, primaryGroups, tags('MASTER'))
    await this.instance(subnetId, coreGroups, tags('CORE'))
    return this.publicIpOf(primary)
  }

  private async privateManagedGroups(vpcId: string): Promise<{primary: string; core: string; serviceAccess: string}> {
    const primary = await this.securityGroup(vpcId, 'ElasticMapReduce-Master-Private', 'Master group for Elastic MapReduce')
    const core = await this.securityGroup(vpcId, 'ElasticMapReduce-Slave-Private', 'Slave group for Elastic MapReduce')
    const serviceAccess = await this.securityGroup(vpcId, 'ElasticMapReduce-ServiceAccess', 'Service access group for Elastic MapReduce')
    await this.ec2.send(new RevokeSecurityGroupEgressCommand({GroupId: serviceAccess, IpPermissions: [{IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}]}]}))
    return {primary, core, serviceAccess}
  }

  async public(): Promise<BuiltTopology> {
    const vpcId = await this.vpc('10.0.0.0/16', 'emr-public')
    const subnetId = await this.subnet(vpcId, '10.0.1.0/24', 'emr-public-a', true)
    const igw = await this.internetGateway(vpcId)
    const rt = await this.routeTable(vpcId, subnetId, 'emr-public-rt')
    await this.ec2.send(new CreateRouteCommand({RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw}))
    await this.s3Endpoint(vpcId, [rt])
    const primary = await this.securityGroup(vpcId, 'ElasticMapReduce-master', 'Master group for Elastic MapReduce')
    const core = await this.securityGroup(vpcId, 'ElasticMapReduce-slave', 'Slave group for Elastic MapReduce')
    const clusterId = await this.cluster('analytics-public', subnetId, {primary, core})
    // moto's EMR creates a service-access group (and 8443 rules from it) even in a public subnet.
    const extra = await this.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          {Name: 'vpc-id', Values: [vpcId]},
          {Name: 'group-name', Values: ['ElasticMapReduce-ServiceAccess']},
        ],
      }),
    )
    for (const group of extra.SecurityGroups ?? []) {
      for (const target of [primary, core]) {
        await this.ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: target,
            IpPermissions: [{IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, UserIdGroupPairs: [{GroupId: group.GroupId!}]}],
          }),
        )
      }
      await this.ec2.send(new DeleteSecurityGroupCommand({GroupId: group.GroupId!}))
    }
    await this.allowCidr(primary, 8443, '52.23.61.0/24')
    await this.allowCidr(primary, 22, ADMIN_CIDR)
    const primaryIp = await this.nodes(clusterId, subnetId, [primary], [core])
    return {name: 'public', vpcId, clusterId, clusterSubnetId: subnetId, publicIps: primaryIp ? [primaryIp] : []}
  }

  private async privateNetwork(prefix: string, name: string, natIp: string) {
    const vpcId = await this.vpc(`${prefix}.0.0/16`, name)
    const publicSubnet = await this.subnet(vpcId, `${prefix}.0.0/24`, `${name}-public-a`, false)
    const clusterSubnet = await this.subnet(vpcId, `${prefix}.1.0/24`, `${name}-private-a`, false)
    const igw = await this.internetGateway(vpcId)
    const publicRt = await this.routeTable(vpcId, publicSubnet, `${name}-public-rt`)
    await this.ec2.send(new CreateRouteCommand({RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw}))
    const nat = (await this.ec2.send(new CreateNatGatewayCommand({SubnetId: publicSubnet, AllocationId: await this.elasticIp(natIp)}))).NatGateway!.NatGatewayId!
    const privateRt = await this.routeTable(vpcId, clusterSubnet, `${name}-private-rt`)
    await this.ec2.send(new CreateRouteCommand({RouteTableId: privateRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat}))
    await this.s3Endpoint(vpcId, [privateRt])
    return {vpcId, publicSubnet, clusterSubnet, privateRt}
  }

  async private(): Promise<BuiltTopology> {
    const natIp = '52.4.180.21'
    const bastionIp = '52.4.180.10'
    const net = await this.privateNetwork('10.1', 'emr-private', natIp)
    const bastionSg = await this.securityGroup(net.vpcId, 'bastion', 'SSH bastion for EMR access')
    await this.allowCidr(bastionSg, 22, ADMIN_CIDR)
    const bastionId = await this.instance(net.publicSubnet, [bastionSg], {Name: 'bastion'}, 't3.micro')
    await this.ec2.send(new AssociateAddressCommand({AllocationId: await this.elasticIp(bastionIp), InstanceId: bastionId}))
    const groups = await this.privateManagedGroups(net.vpcId)
    const sshFromBastion = await this.securityGroup(net.vpcId, 'emr-ssh-from-bastion', 'SSH to the EMR primary node from the bastion')
    await this.allowGroup(sshFromBastion, 22, bastionSg)
    const clusterId = await this.cluster('analytics-private', net.clusterSubnet, {...groups, additionalPrimary: [sshFromBastion]})
    await this.nodes(clusterId, net.clusterSubnet, [groups.primary, sshFromBastion], [groups.core])
    return {name: 'private', vpcId: net.vpcId, clusterId, clusterSubnetId: net.clusterSubnet, publicIps: [natIp, bastionIp], bastionId}
  }

  async vpn(): Promise<BuiltTopology> {
    const natIp = '52.4.180.31'
    const customerGatewayIp = '44.210.10.10'
    const net = await this.privateNetwork('10.2', 'emr-vpn', natIp)
    const vpnGatewayId = (await this.ec2.send(new CreateVpnGatewayCommand({Type: 'ipsec.1', AmazonSideAsn: 64512}))).VpnGateway!.VpnGatewayId!
    await this.ec2.send(new AttachVpnGatewayCommand({VpnGatewayId: vpnGatewayId, VpcId: net.vpcId}))
    const customerGatewayId = (await this.ec2.send(new CreateCustomerGatewayCommand({Type: 'ipsec.1', PublicIp: customerGatewayIp, BgpAsn: 65000}))).CustomerGateway!.CustomerGatewayId!
    const vpnConnectionId = (
      await this.ec2.send(new CreateVpnConnectionCommand({Type: 'ipsec.1', CustomerGatewayId: customerGatewayId, VpnGatewayId: vpnGatewayId, Options: {StaticRoutesOnly: true}}))
    ).VpnConnection!.VpnConnectionId!
    await this.ec2.send(new CreateRouteCommand({RouteTableId: net.privateRt, DestinationCidrBlock: ONPREM_CIDR, GatewayId: vpnGatewayId}))
    const groups = await this.privateManagedGroups(net.vpcId)
    const onprem = await this.securityGroup(net.vpcId, 'emr-onprem-access', 'SSH and web UIs of the EMR primary node from on-prem')
    for (const port of [22, 8088, 18080]) await this.allowCidr(onprem, port, ONPREM_CIDR)
    const clusterId = await this.cluster('analytics-vpn', net.clusterSubnet, {...groups, additionalPrimary: [onprem]})
    await this.nodes(clusterId, net.clusterSubnet, [groups.primary, onprem], [groups.core])
    return {
      name: 'vpn',
      vpcId: net.vpcId,
      clusterId,
      clusterSubnetId: net.clusterSubnet,
      publicIps: [natIp, customerGatewayIp],
      vpnGatewayId,
      vpnConnectionId,
      customerGatewayId,
    }
  }
}
