import rule from '../../src/analysis/rules/routing/emra-025-unhealthy-route-target.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, publicTopology, routeTableById, vpnTopology} from '../support/topologies.js'

const RTB = 'rtb-0b000000000private'
const NAT = 'nat-0b00000000000001'

type Route = {DestinationCidrBlock?: string}

function blackhole() {
  const snapshot = privateTopology()
  routeTableById(snapshot, RTB).Routes.push({DestinationCidrBlock: '172.20.0.0/16', VpcPeeringConnectionId: 'pcx-0b00000000000001', Origin: 'CreateRoute', State: 'blackhole'})
  return snapshot
}

function natState(state: string) {
  const snapshot = privateTopology()
  snapshot['ec2-describe-nat-gateways'].NatGateways[0].State = state
  return snapshot
}

function natSubnetWithoutInternet() {
  const snapshot = privateTopology()
  const table = routeTableById(snapshot, 'rtb-0b0000000000public')
  table.Routes = table.Routes.filter((route: Route) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

function privateNat() {
  const snapshot = natSubnetWithoutInternet()
  snapshot['ec2-describe-nat-gateways'].NatGateways[0].ConnectivityType = 'private'
  return snapshot
}

function natNotInData() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-nat-gateways'].NatGateways = []
  return snapshot
}

function natFileMissing() {
  const snapshot = privateTopology()
  delete snapshot['ec2-describe-nat-gateways']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology', snapshot: privateTopology()},
    {name: 'public topology', snapshot: publicTopology()},
    {name: 'VPN topology', snapshot: vpnTopology()},
    {name: 'available private NAT gateway', snapshot: privateNat()},
  ],
  invalid: [
    {
      name: 'blackhole peering route',
      snapshot: blackhole(),
      findings: [
        {
          messageId: 'blackholeRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', cidr: '172.20.0.0/16', targetId: 'pcx-0b00000000000001'},
          resourceId: RTB,
          message: `Route table ${RTB} of cluster subnet subnet-0b0000000000priv has a blackhole route 172.20.0.0/16 → pcx-0b00000000000001`,
        },
      ],
    },
    {
      name: 'NAT gateway failed',
      snapshot: natState('failed'),
      findings: [
        {
          messageId: 'unhealthyNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', cidr: '0.0.0.0/0', natGatewayId: NAT, natState: 'failed'},
          resourceId: NAT,
          message: `sends 0.0.0.0/0 to ${NAT}, but ${NAT} is failed, not available.`,
        },
      ],
    },
    {
      name: 'NAT gateway pending',
      snapshot: natState('pending'),
      findings: [
        {
          messageId: 'unhealthyNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', cidr: '0.0.0.0/0', natGatewayId: NAT, natState: 'pending'},
          resourceId: NAT,
          message: `${NAT} is pending, not available`,
        },
      ],
    },
    {
      name: 'public NAT gateway whose subnet has no internet gateway route',
      snapshot: natSubnetWithoutInternet(),
      findings: [
        {
          messageId: 'unhealthyNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', cidr: '0.0.0.0/0', natGatewayId: NAT, natSubnetId: 'subnet-0b00000000000pub', natRouteTableId: 'rtb-0b0000000000public'},
          resourceId: NAT,
          message: `${NAT} is a public NAT gateway in subnet-0b00000000000pub, but its route table rtb-0b0000000000public has no 0.0.0.0/0 route: it cannot reach the internet`,
        },
      ],
    },
    {
      name: 'NAT gateway not in the data',
      snapshot: natNotInData(),
      findings: [
        {
          messageId: 'unhealthyNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', cidr: '0.0.0.0/0', natGatewayId: NAT},
          resourceId: NAT,
          message: `${NAT} is not in the NAT gateway data`,
        },
      ],
    },
  ],
  notEvaluated: [{name: 'NAT gateways file absent', snapshot: natFileMissing(), reason: 'missing: ec2-describe-nat-gateways'}],
})
