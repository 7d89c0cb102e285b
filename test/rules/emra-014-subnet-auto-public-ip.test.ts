import rule from '../../src/analysis/rules/routing/emra-014-subnet-auto-public-ip.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, vpnTopology, type Snapshot} from '../support/topologies.js'

function autoAssign(snapshot: Snapshot = privateTopology()) {
  snapshot['ec2-describe-subnets'].Subnets.find((subnet: {SubnetId: string}) => subnet.SubnetId === 'subnet-0b0000000000priv').MapPublicIpOnLaunch = true
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology', snapshot: privateTopology()},
    {name: 'VPN topology', snapshot: vpnTopology()},
  ],
  invalid: [
    {
      name: 'private cluster subnet auto-assigns public IPv4',
      snapshot: autoAssign(),
      findings: [
        {
          messageId: 'autoAssignsPublicIp',
          data: {subnetId: 'subnet-0b0000000000priv', cidr: '10.1.1.0/24', clusterId: CLUSTER_ID, topology: 'private'},
          resourceId: 'subnet-0b0000000000priv',
          message: `Subnet subnet-0b0000000000priv (10.1.1.0/24) of cluster ${CLUSTER_ID} has MapPublicIpOnLaunch=true`,
        },
      ],
    },
    {
      name: 'VPN cluster subnet auto-assigns public IPv4',
      snapshot: autoAssign(vpnTopology()),
      findings: [{messageId: 'autoAssignsPublicIp', data: {subnetId: 'subnet-0b0000000000priv', topology: 'vpn'}, resourceId: 'subnet-0b0000000000priv', message: 'audited as vpn'}],
    },
  ],
  notApplicable: [{name: 'public topology (MapPublicIpOnLaunch expected)', snapshot: publicTopology(), reason: 'applies to private, vpn'}],
})
