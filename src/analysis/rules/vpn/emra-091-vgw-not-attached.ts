import {effectiveRoutes} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import {subnetRouteTable} from '../routing/shared.js'
import remediation from './emra-091-vgw-not-attached.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-091',
    title: 'Virtual private gateway not attached to the cluster VPC',
    severity: 'critical',
    topologies: ['vpn'],
    description:
      "Checks that every virtual private gateway the cluster subnet's route table names (routes or propagation) is attached to the VPC, and that the VPC has an attached gateway or an available transit gateway attachment at all.",
    risk: 'Traffic between on-premises networks and the VPC crosses a virtual private gateway attached to the VPC (or a transit gateway attachment). A gateway that the route table names but that is detached, or a VPC with neither, drops every packet to and from on-premises.',
    messages: {
      vgwNotFound: '{{vgwId}} is not in the VPN gateway data (deleted?), yet {{routeTableUse}}: traffic to on-premises has nowhere to go.',
      vgwDetached: '{{vgwId}} is not attached to {{vpcId}} (attachments: {{attachments}}), yet {{routeTableUse}}: on-premises traffic cannot enter or leave the VPC.',
      noGateway: 'No virtual private gateway is attached to {{vpcId}} and it has no available transit gateway attachment: on-premises networks cannot reach the cluster.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['vpnGateways', 'routeTables', 'subnets'],
  },
  check(context) {
    const vpc = context.vpc()
    const {table} = subnetRouteTable(context)
    const {model} = context
    const named = new Map<string, string>()
    for (const route of effectiveRoutes(model, table)) {
      if (route.target.kind === 'vpn-gateway' && !named.has(route.target.id)) named.set(route.target.id, `${table.id} routes ${route.destinationCidr ?? route.destinationPrefixListId ?? '?'} to it`)
    }
    for (const id of table.propagatingVgwIds) if (!named.has(id)) named.set(id, `${table.id} propagates its routes`)
    for (const [id, why] of named) {
      const vgw = model.vpnGateways.get(id)
      if (!vgw) {
        context.report({resourceId: id, messageId: 'vgwNotFound', data: {vgwId: id, vpcId: vpc.id, routeTableId: table.id, routeTableUse: why}, origin: table.origin})
        continue
      }
      if (vgw.attachments.some((a) => a.vpcId === vpc.id && a.state === 'attached')) continue
      const attachments = vgw.attachments.map((a) => `${a.vpcId} ${a.state}`).join(', ') || 'none'
      context.report({resourceId: vgw.id, messageId: 'vgwDetached', data: {vgwId: vgw.id, vpcId: vpc.id, routeTableId: table.id, attachments, routeTableUse: why}, origin: vgw.origin})
    }
    if (named.size > 0) return
    if (model.vpnGatewaysOf(vpc.id).some((vgw) => vgw.attachments.some((a) => a.vpcId === vpc.id && a.state === 'attached'))) return
    context.need('transitGatewayVpcAttachments')
    if (model.data.transitGatewayVpcAttachments.some((a) => a.vpcId === vpc.id && a.state === 'available')) return
    context.report({resourceId: vpc.id, messageId: 'noGateway', data: {vpcId: vpc.id}, origin: vpc.origin})
  },
})
