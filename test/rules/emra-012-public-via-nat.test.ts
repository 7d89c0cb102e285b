import rule from '../../src/analysis/rules/routing/emra-012-public-via-nat.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, routeTableById} from '../support/topologies.js'

function publicDefaultingThroughNat() {
  const snapshot = publicTopology()
  const table = routeTableById(snapshot, 'rtb-0a0000000000public')
  const route = table.Routes.find((candidate: {DestinationCidrBlock?: string}) => candidate.DestinationCidrBlock === '0.0.0.0/0')
  delete route.GatewayId
  route.NatGatewayId = 'nat-0a00000000000001'
  return snapshot
}

function natForSomeTraffic() {
  const snapshot = publicTopology()
  routeTableById(snapshot, 'rtb-0a0000000000public').Routes.push({DestinationCidrBlock: '198.51.100.0/24', NatGatewayId: 'nat-0a00000000000001', Origin: 'CreateRoute', State: 'active'})
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'public topology', snapshot: publicTopology()},
    {name: 'NAT gateway for a more specific route only', snapshot: natForSomeTraffic()},
  ],
  invalid: [
    {
      name: 'declared public, 0.0.0.0/0 through NAT',
      snapshot: publicDefaultingThroughNat(),
      topology: 'public',
      findings: [
        {
          messageId: 'defaultRouteViaNat',
          data: {routeTableId: 'rtb-0a0000000000public', subnetId: 'subnet-0a00000000000pub', natGatewayId: 'nat-0a00000000000001', clusterId: CLUSTER_ID},
          resourceId: 'rtb-0a0000000000public',
          message: `Route table rtb-0a0000000000public of public subnet subnet-0a00000000000pub (cluster ${CLUSTER_ID}) sends 0.0.0.0/0 to NAT gateway nat-0a00000000000001`,
        },
      ],
    },
    {
      name: 'private topology declared public',
      snapshot: privateTopology(),
      topology: 'public',
      findings: [
        {
          messageId: 'defaultRouteViaNat',
          data: {routeTableId: 'rtb-0b000000000private', natGatewayId: 'nat-0b00000000000001'},
          resourceId: 'rtb-0b000000000private',
          message: 'NAT gateway nat-0b00000000000001',
        },
      ],
    },
  ],
  notApplicable: [{name: 'private topology', snapshot: privateTopology(), reason: 'applies to public'}],
})
