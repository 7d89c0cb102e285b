import {clusterLabel} from './shared.js'
import {defineRule} from '../rule.js'
import remediation from './emra-076-cluster-state.remediation.js'

const READY = new Set(['RUNNING', 'WAITING'])

function meaning(state: string): string {
  if (state === 'STARTING' || state === 'BOOTSTRAPPING') return 'it is still starting; its web UIs come up once it is RUNNING or WAITING'
  if (state === 'TERMINATING') return 'it is shutting down'
  if (state === 'TERMINATED' || state === 'TERMINATED_WITH_ERRORS') return 'it has ended; its nodes and web UIs are gone (persistent application UIs may remain)'
  return 'its primary node may not accept connections'
}

export default defineRule({
  meta: {
    id: 'EMRA-076',
    title: 'Cluster is not RUNNING or WAITING',
    severity: 'info',
    topologies: 'all',
    description: 'Checks that the cluster is in the RUNNING or WAITING state, the only states in which its primary node serves SSH and the web UIs.',
    risk: 'Only a cluster in the RUNNING or WAITING state has a primary node serving SSH and the web UIs; a tunnel to a starting or terminated cluster fails, and network findings for it may describe resources that are going away.',
    messages: {
      notReady: 'Cluster {{cluster}} is {{state}}, not RUNNING or WAITING: {{meaning}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/APIReference/API_Cluster.html',
    needs: [],
  },
  check(context) {
    const cluster = context.cluster()
    if (cluster.state === 'UNKNOWN') {
      context.need('describeCluster', cluster.id)
      return context.lacking('describeCluster', `the state (Status.State) of ${cluster.id}`, cluster.id)
    }
    const state = cluster.state.toUpperCase()
    if (READY.has(state)) return
    context.report({
      resourceId: cluster.id,
      messageId: 'notReady',
      data: {cluster: clusterLabel(cluster), clusterId: cluster.id, state, meaning: meaning(state)},
      origin: cluster.origin,
    })
  },
})
