/**
 * Reference topologies as AWS CLI JSON (the snapshot contract), for rule and engine tests.
 * Each builder returns a fresh, mutable single-object snapshot: keys are snapshot document names,
 * values exactly what `aws … --output json` prints. Tests break one thing and audit it.
 */

export type Snapshot = Record<string, any>

export const ACCOUNT = '123456789012'
export const ADMIN_CIDR = '203.0.113.0/24'
export const ONPREM_CIDR = '192.168.10.0/24'
export const CLUSTER_ID = 'j-2AXXXXXXGAPLF'

const allTraffic = (groupId: string) => [
  {IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}]},
  {IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}]},
  {IpProtocol: 'udp', FromPort: 0, ToPort: 65535, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}]},
]

export const egressAll = () => [{IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}]

export function tcpFromCidr(port: number, cidr: string, toPort = port) {
  return {IpProtocol: 'tcp', FromPort: port, ToPort: toPort, IpRanges: [{CidrIp: cidr}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}
}

export function tcpFromGroup(port: number, groupId: string, toPort = port) {
  return {IpProtocol: 'tcp', FromPort: port, ToPort: toPort, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{GroupId: groupId, UserId: ACCOUNT}]}
}

function group(id: string, name: string, vpcId: string, ingress: any[], egress: any[] = egressAll()) {
  return {Description: name, GroupName: name, IpPermissions: ingress, OwnerId: ACCOUNT, GroupId: id, IpPermissionsEgress: egress, VpcId: vpcId}
}

function defaultAcl(id: string, vpcId: string, subnetIds: string[]) {
  const entry = (egress: boolean, number: number, action: string) => ({CidrBlock: '0.0.0.0/0', Egress: egress, Protocol: '-1', RuleAction: action, RuleNumber: number})
  return {
    Associations: subnetIds.map((subnetId, index) => ({NetworkAclAssociationId: `aclassoc-${index}${id.slice(-6)}`, NetworkAclId: id, SubnetId: subnetId})),
    Entries: [entry(true, 100, 'allow'), entry(true, 32767, 'deny'), entry(false, 100, 'allow'), entry(false, 32767, 'deny')],
    IsDefault: true,
    NetworkAclId: id,
    Tags: [],
    VpcId: vpcId,
    OwnerId: ACCOUNT,
  }
}

