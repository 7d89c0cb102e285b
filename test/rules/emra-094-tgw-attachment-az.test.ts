import rule from '../../src/analysis/rules/vpn/emra-094-tgw-attachment-az.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, routeTableById, vpnTopology} from '../support/topologies.js'

const TGW = 'tgw-0b00000000000001'
const ATTACHMENT = 'tgw-attach-0b0000000001'

/** The VPN topology on a transit gateway; `attachment` overrides the attachment's fields (null: none). */
function viaTransitGateway(attachment: Record<string, unknown> | null = {}, change: (snapshot: Snapshot) => void = () => {}): Snapshot {
  const snapshot = vpnTopology()
  const route = routeTableById(snapshot, 'rtb-0b000000000private').Routes.find((r: {GatewayId?: string}) => r.GatewayId === 'vgw-0b00000000000001')
  delete route.GatewayId
  route.TransitGatewayId = TGW
  snapshot['ec2-describe-transit-gateway-vpc-attachments'].TransitGatewayVpcAttachments = attachment
    ? [
        {
          TransitGatewayAttachmentId: ATTACHMENT,
          TransitGatewayId: TGW,
          VpcId: 'vpc-0b000000000000001',
          VpcOwnerId: '123456789012',
          State: 'available',
          SubnetIds: ['subnet-0b0000000000priv'],
          ...attachment,
        },
      ]
    : []
  change(snapshot)
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'attachment has a subnet in the cluster AZ', snapshot: viaTransitGateway()},
    {
      name: 'attachment subnet is another subnet in the same AZ',
      snapshot: viaTransitGateway({SubnetIds: ['subnet-0b00000000000pub']}),
    },
  ],
  invalid: [
    {
      name: 'attachment only in another AZ',
      snapshot: viaTransitGateway({SubnetIds: ['subnet-0b00000000000pub']}, (s) => void (s['ec2-describe-subnets'].Subnets[0].AvailabilityZone = 'us-east-1b')),
      findings: [
        {
          messageId: 'zoneMissing',
          data: {attachmentId: ATTACHMENT, transitGatewayId: TGW, availabilityZone: 'us-east-1a', attachmentZones: 'us-east-1b', routeTableId: 'rtb-0b000000000private'},
          resourceId: ATTACHMENT,
          message: 'tgw-attach-0b0000000001 (tgw-0b00000000000001, routed 192.168.10.0/24 by rtb-0b000000000private) has subnets in us-east-1b but none in us-east-1a',
        },
      ],
    },
    {
      name: 'attachment pending',
      snapshot: viaTransitGateway({State: 'pending'}),
      findings: [
        {messageId: 'attachmentUnavailable', data: {attachmentId: ATTACHMENT, state: 'pending', transitGatewayId: TGW}, resourceId: ATTACHMENT, message: 'tgw-attach-0b0000000001 is pending'},
      ],
    },
    {
      name: 'no attachment to the VPC',
      snapshot: viaTransitGateway(null),
      findings: [
        {messageId: 'noAttachment', data: {transitGatewayId: TGW, vpcId: 'vpc-0b000000000000001'}, resourceId: TGW, message: 'tgw-0b00000000000001 has no attachment to vpc-0b000000000000001'},
      ],
    },
  ],
  notApplicable: [{name: 'VPN on a VGW (reference topology)', snapshot: vpnTopology(), reason: 'has no route to a transit gateway'}],
  notEvaluated: [
    {
      name: 'attachments not collected',
      snapshot: viaTransitGateway({}, (s) => void delete s['ec2-describe-transit-gateway-vpc-attachments']),
      reason: 'missing: ec2-describe-transit-gateway-vpc-attachments',
    },
  ],
})
