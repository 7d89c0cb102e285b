import rule from '../../src/analysis/rules/routing/emra-010-topology-mismatch.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

function noRouteTables() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-route-tables'].RouteTables = []
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private, topology auto', snapshot: privateTopology()},
    {name: 'public, topology auto', snapshot: publicTopology()},
    {name: 'VPN, topology auto', snapshot: vpnTopology()},
    {name: 'private, declared private', snapshot: privateTopology(), topology: 'private'},
    {name: 'public, declared public', snapshot: publicTopology(), topology: 'public'},
    {name: 'VPN, declared vpn', snapshot: vpnTopology(), topology: 'vpn'},
  ],
  invalid: [
    {
      name: 'private subnet declared public',
      snapshot: privateTopology(),
      topology: 'public',
      findings: [
        {
          messageId: 'foundPrivateNotPublic',
          data: {clusterId: CLUSTER_ID, subnetId: 'subnet-0b0000000000priv', declared: 'public', found: 'private', routeTableId: 'rtb-0b000000000private'},
          resourceId: 'subnet-0b0000000000priv',
          message: `Cluster ${CLUSTER_ID}'s subnet subnet-0b0000000000priv was declared public, but the data shows private: route table rtb-0b000000000private has no internet gateway default route (0.0.0.0/0 → nat-0b00000000000001)`,
        },
      ],
    },
    {
      name: 'public subnet declared private',
      snapshot: publicTopology(),
      topology: 'private',
      findings: [
        {
          messageId: 'foundPublic',
          data: {subnetId: 'subnet-0a00000000000pub', declared: 'private', found: 'public', routeTableId: 'rtb-0a0000000000public'},
          resourceId: 'subnet-0a00000000000pub',
          message: 'declared private, but the data shows public: route table rtb-0a0000000000public sends 0.0.0.0/0 to igw-0a00000000000001',
        },
      ],
    },
    {
      name: 'public subnet declared vpn',
      snapshot: publicTopology(),
      topology: 'vpn',
      findings: [{messageId: 'foundPublic', data: {declared: 'vpn', found: 'public'}, resourceId: 'subnet-0a00000000000pub', message: 'declared vpn, but the data shows public'}],
    },
    {
      name: 'VPN subnet declared private (both private to EMR)',
      snapshot: vpnTopology(),
      topology: 'private',
      findings: [
        {
          messageId: 'foundVpn',
          data: {declared: 'private', found: 'vpn'},
          resourceId: 'subnet-0b0000000000priv',
          severity: 'low',
          message: /declared private, but the data shows vpn: .*192\.168\.10\.0\/24 → vgw-0b00000000000001/,
        },
      ],
    },
    {
      name: 'private subnet declared vpn, no on-premises route',
      snapshot: privateTopology(),
      topology: 'vpn',
      findings: [{messageId: 'foundNoVpn', data: {declared: 'vpn', found: 'private'}, resourceId: 'subnet-0b0000000000priv', severity: 'low', message: 'no route to on-premises networks was found'}],
    },
  ],
  notEvaluated: [
    {name: 'no route table in effect', snapshot: noRouteTables(), topology: 'private', reason: 'the route table in effect for subnet-0b0000000000priv'},
    {
      name: 'route tables file absent',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-route-tables']
        return snapshot
      })(),
      reason: 'missing: ec2-describe-route-tables',
    },
  ],
})
