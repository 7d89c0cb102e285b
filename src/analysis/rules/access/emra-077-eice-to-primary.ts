import type {NetworkModel} from '../../../model/network-model.js'
import {USABLE_STATES} from '../../../model/instance-connect.js'
import type {InstanceConnectEndpoint} from '../../../model/types.js'
import {type AddressSet, describeSet, intersect, isEmpty, sameSet, setOf} from '../../reachability/address-set.js'
import {resolveEndpoint} from '../../reachability/endpoints.js'
import {DEFAULT_EPHEMERAL_PORTS, type Endpoint, type ReachResult, analyzeReachability} from '../../reachability/engine.js'
import {evaluateNetworkAclSet} from '../../reachability/network-acls.js'
import {evaluateSecurityGroupsSet} from '../../reachability/security-groups.js'
import {checkPath, instanceEndpoint, pathLabel, primaryOrStop} from '../path-check.js'
import {defineRule} from '../rule.js'
import {describedCluster} from '../security-groups/shared.js'
import remediation from './emra-077-eice-to-primary.remediation.js'

const SSH = 22
/** Client IP preservation is IPv4 only (ModifyInstanceConnectEndpoint API reference): the operator is somewhere in it. */
const ANY_CLIENT = setOf('0.0.0.0/0')

type Interface = Extract<Endpoint, {kind: 'interface'}>

/** What one endpoint's tunnel to the primary would meet. */
type Judgement = {verdict: 'reachable'} | {verdict: 'blocked'; from: Endpoint} | {verdict: 'unknown'; reason: string}

/**
 * Which client addresses the primary's side of the path admits on TCP 22: its security groups (a rule
 * naming the endpoint's group admits any client) and, across subnets, its subnet's network ACL both ways.
 * `undecided`: addresses the data cannot judge (a group or prefix list not in the data).
 */
function clientsAdmitted(model: NetworkModel, from: Interface, to: Interface): {admitted: AddressSet; undecided: AddressSet} {
  const groups = evaluateSecurityGroupsSet(model, to.eni.groupIds, 'ingress', {addresses: ANY_CLIENT, groupIds: from.eni.groupIds}, 'tcp', SSH)
  let admitted = groups.allowed
  let undecided = groups.unknown
  if (from.subnet.id !== to.subnet.id) {
    const acl = model.effectiveNetworkAcl(to.subnet.id)
    if (!acl) return {admitted: [], undecided: ANY_CLIENT}
    const inbound = evaluateNetworkAclSet(acl, false, 'tcp', ANY_CLIENT, {from: SSH, to: SSH})
    const replies = evaluateNetworkAclSet(acl, true, 'tcp', ANY_CLIENT, DEFAULT_EPHEMERAL_PORTS)
    const acls = intersect(inbound.allowed, replies.allowed)
    admitted = intersect(admitted, acls)
    undecided = intersect(undecided, acls)
  }
  return {admitted, undecided}
}

/**
 * One endpoint's tunnel to the primary, judged by the path engine as `reach --from eice-…` judges it.
 * With client IP preservation on, the primary (its groups, its subnet's ACL) sees the operator's address
 * instead of the endpoint's (EC2 User Guide, eice-security-groups.html), which the data does not hold:
 * the answer stands only when those hops admit every client, or none, or another hop blocks anyway.
 */
function judge(model: NetworkModel, endpoint: InstanceConnectEndpoint, to: Interface): Judgement {
  const from = resolveEndpoint(model, endpoint.id)
  const result = analyzeReachability(model, {from, to, protocol: 'tcp', port: SSH})
  const verdict = (reached: ReachResult): Judgement => {
    if (reached.verdict === 'reachable') return {verdict: 'reachable'}
    if (reached.verdict === 'unknown') return {verdict: 'unknown', reason: `${pathLabel(reached)}: ${reached.summary}`}
    return {verdict: 'blocked', from}
  }
  if (!endpoint.preserveClientIp || from.kind !== 'interface') return verdict(result)
  const clients = clientsAdmitted(model, from, to)
  // Every client admitted: the engine's verdict (the endpoint's subnet is a part of them) is the client's.
  if (sameSet(clients.admitted, ANY_CLIENT)) return verdict(result)
  // No client admitted and none undecided: blocked whoever connects (the engine, judging a part of them, says so).
  if (isEmpty(clients.admitted) && isEmpty(clients.undecided)) return verdict(result)
  // A hop before the primary's (the endpoint's egress and subnet, the routes, the instance's state) blocks whatever the client's address.
  if (result.blockers.some((blocker) => blocker.direction !== 'inbound' && blocker.direction !== 'return')) return verdict(result)
  // Data the engine misses too (a group, a prefix list): its reason names it.
  if (!isEmpty(clients.undecided) && result.verdict === 'unknown') return verdict(result)
  const admitted = isEmpty(clients.admitted) ? '' : `; it admits TCP ${SSH} from ${describeSet(clients.admitted)} only`
  const undecided = isEmpty(clients.undecided) ? '' : `; the data cannot tell for ${describeSet(clients.undecided)}`
  return {
    verdict: 'unknown',
    reason: `${endpoint.id} has client IP preservation on: the primary node ${to.instance?.id ?? to.eni.id} sees the operator's address, which the data does not hold${admitted}${undecided}`,
  }
}

