import rule from '../../src/analysis/rules/access/emra-075-no-key-pair.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, describedCluster, privateTopology, publicTopology} from '../support/topologies.js'

function withoutKey(empty: boolean) {
  const snapshot = privateTopology()
  const attributes = describedCluster(snapshot).Ec2InstanceAttributes
  if (empty) attributes.Ec2KeyName = ''
  else delete attributes.Ec2KeyName
  return snapshot
}

function describeMissing() {
  const snapshot = privateTopology()
  delete snapshot[`emr-describe-cluster-${CLUSTER_ID}`]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private cluster with key pair emr-key', snapshot: privateTopology()},
    {name: 'public cluster with key pair emr-key', snapshot: publicTopology()},
  ],
  invalid: [
    {
      name: 'no Ec2KeyName',
      snapshot: withoutKey(false),
      findings: [{resourceId: CLUSTER_ID, messageId: 'noKeyPair', data: {clusterId: CLUSTER_ID}, message: `Cluster ${CLUSTER_ID} (analytics) was launched without an EC2 key pair`}],
    },
    {name: 'empty Ec2KeyName', snapshot: withoutKey(true), findings: [{resourceId: CLUSTER_ID, messageId: 'noKeyPair', data: {clusterId: CLUSTER_ID, cluster: `${CLUSTER_ID} (analytics)`}}]},
  ],
  notEvaluated: [{name: 'describe-cluster file absent', snapshot: describeMissing(), reason: `emr-describe-cluster-${CLUSTER_ID}`}],
})
