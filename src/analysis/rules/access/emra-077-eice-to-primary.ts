import {evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {defineRule} from '../rule.js'
import remediation from './emra-077-eice-to-primary.remediation.js'
import {describedCluster, groupNames} from '../security-groups/shared.js'
import {primaryGroupsOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-077',
    title: 'EC2 Instance Connect Endpoint cannot reach the primary on 22',
    severity: 'high',
    topologies: 'all',
    description:
      "When the cluster's VPC has an EC2 Instance Connect Endpoint, checks that the endpoint's security groups let TCP 22 out to the primary node and that one of the primary node's groups admits it: by the endpoint's group, or (client IP preservation off) by an address range covering the endpoint's subnet. Not applicable without an endpoint. Who may open tunnels is an IAM question (ec2-instance-connect:OpenTunnel), not checked here.",
    risk: "An EC2 Instance Connect Endpoint tunnel goes through the endpoint: the endpoint's network interface connects to the primary node on TCP 22. If the endpoint's groups do not let that out or the primary node's groups do not admit it, the tunnel opens but SSH times out, which looks like an outage rather than a rule problem.",
    messages: {
      primaryRejectsEndpoint:
        "None of the primary node's security groups ({{groups}}) allows inbound TCP 22 from the EC2 Instance Connect Endpoint {{endpointId}} ({{endpointSource}}): an endpoint tunnel to {{clusterId}} cannot reach SSH.",
      endpointEgressBlocked:
        "None of the EC2 Instance Connect Endpoint {{endpointId}}'s security groups ({{groups}}) allows outbound TCP 22 to the primary node ({{primaryAddress}}, groups {{primaryGroupIds}}): an endpoint tunnel to {{clusterId}} cannot reach SSH.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/eice-security-groups.html',
    needs: ['instanceConnectEndpoints', 'instances', 'securityGroups', 'subnets'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const vpc = context.vpc()
    const {model} = context
    const endpoints = model.instanceConnectEndpointsOf(vpc.id).filter((endpoint) => !endpoint.state.startsWith('delete'))
    if (endpoints.length === 0) return context.notApplicable(`no EC2 Instance Connect Endpoint in ${vpc.id}`)
    const primaryGroups = primaryGroupsOrStop(context, cluster)
    const {ids: primaryIds, fixGroupId: primaryGroupId} = primaryGroups
    const toPrimary = primaryGroups.peer()

    // One working endpoint is enough (AWS allows one per VPC today, the API lists several).
    for (const endpoint of endpoints) {
      const subnet = model.subnets.get(endpoint.subnetId)
      // Client IP preservation off: the primary sees the endpoint ENI's private IP, somewhere in its subnet.
      // On: it sees the operator's address, which the data cannot tell: judged as any address, so only
      // a rule naming the endpoint's group (or one open to all) is known to admit it.
      const addresses = !endpoint.preserveClientIp && subnet ? subnet.cidrBlock : '0.0.0.0/0'
      const ingress = evaluateSecurityGroups(model, primaryIds, 'ingress', {addresses, groupIds: endpoint.securityGroupIds}, 'tcp', 22)
      if (ingress.unknownGroups.length === primaryIds.length) return context.lacking('securityGroups', `the primary security groups ${primaryIds.join(', ')}`)
      const egress = evaluateSecurityGroups(model, endpoint.securityGroupIds, 'egress', toPrimary, 'tcp', 22)
      const endpointKnown = endpoint.securityGroupIds.filter((id) => model.securityGroups.has(id))
      if (ingress.allowed && (egress.allowed || endpointKnown.length === 0)) return
      if (endpoint !== endpoints[endpoints.length - 1]) continue
      const common = {endpointId: endpoint.id, endpointGroupId: endpoint.securityGroupIds[0] ?? '', primaryGroupId, primaryGroupIds: primaryIds.join(', '), clusterId: cluster.id, port: 22}
      if (!ingress.allowed) {
        const target = model.securityGroups.get(primaryGroupId) ?? model.securityGroups.get(primaryIds.find((id) => model.securityGroups.has(id))!)!
        context.report({
          resourceId: target.id,
          messageId: 'primaryRejectsEndpoint',
          data: {
            ...common,
            groups: groupNames(model, primaryIds),
            groupId: target.id,
            endpointSource: endpoint.preserveClientIp
              ? `client IP preservation on: only a rule naming its groups ${endpoint.securityGroupIds.join(', ') || 'none'} is known to admit it`
              : `its address in ${endpoint.subnetId}${subnet ? ` ${subnet.cidrBlock}` : ''}, groups ${endpoint.securityGroupIds.join(', ') || 'none'}`,
          },
          origin: target.origin,
        })
      }
      if (!egress.allowed && endpointKnown.length > 0) {
        context.report({
          resourceId: endpoint.id,
          messageId: 'endpointEgressBlocked',
          data: {...common, groups: groupNames(model, endpoint.securityGroupIds), groupId: endpointKnown[0]!, primaryAddress: toPrimary.addresses},
          origin: endpoint.origin,
        })
      }
    }
  },
})
