import rule from '../../src/analysis/rules/vpn/emra-090-vpn-tunnels-down.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

function editConnection(change: (connection: any) => void): Snapshot {
  const snapshot = vpnTopology()
  change(snapshot['ec2-describe-vpn-connections'].VpnConnections[0])
  return snapshot
}

const down = (tunnel: any) => Object.assign(tunnel, {Status: 'DOWN', StatusMessage: 'IPSEC IS DOWN'})

testRule(rule, {
  valid: [
    {name: 'VPN reference topology (both tunnels UP)', snapshot: vpnTopology()},
    {name: 'no telemetry: judged by state', snapshot: editConnection((c) => void (c.VgwTelemetry = []))},
  ],
  invalid: [
    {
      name: 'one tunnel down',
      snapshot: editConnection((c) => void down(c.VgwTelemetry[1])),
      findings: [
        {
          messageId: 'tunnelDown',
          data: {vpnConnectionId: 'vpn-0b00000000000001', gatewayId: 'vgw-0b00000000000001', upCount: 1, tunnelCount: 2},
          resourceId: 'vpn-0b00000000000001',
          severity: 'medium',
          message: 'runs on 1 of 2 tunnels: tunnel 1 (52.0.0.1) UP (since 2024-01-01T00:00:00+00:00), tunnel 2 (52.0.0.2) DOWN (IPSEC IS DOWN, since',
        },
      ],
    },
    {
      name: 'both tunnels down',
      snapshot: editConnection((c) => c.VgwTelemetry.forEach(down)),
      findings: [
        {
          messageId: 'allTunnelsDown',
          data: {vpnConnectionId: 'vpn-0b00000000000001', upCount: 0},
          resourceId: 'vpn-0b00000000000001',
          severity: 'critical',
          message: 'VPN connection vpn-0b00000000000001 (via vgw-0b00000000000001) has no tunnel UP',
        },
      ],
    },
    {
      name: 'connection pending',
      snapshot: editConnection((c) => void (c.State = 'pending')),
      findings: [
        {
          messageId: 'connectionNotAvailable',
          data: {vpnConnectionId: 'vpn-0b00000000000001', state: 'pending'},
          resourceId: 'vpn-0b00000000000001',
          severity: 'critical',
          message: 'is pending, not available',
        },
      ],
    },
  ],
  notApplicable: [
    {name: 'public topology', snapshot: publicTopology(), reason: 'applies to vpn'},
    {name: 'declared VPN, but no VPN connection (Direct Connect?)', snapshot: privateTopology(), topology: 'vpn', reason: 'no Site-to-Site VPN connection'},
  ],
  notEvaluated: [
    {
      name: 'VPN connections not collected',
      snapshot: (() => {
        const snapshot = vpnTopology()
        delete snapshot['ec2-describe-vpn-connections']
        return snapshot
      })(),
      reason: 'missing: ec2-describe-vpn-connections',
    },
  ],
})
