import {routeDestination} from '../../reachability/routes.js'
import {defineRule} from '../rule.js'
import {describeRoute, natHealthVerdict, tableLabel} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-025',
    title: 'Blackhole route or unhealthy NAT gateway in the cluster subnet\'s route table',
    severity: 'high',
    topologies: 'all',
    risk:
      'A blackhole route (its target deleted or stopped) silently drops the traffic it matches, and a NAT gateway that is not available, or whose own subnet has no internet gateway route, gives the cluster a default route that leads nowhere: S3, EMR and other AWS services become unreachable.',
    remediation: {
      summary: 'Replace the route\'s target with a working one (or delete the route); for a public NAT gateway, make sure its subnet routes 0.0.0.0/0 to the internet gateway.',
      cli:
        'aws ec2 replace-route --route-table-id <rtb-id> --destination-cidr-block <cidr> --nat-gateway-id <working-nat-id>\naws ec2 delete-route --route-table-id <rtb-id> --destination-cidr-block <cidr>\naws ec2 create-route --route-table-id <nat-subnet-rtb-id> --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>',
      cloudformation:
        'PrivateDefaultRoute:\n  Type: AWS::EC2::Route\n  Properties:\n    RouteTableId: !Ref PrivateRouteTable\n    DestinationCidrBlock: 0.0.0.0/0\n    NatGatewayId: !Ref NatGateway',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const subnet = context.subnet()
    const table = context.model.effectiveRouteTable(subnet.id)
    if (!table) return context.notEvaluated(`no route table in effect for ${subnet.id} is in the data`)
    const label = tableLabel(table, subnet.id)
    const checkedNats = new Set<string>()
    for (const route of table.routes) {
      if (route.state === 'blackhole') {
        context.report({
          resourceId: table.id,
          message: `Route table ${label} of cluster subnet ${subnet.id} has a blackhole route ${describeRoute(route)}: its target no longer exists or is stopped, so traffic to ${routeDestination(route)} is dropped.`,
          origin: route.source,
        })
        continue
      }
      if (route.target.kind !== 'nat-gateway' || checkedNats.has(route.target.id)) continue
      checkedNats.add(route.target.id)
      context.need('natGateways')
      const verdict = natHealthVerdict(context.model, route.target.id)
      if (verdict.status !== 'broken') continue
      context.report({
        resourceId: route.target.id,
        message: `Route table ${label} of cluster subnet ${subnet.id} sends ${routeDestination(route)} to ${route.target.id}, but ${verdict.detail}.`,
        origin: verdict.origin ?? route.source,
      })
    }
  },
})
