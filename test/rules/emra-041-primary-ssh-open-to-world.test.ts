import rule from '../../src/analysis/rules/security-groups/emra-041-primary-ssh-open-to-world.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'public reference topology (SSH from the admin CIDR only)', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {
      name: 'world-open SSH on the core group is not this rule (EMRA-040)',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-slave').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/0'))),
    },
    {name: 'world-open port other than 22', snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8088, '0.0.0.0/0')))},
  ],
  invalid: [
    {
      name: 'SSH from 0.0.0.0/1 and 128.0.0.0/1 on two primary groups',
      snapshot: edit(vpnTopology, (s) => {
        securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/1'))
        securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(20, '128.0.0.0/1', 30))
      }),
      findings: [
        {
          messageId: 'worldOpenByUnion',
          data: {clusterId: 'j-2AXXXXXXGAPLF', cidr: '0.0.0.0/0', groupIds: 'sg-0b00000000primary, sg-0b0000000000ssh01, sg-0b00000000onprem1'},
          resourceId: 'sg-0b00000000primary',
          message:
            /together admit TCP 22 from the whole internet \(0\.0\.0\.0\/0\), though no single rule does: sg-0b00000000primary TCP 22 from 0\.0\.0\.0\/1; sg-0b00000000onprem1 TCP 20-30 from 128\.0\.0\.0\/1/,
        },
      ],
    },
    {
      name: 'legacy pre-2020 SSH rule on the managed primary group',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/0'))),
      findings: [
        {
          messageId: 'worldOpen',
          data: {groupId: 'sg-0a0000000000master', cidr: '0.0.0.0/0', port: 22, opened: 'TCP 22'},
          resourceId: 'sg-0a0000000000master',
          message: 'sg-0a0000000000master (ElasticMapReduce-master) (EMR-managed primary group of j-2AXXXXXXGAPLF) allows inbound TCP 22 from 0.0.0.0/0',
        },
      ],
    },
    {
      name: 'additional primary group opens all TCP ports to ::/0',
      snapshot: edit(privateTopology, (s) => {
        securityGroup(s, 'emr-ssh-from-bastion').IpPermissions.push({
          IpProtocol: 'tcp',
          FromPort: 0,
          ToPort: 65535,
          IpRanges: [],
          Ipv6Ranges: [{CidrIpv6: '::/0'}],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        })
      }),
      findings: [
        {
          messageId: 'worldOpen',
          data: {groupId: 'sg-0b0000000000ssh01', role: 'additional primary', cidr: '::/0', opened: 'all TCP ports'},
          resourceId: 'sg-0b0000000000ssh01',
          message: '(additional primary group of j-2AXXXXXXGAPLF) allows inbound all TCP ports from ::/0',
        },
      ],
    },
  ],
})
