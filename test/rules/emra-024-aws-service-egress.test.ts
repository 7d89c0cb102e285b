import rule from '../../src/analysis/rules/routing/emra-024-aws-service-egress.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, routeTableById, vpnTopology, type Snapshot} from '../support/topologies.js'

const RTB = 'rtb-0b000000000private'
const SERVICES = ['sts', 'kms', 'logs', 'monitoring', 'elasticmapreduce']

type Route = {DestinationCidrBlock?: string}

function withoutDefaultRoute(snapshot: Snapshot = privateTopology()) {
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

function interfaceEndpoint(service: string, index: number, privateDns = true) {
  return {
    VpcEndpointId: `vpce-0i0000000000000${index}`,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0b000000000000001',
    ServiceName: `com.amazonaws.us-east-1.${service}`,
    State: 'available',
    RouteTableIds: [],
    SubnetIds: ['subnet-0b0000000000priv'],
    Groups: [{GroupId: 'sg-0b00000000primary', GroupName: 'endpoints'}],
    PrivateDnsEnabled: privateDns,
  }
}

function withEndpoints(services: string[], snapshot: Snapshot, privateDnsOff: string[] = []) {
  services.forEach((service, index) => snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints.push(interfaceEndpoint(service, index, !privateDnsOff.includes(service))))
  return snapshot
}

function defaultThroughTransitGateway() {
  const snapshot = privateTopology()
  const route = routeTableById(snapshot, RTB).Routes.find((candidate: Route) => candidate.DestinationCidrBlock === '0.0.0.0/0')
  delete route.NatGatewayId
  route.TransitGatewayId = 'tgw-0b00000000000001'
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology (NAT gateway default route)', snapshot: privateTopology()},
    {name: 'no default route, all interface endpoints', snapshot: withEndpoints(SERVICES, withoutDefaultRoute())},
  ],
  invalid: [
    {
      name: 'no default route, no interface endpoints',
      snapshot: withoutDefaultRoute(),
      findings: [
        {
          messageId: 'noServiceEgress',
          data: {subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', routeTableId: RTB, missingServices: 'sts kms logs monitoring elasticmapreduce', clusterId: CLUSTER_ID},
          resourceId: 'subnet-0b0000000000priv',
          message: `Private subnet subnet-0b0000000000priv of cluster ${CLUSTER_ID} has no working internet egress (route table ${RTB} has no 0.0.0.0/0 route) and vpc-0b000000000000001 has no usable interface endpoint for sts (temporary credentials), kms (encryption keys), logs (CloudWatch Logs), monitoring (CloudWatch metrics), elasticmapreduce (EMR API)`,
        },
      ],
    },
    {
      name: 'no default route, some endpoints, one without private DNS',
      snapshot: withEndpoints(['sts', 'kms', 'logs', 'monitoring'], withoutDefaultRoute(), ['kms']),
      findings: [
        {
          messageId: 'noServiceEgress',
          data: {subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', routeTableId: RTB, missingServices: 'kms elasticmapreduce'},
          resourceId: 'subnet-0b0000000000priv',
          message: 'no usable interface endpoint for kms (encryption keys), elasticmapreduce (EMR API) (vpce-0i00000000000001 for kms has private DNS off)',
        },
      ],
    },
    {
      name: 'NAT gateway not available, no endpoints',
      snapshot: (() => {
        const snapshot = privateTopology()
        snapshot['ec2-describe-nat-gateways'].NatGateways[0].State = 'deleting'
        return snapshot
      })(),
      findings: [
        {
          messageId: 'noServiceEgress',
          data: {
            subnetId: 'subnet-0b0000000000priv',
            vpcId: 'vpc-0b000000000000001',
            routeTableId: RTB,
            missingServices: 'sts kms logs monitoring elasticmapreduce',
            natGatewayId: 'nat-0b00000000000001',
          },
          resourceId: 'subnet-0b0000000000priv',
          message: 'nat-0b00000000000001 is deleting, not available',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'default route through a transit gateway (declared private)',
      snapshot: defaultThroughTransitGateway(),
      topology: 'private',
      reason: /tgw-0b00000000000001 \(transit-gateway\).*interface endpoints are missing for sts/,
    },
    {
      // The NAT gateway's upstream internet gateway cannot be checked: the outcome names the dataset (a denied permission, live).
      name: 'internet gateways absent behind the NAT default route, no endpoints',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-internet-gateways']
        return snapshot
      })(),
      reason: 'missing: ec2-describe-internet-gateways in test-snapshot.json (cannot check igw-0b00000000000001; interface endpoints are missing for sts (temporary credentials)',
      dataset: 'internetGateways',
    },
  ],
  notApplicable: [{name: 'VPN topology', snapshot: vpnTopology(), reason: 'applies to private'}],
})
