import {effectiveRoutes, routeDestination} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import {subnetRouteTable} from '../routing/shared.js'
import remediation from './emra-094-tgw-attachment-az.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-094',
    title: "Transit gateway attachment unavailable or missing the cluster's Availability Zone",
    severity: 'critical',
    topologies: ['vpn'],
    description:
      "Checks each transit gateway the cluster subnet's route table routes to: it must have an available VPC attachment to the cluster VPC with a subnet in the cluster subnet's Availability Zone.",
    risk: "A transit gateway delivers traffic into a VPC, and accepts traffic from it, only in the Availability Zones where its VPC attachment has a subnet. If the attachment is not available or has no subnet in the cluster subnet's zone, traffic between on-premises and the cluster is dropped (Reachability Analyzer TGW_ROUTE_AZ_RESTRICTION).",
    messages: {
      noAttachment: '{{routeTableId}} routes {{destinations}} to {{transitGatewayId}}, but {{transitGatewayId}} has no attachment to {{vpcId}}: the traffic is dropped.',
      attachmentUnavailable: '{{attachmentStates}}: {{transitGatewayId}} (routed {{destinations}} by {{routeTableId}}) has no available attachment to {{vpcId}}.',
      zoneMissing:
        '{{attachmentId}} ({{transitGatewayId}}, routed {{destinations}} by {{routeTableId}}) has subnets in {{attachmentZones}} but none in {{availabilityZone}}, where the cluster subnet {{subnetId}} is: traffic between on-premises and the cluster is dropped (TGW_ROUTE_AZ_RESTRICTION).',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html',
    needs: ['routeTables', 'subnets'],
  },
  check(context) {
    const {subnet, table} = subnetRouteTable(context)
    const {model} = context
    const routes = effectiveRoutes(model, table).filter((route) => route.target.kind === 'transit-gateway')
    if (routes.length === 0) return context.notApplicable(`the cluster subnet's route table ${table.id} has no route to a transit gateway`)
    context.need('transitGatewayVpcAttachments')
    for (const tgwId of [...new Set(routes.map((route) => route.target.id))]) {
      const via = routes
        .filter((route) => route.target.id === tgwId)
        .map(routeDestination)
        .join(', ')
      const data = {routeTableId: table.id, transitGatewayId: tgwId, vpcId: subnet.vpcId, subnetId: subnet.id, availabilityZone: subnet.availabilityZone, destinations: via}
      const attachments = model.data.transitGatewayVpcAttachments.filter((a) => a.transitGatewayId === tgwId && a.vpcId === subnet.vpcId)
      if (attachments.length === 0) {
        context.report({resourceId: tgwId, messageId: 'noAttachment', data, origin: table.origin})
        continue
      }
      const available = attachments.filter((a) => a.state === 'available')
      if (available.length === 0) {
        const first = attachments[0]!
        const attachmentStates = attachments.map((a) => `${a.id} is ${a.state}`).join(', ')
        context.report({resourceId: first.id, messageId: 'attachmentUnavailable', data: {...data, attachmentId: first.id, state: first.state, attachmentStates}, origin: first.origin})
        continue
      }
      const zoneOf = (id: string): string | undefined => model.subnets.get(id)?.availabilityZone
      if (available.some((a) => a.subnetIds.some((id) => zoneOf(id) === subnet.availabilityZone))) continue
      const unknown = available.flatMap((a) => a.subnetIds.filter((id) => !zoneOf(id)))
      if (unknown.length > 0) return context.lacking('subnets', `the Availability Zones of ${unknown.join(', ')}, subnets of the ${tgwId} attachment`)
      const attachment = available[0]!
      const zones = [...new Set(available.flatMap((a) => a.subnetIds.map((id) => zoneOf(id)!)))].join(', ') || 'none'
      context.report({resourceId: attachment.id, messageId: 'zoneMissing', data: {...data, attachmentId: attachment.id, attachmentZones: zones}, origin: attachment.origin})
    }
  },
})
