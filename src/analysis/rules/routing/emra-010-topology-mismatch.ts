import {classifySubnet} from '../../topology/classify.js'
import {defineRule} from '../rule.js'
import {defaultRoute} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-010',
    title: 'Cluster subnet classification contradicts the declared topology',
    severity: 'high',
    topologies: 'all',
    risk:
      'Rules are judged against the declared topology. When the cluster subnet\'s routes say otherwise (EMR treats a subnet whose route table sends 0.0.0.0/0 to an internet gateway as public), the audit checks the wrong requirements, and a cluster cannot be moved between a public and a private subnet after launch.',
    remediation: {
      summary:
        'Re-run with --topology auto (or the topology the data shows), or fix the cluster subnet\'s route table; to change a cluster between public and private, relaunch it in a subnet of the intended type.',
      cli: 'aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<subnet-id>\naws emr create-cluster ... --ec2-attributes SubnetId=<subnet-of-the-intended-type>',
      cloudformation: 'Type: AWS::EMR::Cluster\nProperties:\n  Instances:\n    Ec2SubnetId: !Ref SubnetOfTheIntendedType',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const classification = classifySubnet(context.model, subnet)
    if (!classification) return context.notEvaluated(`no route table in effect for ${subnet.id} is in the data (no explicit association and no main route table for ${subnet.vpcId})`)
    const declared = context.scope.declaredTopology
    // With --topology auto nothing was declared: nothing to contradict.
    if (declared === 'auto' || classification.topology === declared) return
    const publicMismatch = classification.topology === 'public' || declared === 'public'
    const consequence = publicMismatch
      ? classification.topology === 'public'
        ? 'EMR treats it as a public subnet: nodes need public addresses and the private-subnet requirements (service access security group, NAT or endpoints) are not what applies'
        : 'EMR treats it as a private subnet: the cluster cannot be managed as a public-subnet cluster and the public-subnet checks do not fit'
      : classification.topology === 'vpn'
        ? 'both are private subnets to EMR, but the VPN path to on-premises networks is not audited under the declared topology'
        : 'both are private subnets to EMR, but no route to on-premises networks was found for the VPN path'
    const table = context.model.effectiveRouteTable(subnet.id)
    const route = table ? defaultRoute(context.model, table) : undefined
    context.report({
      resourceId: subnet.id,
      // Public vs private decides what EMR requires; private vs VPN only changes how people reach the cluster.
      severity: publicMismatch ? undefined : 'low',
      message: `Cluster ${cluster.id}'s subnet ${subnet.id} was declared ${declared}, but the data shows ${classification.topology}: ${classification.reason}; ${consequence}.`,
      // The route that decided the classification (or its table when there is no default route).
      origin: route?.source ?? table?.origin ?? subnet.origin,
    })
  },
})
