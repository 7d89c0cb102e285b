import {defineRule} from '../rule.js'
import remediation from './emra-070-no-usable-bastion.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-070',
    title: 'No usable bastion host for the private cluster',
    severity: 'critical',
    topologies: ['private'],
    description: 'Checks that a private cluster has a usable bastion: one given or found in the VPC, running, with a public IP address.',
    risk: 'A cluster in a private subnet has no public address: the SSH tunnel to its web UIs runs through a bastion, a running instance with a public IP address in a public subnet of the VPC. Without one (or with one that is stopped or has no public IP) operators cannot reach the cluster at all, short of Session Manager or an EC2 Instance Connect Endpoint.',
    messages: {
      noBastion:
        'No bastion host for {{clusterId}}: none was given and none was found in {{vpcId}} (a running, non-EMR instance with a public IP address in a subnet whose default route is an internet gateway).',
      unusableBastion: 'The bastion {{instanceId}} ({{bastionReason}}) {{problems}}: operators cannot open the SSH tunnel to {{clusterId}} through it.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-master-node.html',
    needs: ['instances', 'subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const vpc = context.vpc()
    const {bastion, bastionReason} = context.scope
    if (!bastion) {
      context.report({
        resourceId: vpc.id,
        messageId: 'noBastion',
        data: {clusterId: cluster.id, vpcId: vpc.id},
        origin: vpc.origin,
      })
      return
    }
    const problems: string[] = []
    if (bastion.state !== 'running') problems.push(`is ${bastion.state || 'in an unknown state'}, not running`)
    const publicIp = bastion.publicIp ?? bastion.enis.flatMap((eni) => eni.publicIps)[0]
    if (!publicIp) problems.push('has no public IP address (neither an Elastic IP nor an auto-assigned one)')
    if (problems.length > 0) {
      context.report({
        resourceId: bastion.id,
        messageId: 'unusableBastion',
        data: {
          instanceId: bastion.id,
          bastionId: bastion.id,
          bastionReason: bastionReason ?? 'given',
          state: bastion.state || 'unknown',
          publicIp: publicIp ?? '',
          problems: problems.join(' and '),
          clusterId: cluster.id,
          vpcId: vpc.id,
        },
        origin: bastion.origin,
      })
    }
  },
})
