import type {VpcEndpoint} from '../../../model/types.js'
import {primaryInstanceOf} from '../../reachability/endpoints.js'
import {evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {defineRule} from '../rule.js'
import {awsServiceName, internetEgress, regionOrStop, stopUnknown} from '../routing/shared.js'
import remediation from './emra-078-ssm-to-primary.remediation.js'

/** The three services an SSM session uses: the API, the data channel, and the agent's message delivery. */
const SSM_SERVICES = ['ssm', 'ssmmessages', 'ec2messages'] as const
/** Port-forwarding SSH through AWS-StartSSHSession needs SSM Agent 2.3.672.0 or later (Session Manager SSH docs). */
const SSH_AGENT_MINIMUM = [2, 3, 672, 0] as const

function agentTooOld(version: string): boolean {
  const parts = version.split('.').map(Number)
  if (parts.some((part) => !Number.isInteger(part))) return false
  for (let index = 0; index < SSH_AGENT_MINIMUM.length; index++) {
    const have = parts[index] ?? 0
    if (have !== SSH_AGENT_MINIMUM[index]) return have < SSH_AGENT_MINIMUM[index]!
  }
  return false
}

export default defineRule({
  meta: {
    id: 'EMRA-078',
    title: 'Session Manager cannot reach the primary',
    severity: 'info',
    topologies: 'all',
    description:
      "Checks that the primary node is an SSM managed instance that is Online with an agent recent enough for AWS-StartSSHSession (2.3.672.0), and that its subnet reaches SSM: a working 0.0.0.0/0 route through a NAT or internet gateway, or interface endpoints for ssm, ssmmessages and ec2messages that are available, have private DNS on, and admit TCP 443 from the primary. Info severity, raised to high on a private cluster with no bastion (Session Manager is then the remaining way in). The instance profile's SSM permissions need IAM data this tool does not collect: not checked.",
    risk: 'SSH through Session Manager needs a session to the primary. If the agent on the primary is not registered and Online, or it cannot reach the ssm, ssmmessages and ec2messages endpoints, StartSession fails or the session never connects.',
    messages: {
      notManaged: 'The primary node {{instanceId}} of {{clusterId}} is not an SSM managed instance (no DescribeInstanceInformation record): a Session Manager SSH session cannot start.',
      notOnline: 'The SSM agent on the primary node {{instanceId}} of {{clusterId}} is {{pingStatus}}, not Online: a Session Manager SSH session cannot start.',
      agentTooOld: 'The SSM agent on the primary node {{instanceId}} of {{clusterId}} is version {{agentVersion}}; AWS-StartSSHSession needs 2.3.672.0 or later.',
      noPathToSsm:
        'The subnet {{subnetId}} of {{clusterId}} has no working internet egress ({{egress}}) and no usable interface endpoint for {{missing}}: the SSM agent on the primary node cannot reach Session Manager.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html',
    needs: ['ssmInstanceInformation', 'instances', 'subnets', 'routeTables', 'vpcEndpoints', 'securityGroups'],
  },
  check(context) {
    const cluster = context.cluster()
    const {model, scope} = context
    const primary = primaryInstanceOf(model, cluster)
    if (!primary) return context.lacking('instances', `the primary instance of ${cluster.id}`)
    const subnet = context.subnet()
    const region = regionOrStop(context)
    // Session Manager is the way in of last resort on a private cluster without a bastion.
    const severity = scope.topology === 'private' && !scope.bastion ? 'high' : undefined
    const common = {instanceId: primary.id, clusterId: cluster.id, subnetId: subnet.id, vpcId: subnet.vpcId, region}

    const info = model.ssmInstances.get(primary.id)
    if (!info) context.report({resourceId: primary.id, severity, messageId: 'notManaged', data: common, origin: primary.origin})
    else if ((info.pingStatus ?? '') !== 'Online')
      context.report({resourceId: primary.id, severity, messageId: 'notOnline', data: {...common, pingStatus: info.pingStatus ?? 'unknown'}, origin: primary.origin})
    else if (info.agentVersion && agentTooOld(info.agentVersion))
      context.report({resourceId: primary.id, severity, messageId: 'agentTooOld', data: {...common, agentVersion: info.agentVersion}, origin: primary.origin})

    const egress = internetEgress(model, subnet)
    if (egress.verdict.status === 'ok') return
    const primaryEni = primary.enis[0]
    const fromPrimary = {addresses: primaryEni?.privateIps[0] ?? subnet.cidrBlock, groupIds: primaryEni?.groupIds ?? []}
    const usable = (endpoint: VpcEndpoint): boolean =>
      endpoint.type === 'interface' && endpoint.state === 'available' && endpoint.privateDnsEnabled && evaluateSecurityGroups(model, endpoint.groupIds, 'ingress', fromPrimary, 'tcp', 443).allowed
    const endpoints = model.vpcEndpointsOf(subnet.vpcId)
    const missing = SSM_SERVICES.filter((service) => !endpoints.some((endpoint) => endpoint.serviceName === awsServiceName(region, service) && usable(endpoint)))
    if (missing.length === 0) return
    if (egress.verdict.status === 'unknown') return stopUnknown(context, egress.verdict, `no usable interface endpoint for ${missing.join(', ')}`)
    context.report({
      resourceId: subnet.id,
      severity,
      messageId: 'noPathToSsm',
      data: {...common, egress: egress.verdict.detail, missing: missing.join(', '), service: missing[0]!},
      origin: egress.verdict.origin ?? subnet.origin,
    })
  },
})
