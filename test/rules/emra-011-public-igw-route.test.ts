import rule from '../../src/analysis/rules/routing/emra-011-public-igw-route.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, routeTableById} from '../support/topologies.js'

const IGW = 'igw-0a00000000000001'
const RTB = 'rtb-0a0000000000public'

function igwAttachments(attachments: {State: string; VpcId: string}[]) {
  const snapshot = publicTopology()
  snapshot['ec2-describe-internet-gateways'].InternetGateways[0].Attachments = attachments
  return snapshot
}

function igwMissing() {
  const snapshot = publicTopology()
  snapshot['ec2-describe-internet-gateways'].InternetGateways = []
  return snapshot
}

function blackholeDefault() {
  const snapshot = publicTopology()
  routeTableById(snapshot, RTB).Routes.find((route: {DestinationCidrBlock?: string}) => route.DestinationCidrBlock === '0.0.0.0/0').State = 'blackhole'
  return snapshot
}

function noDefaultRoute() {
  const snapshot = publicTopology()
  const table = routeTableById(snapshot, RTB)
  table.Routes = table.Routes.filter((route: {DestinationCidrBlock?: string}) => route.DestinationCidrBlock !== '0.0.0.0/0')
  return snapshot
}

function igwFileMissing() {
  const snapshot = publicTopology()
  delete snapshot['ec2-describe-internet-gateways']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'public topology', snapshot: publicTopology()},
    {name: 'attachment reported as "attached"', snapshot: igwAttachments([{State: 'attached', VpcId: 'vpc-0a000000000000001'}])},
  ],
  invalid: [
    {
      name: 'internet gateway detached',
      snapshot: igwAttachments([]),
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001', internetGatewayId: IGW},
          resourceId: RTB,
          message: `Cluster ${CLUSTER_ID} is in public subnet subnet-0a00000000000pub, but route table ${RTB} sends 0.0.0.0/0 to ${IGW}; ${IGW} is not attached to vpc-0a000000000000001 (detached)`,
        },
      ],
    },
    {
      name: 'internet gateway attached to another VPC',
      snapshot: igwAttachments([{State: 'available', VpcId: 'vpc-0c000000000000009'}]),
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001'},
          resourceId: RTB,
          message: '(attached to vpc-0c000000000000009)',
        },
      ],
    },
    {
      name: 'attachment detaching',
      snapshot: igwAttachments([{State: 'detaching', VpcId: 'vpc-0a000000000000001'}]),
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001'},
          resourceId: RTB,
          message: 'attachment to vpc-0a000000000000001 is detaching, not available',
        },
      ],
    },
    {
      name: 'internet gateway not in the data',
      snapshot: igwMissing(),
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001'},
          resourceId: RTB,
          message: `${IGW} is not in the internet gateway data`,
        },
      ],
    },
    {
      name: 'no 0.0.0.0/0 route, declared public',
      snapshot: noDefaultRoute(),
      topology: 'public',
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001'},
          resourceId: RTB,
          message: `route table ${RTB} has no 0.0.0.0/0 route`,
        },
      ],
    },
    {
      name: 'blackhole default route, declared public',
      snapshot: blackholeDefault(),
      topology: 'public',
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: RTB, subnetId: 'subnet-0a00000000000pub', vpcId: 'vpc-0a000000000000001'},
          resourceId: RTB,
          message: `0.0.0.0/0 → ${IGW} in state blackhole`,
        },
      ],
    },
    {
      name: 'private subnet declared public (NAT default route)',
      snapshot: privateTopology(),
      topology: 'public',
      findings: [
        {
          messageId: 'noIgwDefaultRoute',
          data: {routeTableId: 'rtb-0b000000000private', subnetId: 'subnet-0b0000000000priv'},
          resourceId: 'rtb-0b000000000private',
          message: 'sends 0.0.0.0/0 to nat-0b00000000000001, not to an internet gateway',
        },
      ],
    },
  ],
  notEvaluated: [{name: 'internet gateways file absent', snapshot: igwFileMissing(), reason: 'missing: ec2-describe-internet-gateways', dataset: 'internetGateways'}],
  notApplicable: [{name: 'private topology', snapshot: privateTopology(), reason: 'applies to public'}],
})
