import rule from '../../src/analysis/rules/dns/emra-005-cidr-rfc1918.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, vpnTopology, type Snapshot} from '../support/topologies.js'

const VPC = 'vpc-0b000000000000001'

/** Re-addresses the private topology's VPC to 100.64.0.0/16 (RFC 6598, allowed by VPC, not RFC 1918). */
function sharedAddressSpace() {
  const snapshot = privateTopology()
  const vpc = snapshot['ec2-describe-vpcs'].Vpcs[0]
  vpc.CidrBlock = '100.64.0.0/16'
  vpc.CidrBlockAssociationSet[0].CidrBlock = '100.64.0.0/16'
  const subnets = snapshot['ec2-describe-subnets'].Subnets
  subnets[0].CidrBlock = '100.64.0.0/24'
  subnets[1].CidrBlock = '100.64.1.0/24'
  return snapshot
}

function secondaryBlock(snapshot: Snapshot = privateTopology()) {
  snapshot['ec2-describe-vpcs'].Vpcs[0].CidrBlockAssociationSet.push({AssociationId: 'vpc-cidr-assoc-2', CidrBlock: '100.64.0.0/16', CidrBlockState: {State: 'associated'}})
  return snapshot
}

/** The VPC alone: no EMR cluster documents, so the audit scope is the VPC. */
function vpcWithoutClusters(snapshot: Snapshot) {
  for (const key of Object.keys(snapshot)) if (key.startsWith('emr-')) delete snapshot[key]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology in 10.1.0.0/16', snapshot: privateTopology()},
    {name: 'public topology in 10.0.0.0/16', snapshot: publicTopology()},
    {name: 'VPN topology', snapshot: vpnTopology()},
    {name: 'VPC without clusters in 10.1.0.0/16', snapshot: vpcWithoutClusters(privateTopology())},
  ],
  invalid: [
    {
      name: 'cluster subnet in 100.64.0.0/10',
      snapshot: sharedAddressSpace(),
      findings: [
        {
          messageId: 'subnetOutside',
          data: {subnetId: 'subnet-0b0000000000priv', cidr: '100.64.1.0/24', clusterId: CLUSTER_ID},
          resourceId: 'subnet-0b0000000000priv',
          message: `Cluster ${CLUSTER_ID} runs in subnet-0b0000000000priv (100.64.1.0/24), outside the RFC 1918 ranges`,
        },
      ],
    },
    {
      name: 'secondary VPC block outside RFC 1918, cluster subnet inside',
      snapshot: secondaryBlock(),
      findings: [{messageId: 'otherVpcBlockOutside', data: {vpcId: VPC, cidr: '100.64.0.0/16'}, resourceId: VPC, severity: 'low', message: `${VPC} also has CIDR block 100.64.0.0/16`}],
    },
    {
      name: 'VPC without clusters, block outside RFC 1918',
      snapshot: vpcWithoutClusters(secondaryBlock()),
      findings: [{messageId: 'vpcBlockOutside', data: {vpcId: VPC, cidr: '100.64.0.0/16'}, resourceId: VPC, message: `${VPC} has CIDR block 100.64.0.0/16, outside the RFC 1918 ranges`}],
    },
  ],
  notEvaluated: [
    {
      name: 'subnets file absent',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-subnets']
        return snapshot
      })(),
      reason: 'missing: ec2-describe-subnets',
    },
  ],
})
