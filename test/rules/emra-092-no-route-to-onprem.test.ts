import rule from '../../src/analysis/rules/vpn/emra-092-no-route-to-onprem.js'
import {testRule} from '../support/rule-tester.js'
import {ONPREM_CIDR, type Snapshot, routeTableById, vpnTopology} from '../support/topologies.js'

const TABLE = 'rtb-0b000000000private'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = vpnTopology()
  change(snapshot)
  return snapshot
}

const withoutStaticRoute = (s: Snapshot) => {
  const table = routeTableById(s, TABLE)
  table.Routes = table.Routes.filter((r: {GatewayId?: string}) => r.GatewayId !== 'vgw-0b00000000000001')
  return table
}

testRule(rule, {
  valid: [
    {name: 'VPN reference topology (static route to the VGW)', snapshot: vpnTopology()},
    {name: 'on-premises CIDR given with --onprem-cidr', snapshot: vpnTopology(), options: {onpremCidrs: [ONPREM_CIDR]}},
    {name: 'route propagation from the VGW instead of a static route', snapshot: edit((s) => void (withoutStaticRoute(s).PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]))},
  ],
  invalid: [
    {
      name: 'static route removed: on-premises replies go to the NAT gateway',
      snapshot: edit((s) => void withoutStaticRoute(s)),
      topology: 'vpn',
      findings: [
        {
          messageId: 'routedElsewhere',
          data: {routeTableId: TABLE, subnetId: 'subnet-0b0000000000priv', cidr: '192.168.10.0/24', destination: '0.0.0.0/0', targetId: 'nat-0b00000000000001', vgwId: 'vgw-0b00000000000001'},
          resourceId: TABLE,
          message:
            "The route table rtb-0b000000000private of the cluster subnet subnet-0b0000000000priv routes 192.168.10.0/24 by 0.0.0.0/0 → nat-0b00000000000001, not to a virtual private gateway or transit gateway: replies to on-premises clients in 192.168.10.0/24 (from the VPN connections' static routes) never reach them.",
        },
      ],
    },
    {
      name: 'a second on-premises network without a route; one inside the VPC',
      snapshot: vpnTopology(),
      options: {onpremCidrs: [ONPREM_CIDR, '172.20.0.0/16', '10.1.200.0/24']},
      findings: [
        {
          messageId: 'routedElsewhere',
          data: {cidr: '172.20.0.0/16', targetId: 'nat-0b00000000000001', cidrSource: 'the on-premises CIDRs given'},
          message: 'routes 172.20.0.0/16 by 0.0.0.0/0 → nat-0b00000000000001',
        },
        {messageId: 'routedLocally', data: {cidr: '10.1.200.0/24', destination: '10.1.0.0/16'}, message: 'delivers 10.1.200.0/24 locally: it lies inside the VPC range 10.1.0.0/16'},
      ],
    },
    {
      name: 'blackhole route',
      topology: 'vpn',
      snapshot: edit((s) => void (routeTableById(s, TABLE).Routes.find((r: {GatewayId?: string}) => r.GatewayId === 'vgw-0b00000000000001').State = 'blackhole')),
      findings: [
        {
          messageId: 'routeInactive',
          data: {cidr: '192.168.10.0/24', targetId: 'vgw-0b00000000000001', state: 'blackhole'},
          message: 'routes 192.168.10.0/24 by 192.168.10.0/24 → vgw-0b00000000000001, which is blackhole',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no on-premises CIDRs given and no static VPN routes',
      snapshot: edit((s) => void (s['ec2-describe-vpn-connections'].VpnConnections[0].Routes = [])),
      reason: 'needs the on-premises CIDRs',
    },
  ],
})
