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
const allowSsh = {CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'allow', RuleNumber: 50}

testRule(rule, {
  valid: [
    {name: 'public reference topology (default ACL)', snapshot: publicTopology()},
    {name: 'private reference topology (default ACL allows all, not judged)', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'custom ACL denies 22 and 3389 from the world before allowing the rest', snapshot: custom(publicTopology, deny(10, 22), deny(11, 3389))},
  ],
  invalid: [
    {
      name: 'custom allow-all ACL on the cluster and bastion subnets',
      snapshot: custom(privateTopology),
      findings: [
        {
          resourceId: 'acl-0c000000000custom',
          message:
            'Network ACL acl-0c000000000custom on the cluster subnet subnet-0b0000000000priv and the bastion i-0000000000000b001\'s subnet subnet-0b00000000000pub allows SSH (TCP 22) from the whole internet by rule 100 (allow all traffic from 0.0.0.0/0); RDP (TCP 3389) from the whole internet by rule 100',
        },
      ],
    },
    {
      name: 'explicit SSH allow; RDP denied first',
      snapshot: custom(publicTopology, allowSsh, deny(60, 3389)),
      findings: [{resourceId: 'acl-0c000000000custom', message: /allows SSH \(TCP 22\) from the whole internet by rule 50 \(allow TCP port 22 from 0\.0\.0\.0\/0\)\.$/}],
    },
  ],
})
