import rule from '../../src/analysis/rules/vpn/emra-091-vgw-not-attached.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, routeTableById, vpnTopology} from '../support/topologies.js'

/** The VPN topology on a transit gateway instead of the VGW. */
function viaTransitGateway(state = 'available'): Snapshot {
  const snapshot = vpnTopology()
  const table = routeTableById(snapshot, 'rtb-0b000000000private')
  const route = table.Routes.find((r: {GatewayId?: string}) => r.GatewayId === 'vgw-0b00000000000001')
  delete route.GatewayId
  route.TransitGatewayId = 'tgw-0b00000000000001'
  snapshot['ec2-describe-vpn-gateways'].VpnGateways = []
  snapshot['ec2-describe-transit-gateway-vpc-attachments'].TransitGatewayVpcAttachments = [
    {
      TransitGatewayAttachmentId: 'tgw-attach-0b0000000001',
      TransitGatewayId: 'tgw-0b00000000000001',
      VpcId: 'vpc-0b000000000000001',
      VpcOwnerId: '123456789012',
      State: state,
      SubnetIds: ['subnet-0b0000000000priv'],
    },
  ]
  return snapshot
}

function vgwAttachment(state: string): Snapshot {
  const snapshot = vpnTopology()
  snapshot['ec2-describe-vpn-gateways'].VpnGateways[0].VpcAttachments[0].State = state
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'VPC reached through a transit gateway attachment', snapshot: viaTransitGateway()},
  ],
  invalid: [
    {
      name: 'VGW detached',
      snapshot: vgwAttachment('detached'),
      findings: [
        {
          messageId: 'vgwDetached',
          data: {vgwId: 'vgw-0b00000000000001', vpcId: 'vpc-0b000000000000001', routeTableId: 'rtb-0b000000000private'},
          resourceId: 'vgw-0b00000000000001',
          message: 'vgw-0b00000000000001 is not attached to vpc-0b000000000000001 (attachments: vpc-0b000000000000001 detached), yet rtb-0b000000000private routes 192.168.10.0/24 to it',
        },
      ],
    },
    {
      name: 'route table names a VGW that does not exist',
      snapshot: (() => {
        const snapshot = vpnTopology()
        snapshot['ec2-describe-vpn-gateways'].VpnGateways = []
        return snapshot
      })(),
      findings: [{messageId: 'vgwNotFound', data: {vgwId: 'vgw-0b00000000000001', vpcId: 'vpc-0b000000000000001'}, resourceId: 'vgw-0b00000000000001', message: 'is not in the VPN gateway data'}],
    },
    {
      name: 'declared VPN but neither VGW nor transit gateway',
      snapshot: privateTopology(),
      topology: 'vpn',
      findings: [{messageId: 'noGateway', data: {vpcId: 'vpc-0b000000000000001'}, resourceId: 'vpc-0b000000000000001', message: 'No virtual private gateway is attached to vpc-0b000000000000001'}],
    },
  ],
})
