import rule from '../../src/analysis/rules/routing/emra-020-private-s3-route.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, routeTableById, vpnTopology, type Snapshot} from '../support/topologies.js'

const RTB = 'rtb-0b000000000private'
const VPCE = 'vpce-0s3000000000000001'

type Route = {DestinationCidrBlock?: string; DestinationPrefixListId?: string}

function withoutS3Gateway(snapshot: Snapshot = privateTopology()) {
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => !route.DestinationPrefixListId)
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints = []
  return snapshot
}

function withoutDefaultRoute(snapshot: Snapshot) {
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

function s3InterfaceEndpoint(privateDns: boolean) {
  const snapshot = withoutDefaultRoute(withoutS3Gateway())
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints.push({
    VpcEndpointId: 'vpce-0s3i00000000000001',
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0b000000000000001',
    ServiceName: 'com.amazonaws.us-east-1.s3',
    State: 'available',
    RouteTableIds: [],
    SubnetIds: ['subnet-0b0000000000priv'],
    Groups: [{GroupId: 'sg-0b00000000primary', GroupName: 'endpoint'}],
    PrivateDnsEnabled: privateDns,
  })
  return snapshot
}

function endpointOnAnotherTable() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints[0].RouteTableIds = ['rtb-0b0000000000public']
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => !route.DestinationPrefixListId)
  snapshot['ec2-describe-nat-gateways'].NatGateways[0].State = 'failed'
  return snapshot
}

function natWithoutInternet() {
  const snapshot = withoutS3Gateway()
  const publicTable = routeTableById(snapshot, 'rtb-0b0000000000public')
  publicTable.Routes = publicTable.Routes.filter((route: Route) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

function defaultThroughTransitGateway() {
  const snapshot = withoutS3Gateway()
  const route = routeTableById(snapshot, RTB).Routes.find((candidate: Route) => candidate.DestinationCidrBlock === '0.0.0.0/0')
  delete route.NatGatewayId
  route.TransitGatewayId = 'tgw-0b00000000000001'
  return snapshot
}

function endpointsFileMissing() {
  const snapshot = privateTopology()
  delete snapshot['ec2-describe-vpc-endpoints']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology (S3 gateway endpoint)', snapshot: privateTopology()},
    {name: 'VPN topology (S3 gateway endpoint)', snapshot: vpnTopology()},
    {name: 'no S3 endpoint, NAT gateway default route', snapshot: withoutS3Gateway()},
    {name: 'gateway endpoint only, no default route', snapshot: withoutDefaultRoute(privateTopology())},
    {name: 'S3 interface endpoint with private DNS, no default route', snapshot: s3InterfaceEndpoint(true)},
  ],
  invalid: [
    {
      name: 'no S3 endpoint and no default route',
      snapshot: withoutDefaultRoute(withoutS3Gateway()),
      findings: [
        {
          messageId: 'noS3Route',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', clusterId: CLUSTER_ID, serviceName: 'com.amazonaws.us-east-1.s3'},
          resourceId: RTB,
          message: `Private subnet subnet-0b0000000000priv of cluster ${CLUSTER_ID} has no route to S3 through route table ${RTB}: vpc-0b000000000000001 has no VPC endpoint for com.amazonaws.us-east-1.s3; and no working internet egress: route table ${RTB} has no 0.0.0.0/0 route.`,
        },
      ],
    },
    {
      name: 'gateway endpoint on another route table, NAT gateway failed',
      snapshot: endpointOnAnotherTable(),
      findings: [
        {
          messageId: 'noS3Route',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', endpointId: VPCE},
          resourceId: RTB,
          message: `gateway endpoint ${VPCE} is associated with rtb-0b0000000000public, not with ${RTB}; and no working internet egress: route table ${RTB} sends 0.0.0.0/0 to nat-0b00000000000001; nat-0b00000000000001 is failed, not available`,
        },
      ],
    },
    {
      name: 'S3 interface endpoint without private DNS, no default route',
      snapshot: s3InterfaceEndpoint(false),
      findings: [
        {
          messageId: 'noS3Route',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001'},
          resourceId: RTB,
          message: 'interface endpoint vpce-0s3i00000000000001 has private DNS off',
        },
      ],
    },
    {
      name: 'NAT gateway whose subnet has no internet gateway route',
      snapshot: natWithoutInternet(),
      findings: [
        {
          messageId: 'noS3Route',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001'},
          resourceId: RTB,
          message: 'nat-0b00000000000001 is a public NAT gateway in subnet-0b00000000000pub, but its route table rtb-0b0000000000public has no 0.0.0.0/0 route: it cannot reach the internet',
        },
      ],
    },
  ],
  notEvaluated: [
    {name: 'default route through a transit gateway', snapshot: defaultThroughTransitGateway(), reason: /tgw-0b00000000000001 \(transit-gateway\).*; no S3 endpoint serves subnet-0b0000000000priv /},
    {name: 'VPC endpoints file absent', snapshot: endpointsFileMissing(), reason: 'missing: ec2-describe-vpc-endpoints'},
  ],
  notApplicable: [{name: 'public topology', snapshot: publicTopology(), reason: 'applies to private, vpn'}],
})
