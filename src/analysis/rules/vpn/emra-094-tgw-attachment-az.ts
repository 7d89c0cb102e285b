import {effectiveRoutes, routeDestination} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-094',
    title: 'Transit gateway attachment unavailable or missing the cluster\'s Availability Zone',
    severity: 'critical',
    topologies: ['vpn'],
    risk:
      'A transit gateway delivers traffic into a VPC, and accepts traffic from it, only in the Availability Zones where its VPC attachment has a subnet. If the attachment is not available or has no subnet in the cluster subnet\'s zone, traffic between on-premises and the cluster is dropped (Reachability Analyzer TGW_ROUTE_AZ_RESTRICTION).',
    remediation: {
      summary: 'Add a subnet in the cluster\'s Availability Zone to the transit gateway VPC attachment (or create the attachment), and wait until it is available.',
      cli: 'aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id <tgw-attach-id> --add-subnet-ids <subnet-id-in-cluster-az>',
      cloudformation:
        'Type: AWS::EC2::TransitGatewayVpcAttachment\nProperties:\n  TransitGatewayId: <tgw-id>\n  VpcId: !Ref Vpc\n  SubnetIds:\n    - !Ref AttachmentSubnetInClusterAz',
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html',
    needs: ['routeTables', 'subnets'],
  },
  check(context) {
    const subnet = context.subnet()
    const {model} = context
    const table = model.effectiveRouteTable(subnet.id)
    if (!table) return context.notEvaluated(`no route table for ${subnet.id} in ec2-describe-route-tables`)
    const routes = effectiveRoutes(model, table).filter((route) => route.target.kind === 'transit-gateway')
    if (routes.length === 0) return context.notApplicable(`the cluster subnet's route table ${table.id} has no route to a transit gateway`)
    context.need('transitGatewayVpcAttachments')
    for (const tgwId of [...new Set(routes.map((route) => route.target.id))]) {
      const via = routes.filter((route) => route.target.id === tgwId).map(routeDestination).join(', ')
      const attachments = model.data.transitGatewayVpcAttachments.filter((a) => a.transitGatewayId === tgwId && a.vpcId === subnet.vpcId)
      if (attachments.length === 0) {
        context.report({resourceId: tgwId, message: `${table.id} routes ${via} to ${tgwId}, but ${tgwId} has no attachment to ${subnet.vpcId}: the traffic is dropped.`, origin: table.origin})
        continue
      }
      const available = attachments.filter((a) => a.state === 'available')
      if (available.length === 0) {
        const first = attachments[0]!
        context.report({resourceId: first.id, message: `${attachments.map((a) => `${a.id} is ${a.state}`).join(', ')}: ${tgwId} (routed ${via} by ${table.id}) has no available attachment to ${subnet.vpcId}.`, origin: first.origin})
        continue
      }
      const zoneOf = (id: string): string | undefined => model.subnets.get(id)?.availabilityZone
      if (available.some((a) => a.subnetIds.some((id) => zoneOf(id) === subnet.availabilityZone))) continue
      const unknown = available.flatMap((a) => a.subnetIds.filter((id) => !zoneOf(id)))
      if (unknown.length > 0) return context.notEvaluated(`the subnets ${unknown.join(', ')} of the ${tgwId} attachment are not in ec2-describe-subnets: their Availability Zones are unknown`)
      const attachment = available[0]!
      const zones = [...new Set(available.flatMap((a) => a.subnetIds.map((id) => zoneOf(id)!)))].join(', ') || 'none'
      context.report({
        resourceId: attachment.id,
        message: `${attachment.id} (${tgwId}, routed ${via} by ${table.id}) has subnets in ${zones} but none in ${subnet.availabilityZone}, where the cluster subnet ${subnet.id} is: traffic between on-premises and the cluster is dropped (TGW_ROUTE_AZ_RESTRICTION).`,
        origin: attachment.origin,
      })
    }
  },
})
