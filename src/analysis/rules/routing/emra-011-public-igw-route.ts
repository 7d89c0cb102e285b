import {defineRule} from '../rule.js'
import {igwDefaultRouteVerdict} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-011',
    title: 'Public subnet without an active internet gateway default route',
    severity: 'critical',
    topologies: ['public'],
    risk:
      'EMR clusters in a public subnet reach Amazon EMR, S3 and other AWS services through an internet gateway; without an active 0.0.0.0/0 route to an internet gateway attached to the VPC, clusters fail to launch ("Cannot find route to InternetGateway") or lose contact with the service.',
    remediation: {
      summary: 'Attach an internet gateway to the VPC and route 0.0.0.0/0 from the cluster subnet\'s route table to it.',
      cli:
        'aws ec2 attach-internet-gateway --internet-gateway-id <igw-id> --vpc-id <vpc-id>\naws ec2 replace-route --route-table-id <rtb-id> --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>   # create-route if none exists',
      cloudformation:
        'GatewayAttachment:\n  Type: AWS::EC2::VPCGatewayAttachment\n  Properties:\n    VpcId: !Ref Vpc\n    InternetGatewayId: !Ref InternetGateway\nDefaultRoute:\n  Type: AWS::EC2::Route\n  DependsOn: GatewayAttachment\n  Properties:\n    RouteTableId: !Ref PublicRouteTable\n    DestinationCidrBlock: 0.0.0.0/0\n    GatewayId: !Ref InternetGateway',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'internetGateways'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const verdict = igwDefaultRouteVerdict(context.model, subnet.id, subnet.vpcId)
    if (verdict.status === 'unknown') return context.notEvaluated(verdict.detail)
    if (verdict.status === 'broken') {
      const table = context.model.effectiveRouteTable(subnet.id)
      context.report({
        resourceId: table?.id ?? subnet.id,
        message: `Cluster ${cluster.id} is in public subnet ${subnet.id}, but ${verdict.detail}: EMR needs an active 0.0.0.0/0 route to an internet gateway attached to ${subnet.vpcId}.`,
        origin: verdict.origin,
      })
    }
  },
})
