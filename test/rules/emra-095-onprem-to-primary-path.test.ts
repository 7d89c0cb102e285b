import rule from '../../src/analysis/rules/vpn/emra-095-onprem-to-primary-path.js'
import {testRule} from '../support/rule-tester.js'
import {ONPREM_CIDR, type Snapshot, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = vpnTopology()
  change(snapshot)
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'VPN reference topology (22 and UI ports from on-premises)', snapshot: vpnTopology()},
    {name: 'SSH not admitted, but YARN is', snapshot: edit((s) => void (securityGroup(s, 'emr-from-onprem').IpPermissions = [tcpFromCidr(8088, ONPREM_CIDR)]))},
    {name: 'on-premises CIDR given', snapshot: vpnTopology(), options: {onpremCidrs: [ONPREM_CIDR]}},
  ],
  invalid: [
    {
      name: 'no primary group admits on-premises clients',
      snapshot: edit((s) => void (securityGroup(s, 'emr-from-onprem').IpPermissions = [])),
      findings: [
        {
          messageId: 'unreachable',
          data: {cidr: '192.168.10.0/24', instanceId: 'i-0000000000000a001', port: 22, code: 'ENI_SG_RULES_MISMATCH'},
          message:
            /^On-premises clients in 192\.168\.10\.0\/24 \(from the VPN connections' static routes\) can reach neither SSH nor any web UI on the primary node i-0000000000000a001: TCP 22: .*do not allow TCP 22 from 192\.168\.10\.0\/24 \[ENI_SG_RULES_MISMATCH\]; every web UI port \(80, 8080/,
        },
      ],
    },
    {
      name: 'both tunnels down',
      snapshot: edit((s) => s['ec2-describe-vpn-connections'].VpnConnections[0].VgwTelemetry.forEach((t: {Status: string}) => (t.Status = 'DOWN'))),
      findings: [
        {
          messageId: 'unreachable',
          data: {cidr: '192.168.10.0/24', code: 'BAD_STATE_VPN'},
          resourceId: 'vgw-0b00000000000001',
          message: /TCP 22: no VPN connection on vgw-0b00000000000001 is up \[BAD_STATE_VPN\]/,
        },
      ],
    },
    {
      name: 'a second on-premises network the groups do not admit',
      snapshot: vpnTopology(),
      options: {onpremCidrs: [ONPREM_CIDR, '192.168.20.0/24']},
      findings: [{messageId: 'unreachable', data: {cidr: '192.168.20.0/24', cidrSource: 'the on-premises CIDRs given'}}],
    },
  ],
  notEvaluated: [{name: 'no on-premises CIDR known', snapshot: edit((s) => void (s['ec2-describe-vpn-connections'].VpnConnections[0].Routes = [])), reason: 'needs the on-premises CIDRs'}],
})
