import rule from '../../src/analysis/rules/security-groups/emra-031-public-primary-8443.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, securityGroup, tcpFromGroup} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = publicTopology()
  change(snapshot)
  return snapshot
}

const without8443 = (s: Snapshot) => {
  const master = securityGroup(s, 'ElasticMapReduce-master')
  master.IpPermissions = master.IpPermissions.filter((p: {FromPort?: number}) => p.FromPort !== 8443)
  return master
}

testRule(rule, {
  valid: [
    {name: 'public reference topology (8443 from the EMR service range)', snapshot: publicTopology()},
    {
      name: '8443 from a prefix list counts',
      snapshot: edit((s) => {
        without8443(s).IpPermissions.push({IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{PrefixListId: 'pl-0emr000000000001'}], UserIdGroupPairs: []})
      }),
    },
  ],
  invalid: [
    {
      name: '8443 rule removed',
      snapshot: edit((s) => void without8443(s)),
      findings: [{resourceId: 'sg-0a0000000000master', message: 'sg-0a0000000000master (ElasticMapReduce-master), the EMR-managed primary group of j-2AXXXXXXGAPLF, has no inbound TCP 8443 rule'}],
    },
    {
      name: '8443 only from a security group, which the EMR service is not in',
      snapshot: edit((s) => {
        without8443(s).IpPermissions.push(tcpFromGroup(8443, 'sg-0a00000000default'))
      }),
      findings: [{resourceId: 'sg-0a0000000000master'}],
    },
  ],
  notApplicable: [{name: 'private topology', snapshot: privateTopology(), reason: 'applies to public'}],
})
