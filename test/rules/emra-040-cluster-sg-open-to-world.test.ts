import rule from '../../src/analysis/rules/security-groups/emra-040-cluster-sg-open-to-world.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const allFromIpv6World = {IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [{CidrIpv6: '::/0'}], PrefixListIds: [], UserIdGroupPairs: []}
const icmpFromWorld = {IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{CidrIp: '0.0.0.0/0'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}

testRule(rule, {
  valid: [
    {name: 'public reference topology (8443 from AWS ranges, 22 from the admin CIDR)', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
  ],
  invalid: [
    {
      name: 'SSH and YARN open to the world on the public primary group',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(22, '0.0.0.0/0'), tcpFromCidr(8088, '0.0.0.0/0'))),
      findings: [
        {resourceId: 'sg-0a0000000000master', severity: 'high', message: 'sg-0a0000000000master (ElasticMapReduce-master) (EMR-managed primary group of j-2AXXXXXXGAPLF) allows inbound TCP 22 from 0.0.0.0/0'},
        {resourceId: 'sg-0a0000000000master', severity: 'critical', message: /TCP 8088 from 0\.0\.0\.0\/0.*YARN ResourceManager 8088/},
      ],
    },
    {
      name: 'all traffic from ::/0 on the core group exposes the NodeManager UI',
      snapshot: edit(privateTopology, (s) => void securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions.push(allFromIpv6World)),
      findings: [{resourceId: 'sg-0b0000000000core1', severity: 'critical', message: /all traffic from ::\/0.*YARN NodeManager 8042/}],
    },
    {
      name: 'additional primary group: SSH range 20-25 and ICMP from the world',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(20, '0.0.0.0/0', 25), icmpFromWorld)),
      findings: [
        {resourceId: 'sg-0b00000000onprem1', severity: 'critical', message: '(additional primary group of j-2AXXXXXXGAPLF) allows inbound TCP 20-25 from 0.0.0.0/0'},
        {resourceId: 'sg-0b00000000onprem1', severity: 'high', message: 'ICMP (all types) from 0.0.0.0/0'},
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'an additional primary group is not in the data',
      snapshot: edit(privateTopology, (s) => {
        s['ec2-describe-security-groups'].SecurityGroups = s['ec2-describe-security-groups'].SecurityGroups.filter((g: {GroupName: string}) => g.GroupName !== 'emr-ssh-from-bastion')
      }),
      reason: 'sg-0b0000000000ssh01 (additional primary)',
    },
  ],
})