function routeTable(id: string, vpcId: string, cidr: string, routes: any[], subnetIds: string[], main = false) {
  return {
    Associations: [
      ...(main ? [{Main: true, RouteTableAssociationId: `rtbassoc-m${id.slice(4)}`, RouteTableId: id, AssociationState: {State: 'associated'}}] : []),
      ...subnetIds.map((subnetId, index) => ({Main: false, RouteTableAssociationId: `rtbassoc-${index}${id.slice(4)}`, RouteTableId: id, SubnetId: subnetId, AssociationState: {State: 'associated'}})),
    ],
    PropagatingVgws: [],
    RouteTableId: id,
    Routes: [{DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active'}, ...routes],
    Tags: [],
    VpcId: vpcId,
    OwnerId: ACCOUNT,
  }
}

function subnet(id: string, vpcId: string, cidr: string, mapPublic: boolean, zone = 'us-east-1a') {
  return {
    AvailabilityZone: zone,
    AvailabilityZoneId: 'use1-az1',
    AvailableIpAddressCount: 250,
    CidrBlock: cidr,
    DefaultForAz: false,
    MapPublicIpOnLaunch: mapPublic,
    State: 'available',
    SubnetId: id,
    VpcId: vpcId,
    OwnerId: ACCOUNT,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    SubnetArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${id}`,
  }
}

function instance(id: string, subnetId: string, vpcId: string, privateIp: string, groups: string[], publicIp?: string, tags: any[] = []) {
  const privateDns = `ip-${privateIp.replace(/\./g, '-')}.ec2.internal`
  const publicDns = publicIp ? `ec2-${publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com` : ''
  const association = publicIp ? {IpOwnerId: 'amazon', PublicDnsName: publicDns, PublicIp: publicIp} : undefined
  return {
    InstanceId: id,
    InstanceType: 'm5.xlarge',
    KeyName: 'emr-key',
    State: {Code: 16, Name: 'running'},
    PrivateDnsName: privateDns,
    PrivateIpAddress: privateIp,
    PublicDnsName: publicDns,
    ...(publicIp ? {PublicIpAddress: publicIp} : {}),
    SubnetId: subnetId,
    VpcId: vpcId,
    SecurityGroups: groups.map((groupId) => ({GroupId: groupId, GroupName: groupId})),
    NetworkInterfaces: [
      {
        ...(association ? {Association: association} : {}),
        Attachment: {DeviceIndex: 0, Status: 'attached'},
        Groups: groups.map((groupId) => ({GroupId: groupId, GroupName: groupId})),
        NetworkInterfaceId: `eni-${id.slice(2)}`,
        PrivateIpAddress: privateIp,
        PrivateIpAddresses: [{...(association ? {Association: association} : {}), Primary: true, PrivateIpAddress: privateIp, PrivateDnsName: privateDns}],
        SourceDestCheck: true,
        SubnetId: subnetId,
        VpcId: vpcId,
      },
    ],
    Tags: tags,
  }
}

const emrTags = (role: string) => [
  {Key: 'aws:elasticmapreduce:job-flow-id', Value: CLUSTER_ID},
  {Key: 'aws:elasticmapreduce:instance-group-role', Value: role},
]

interface ClusterOptions {
  subnetId: string
  primarySg: string
  coreSg: string
  serviceAccessSg?: string
  additionalPrimary?: string[]
  releaseLabel?: string
  masterDns: string
  primaryIp: string
  primaryPublicIp?: string
}

function clusterDocs(options: ClusterOptions): Snapshot {
  return {
    'emr-list-clusters': {
      Clusters: [{Id: CLUSTER_ID, Name: 'analytics', Status: {State: 'WAITING', StateChangeReason: {Message: 'Cluster ready'}}, NormalizedInstanceHours: 0}],
    },
    [`emr-describe-cluster-${CLUSTER_ID}`]: {
      Cluster: {
        Id: CLUSTER_ID,
        Name: 'analytics',
        Status: {State: 'WAITING'},
        Ec2InstanceAttributes: {
          Ec2KeyName: 'emr-key',
          Ec2SubnetId: options.subnetId,
          RequestedEc2SubnetIds: [options.subnetId],
          Ec2AvailabilityZone: 'us-east-1a',
          IamInstanceProfile: 'EMR_EC2_DefaultRole',
          EmrManagedMasterSecurityGroup: options.primarySg,
          EmrManagedSlaveSecurityGroup: options.coreSg,
          ...(options.serviceAccessSg ? {ServiceAccessSecurityGroup: options.serviceAccessSg} : {}),
          AdditionalMasterSecurityGroups: options.additionalPrimary ?? [],
          AdditionalSlaveSecurityGroups: [],
        },
        InstanceCollectionType: 'INSTANCE_GROUP',
        ReleaseLabel: options.releaseLabel ?? 'emr-6.15.0',
        Applications: [{Name: 'Hadoop', Version: '3.3.6'}, {Name: 'Spark', Version: '3.4.1'}, {Name: 'Livy'}, {Name: 'Zeppelin'}],
        MasterPublicDnsName: options.masterDns,
        ServiceRole: 'EMR_DefaultRole',
        VisibleToAllUsers: true,
      },
    },
    [`emr-list-instances-${CLUSTER_ID}`]: {
      Instances: [
        {
          Id: 'ci-PRIMARY1',
          Ec2InstanceId: 'i-0000000000000a001',
          PrivateDnsName: `ip-${options.primaryIp.replace(/\./g, '-')}.ec2.internal`,
          PrivateIpAddress: options.primaryIp,
          ...(options.primaryPublicIp ? {PublicIpAddress: options.primaryPublicIp, PublicDnsName: options.masterDns} : {}),
          Status: {State: 'RUNNING'},
          InstanceGroupId: 'ig-PRIMARY',
        },
      ],
    },
    'emr-get-block-public-access-configuration': {
      BlockPublicAccessConfiguration: {BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{MinRange: 22, MaxRange: 22}]},
      BlockPublicAccessConfigurationMetadata: {CreationDateTime: '2024-01-01T00:00:00+00:00', CreatedByArn: `arn:aws:iam::${ACCOUNT}:root`},
    },
  }
}

function vpcDocs(vpcId: string, cidr: string): Snapshot {
  return {
    'ec2-describe-vpcs': {
      Vpcs: [
        {
          CidrBlock: cidr,
          DhcpOptionsId: 'dopt-0aaa0000000000001',
          State: 'available',
          VpcId: vpcId,
          OwnerId: ACCOUNT,
          InstanceTenancy: 'default',
          CidrBlockAssociationSet: [{AssociationId: 'vpc-cidr-assoc-1', CidrBlock: cidr, CidrBlockState: {State: 'associated'}}],
          IsDefault: false,
          Tags: [{Key: 'Name', Value: 'emr'}],
        },
      ],
    },
    [`ec2-describe-vpc-attribute-${vpcId}-enableDnsSupport`]: {VpcId: vpcId, EnableDnsSupport: {Value: true}},
    [`ec2-describe-vpc-attribute-${vpcId}-enableDnsHostnames`]: {VpcId: vpcId, EnableDnsHostnames: {Value: true}},
    'ec2-describe-dhcp-options': {
      DhcpOptions: [
        {
          DhcpConfigurations: [
            {Key: 'domain-name', Values: [{Value: 'ec2.internal'}]},
            {Key: 'domain-name-servers', Values: [{Value: 'AmazonProvidedDNS'}]},
          ],
          DhcpOptionsId: 'dopt-0aaa0000000000001',
          OwnerId: ACCOUNT,
          Tags: [],
        },
      ],
    },
    'ec2-describe-prefix-lists': {
      PrefixLists: [
        {PrefixListId: 'pl-63a5400a', PrefixListName: 'com.amazonaws.us-east-1.s3', Cidrs: ['3.5.0.0/19', '52.216.0.0/15', '54.231.0.0/16']},
        {PrefixListId: 'pl-02cd2c6b', PrefixListName: 'com.amazonaws.us-east-1.dynamodb', Cidrs: ['3.218.182.0/24', '52.94.0.0/22']},
      ],
    },
    'ec2-describe-vpn-gateways': {VpnGateways: []},
    'ec2-describe-vpn-connections': {VpnConnections: []},
    'ec2-describe-customer-gateways': {CustomerGateways: []},
    'ec2-describe-transit-gateway-vpc-attachments': {TransitGatewayVpcAttachments: []},
    'ec2-describe-instance-connect-endpoints': {InstanceConnectEndpoints: []},
    'ssm-describe-instance-information': {InstanceInformationList: []},
  }
}

function s3Endpoint(vpcId: string, routeTableIds: string[]) {
  return {
    VpcEndpointId: 'vpce-0s3000000000000001',
    VpcEndpointType: 'Gateway',
    VpcId: vpcId,
    ServiceName: 'com.amazonaws.us-east-1.s3',
    State: 'available',
    PolicyDocument: '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    RouteTableIds: routeTableIds,
    SubnetIds: [],
    Groups: [],
    PrivateDnsEnabled: false,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    CreationTimestamp: '2024-01-01T00:00:00+00:00',
    OwnerId: ACCOUNT,
  }
}

const s3Route = {DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0s3000000000000001', Origin: 'CreateRoute', State: 'active'}

/** A cluster in a public subnet: IGW default route, primary with a public IP, SSH from the admin range. */
export function publicTopology(): Snapshot {
  const vpc = 'vpc-0a000000000000001'
  return {
    ...vpcDocs(vpc, '10.0.0.0/16'),
    'ec2-describe-subnets': {Subnets: [subnet('subnet-0a00000000000pub', vpc, '10.0.1.0/24', true)]},
    'ec2-describe-route-tables': {
      RouteTables: [
        routeTable('rtb-0a000000000000main', vpc, '10.0.0.0/16', [], [], true),
        routeTable(
          'rtb-0a0000000000public',
          vpc,
          '10.0.0.0/16',
          [{DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a00000000000001', Origin: 'CreateRoute', State: 'active'}, s3Route],
          ['subnet-0a00000000000pub'],
        ),
      ],
    },
    'ec2-describe-internet-gateways': {InternetGateways: [{Attachments: [{State: 'available', VpcId: vpc}], InternetGatewayId: 'igw-0a00000000000001', OwnerId: ACCOUNT, Tags: []}]},
    'ec2-describe-nat-gateways': {NatGateways: []},
    'ec2-describe-vpc-endpoints': {VpcEndpoints: [s3Endpoint(vpc, ['rtb-0a0000000000public'])]},
    'ec2-describe-security-groups': {
      SecurityGroups: [
        group('sg-0a0000000000master', 'ElasticMapReduce-master', vpc, [
          ...allTraffic('sg-0a0000000000master'),
          ...allTraffic('sg-0a00000000000slave'),
          tcpFromCidr(8443, '72.21.196.64/29'),
          tcpFromCidr(22, ADMIN_CIDR),
        ]),
        group('sg-0a00000000000slave', 'ElasticMapReduce-slave', vpc, [...allTraffic('sg-0a00000000000slave'), ...allTraffic('sg-0a0000000000master')]),
        group('sg-0a00000000default', 'default', vpc, allTraffic('sg-0a00000000default')),
      ],
    },
    'ec2-describe-network-acls': {NetworkAcls: [defaultAcl('acl-0a000000000000001', vpc, ['subnet-0a00000000000pub'])]},
    'ec2-describe-instances': {
      Reservations: [
        {
          ReservationId: 'r-1',
          OwnerId: ACCOUNT,
          Groups: [],
          Instances: [instance('i-0000000000000a001', 'subnet-0a00000000000pub', vpc, '10.0.1.10', ['sg-0a0000000000master'], '54.0.0.10', emrTags('MASTER'))],
        },
      ],
    },
    ...clusterDocs({
      subnetId: 'subnet-0a00000000000pub',
      primarySg: 'sg-0a0000000000master',
      coreSg: 'sg-0a00000000000slave',
      masterDns: 'ec2-54-0-0-10.compute-1.amazonaws.com',
      primaryIp: '10.0.1.10',
      primaryPublicIp: '54.0.0.10',
    }),
  }
}

/** Private cluster subnet behind a NAT gateway, S3 gateway endpoint, bastion in the public subnet. */
export function privateTopology(): Snapshot {
  const vpc = 'vpc-0b000000000000001'
  const primary = 'sg-0b00000000primary'
  const core = 'sg-0b0000000000core1'
  const serviceAccess = 'sg-0b000000000000sa1'
  const bastion = 'sg-0b0000000bastion1'
  const sshFromBastion = 'sg-0b0000000000ssh01'
  return {
    ...vpcDocs(vpc, '10.1.0.0/16'),
    'ec2-describe-subnets': {Subnets: [subnet('subnet-0b00000000000pub', vpc, '10.1.0.0/24', true), subnet('subnet-0b0000000000priv', vpc, '10.1.1.0/24', false)]},
    'ec2-describe-route-tables': {
      RouteTables: [
        routeTable('rtb-0b000000000000main', vpc, '10.1.0.0/16', [], [], true),
        routeTable(
          'rtb-0b0000000000public',
          vpc,
          '10.1.0.0/16',
          [{DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0b00000000000001', Origin: 'CreateRoute', State: 'active'}],
          ['subnet-0b00000000000pub'],
        ),
        routeTable(
          'rtb-0b000000000private',
          vpc,
          '10.1.0.0/16',
          [{DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0b00000000000001', Origin: 'CreateRoute', State: 'active'}, s3Route],
          ['subnet-0b0000000000priv'],
        ),
      ],
    },
    'ec2-describe-internet-gateways': {InternetGateways: [{Attachments: [{State: 'available', VpcId: vpc}], InternetGatewayId: 'igw-0b00000000000001', OwnerId: ACCOUNT, Tags: []}]},
    'ec2-describe-nat-gateways': {
      NatGateways: [
        {
          NatGatewayId: 'nat-0b00000000000001',
          State: 'available',
          SubnetId: 'subnet-0b00000000000pub',
          VpcId: vpc,
          ConnectivityType: 'public',
          NatGatewayAddresses: [{AllocationId: 'eipalloc-1', NetworkInterfaceId: 'eni-nat1', PrivateIp: '10.1.0.5', PublicIp: '54.0.1.5'}],
        },
      ],
    },
    'ec2-describe-vpc-endpoints': {VpcEndpoints: [s3Endpoint(vpc, ['rtb-0b000000000private'])]},
    'ec2-describe-security-groups': {
      SecurityGroups: [
        group(primary, 'ElasticMapReduce-Master-Private', vpc, [...allTraffic(primary), ...allTraffic(core), tcpFromGroup(8443, serviceAccess)]),
        group(core, 'ElasticMapReduce-Slave-Private', vpc, [...allTraffic(core), ...allTraffic(primary), tcpFromGroup(8443, serviceAccess)]),
        group(serviceAccess, 'ElasticMapReduce-ServiceAccess', vpc, [tcpFromGroup(9443, primary)], [tcpFromGroup(8443, primary), tcpFromGroup(8443, core)]),
        group(bastion, 'bastion', vpc, [tcpFromCidr(22, ADMIN_CIDR)]),
        group(sshFromBastion, 'emr-ssh-from-bastion', vpc, [tcpFromGroup(22, bastion)]),
      ],
    },
    'ec2-describe-network-acls': {NetworkAcls: [defaultAcl('acl-0b000000000000001', vpc, ['subnet-0b00000000000pub', 'subnet-0b0000000000priv'])]},
    'ec2-describe-instances': {
      Reservations: [
        {
          ReservationId: 'r-2',
          OwnerId: ACCOUNT,
          Groups: [],
          Instances: [
            instance('i-0000000000000a001', 'subnet-0b0000000000priv', vpc, '10.1.1.10', [primary, sshFromBastion], undefined, emrTags('MASTER')),
            instance('i-0000000000000b001', 'subnet-0b00000000000pub', vpc, '10.1.0.10', [bastion], '54.0.1.10', [{Key: 'Name', Value: 'bastion'}]),
          ],
        },
      ],
    },
    ...clusterDocs({
      subnetId: 'subnet-0b0000000000priv',
      primarySg: primary,
      coreSg: core,
      serviceAccessSg: serviceAccess,
      additionalPrimary: [sshFromBastion],
      masterDns: 'ip-10-1-1-10.ec2.internal',
      primaryIp: '10.1.1.10',
    }),
  }
}

/** An EC2 Instance Connect Endpoint as DescribeInstanceConnectEndpoints prints it. */
export function instanceConnectEndpoint(vpcId: string, subnetId: string, groupIds: string[], preserveClientIp = false) {
  return {
    OwnerId: ACCOUNT,
    InstanceConnectEndpointId: 'eice-0b000000000000001',
    InstanceConnectEndpointArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance-connect-endpoint/eice-0b000000000000001`,
    State: 'create-complete',
    StateMessage: '',
    DnsName: 'eice-0b000000000000001.7d67ea1c.ec2-instance-connect-endpoint.us-east-1.amazonaws.com',
    NetworkInterfaceIds: ['eni-0b0000000000eice1'],
    VpcId: vpcId,
    AvailabilityZone: 'us-east-1a',
    CreatedAt: '2024-01-01T00:00:00+00:00',
    SubnetId: subnetId,
    PreserveClientIp: preserveClientIp,
    SecurityGroupIds: groupIds,
    Tags: [],
  }
}

/** Private cluster subnet reached from on-premises over a Site-to-Site VPN on a VGW. */
export function vpnTopology(): Snapshot {
  const snapshot = privateTopology()
  const vpc = 'vpc-0b000000000000001'
  const table = snapshot['ec2-describe-route-tables'].RouteTables.find((t: any) => t.RouteTableId === 'rtb-0b000000000private')
  table.Routes.push({DestinationCidrBlock: ONPREM_CIDR, GatewayId: 'vgw-0b00000000000001', Origin: 'CreateRoute', State: 'active'})
  snapshot['ec2-describe-vpn-gateways'] = {
    VpnGateways: [{State: 'available', Type: 'ipsec.1', VpcAttachments: [{State: 'attached', VpcId: vpc}], VpnGatewayId: 'vgw-0b00000000000001', AmazonSideAsn: 64512, Tags: []}],
  }
  snapshot['ec2-describe-customer-gateways'] = {
    CustomerGateways: [{BgpAsn: '65000', CustomerGatewayId: 'cgw-0b00000000000001', IpAddress: '198.51.100.10', State: 'available', Type: 'ipsec.1', Tags: []}],
  }
  snapshot['ec2-describe-vpn-connections'] = {
    VpnConnections: [
      {
        CustomerGatewayId: 'cgw-0b00000000000001',
        Category: 'VPN',
        State: 'available',
        Type: 'ipsec.1',
        VpnConnectionId: 'vpn-0b00000000000001',
        VpnGatewayId: 'vgw-0b00000000000001',
        Options: {StaticRoutesOnly: true, LocalIpv4NetworkCidr: '0.0.0.0/0', RemoteIpv4NetworkCidr: '0.0.0.0/0'},
        Routes: [{DestinationCidrBlock: ONPREM_CIDR, Source: 'Static', State: 'available'}],
        VgwTelemetry: [
          {AcceptedRouteCount: 0, LastStatusChange: '2024-01-01T00:00:00+00:00', OutsideIpAddress: '52.0.0.1', Status: 'UP', StatusMessage: ''},
          {AcceptedRouteCount: 0, LastStatusChange: '2024-01-01T00:00:00+00:00', OutsideIpAddress: '52.0.0.2', Status: 'UP', StatusMessage: ''},
        ],
        Tags: [],
      },
    ],
  }
  const groups = snapshot['ec2-describe-security-groups'].SecurityGroups
  groups.push(
    group(
      'sg-0b00000000onprem1',
      'emr-from-onprem',
      vpc,
      [22, 8088, 18080, 8890, 20888].map((port) => tcpFromCidr(port, ONPREM_CIDR)),
    ),
  )
  snapshot[`emr-describe-cluster-${CLUSTER_ID}`].Cluster.Ec2InstanceAttributes.AdditionalMasterSecurityGroups.push('sg-0b00000000onprem1')
  const primaryInstance = snapshot['ec2-describe-instances'].Reservations[0].Instances[0]
  for (const holder of [primaryInstance.SecurityGroups, primaryInstance.NetworkInterfaces[0].Groups]) holder.push({GroupId: 'sg-0b00000000onprem1', GroupName: 'emr-from-onprem'})
  return snapshot
}

/** Finds a security group in a snapshot by name. */
export function securityGroup(snapshot: Snapshot, name: string): any {
  const found = snapshot['ec2-describe-security-groups'].SecurityGroups.find((g: any) => g.GroupName === name || g.GroupId === name)
  if (!found) throw new Error(`no security group ${name} in the test snapshot`)
  return found
}

export function routeTableById(snapshot: Snapshot, id: string): any {
  const found = snapshot['ec2-describe-route-tables'].RouteTables.find((t: any) => t.RouteTableId === id)
  if (!found) throw new Error(`no route table ${id} in the test snapshot`)
  return found
}

export function describedCluster(snapshot: Snapshot): any {
  return snapshot[`emr-describe-cluster-${CLUSTER_ID}`].Cluster
}
