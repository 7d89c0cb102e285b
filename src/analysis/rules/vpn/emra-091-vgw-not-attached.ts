import {effectiveRoutes} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-091',
    title: 'Virtual private gateway not attached to the cluster VPC',
    severity: 'critical',
    topologies: ['vpn'],
    risk:
      'Traffic between on-premises networks and the VPC crosses a virtual private gateway attached to the VPC (or a transit gateway attachment). A gateway that the route table names but that is detached, or a VPC with neither, drops every packet to and from on-premises.',
    remediation: {
      summary: 'Attach the virtual private gateway to the cluster VPC (or attach the VPC to the transit gateway that carries the VPN).',
      cli: 'aws ec2 attach-vpn-gateway --vpn-gateway-id <vgw-id> --vpc-id <vpc-id>',
      cloudformation: 'Type: AWS::EC2::VPCGatewayAttachment\nProperties:\n  VpcId: !Ref Vpc\n  VpnGatewayId: !Ref VpnGateway',
    },
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
    needs: ['vpnGateways', 'routeTables', 'subnets'],
  },
  check(context) {
    const vpc = context.vpc()
    const subnet = context.subnet()
    const {model} = context
    const table = model.effectiveRouteTable(subnet.id)
    if (!table) return context.notEvaluated(`no route table for ${subnet.id} in ec2-describe-route-tables`)
    const named = new Map<string, string>()
    for (const route of effectiveRoutes(model, table)) {
      if (route.target.kind === 'vpn-gateway' && !named.has(route.target.id)) named.set(route.target.id, `${table.id} routes ${route.destinationCidr ?? route.destinationPrefixListId ?? '?'} to it`)
    }
    for (const id of table.propagatingVgwIds) if (!named.has(id)) named.set(id, `${table.id} propagates its routes`)
    for (const [id, why] of named) {
      const vgw = model.vpnGateways.get(id)
      if (!vgw) {
        context.report({resourceId: id, message: `${id} is not in ec2-describe-vpn-gateways (deleted?), yet ${why}: traffic to on-premises has nowhere to go.`, origin: table.origin})
        continue
      }
      if (vgw.attachments.some((a) => a.vpcId === vpc.id && a.state === 'attached')) continue
      const attachments = vgw.attachments.map((a) => `${a.vpcId} ${a.state}`).join(', ') || 'none'
      context.report({resourceId: vgw.id, message: `${vgw.id} is not attached to ${vpc.id} (attachments: ${attachments}), yet ${why}: on-premises traffic cannot enter or leave the VPC.`, origin: vgw.origin})
    }
    if (named.size > 0) return
    if (model.vpnGatewaysOf(vpc.id).some((vgw) => vgw.attachments.some((a) => a.vpcId === vpc.id && a.state === 'attached'))) return
    context.need('transitGatewayVpcAttachments')
    if (model.data.transitGatewayVpcAttachments.some((a) => a.vpcId === vpc.id && a.state === 'available')) return
    context.report({
      resourceId: vpc.id,
      message: `No virtual private gateway is attached to ${vpc.id} and it has no available transit gateway attachment: on-premises networks cannot reach the cluster.`,
      origin: vpc.origin,
    })
  },
})
