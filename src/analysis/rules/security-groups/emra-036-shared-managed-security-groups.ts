import type {EmrCluster} from '../../../model/types.js'
import {defineRule} from '../rule.js'

const ENDED = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS'])

function managedGroups(cluster: EmrCluster): {id: string; role: string}[] {
  const groups: {id: string; role: string}[] = []
  if (cluster.managedPrimarySecurityGroupId) groups.push({id: cluster.managedPrimarySecurityGroupId, role: 'EMR-managed primary'})
  if (cluster.managedCoreSecurityGroupId) groups.push({id: cluster.managedCoreSecurityGroupId, role: 'EMR-managed core/task'})
  return groups
}

export default defineRule({
  meta: {
    id: 'EMRA-036',
    title: 'EMR-managed security groups are shared with other clusters',
    severity: 'low',
    topologies: 'all',
    risk:
      'The managed primary and core/task groups admit all traffic from each other and from themselves. Clusters that share them (the default groups are reused by every cluster in the VPC) can reach each other\'s nodes on every port, and a rule added for one cluster opens all of them.',
    remediation: {
      summary: 'Launch each cluster (or each trust boundary) with its own custom managed primary and core/task security groups.',
      cli:
        'aws ec2 create-security-group --vpc-id <vpc-id> --group-name <cluster>-emr-primary --description "EMR managed primary for <cluster>"\naws ec2 create-security-group --vpc-id <vpc-id> --group-name <cluster>-emr-core --description "EMR managed core/task for <cluster>"\naws emr create-cluster ... --ec2-attributes EmrManagedMasterSecurityGroup=<primary-sg-id>,EmrManagedSlaveSecurityGroup=<core-sg-id>',
      cloudformation:
        'Type: AWS::EMR::Cluster\nProperties:\n  Instances:\n    EmrManagedMasterSecurityGroup: !Ref ClusterPrimarySecurityGroup\n    EmrManagedSlaveSecurityGroup: !Ref ClusterCoreSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html',
    needs: [],
  },
  check(context) {
    const cluster = context.cluster()
    context.need('describeCluster', cluster.id)
    const own = managedGroups(cluster)
    if (own.length === 0) return context.notEvaluated(`${cluster.id}'s describe-cluster data names no EMR-managed security groups`)
    // Only clusters that still run share anything; clusters without describe data have unknown groups (usually other VPCs).
    const others = context.model.data.clusters.filter((other) => other.id !== cluster.id && other.described && !ENDED.has(other.state))
    for (const group of own) {
      const sharing = others.flatMap((other) =>
        managedGroups(other)
          .filter((candidate) => candidate.id === group.id)
          .map((candidate) => `${other.id}${other.name ? ` (${other.name})` : ''} as ${candidate.role}, ${other.state}`),
      )
      if (sharing.length === 0) continue
      context.report({
        resourceId: group.id,
        message: `${group.id}, the ${group.role} security group of ${cluster.id}, is also used by ${sharing.join('; ')}: nodes of these clusters can reach each other on all ports.`,
        origin: context.model.securityGroups.get(group.id)?.origin ?? cluster.origin,
      })
    }
  },
})
