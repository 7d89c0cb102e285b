import {defineRule} from '../rule.js'
import {defaultRoute, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-012',
    title: 'Public subnet sends its default route through a NAT gateway',
    severity: 'high',
    topologies: ['public'],
    risk:
      'Amazon EMR cannot communicate with clusters in public subnets through a NAT device: a public-subnet cluster needs its 0.0.0.0/0 route on an internet gateway (a NAT gateway may still carry other, more specific traffic).',
    remediation: {
      summary: 'Point the cluster subnet\'s 0.0.0.0/0 route at the VPC\'s internet gateway, or treat the cluster as private: relaunch it in a private subnet with the private-subnet security groups.',
      cli: 'aws ec2 replace-route --route-table-id <rtb-id> --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>',
      cloudformation:
        'DefaultRoute:\n  Type: AWS::EC2::Route\n  Properties:\n    RouteTableId: !Ref PublicRouteTable\n    DestinationCidrBlock: 0.0.0.0/0\n    GatewayId: !Ref InternetGateway',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const table = context.model.effectiveRouteTable(subnet.id)
    if (!table) return context.notEvaluated(`no route table in effect for ${subnet.id} is in the data`)
    const route = defaultRoute(context.model, table)
    if (route?.target.kind === 'nat-gateway') {
      context.report({
        resourceId: table.id,
        message: `Route table ${tableLabel(table, subnet.id)} of public subnet ${subnet.id} (cluster ${cluster.id}) sends 0.0.0.0/0 to NAT gateway ${route.target.id}: EMR cannot manage a public-subnet cluster through NAT.`,
        origin: route.source,
      })
    }
  },
})
