import rule from '../../src/analysis/rules/network-acls/emra-060-nacl-blocks-intra-vpc.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

function withEntries(make: () => Snapshot, ...entries: object[]): Snapshot {
  const snapshot = make()
  snapshot['ec2-describe-network-acls'].NetworkAcls[0].Entries.unshift(...entries)
  return snapshot
}

const entry = (number: number, egress: boolean, action: string, cidr: string, protocol = '-1', ports?: [number, number]) => ({
  CidrBlock: cidr,
  Egress: egress,
  Protocol: protocol,
  RuleAction: action,
  RuleNumber: number,
  ...(ports ? {PortRange: {From: ports[0], To: ports[1]}} : {}),
})

testRule(rule, {
  valid: [
    {name: 'public reference topology', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'a deny for addresses outside the VPC', snapshot: withEntries(privateTopology, entry(50, false, 'deny', '198.51.100.0/24'))},
  ],
  invalid: [
    {
      name: 'inbound deny from the public subnet',
      snapshot: withEntries(privateTopology, entry(50, false, 'deny', '10.1.0.0/24')),
      findings: [
        {
          resourceId: 'acl-0b000000000000001',
          messageId: 'vpcTrafficDenied',
          data: {naclId: 'acl-0b000000000000001', subnetId: 'subnet-0b0000000000priv', vpcId: 'vpc-0b000000000000001', cidr: '10.1.0.0/16', direction: 'inbound from', ruleNumber: 50},
          message:
            'Network ACL acl-0b000000000000001 (the default ACL of vpc-0b000000000000001) on the cluster subnet subnet-0b0000000000priv does not allow all traffic inbound from 10.1.0.0/16 (VPC CIDR of vpc-0b000000000000001): denies TCP 10.1.0.0/24 all ports by rule 50 (deny all traffic from 10.1.0.0/24); UDP 10.1.0.0/24 all ports by rule 50',
        },
      ],
    },
    {
      name: 'outbound UDP to the VPC denied on some ports, inbound TCP high ports denied',
      snapshot: withEntries(publicTopology, entry(40, true, 'deny', '10.0.0.0/16', '17', [5000, 6000]), entry(41, false, 'deny', '0.0.0.0/0', '6', [50000, 65535])),
      findings: [
        {
          resourceId: 'acl-0a000000000000001',
          messageId: 'vpcTrafficDenied',
          data: {cidr: '10.0.0.0/16', direction: 'inbound from', ruleNumber: 41},
          message: /inbound from 10\.0\.0\.0\/16 .*denies TCP 10\.0\.0\.0\/16 ports 50000-65535 by rule 41/,
        },
        {
          resourceId: 'acl-0a000000000000001',
          messageId: 'vpcTrafficDenied',
          data: {cidr: '10.0.0.0/16', direction: 'outbound to', ruleNumber: 40},
          message: /outbound to 10\.0\.0\.0\/16 .*denies UDP 10\.0\.0\.0\/16 ports 5000-6000 by rule 40/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'network ACLs not collected',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-network-acls']
        return snapshot
      })(),
      reason: 'ec2-describe-network-acls',
    },
  ],
})
