import {defineRule} from '../rule.js'
import remediation from './emra-014-subnet-auto-public-ip.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-014',
    title: 'Cluster subnet auto-assigns public IPv4 addresses',
    severity: 'medium',
    topologies: ['private', 'vpn'],
    description: "Checks the private cluster subnet's MapPublicIpOnLaunch attribute: it must be off.",
    risk: 'With MapPublicIpOnLaunch on, every node EMR launches in the private cluster subnet gets a public IPv4 address, exposing the cluster as soon as a route or security group allows it and defeating the private topology (Security Hub EC2.15).',
    messages: {
      autoAssignsPublicIp:
        'Subnet {{subnetId}} ({{cidr}}) of cluster {{clusterId}} has MapPublicIpOnLaunch=true: nodes launched there get public IPv4 addresses although the cluster is audited as {{topology}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html',
    needs: ['subnets'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    if (subnet.mapPublicIpOnLaunch) {
      context.report({
        resourceId: subnet.id,
        messageId: 'autoAssignsPublicIp',
        data: {subnetId: subnet.id, cidr: subnet.cidrBlock, clusterId: cluster.id, topology: context.scope.topology},
        origin: subnet.origin,
      })
    }
  },
})
