import {checkPath, instanceEndpoint, primaryOrStop} from '../path-check.js'
import {defineRule} from '../rule.js'
import remediation from './emra-074-bastion-to-primary-path.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-074',
    title: 'Bastion cannot reach the primary node on SSH (path check)',
    severity: 'critical',
    topologies: ['private'],
    description:
      "Checks the path from the bastion to the primary node on TCP 22: the bastion's security group egress, both subnets' route tables and network ACLs (replies included) and the primary's security groups.",
    risk: "The tunnel to the web UIs runs SSH from the bastion to the primary node on port 22. Every hop must allow it: the bastion's security group egress, the bastion subnet's route table and network ACL, the cluster subnet's network ACL both ways (return on ephemeral ports) and the primary's security groups.",
    messages: {
      blocked: 'The bastion {{bastionId}} cannot open SSH to the primary node {{instanceId}}: {{summary}} [{{code}}]',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html',
    needs: ['instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets'],
  },
  check(context) {
    const cluster = context.cluster()
    context.need('listInstances', cluster.id)
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host was given or found (see EMRA-070)')
    const primary = primaryOrStop(context, cluster)
    checkPath(context, instanceEndpoint(context, bastion, `bastion ${bastion.id}`), instanceEndpoint(context, primary, `primary ${primary.id}`), 22, {
      messageId: 'blocked',
      data: {bastionId: bastion.id, instanceId: primary.id, clusterId: cluster.id, port: 22, protocol: 'tcp'},
    })
  },
})
