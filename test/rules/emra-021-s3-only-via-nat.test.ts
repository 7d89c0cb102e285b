import rule from '../../src/analysis/rules/routing/emra-021-s3-only-via-nat.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, routeTableById} from '../support/topologies.js'

const RTB = 'rtb-0b000000000private'

type Route = {DestinationCidrBlock?: string; DestinationPrefixListId?: string}

function natOnly() {
  const snapshot = privateTopology()
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => !route.DestinationPrefixListId)
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints = []
  return snapshot
}

function endpointNotAssociated() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints[0].RouteTableIds = []
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => !route.DestinationPrefixListId)
  return snapshot
}

function noPathAtAll() {
  const snapshot = natOnly()
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: Route) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology (S3 gateway endpoint)', snapshot: privateTopology()},
    {
      name: 'S3 gateway endpoint, NAT gateways file absent',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-nat-gateways']
        return snapshot
      })(),
    },
  ],
  invalid: [
    {
      name: 'no S3 endpoint, NAT default route',
      snapshot: natOnly(),
      findings: [
        {
          messageId: 's3ViaNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', natGatewayId: 'nat-0b00000000000001'},
          resourceId: RTB,
          message: `S3 traffic of cluster ${CLUSTER_ID} from subnet-0b0000000000priv leaves through NAT gateway nat-0b00000000000001 (0.0.0.0/0 in route table ${RTB}): vpc-0b000000000000001 has no VPC endpoint for com.amazonaws.us-east-1.s3.`,
        },
      ],
    },
    {
      name: 'S3 gateway endpoint not associated with the cluster route table',
      snapshot: endpointNotAssociated(),
      findings: [
        {
          messageId: 's3ViaNat',
          data: {routeTableId: RTB, subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', natGatewayId: 'nat-0b00000000000001', endpointId: 'vpce-0s3000000000000001'},
          resourceId: RTB,
          message: `gateway endpoint vpce-0s3000000000000001 is associated with no route table, not with ${RTB}`,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no S3 endpoint, NAT gateways file absent',
      snapshot: (() => {
        const snapshot = natOnly()
        delete snapshot['ec2-describe-nat-gateways']
        return snapshot
      })(),
      reason: 'missing: ec2-describe-nat-gateways in test-snapshot.json (cannot check nat-0b00000000000001)',
      dataset: 'natGateways',
    },
  ],
  notApplicable: [
    {name: 'no route to S3 at all', snapshot: noPathAtAll(), reason: 'has no route to S3 at all (see EMRA-020)'},
    {name: 'public topology', snapshot: publicTopology(), reason: 'applies to private'},
  ],
})
