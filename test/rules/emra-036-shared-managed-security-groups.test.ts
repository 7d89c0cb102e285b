import rule from '../../src/analysis/rules/security-groups/emra-036-shared-managed-security-groups.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, describedCluster, privateTopology, publicTopology} from '../support/topologies.js'

const OTHER = 'j-3BYYYYYYOTHER'

/** Adds a second cluster in the same subnet; `share` picks which managed groups it reuses. */
function withOtherCluster(state: string, share: {primary?: boolean; core?: boolean}) {
  const snapshot = privateTopology()
  const mine = describedCluster(snapshot)
  const other = structuredClone(mine)
  other.Id = OTHER
  other.Name = 'etl'
  other.Status = {State: state}
  other.Ec2InstanceAttributes.EmrManagedMasterSecurityGroup = share.primary ? mine.Ec2InstanceAttributes.EmrManagedMasterSecurityGroup : 'sg-0b0000000primary2'
  other.Ec2InstanceAttributes.EmrManagedSlaveSecurityGroup = share.core ? mine.Ec2InstanceAttributes.EmrManagedSlaveSecurityGroup : 'sg-0b000000000core2'
  snapshot['emr-list-clusters'].Clusters.push({Id: OTHER, Name: 'etl', Status: {State: state}, NormalizedInstanceHours: 0})
  snapshot[`emr-describe-cluster-${OTHER}`] = {Cluster: other}
  return snapshot
}

function describeMissing() {
  const snapshot = privateTopology()
  delete snapshot[`emr-describe-cluster-${CLUSTER_ID}`]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'one cluster (private)', snapshot: privateTopology()},
    {name: 'one cluster (public)', snapshot: publicTopology()},
    {name: 'another cluster with its own managed groups', snapshot: withOtherCluster('RUNNING', {})},
    {name: 'shared with a terminated cluster', snapshot: withOtherCluster('TERMINATED', {primary: true, core: true})},
  ],
  invalid: [
    {
      name: 'both managed groups shared with a running cluster',
      snapshot: withOtherCluster('RUNNING', {primary: true, core: true}),
      findings: [
        {
          resourceId: 'sg-0b00000000primary',
          messageId: 'sharedGroup',
          data: {groupId: 'sg-0b00000000primary', clusterId: CLUSTER_ID, otherClusterIds: OTHER, role: 'EMR-managed primary'},
          message: `sg-0b00000000primary, the EMR-managed primary security group of ${CLUSTER_ID}, is also used by ${OTHER} (etl) as EMR-managed primary, RUNNING`,
        },
        {
          resourceId: 'sg-0b0000000000core1',
          messageId: 'sharedGroup',
          data: {groupId: 'sg-0b0000000000core1', otherClusterIds: OTHER},
          message: `is also used by ${OTHER} (etl) as EMR-managed core/task, RUNNING`,
        },
      ],
    },
    {
      name: 'core group shared with a waiting cluster',
      snapshot: withOtherCluster('WAITING', {core: true}),
      findings: [{resourceId: 'sg-0b0000000000core1', messageId: 'sharedGroup', data: {groupId: 'sg-0b0000000000core1', role: 'EMR-managed core/task', otherClusterIds: OTHER}}],
    },
  ],
  notEvaluated: [{name: 'describe-cluster file absent', snapshot: describeMissing(), reason: `emr-describe-cluster-${CLUSTER_ID}`}],
})
