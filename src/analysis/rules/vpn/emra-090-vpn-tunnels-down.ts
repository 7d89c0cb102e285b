import type {VpnTunnel} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import remediation from './emra-090-vpn-tunnels-down.remediation.js'
import {transitGatewayIdsFor, vpnConnectionsFor, vpnGatewayIdsFor} from './shared.js'

function tunnelText(tunnel: VpnTunnel, index: number): string {
  const details = [tunnel.statusMessage, tunnel.lastStatusChange ? `since ${tunnel.lastStatusChange}` : undefined].filter(Boolean).join(', ')
  return `tunnel ${index + 1}${tunnel.outsideIpAddress ? ` (${tunnel.outsideIpAddress})` : ''} ${tunnel.status || 'UNKNOWN'}${details ? ` (${details})` : ''}`
}

export default defineRule({
  meta: {
    id: 'EMRA-090',
    title: 'Site-to-Site VPN connection not available or tunnels down',
    severity: 'critical',
    topologies: ['vpn'],
    description: 'Checks each Site-to-Site VPN connection on the gateways serving the cluster VPC: its state must be available and its tunnels UP.',
    risk: 'On-premises clients reach the cluster through the Site-to-Site VPN connection. A connection that is not available, or whose two tunnels are both DOWN, carries no traffic at all; with one tunnel DOWN traffic still flows but without redundancy, so the next AWS tunnel maintenance cuts access (Security Hub control EC2.20).',
    messages: {
      connectionNotAvailable: 'VPN connection {{vpnConnectionId}} (via {{gatewayId}}) is {{state}}, not available{{tunnelDetails}}: it carries no traffic from on-premises.',
      allTunnelsDown: 'VPN connection {{vpnConnectionId}} (via {{gatewayId}}) has no tunnel UP: {{tunnels}}. On-premises clients cannot reach the cluster.',
      tunnelDown:
        'VPN connection {{vpnConnectionId}} (via {{gatewayId}}) runs on {{upCount}} of {{tunnelCount}} tunnels: {{tunnels}}. Traffic has no redundancy; tunnel maintenance will cut on-premises access.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VgwTelemetry.html',
    needs: ['vpnConnections', 'vpnGateways'],
  },
  check(context) {
    const vpc = context.vpc()
    const {model} = context
    const table = context.scope.subnet ? model.effectiveRouteTable(context.scope.subnet.id) : undefined
    const connections = vpnConnectionsFor(model, vpc.id, table)
    if (connections.length === 0) {
      const gateways = [...vpnGatewayIdsFor(model, vpc.id, table), ...transitGatewayIdsFor(model, vpc.id, table)]
      return context.notApplicable(`no Site-to-Site VPN connection on ${gateways.length ? gateways.join(', ') : `a gateway of ${vpc.id}`} (Direct Connect, or not set up: see EMRA-091 and EMRA-092)`)
    }
    for (const connection of connections) {
      const via = connection.vpnGatewayId ?? connection.transitGatewayId ?? 'no gateway'
      const up = connection.tunnels.filter((tunnel) => tunnel.status === 'UP')
      const tunnels = connection.tunnels.map(tunnelText).join(', ')
      const data = {vpnConnectionId: connection.id, gatewayId: via, tunnelCount: connection.tunnels.length, upCount: up.length}
      if (connection.state !== 'available') {
        const state = connection.state || 'in an unknown state'
        context.report({resourceId: connection.id, messageId: 'connectionNotAvailable', data: {...data, state, tunnels, tunnelDetails: tunnels ? `; ${tunnels}` : ''}, origin: connection.origin})
      } else if (connection.tunnels.length > 0 && up.length === 0) {
        context.report({resourceId: connection.id, messageId: 'allTunnelsDown', data: {...data, tunnels}, origin: connection.origin})
      } else if (up.length < connection.tunnels.length) {
        context.report({resourceId: connection.id, severity: 'medium', messageId: 'tunnelDown', data: {...data, tunnels}, origin: connection.origin})
      }
    }
  },
})
