/** EMRA-090's fix. Templates: `{{vpnConnectionId}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Check the customer gateway device of {{vpnConnectionId}}: IKE/IPsec settings, pre-shared keys, BGP sessions and that it brings up both tunnels; re-apply the configuration AWS generates for the device.',
  cli: `aws ec2 describe-vpn-connections --vpn-connection-ids {{vpnConnectionId}} --query "VpnConnections[].VgwTelemetry"
aws ec2 get-vpn-connection-device-types
aws ec2 get-vpn-connection-device-sample-configuration --vpn-connection-id {{vpnConnectionId}} --vpn-connection-device-type-id <device-type-id>`,
  cloudformation: `# The tunnels come up from the customer gateway device; the template can pin both tunnels' options:
Type: AWS::EC2::VPNConnection
Properties:
  Type: ipsec.1
  CustomerGatewayId: !Ref CustomerGateway
  VpnGatewayId: !Ref VpnGateway
  VpnTunnelOptionsSpecifications:
    - PreSharedKey: !Ref Tunnel1PreSharedKey
    - PreSharedKey: !Ref Tunnel2PreSharedKey`,
  terraform: `# The tunnels come up from the customer gateway device; the resource pins both tunnels' options:
resource "aws_vpn_connection" "onprem" {
  type                  = "ipsec.1"
  customer_gateway_id   = aws_customer_gateway.onprem.id
  vpn_gateway_id        = aws_vpn_gateway.emr.id
  tunnel1_preshared_key = var.tunnel1_preshared_key
  tunnel2_preshared_key = var.tunnel2_preshared_key
}`,
  console: [
    'Open the VPC console, Site-to-Site VPN connections, and select {{vpnConnectionId}}.',
    "On the Tunnel details tab read each tunnel's status and status message.",
    'Choose Download configuration for your device and re-apply it so the device brings up both tunnels.',
  ],
} satisfies Remediation
