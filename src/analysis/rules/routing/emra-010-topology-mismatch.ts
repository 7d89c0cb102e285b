import {classifySubnet} from '../../topology/classify.js'
import {defineRule} from '../rule.js'
import remediation from './emra-010-topology-mismatch.remediation.js'
import {defaultRoute} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-010',
    title: 'Cluster subnet classification contradicts the declared topology',
    severity: 'high',
    topologies: 'all',
    description: 'Classifies the cluster subnet from its route table (public, private or VPN) and compares the result with the topology the audit was told to judge.',
    risk: "Rules are judged against the declared topology. When the cluster subnet's routes say otherwise (EMR treats a subnet whose route table sends 0.0.0.0/0 to an internet gateway as public), the audit checks the wrong requirements, and a cluster cannot be moved between a public and a private subnet after launch.",
    messages: {
      foundPublic:
        "Cluster {{clusterId}}'s subnet {{subnetId}} was declared {{declared}}, but the data shows {{found}}: {{reason}}; EMR treats it as a public subnet: nodes need public addresses and the private-subnet requirements (service access security group, NAT or endpoints) are not what applies.",
      foundPrivateNotPublic:
        "Cluster {{clusterId}}'s subnet {{subnetId}} was declared {{declared}}, but the data shows {{found}}: {{reason}}; EMR treats it as a private subnet: the cluster cannot be managed as a public-subnet cluster and the public-subnet checks do not fit.",
      foundVpn:
        "Cluster {{clusterId}}'s subnet {{subnetId}} was declared {{declared}}, but the data shows {{found}}: {{reason}}; both are private subnets to EMR, but the VPN path to on-premises networks is not audited under the declared topology.",
      foundNoVpn:
        "Cluster {{clusterId}}'s subnet {{subnetId}} was declared {{declared}}, but the data shows {{found}}: {{reason}}; both are private subnets to EMR, but no route to on-premises networks was found for the VPN path.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const classification = classifySubnet(context.model, subnet)
    if (!classification) return context.lacking('routeTables', `the route table in effect for ${subnet.id} (no explicit association and no main route table for ${subnet.vpcId})`)
    const declared = context.scope.declaredTopology
    // With --topology auto nothing was declared: nothing to contradict.
    if (declared === 'auto' || classification.topology === declared) return
    const publicMismatch = classification.topology === 'public' || declared === 'public'
    const situation = publicMismatch
      ? classification.topology === 'public'
        ? {messageId: 'foundPublic' as const}
        : {messageId: 'foundPrivateNotPublic' as const}
      : classification.topology === 'vpn'
        ? {messageId: 'foundVpn' as const}
        : {messageId: 'foundNoVpn' as const}
    const table = context.model.effectiveRouteTable(subnet.id)
    const route = table ? defaultRoute(context.model, table) : undefined
    context.report({
      resourceId: subnet.id,
      // Public vs private decides what EMR requires; private vs VPN only changes how people reach the cluster.
      severity: publicMismatch ? undefined : 'low',
      ...situation,
      data: {
        clusterId: cluster.id,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        declared,
        found: classification.topology,
        reason: classification.reason,
        ...(table ? {routeTableId: table.id} : {}),
      },
      // The route that decided the classification (or its table when there is no default route).
      origin: route?.source ?? table?.origin ?? subnet.origin,
    })
  },
})
