import type {Instance} from '../../../model/types.js'
import {type Endpoint, type ReachResult, analyzeReachability} from '../../reachability/engine.js'
import {primaryInstanceOf} from '../../reachability/endpoints.js'
import {instanceEndpoint, lackingClusterInstances, pathLabel} from '../path-check.js'
import {defineRule} from '../rule.js'
import remediation from './emra-026-s3-path.remediation.js'
import {awsServiceName, regionOrStop, routeTableOrStop, s3EndpointFor} from './shared.js'

const HTTPS = 443

export default defineRule({
  meta: {
    id: 'EMRA-026',
    title: 'Cluster nodes cannot reach Amazon S3 over HTTPS',
    severity: 'critical',
    topologies: 'all',
    description:
      "Follows TCP 443 from the primary node and a core/task node to every address range of the S3 prefix list through security groups, the subnet's network ACL (both directions) and routes.",
    risk: "Every EMR node fetches packages and bootstrap actions from S3 and writes logs to it over HTTPS. A route is not enough: the nodes' security groups must allow outbound TCP 443 to the S3 address ranges (the com.amazonaws.<region>.s3 prefix list), and the subnet's network ACL, which is stateless, must allow the request out and the reply back in on ephemeral ports, whether S3 is reached through a gateway endpoint, a NAT gateway or an internet gateway. Otherwise clusters fail to start or steps fail.",
    messages: {
      s3Blocked: '{{source}} cannot reach S3 ({{prefixListId}}, {{ranges}}{{rangeNote}}) on TCP 443: {{summary}}{{codeNote}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints', 'securityGroups', 'networkAcls', 'instances', 'prefixLists'],
  },
  check(context) {
    const cluster = context.cluster()
    const subnet = context.subnet()
    const region = regionOrStop(context)
    const {model} = context
    const listName = awsServiceName(region, 's3')
    const s3List = [...model.prefixLists.values()].find((list) => list.name === listName)
    if (!s3List || s3List.cidrs.length === 0) return context.lacking('prefixLists', `the S3 prefix list ${listName} (its address ranges)`)
    const served = s3EndpointFor(model, subnet, routeTableOrStop(context, subnet), region)
    if (served.endpoint?.type === 'interface') {
      return context.notEvaluated(`S3 names resolve to interface endpoint ${served.endpoint.id} (private DNS): paths to interface endpoints are not judged by this rule`)
    }
    const nodes = clusterNodes(context.model, cluster)
    if (nodes.length === 0) return lackingClusterInstances(context, cluster, 'the nodes')
    for (const {instance, role} of nodes) {
      const from = instanceEndpoint(context, instance, `${cluster.id} ${role} (${instance.id})`)
      const results = s3List.cidrs.map((cidr) => {
        const to: Endpoint = {kind: 'external', label: `S3 ${cidr} (${s3List.id})`, addresses: cidr}
        return analyzeReachability(model, {from, to, protocol: 'tcp', port: HTTPS})
      })
      const unknown = results.find((result) => result.verdict === 'unknown')
      if (unknown) return context.notEvaluated(`${pathLabel(unknown)}: ${unknown.summary}`)
      const blocked = results.filter((result) => result.verdict === 'not-reachable')
      if (blocked.length === 0) continue
      // A missing route is EMRA-020's (private, VPN) or EMRA-011's (public) finding.
      if (blocked.every((result) => result.code === 'NO_ROUTE_TO_DESTINATION')) continue
      for (const group of byBlocker(blocked)) {
        const first = group[0]!
        const blocker = first.hops.find((hop) => hop.verdict === 'deny')
        const ranges = group.map((result) => result.to.replace(/^S3 (\S+).*$/, '$1'))
        const naclId = model.effectiveNetworkAcl(from.kind === 'interface' ? from.subnet.id : subnet.id)?.id
        const groupId = instance.enis[0]?.groupIds[0]
        context.report({
          resourceId: blocker?.component ?? instance.id,
          messageId: 's3Blocked',
          data: {
            clusterId: cluster.id,
            instanceId: instance.id,
            role,
            source: from.label,
            subnetId: from.kind === 'interface' ? from.subnet.id : subnet.id,
            prefixListId: s3List.id,
            ranges: ranges.join(', '),
            rangeNote: ranges.length < s3List.cidrs.length ? ` of ${s3List.cidrs.length} ranges` : '',
            port: HTTPS,
            protocol: 'tcp',
            path: pathLabel({...first, to: `S3 (${s3List.id})`}),
            summary: first.summary,
            code: first.code ?? '',
            codeNote: first.code ? ` [${first.code}]` : '',
            ...(blocker ? {blockerId: blocker.component} : {}),
            ...(groupId ? {groupId} : {}),
            ...(naclId ? {naclId} : {}),
          },
          pathLabel: pathLabel({...first, to: `S3 (${s3List.id})`}),
          hops: first.hops,
        })
      }
    }
  },
})

/** The primary node and one core/task node (their security groups differ), as instances in the data. */
function clusterNodes(model: Parameters<typeof primaryInstanceOf>[0], cluster: Parameters<typeof primaryInstanceOf>[1]): {instance: Instance; role: string}[] {
  const nodes: {instance: Instance; role: string}[] = []
  const primary = primaryInstanceOf(model, cluster)
  if (primary) nodes.push({instance: primary, role: 'primary'})
  const primaryIds = new Set(cluster.primaryInstances.map((entry) => entry.ec2InstanceId))
  const core = cluster.instances
    .filter((entry) => entry.ec2InstanceId && !primaryIds.has(entry.ec2InstanceId) && !/^TERMINATED/.test(entry.state ?? ''))
    .map((entry) => model.instances.get(entry.ec2InstanceId!))
    .find((instance): instance is Instance => instance !== undefined && instance.id !== primary?.id)
  if (core) nodes.push({instance: core, role: 'core/task node'})
  return nodes
}

/** Blocked flows grouped by what blocked them (component and code), so one cause is one finding. */
function byBlocker(results: ReachResult[]): ReachResult[][] {
  const groups = new Map<string, ReachResult[]>()
  for (const result of results) {
    const hop = result.hops.find((candidate) => candidate.verdict === 'deny')
    const key = `${hop?.component ?? ''}/${result.code ?? ''}/${hop?.direction ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), result])
  }
  return [...groups.values()]
}
