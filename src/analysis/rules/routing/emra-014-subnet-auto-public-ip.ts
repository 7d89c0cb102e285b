import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-014',
    title: 'Cluster subnet auto-assigns public IPv4 addresses',
    severity: 'medium',
    topologies: ['private', 'vpn'],
    risk:
      'With MapPublicIpOnLaunch on, every node EMR launches in the private cluster subnet gets a public IPv4 address, exposing the cluster as soon as a route or security group allows it and defeating the private topology (Security Hub EC2.15).',
    remediation: {
      summary: 'Turn off public IPv4 auto-assignment on the cluster subnet; existing nodes keep their addresses until they are replaced.',
      cli: 'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch',
      cloudformation: 'ClusterSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.2.0/24\n    MapPublicIpOnLaunch: false',
    },
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html',
    needs: ['subnets'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    if (subnet.mapPublicIpOnLaunch) {
      context.report({
        resourceId: subnet.id,
        message: `Subnet ${subnet.id} (${subnet.cidrBlock}) of cluster ${cluster.id} has MapPublicIpOnLaunch=true: nodes launched there get public IPv4 addresses although the cluster is audited as ${context.scope.topology}.`,
        origin: subnet.origin,
      })
    }
  },
})
