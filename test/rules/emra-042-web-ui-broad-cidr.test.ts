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
    {
      name: 'three private /26 rules that add up to a /24 are not broad',
      snapshot: edit(
        vpnTopology,
        (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '10.9.0.0/26'), tcpFromCidr(8088, '10.9.0.64/26'), tcpFromCidr(8088, '10.9.0.128/25')),
      ),
    },
    {name: 'core-only UI port on a primary group', snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8042, '10.0.0.0/8')))},
  ],
  invalid: [
    {
      // The VPN topology's reference design admits on-premises clients: a note, not a high finding.
      name: 'VPN: Hue from an on-premises /20 inside --onprem-cidr is info',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8888, '192.168.0.0/20'))),
      options: {onpremCidrs: ['192.168.0.0/16']},
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          severity: 'info',
          messageId: 'broadOnpremSource',
          data: {groupId: 'sg-0b00000000onprem1', cidr: '192.168.0.0/20', onpremCidrs: '192.168.0.0/16', port: 8888, uiPorts: '8888'},
          message: 'from 192.168.0.0/20 (a /20, wider than /24), inside the on-premises networks 192.168.0.0/16 (from ',
        },
      ],
    },
    {
      name: "VPN: a public on-premises /24 from the VPN connection's static routes is info",
      snapshot: edit(vpnTopology, (s) => {
        s['ec2-describe-vpn-connections'].VpnConnections[0].Routes.push({DestinationCidrBlock: '198.51.100.0/24', Source: 'Static', State: 'available'})
        securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(18080, '198.51.100.0/24'))
      }),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          severity: 'info',
          messageId: 'broadOnpremSource',
          data: {cidr: '198.51.100.0/24', onpremCidrs: '192.168.10.0/24, 198.51.100.0/24', uiPorts: '18080'},
          message: "(outside the private RFC 1918 ranges), inside the on-premises networks 192.168.10.0/24, 198.51.100.0/24 (from the VPN connections' static routes)",
        },
      ],
    },
    {
      name: "VPN: the same /20 outside the VPN connection's static routes stays high",
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8888, '192.168.0.0/20'))),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          severity: 'high',
          messageId: 'broadSource',
          data: {groupId: 'sg-0b00000000onprem1', cidr: '192.168.0.0/20', port: 8888},
          message: 'from 192.168.0.0/20 (a /20, wider than /24): it exposes the web UIs Hue 8888',
        },
      ],
    },
    {
      name: 'public topology: an --onprem-cidr does not soften it',
      snapshot: edit(publicTopology, (s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8888, '192.168.0.0/20'))),
      options: {onpremCidrs: ['192.168.0.0/16']},
      findings: [{resourceId: 'sg-0a0000000000master', severity: 'high', messageId: 'broadSource', data: {groupId: 'sg-0a0000000000master', cidr: '192.168.0.0/20'}}],
    },
    {
      name: 'three private /24 rules together admit more than a /24',
      snapshot: edit(
        vpnTopology,
        (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '10.9.1.0/24'), tcpFromCidr(8088, '10.9.2.0/24'), tcpFromCidr(8080, '10.9.3.0/24', 8090)),
      ),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          messageId: 'broadByUnion',
          data: {groupIds: 'sg-0b00000000onprem1', clusterId: 'j-2AXXXXXXGAPLF', cidrs: '10.9.1.0/24, 10.9.2.0/24, 10.9.3.0/24', uiPorts: '8088'},
          message:
            'sg-0b00000000onprem1 (additional primary group) of j-2AXXXXXXGAPLF together admit the web UI ports from more than a /24: sg-0b00000000onprem1 TCP 8088 from 10.9.1.0/24; sg-0b00000000onprem1 TCP 8088 from 10.9.2.0/24; sg-0b00000000onprem1 TCP 8080-8090 from 10.9.3.0/24: it exposes the web UIs YARN ResourceManager 8088.',
        },
      ],
    },
    {
      name: 'YARN from a /8 and Spark History from a public /24',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(tcpFromCidr(8088, '10.0.0.0/8'), tcpFromCidr(18080, '198.51.100.0/24'))),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          messageId: 'broadSource',
          data: {groupId: 'sg-0b00000000onprem1', role: 'additional primary', cidr: '10.0.0.0/8', protocol: 'tcp', port: 8088},
          message:
            'sg-0b00000000onprem1 (emr-from-onprem) (additional primary group of j-2AXXXXXXGAPLF) allows inbound TCP 8088 from 10.0.0.0/8 (a /8, wider than /24): it exposes the web UIs YARN ResourceManager 8088',
        },
        {
          resourceId: 'sg-0b00000000onprem1',
          messageId: 'broadSource',
          data: {cidr: '198.51.100.0/24', port: 18080, uiPorts: '18080'},
          message: '198.51.100.0/24 (outside the private RFC 1918 ranges): it exposes the web UIs Spark History Server 18080',
        },
      ],
    },
    {
      name: 'NodeManager on the core group from a /12',
      snapshot: edit(privateTopology, (s) => void securityGroup(s, 'ElasticMapReduce-Slave-Private').IpPermissions.push(tcpFromCidr(8000, '172.16.0.0/12', 8100))),
      findings: [
        {
          resourceId: 'sg-0b0000000000core1',
          messageId: 'broadSource',
          data: {groupId: 'sg-0b0000000000core1', cidr: '172.16.0.0/12', port: '8000-8100', fromPort: 8000, toPort: 8100, uiPorts: '8042'},
          message: 'TCP 8000-8100 from 172.16.0.0/12 (a /12, wider than /24): it exposes the web UIs YARN NodeManager 8042',
        },
      ],
    },
    {
      name: 'customer prefix list holding a broad range',
      snapshot: edit(vpnTopology, (s) => void securityGroup(s, 'emr-from-onprem').IpPermissions.push(customPrefixList(s))),
      findings: [
        {
          resourceId: 'sg-0b00000000onprem1',
          messageId: 'broadSource',
          data: {cidr: 'pl-0c0ffee000000001', cidrs: '172.16.0.0/12'},
          message: 'from pl-0c0ffee000000001 (corp-clients), which holds 172.16.0.0/12 (a /12, wider than /24)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a UI rule names a customer-managed prefix list whose entries are not in the data',
      snapshot: edit(
        vpnTopology,
        (s) =>
          void securityGroup(s, 'emr-from-onprem').IpPermissions.push({
            IpProtocol: 'tcp',
            FromPort: 8088,
            ToPort: 8088,
            IpRanges: [],
            Ipv6Ranges: [],
            PrefixListIds: [{PrefixListId: 'pl-0c0ffee000000077'}],
            UserIdGroupPairs: [],
          }),
      ),
      reason: 'missing: ec2-get-managed-prefix-list-entries-pl-0c0ffee000000077 in test-snapshot.json',
    },
  ],
})
