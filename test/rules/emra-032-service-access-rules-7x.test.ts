import rule from '../../src/analysis/rules/security-groups/emra-032-service-access-rules-7x.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, describedCluster, egressAll, privateTopology, publicTopology, securityGroup, vpnTopology} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void, make: () => Snapshot = privateTopology): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const serviceAccess = (s: Snapshot) => securityGroup(s, 'ElasticMapReduce-ServiceAccess')
const peerIs = (groupId: string) => (p: {UserIdGroupPairs: {GroupId: string}[]}) => p.UserIdGroupPairs.some((pair) => pair.GroupId === groupId)

testRule(rule, {
  valid: [
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {name: 'service access group with allow-all egress', snapshot: edit((s) => void (serviceAccess(s).IpPermissionsEgress = egressAll()))},
    {
      name: 'release before 5.30.0 needs no 9443 rule',
      snapshot: edit((s) => {
        describedCluster(s).ReleaseLabel = 'emr-5.29.0'
        serviceAccess(s).IpPermissions = []
      }),
    },
  ],
  invalid: [
    {
      name: 'service access group lost 9443 in and 8443 out to core',
      snapshot: edit((s) => {
        const group = serviceAccess(s)
        group.IpPermissions = []
        group.IpPermissionsEgress = group.IpPermissionsEgress.filter((p: any) => !peerIs('sg-0b0000000000core1')(p))
      }),
      findings: [
        {
          resourceId: 'sg-0b000000000000sa1',
          messageId: 'missingRules',
          data: {groupId: 'sg-0b000000000000sa1', role: 'service access', clusterId: 'j-2AXXXXXXGAPLF', primaryGroupId: 'sg-0b00000000primary', coreGroupId: 'sg-0b0000000000core1'},
          message:
            'lacks (1) inbound TCP 9443 from the managed primary group sg-0b00000000primary (ElasticMapReduce-Master-Private), (2) outbound TCP 8443 to the managed core/task group sg-0b0000000000core1 (ElasticMapReduce-Slave-Private)',
        },
      ],
    },
    {
      name: 'primary and core groups lost 8443 from the service access group',
      snapshot: edit((s) => {
        for (const name of ['ElasticMapReduce-Master-Private', 'ElasticMapReduce-Slave-Private']) {
          const group = securityGroup(s, name)
          group.IpPermissions = group.IpPermissions.filter((p: any) => !peerIs('sg-0b000000000000sa1')(p))
        }
      }, vpnTopology),
      findings: [
        {
          resourceId: 'sg-0b00000000primary',
          messageId: 'missingRules',
          data: {groupId: 'sg-0b00000000primary', role: 'EMR-managed primary', serviceAccessGroupId: 'sg-0b000000000000sa1'},
          message: 'inbound TCP 8443 from the service access group sg-0b000000000000sa1 (ElasticMapReduce-ServiceAccess)',
        },
        {
          resourceId: 'sg-0b0000000000core1',
          messageId: 'missingRules',
          data: {groupId: 'sg-0b0000000000core1', role: 'EMR-managed core/task'},
          message: 'inbound TCP 8443 from the service access group',
        },
      ],
    },
    {
      name: 'no service access group named by the cluster',
      snapshot: edit((s) => void delete describedCluster(s).Ec2InstanceAttributes.ServiceAccessSecurityGroup),
      findings: [
        {resourceId: 'j-2AXXXXXXGAPLF', messageId: 'noServiceAccessGroup', data: {clusterId: 'j-2AXXXXXXGAPLF', releaseLabel: 'emr-6.15.0'}, message: 'names no service access security group'},
      ],
    },
  ],
  notApplicable: [
    {name: 'EMR 8.x release', snapshot: edit((s) => void (describedCluster(s).ReleaseLabel = 'emr-spark-8.0.0')), reason: 'see EMRA-033'},
    {name: 'public topology', snapshot: publicTopology(), reason: 'applies to private, vpn'},
  ],
  notEvaluated: [{name: 'no release label', snapshot: edit((s) => void delete describedCluster(s).ReleaseLabel), reason: 'release label (none)'}],
})