export default defineRule({
  meta: {
    id: 'EMRA-077',
    title: 'EC2 Instance Connect Endpoint cannot reach the primary on 22',
    severity: 'high',
    topologies: 'all',
    description:
      "When the cluster's VPC has an EC2 Instance Connect Endpoint in a usable state (create-complete, update-*: the states the AWS CLI tunnels through), checks the path from the endpoint to the primary node on TCP 22 as `reach` does: the endpoint's security group egress, both subnets' route tables and network ACLs (replies included) and the primary's security groups. With client IP preservation on, the primary sees the operator's address, which the data does not hold: judged only when the primary admits every address, or none. Not applicable without a usable endpoint. Who may open tunnels is an IAM question (ec2-instance-connect:OpenTunnel), not checked here.",
    risk: "An EC2 Instance Connect Endpoint tunnel goes through the endpoint: the endpoint's network interface connects to the primary node on TCP 22. If the endpoint's groups do not let that out, a network ACL drops it or its replies, or the primary node's groups do not admit it, the tunnel opens but SSH times out, which looks like an outage rather than a rule problem.",
    messages: {
      blocked: 'The EC2 Instance Connect Endpoint {{endpointId}} cannot open SSH to the primary node {{instanceId}} of {{clusterId}}: {{summary}} [{{code}}]',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/eice-security-groups.html',
    needs: ['instanceConnectEndpoints', 'instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const vpc = context.vpc()
    const {model} = context
    // Endpoints being created, failed or deleted carry no tunnel (`connect` and the AWS CLI skip them).
    const endpoints = model.instanceConnectEndpointsOf(vpc.id).filter((endpoint) => USABLE_STATES.includes(endpoint.state))
    if (endpoints.length === 0) {
      const others = model.instanceConnectEndpointsOf(vpc.id).map((endpoint) => `${endpoint.id} is ${endpoint.state}`)
      return context.notApplicable(`no EC2 Instance Connect Endpoint in a usable state in ${vpc.id}${others.length > 0 ? ` (${others.join(', ')})` : ''}`)
    }
    context.need('listInstances', cluster.id)
    const primary = primaryOrStop(context, cluster)
    const to = instanceEndpoint(context, primary, `primary ${primary.id}`)
    if (to.kind !== 'interface') return context.notEvaluated(`${primary.id} has no network interface in a known subnet`)

    // One working endpoint is enough (AWS allows one per VPC today, the API lists several).
    const judged = endpoints.map((endpoint) => ({endpoint, judgement: judge(model, endpoint, to)}))
    if (judged.some(({judgement}) => judgement.verdict === 'reachable')) return
    const undecided = judged.find(({judgement}) => judgement.verdict === 'unknown')?.judgement
    if (undecided?.verdict === 'unknown') return context.notEvaluated(undecided.reason)
    const primaryGroupId = to.eni.groupIds.find((id) => id !== cluster.managedPrimarySecurityGroupId) ?? to.eni.groupIds[0] ?? ''
    for (const {endpoint, judgement} of judged) {
      if (judgement.verdict !== 'blocked') continue
      checkPath(context, judgement.from, to, SSH, {
        messageId: 'blocked',
        data: {endpointId: endpoint.id, endpointGroupId: endpoint.securityGroupIds[0] ?? '', primaryGroupId, instanceId: primary.id, clusterId: cluster.id, port: SSH, protocol: 'tcp'},
      })
    }
  },
})
