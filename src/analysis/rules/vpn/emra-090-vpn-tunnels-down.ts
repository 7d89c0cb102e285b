import type {VpnTunnel} from '../../../model/types.js'
import {defineRule} from '../rule.js'
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
    risk:
      'On-premises clients reach the cluster through the Site-to-Site VPN connection. A connection that is not available, or whose two tunnels are both DOWN, carries no traffic at all; with one tunnel DOWN traffic still flows but without redundancy, so the next AWS tunnel maintenance cuts access (Security Hub control EC2.20).',
    remediation: {
      summary: 'Check the customer gateway device: IKE/IPsec settings, pre-shared keys, BGP sessions and that it brings up both tunnels; re-apply the configuration AWS generates for the device.',
      cli:
        'aws ec2 describe-vpn-connections --vpn-connection-ids <vpn-connection-id> --query "VpnConnections[].VgwTelemetry"\n' +
        'aws ec2 get-vpn-connection-device-sample-configuration --vpn-connection-id <vpn-connection-id> --vpn-connection-device-type-id <device-type-id>',
    },
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
      if (connection.state !== 'available') {
        context.report({
          resourceId: connection.id,
          message: `VPN connection ${connection.id} (via ${via}) is ${connection.state || 'in an unknown state'}, not available${tunnels ? `; ${tunnels}` : ''}: it carries no traffic from on-premises.`,
          origin: connection.origin,
        })
      } else if (connection.tunnels.length > 0 && up.length === 0) {
        context.report({
          resourceId: connection.id,
          message: `VPN connection ${connection.id} (via ${via}) has no tunnel UP: ${tunnels}. On-premises clients cannot reach the cluster.`,
          origin: connection.origin,
        })
      } else if (up.length < connection.tunnels.length) {
        context.report({
          resourceId: connection.id,
          severity: 'medium',
          message: `VPN connection ${connection.id} (via ${via}) runs on ${up.length} of ${connection.tunnels.length} tunnels: ${tunnels}. Traffic has no redundancy; tunnel maintenance will cut on-premises access.`,
          origin: connection.origin,
        })
      }
    }
  },
})
