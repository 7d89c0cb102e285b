import rule from '../../src/analysis/rules/security-groups/emra-042-web-ui-broad-cidr.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const customPrefixList = (s: Snapshot) => {
  s['ec2-describe-prefix-lists'].PrefixLists.push({PrefixListId: 'pl-0c0ffee000000001', PrefixListName: 'corp-clients', Cidrs: ['192.168.10.0/24', '172.16.0.0/12']})
  return {IpProtocol: 'tcp', FromPort: 18080, ToPort: 18080, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: 'pl-0c0ffee000000001'}], UserIdGroupPairs: []}
}

testRule(rule, {
  valid: [
    {name: 'public reference topology', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology (UI ports from the on-premises /24)', snapshot: vpnTopology()},
    {name: 'world-open UI port is EMRA-040, not this rule', snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8088, '0.0.0.0/0')))},
    {name: 'broad range on a port that is no web UI', snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(443, '10.0.0.0/8')))},
    {name: 'core-only UI port on a primary group', snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8042, '10.0.0.0/8')))},
  ],
  invalid: [
    {
      name: 'YARN from a /8 and Spark History from a public /24',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '10.0.0.0/8'), tcpFromCidr(18080, '198.51.100.0/24'))),
      findings: [
        {resourceId: 'sg-0b00000000onprem1', message: 'sg-0b00000000onprem1 (emr-from-onprem) (additional primary group of j-2AXXXXXXGAPLF) allows inbound TCP 8088 from 10.0.0.0/8 (a /8, wider than /24): it exposes the web UIs YARN ResourceManager 8088'},
        {resourceId: 'sg-0b00000000onprem1', message: '198.51.100.0/24 (outside the private RFC 1918 ranges): it exposes the web UIs Spark History Server 18080'},
      ],
    },
    {
      name: 'NodeManager on the core group from a /12',
      snapshot: edit(privateTopology, (s) => void securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions.push(tcpFromCidr(8000, '172.16.0.0/12', 8100))),
      findings: [{resourceId: 'sg-0b0000000000core1', message: 'TCP 8000-8100 from 172.16.0.0/12 (a /12, wider than /24): it exposes the web UIs YARN NodeManager 8042'}],
    },
    {
      name: 'customer prefix list holding a broad range',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(customPrefixList(s))),
      findings: [{resourceId: 'sg-0b00000000onprem1', message: 'from pl-0c0ffee000000001 (corp-clients), which holds 172.16.0.0/12 (a /12, wider than /24)'}],
    },
  ],
})
