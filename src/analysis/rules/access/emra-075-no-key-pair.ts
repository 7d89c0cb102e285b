import {clusterLabel} from './shared.js'
import {defineRule} from '../rule.js'
import remediation from './emra-075-no-key-pair.remediation.js'
import {describedCluster} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-075',
    title: 'Cluster has no EC2 key pair',
    severity: 'medium',
    topologies: 'all',
    description: 'Checks that the cluster was launched with an EC2 key pair (Ec2InstanceAttributes.Ec2KeyName).',
    risk: "The documented way to the web UIs is an SSH tunnel to hadoop@<primary> with the cluster's EC2 key pair. A cluster launched without one cannot be reached over SSH (directly, through a bastion or over Session Manager) unless another authentication is set up.",
    messages: {
      noKeyPair:
        'Cluster {{cluster}} was launched without an EC2 key pair (Ec2InstanceAttributes.Ec2KeyName is empty): SSH to its primary node as hadoop, and so the SSH tunnel to the web UIs, needs another authentication.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: [],
  },
  check(context) {
    const cluster = describedCluster(context)
    if (!cluster.keyName) {
      context.report({
        resourceId: cluster.id,
        messageId: 'noKeyPair',
        data: {cluster: clusterLabel(cluster), clusterId: cluster.id},
        origin: cluster.origin,
      })
    }
  },
})
