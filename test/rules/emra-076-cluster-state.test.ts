import rule from '../../src/analysis/rules/access/emra-076-cluster-state.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, describedCluster, privateTopology, publicTopology} from '../support/topologies.js'

function inState(state: string | undefined) {
  const snapshot = privateTopology()
  const listed = snapshot['emr-list-clusters'].Clusters[0]
  if (state) {
    describedCluster(snapshot).Status = {State: state}
    listed.Status = {State: state}
  } else {
    delete describedCluster(snapshot).Status
    delete listed.Status
  }
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'WAITING (private)', snapshot: privateTopology()},
    {name: 'WAITING (public)', snapshot: publicTopology()},
    {name: 'RUNNING', snapshot: inState('RUNNING')},
  ],
  invalid: [
    {
      name: 'TERMINATED',
      snapshot: inState('TERMINATED'),
      findings: [
        {
          resourceId: CLUSTER_ID,
          messageId: 'notReady',
          data: {clusterId: CLUSTER_ID, state: 'TERMINATED'},
          message: `Cluster ${CLUSTER_ID} (analytics) is TERMINATED, not RUNNING or WAITING: it has ended`,
        },
      ],
    },
    {
      name: 'STARTING',
      snapshot: inState('STARTING'),
      findings: [{resourceId: CLUSTER_ID, messageId: 'notReady', data: {clusterId: CLUSTER_ID, state: 'STARTING'}, message: 'is STARTING, not RUNNING or WAITING: it is still starting'}],
    },
  ],
  notEvaluated: [{name: 'no Status.State anywhere', snapshot: inState(undefined), reason: `the state (Status.State) of ${CLUSTER_ID}`}],
})
