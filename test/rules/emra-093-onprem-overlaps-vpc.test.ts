import rule from '../../src/analysis/rules/vpn/emra-093-onprem-overlaps-vpc.js'
import {testRule} from '../support/rule-tester.js'
import {ONPREM_CIDR, vpnTopology} from '../support/topologies.js'

testRule(rule, {
  valid: [
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'several distinct on-premises networks', snapshot: vpnTopology(), options: {onpremCidrs: [ONPREM_CIDR, '172.16.0.0/12', '10.2.0.0/16']}},
  ],
  invalid: [
    {
      name: 'on-premises 10.0.0.0/8 contains the VPC',
      snapshot: vpnTopology(),
      options: {onpremCidrs: [ONPREM_CIDR, '10.0.0.0/8']},
      findings: [
        {
          messageId: 'overlap',
          data: {vpcId: 'vpc-0b000000000000001', cidr: '10.0.0.0/8', vpcCidr: '10.1.0.0/16'},
          resourceId: 'vpc-0b000000000000001',
          message: 'On-premises networks (from the on-premises CIDRs given) overlap the CIDR blocks of vpc-0b000000000000001: 10.0.0.0/8 overlaps 10.1.0.0/16',
        },
      ],
    },
    {
      name: 'VPN static route overlaps the VPC',
      snapshot: (() => {
        const snapshot = vpnTopology()
        snapshot['ec2-describe-vpn-connections'].VpnConnections[0].Routes.push({DestinationCidrBlock: '10.1.128.0/17', Source: 'Static', State: 'available'})
        return snapshot
      })(),
      findings: [
        {
          messageId: 'overlap',
          data: {cidr: '10.1.128.0/17', vpcCidr: '10.1.0.0/16'},
          message: "(from the VPN connections' static routes) overlap the CIDR blocks of vpc-0b000000000000001: 10.1.128.0/17 overlaps 10.1.0.0/16",
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no on-premises CIDR known',
      snapshot: (() => {
        const snapshot = vpnTopology()
        snapshot['ec2-describe-vpn-connections'].VpnConnections[0].Routes = []
        return snapshot
      })(),
      reason: 'needs the on-premises CIDRs',
    },
  ],
})
