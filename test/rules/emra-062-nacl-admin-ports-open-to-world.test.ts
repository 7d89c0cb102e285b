import rule from '../../src/analysis/rules/network-acls/emra-062-nacl-admin-ports-open-to-world.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

/** The reference ACL turned into a custom (non-default) one, optionally with extra entries first. */
function custom(make: () => Snapshot, ...entries: object[]): Snapshot {
  const snapshot = make()
  const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
  acl.IsDefault = false
  acl.NetworkAclId = 'acl-0c000000000custom'
  acl.Entries.unshift(...entries)
  return snapshot
}

const deny = (number: number, port: number, cidr = '0.0.0.0/0') => ({CidrBlock: cidr, Egress: false, Protocol: '6', PortRange: {From: port, To: port}, RuleAction: 'deny', RuleNumber: number})
/** The inbound return-traffic entry AWS documents for custom ACLs (and EMRA-061 requires). */
const returnRange = (number: number) => ({CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: {From: 1024, To: 65535}, RuleAction: 'allow', RuleNumber: number})
const allowRdp = {CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: {From: 3389, To: 3389}, RuleAction: 'allow', RuleNumber: 40}
const allowSsh = {CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'allow', RuleNumber: 50}

testRule(rule, {
  valid: [
    {name: 'public reference topology (default ACL)', snapshot: publicTopology()},
    {name: 'private reference topology (default ACL allows all, not judged)', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {
      name: 'a public /24 denied SSH before the allow: not every internet source gets in',
      snapshot: custom(publicTopology, deny(10, 22, '198.51.99.0/24'), deny(11, 3389)),
    },
    {name: 'custom ACL denies 22 and 3389 from the world before allowing the rest', snapshot: custom(publicTopology, deny(10, 22), deny(11, 3389))},
    {
      // https://docs.aws.amazon.com/vpc/latest/userguide/nacl-examples.html: inbound TCP 1024-65535 from 0.0.0.0/0 for responses.
      name: 'only the documented return range 1024-65535 from the world (RDP 3389 inside it is not an admin opening)',
      snapshot: custom(publicTopology, deny(10, 22), returnRange(20), deny(30, 3389)),
    },
  ],
  invalid: [
    {
      name: 'an explicit RDP allow from the world beside the return range',
      snapshot: custom(publicTopology, deny(10, 22), allowRdp, returnRange(50), deny(60, 3389)),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {naclId: 'acl-0c000000000custom', port: 3389, ruleNumber: 40, cidr: '0.0.0.0/0'},
          message: /allows RDP \(TCP 3389\) from the whole internet by rule 40 \(allow TCP port 3389 from 0\.0\.0\.0\/0\)\.$/,
        },
      ],
    },
    {
      // An internet gateway never delivers private sources: an anti-spoofing deny does not close the port.
      name: 'anti-spoofing denies for RFC 1918 before the allow-all',
      snapshot: custom(publicTopology, deny(10, 22, '10.0.0.0/8'), deny(11, 22, '172.16.0.0/12'), deny(12, 22, '192.168.0.0/16'), deny(13, 3389)),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {port: 22, ports: '22', ruleNumber: 100, cidr: '0.0.0.0/0'},
          message: /allows SSH \(TCP 22\) from the whole internet by rule 100 \(allow all traffic from 0\.0\.0\.0\/0\)\.$/,
        },
      ],
    },
    {
      name: 'SSH allowed from two /1 entries',
      snapshot: custom(publicTopology, {...allowSsh, CidrBlock: '0.0.0.0/1', RuleNumber: 20}, {...allowSsh, CidrBlock: '128.0.0.0/1', RuleNumber: 21}, deny(30, 22), deny(31, 3389)),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {port: 22, ruleNumber: 20, cidr: '0.0.0.0/1'},
          message: 'SSH (TCP 22) from the whole internet by rule 20 (allow TCP port 22 from 0.0.0.0/1) and rule 21 (allow TCP port 22 from 128.0.0.0/1).',
        },
      ],
    },
    {
      name: 'IPv6 SSH allow after the IPv4 deny',
      snapshot: custom(publicTopology, deny(10, 22), deny(11, 3389), {Ipv6CidrBlock: '::/0', Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'allow', RuleNumber: 12}),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {port: 22, ruleNumber: 12, cidr: '::/0'},
          message: 'SSH (TCP 22) from the whole internet by rule 12 (allow TCP port 22 from ::/0)',
        },
      ],
    },
    {
      name: 'custom allow-all ACL on the cluster and bastion subnets',
      snapshot: custom(privateTopology),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {naclId: 'acl-0c000000000custom', subnetId: 'subnet-0b0000000000priv', ports: '22, 3389', ruleNumber: 100},
          message:
            "Network ACL acl-0c000000000custom on the cluster subnet subnet-0b0000000000priv and the bastion i-0000000000000b001's subnet subnet-0b00000000000pub allows SSH (TCP 22) from the whole internet by rule 100 (allow all traffic from 0.0.0.0/0); RDP (TCP 3389) from the whole internet by rule 100",
        },
      ],
    },
    {
      name: 'explicit SSH allow; RDP denied first',
      snapshot: custom(publicTopology, allowSsh, deny(60, 3389)),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          messageId: 'adminPortsOpen',
          data: {port: 22, ruleNumber: 50},
          message: /allows SSH \(TCP 22\) from the whole internet by rule 50 \(allow TCP port 22 from 0\.0\.0\.0\/0\)\.$/,
        },
      ],
    },
  ],
})
