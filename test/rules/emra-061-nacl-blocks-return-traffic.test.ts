import rule from '../../src/analysis/rules/network-acls/emra-061-nacl-blocks-return-traffic.js'
import {testRule} from '../support/rule-tester.js'
import {ADMIN_CIDR, type Snapshot, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

const entry = (number: number, egress: boolean, cidr: string, protocol = '-1', ports?: [number, number]) => ({
  CidrBlock: cidr,
  Egress: egress,
  Protocol: protocol,
  RuleAction: 'allow',
  RuleNumber: number,
  ...(ports ? {PortRange: {From: ports[0], To: ports[1]}} : {}),
})
const denyAll = (egress: boolean) => ({CidrBlock: '0.0.0.0/0', Egress: egress, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767})

/** A restrictive ACL as in examples/broken-nacl-blocks-return: only the VPC, and inbound well-known ports from anywhere. */
function restricted(make: () => Snapshot, vpcCidr: string): Snapshot {
  const snapshot = make()
  snapshot['ec2-describe-network-acls'].NetworkAcls[0].Entries = [entry(100, false, vpcCidr), entry(200, false, '0.0.0.0/0', '6', [0, 1023]), entry(100, true, vpcCidr), denyAll(true), denyAll(false)]
  return snapshot
}

/** The reference ACL plus entries that admit only the replies the cluster itself needs. */
function withOutboundLimitedToVpc(make: () => Snapshot, vpcCidr: string): Snapshot {
  const snapshot = make()
  snapshot['ec2-describe-network-acls'].NetworkAcls[0].Entries = [
    entry(100, false, '0.0.0.0/0'),
    entry(100, true, vpcCidr),
    entry(110, true, '0.0.0.0/0', '6', [443, 443]),
    denyAll(true),
    denyAll(false),
  ]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'public reference topology with the admin CIDR', snapshot: publicTopology(), options: {adminCidrs: [ADMIN_CIDR]}},
    {name: 'private reference topology with the admin CIDR', snapshot: privateTopology(), options: {adminCidrs: [ADMIN_CIDR]}},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'private topology: outbound limited to the VPC is fine without admin CIDRs (bastion is inside)', snapshot: withOutboundLimitedToVpc(privateTopology, '10.1.0.0/16')},
  ],
  invalid: [
    {
      name: 'private: replies from S3/NAT and to operators denied',
      snapshot: restricted(privateTopology, '10.1.0.0/16'),
      options: {adminCidrs: [ADMIN_CIDR]},
      findings: [
        {
          resourceId: 'acl-0b000000000000001',
          messageId: 'returnDenied',
          data: {naclId: 'acl-0b000000000000001', subnetId: 'subnet-0b0000000000priv', direction: 'inbound from', cidr: '0.0.0.0/0', client: 'aws', ruleNumber: 32767},
          message:
            'on subnet-0b0000000000priv does not allow TCP 1024-65535 inbound from 0.0.0.0/0, needed for replies from Amazon S3, the NAT gateway and AWS endpoints: it denies 0.0.0.0-10.0.255.255 ports 1024-65535 by rule * (deny all traffic from 0.0.0.0/0)',
        },
        {
          resourceId: 'acl-0b000000000000001',
          messageId: 'returnDenied',
          data: {subnetId: 'subnet-0b00000000000pub', direction: 'outbound to', cidr: '203.0.113.0/24', client: 'adminCidr'},
          message: "on subnet-0b00000000000pub does not allow TCP 1024-65535 outbound to 203.0.113.0/24, needed for the bastion's SSH replies to the admin range 203.0.113.0/24",
        },
      ],
    },
    {
      name: 'public: replies to the admin CIDR denied',
      snapshot: withOutboundLimitedToVpc(publicTopology, '10.0.0.0/16'),
      options: {adminCidrs: [ADMIN_CIDR]},
      findings: [
        {
          resourceId: 'acl-0a000000000000001',
          messageId: 'returnDenied',
          data: {naclId: 'acl-0a000000000000001', direction: 'outbound to', cidr: '203.0.113.0/24', client: 'adminCidr'},
          message: 'outbound to 203.0.113.0/24, needed for replies to SSH clients in the admin range 203.0.113.0/24',
        },
      ],
    },
    {
      name: 'VPN: replies to on-premises denied (CIDR from the VPN static routes)',
      snapshot: withOutboundLimitedToVpc(vpnTopology, '10.1.0.0/16'),
      findings: [
        {
          messageId: 'returnDenied',
          data: {direction: 'outbound to', cidr: '192.168.10.0/24', client: 'onprem'},
          message: "outbound to 192.168.10.0/24, needed for replies to on-premises clients in 192.168.10.0/24 (from the VPN connections' static routes)",
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no ACL for the subnet',
      snapshot: (() => {
        const snapshot = privateTopology()
        snapshot['ec2-describe-network-acls'].NetworkAcls = []
        return snapshot
      })(),
      reason: 'the network ACL of subnet-0b0000000000priv',
    },
  ],
})
