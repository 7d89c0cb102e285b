import rule from '../../src/analysis/rules/security-groups/emra-031-public-primary-8443.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = publicTopology()
  change(snapshot)
  return snapshot
}

const fromList = (id: string) => ({IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: id}], UserIdGroupPairs: []})

const without8443 = (s: Snapshot) => {
  const master = securityGroup(s, 'ElasticMapReduce-master')
  master.IpPermissions = master.IpPermissions.filter((p: {FromPort?: number}) => p.FromPort !== 8443)
  return master
}

testRule(rule, {
  valid: [
    {name: 'public reference topology (8443 from the EMR service range)', snapshot: publicTopology()},
    {
      name: '8443 from a customer-managed prefix list of narrow public ranges counts',
      snapshot: edit((s) => {
        s['ec2-describe-prefix-lists'] = {PrefixLists: [{PrefixListId: 'pl-0emr000000000001', PrefixListName: 'emr-control-plane', Cidrs: ['72.21.196.64/29', '205.251.233.160/28']}]}
        without8443(s).IpPermissions.push(fromList('pl-0emr000000000001'))
      }),
    },
    {
      name: 'a world-open 8443 rule next to the service rule does not hide it',
      snapshot: edit((s) => void securityGroup(s, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8443, '0.0.0.0/0'))),
    },
  ],
  invalid: [
    {
      name: '8443 rule removed',
      snapshot: edit((s) => void without8443(s)),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          messageId: 'noServiceRule',
          data: {groupId: 'sg-0a0000000000master', clusterId: 'j-2AXXXXXXGAPLF', port: 8443},
          message: 'sg-0a0000000000master (ElasticMapReduce-master), the EMR-managed primary group of j-2AXXXXXXGAPLF, has no inbound TCP 8443 rule',
        },
      ],
    },
    {
      name: '8443 only from a security group, which the EMR service is not in',
      snapshot: edit((s) => {
        without8443(s).IpPermissions.push(tcpFromGroup(8443, 'sg-0a00000000default'))
      }),
      findings: [{resourceId: 'sg-0a0000000000master', messageId: 'noServiceRule', data: {groupId: 'sg-0a0000000000master', port: 8443}}],
    },
    {
      // EMR adds 8443 from narrow Amazon ranges; the whole internet is not the service's rule.
      name: '8443 only from 0.0.0.0/0',
      snapshot: edit((s) => void without8443(s).IpPermissions.push(tcpFromCidr(8443, '0.0.0.0/0'))),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          messageId: 'onlyOtherSources',
          data: {groupId: 'sg-0a0000000000master', cidrs: '0.0.0.0/0', port: 8443},
          message: 'TCP 8443 is admitted only from 0.0.0.0/0 (sg-0a0000000000master), which are not service ranges',
        },
      ],
    },
    {
      name: '8443 only from the VPC range and a public /8',
      snapshot: edit((s) => void without8443(s).IpPermissions.push(tcpFromCidr(8443, '10.0.0.0/16'), tcpFromCidr(8443, '52.0.0.0/8'))),
      findings: [
        {
          resourceId: 'sg-0a0000000000master',
          messageId: 'onlyOtherSources',
          data: {cidrs: '10.0.0.0/16, 52.0.0.0/8'},
          message: 'admitted only from 10.0.0.0/16 (sg-0a0000000000master), 52.0.0.0/8 (sg-0a0000000000master)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: '8443 only from a prefix list whose entries are not in the data',
      snapshot: edit((s) => void without8443(s).IpPermissions.push(fromList('pl-0emr000000000009'))),
      reason: 'missing: ec2-get-managed-prefix-list-entries-pl-0emr000000000009 in test-snapshot.json',
    },
  ],
  notApplicable: [{name: 'private topology', snapshot: privateTopology(), reason: 'applies to public'}],
})
