import {WEB_UIS} from '../../../catalog/web-uis.js'
import {type Endpoint, type ReachResult, analyzeReachability} from '../../reachability/engine.js'
import {instanceEndpoint, pathLabel, primaryOrStop} from '../path-check.js'
import {defineRule} from '../rule.js'
import remediation from './emra-095-onprem-to-primary-path.remediation.js'
import {onpremCidrs} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-095',
    title: 'On-premises clients cannot reach the primary node (path check)',
    severity: 'high',
    topologies: ['vpn'],
    description: 'Traces each on-premises CIDR over the VPN to the primary node: TCP 22 and every web UI port on the primary; fails when none of them gets through.',
    risk: "Over the VPN, operators reach the web UIs either through an SSH tunnel to the primary node (TCP 22) or directly on the UI ports. Every hop must allow it: the VPN gateway and tunnels, the cluster subnet's route back to on-premises, its network ACL both ways (replies on ephemeral ports) and a primary security group rule admitting the on-premises CIDR.",
    messages: {
      unreachable: 'On-premises clients in {{cidr}} (from {{cidrSource}}) can reach neither SSH nor any web UI on the primary node {{instanceId}}: TCP 22: {{summary}}; {{uiVerdicts}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html',
    needs: ['instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets', 'vpnGateways', 'vpnConnections'],
  },
  check(context) {
    const cluster = context.cluster()
    const vpc = context.vpc()
    const {model} = context
    const onprem = onpremCidrs(context, vpc.id)
    const primary = primaryOrStop(context, cluster)
    const to = instanceEndpoint(context, primary, `primary ${primary.id}`)
    const uis = WEB_UIS.filter((ui) => ui.host === 'primary')
    for (const cidr of onprem.cidrs) {
      const from: Endpoint = {kind: 'external', label: cidr, addresses: cidr}
      const ssh = analyzeReachability(model, {from, to, protocol: 'tcp', port: 22})
      // Some on-premises clients get through: this rule is about none getting through.
      const gets = (result: ReachResult): boolean => result.verdict === 'reachable' || result.verdict === 'partially-reachable'
      if (gets(ssh)) continue
      const results = uis.map((ui) => ({ui, result: analyzeReachability(model, {from, to, protocol: 'tcp', port: ui.port})}))
      if (results.some(({result}) => gets(result))) continue
      if (ssh.verdict === 'unknown') return context.notEvaluated(`${pathLabel(ssh)}: ${ssh.summary}`)
      const bySummary = new Map<string, string[]>()
      for (const {ui, result} of results) bySummary.set(verdictText(result, true), [...(bySummary.get(verdictText(result, true)) ?? []), `${ui.port} (${ui.name})`])
      const sshText = verdictText(ssh)
      const uiVerdicts =
        bySummary.size === 1 && bySummary.has(verdictText(ssh, true))
          ? `every web UI port (${results.map(({ui}) => ui.port).join(', ')}): the same`
          : `web UI ports ${[...bySummary].map(([summary, ports]) => `${ports.join(', ')}: ${summary}`).join('; ')}`
      const blocking = ssh.hops.find((hop) => hop.verdict === 'deny')
      const groupId = cluster.additionalPrimarySecurityGroupIds[0] ?? cluster.managedPrimarySecurityGroupId
      context.report({
        resourceId: blocking?.component ?? to.label,
        messageId: 'unreachable',
        data: {
          cidr,
          cidrSource: onprem.source,
          clusterId: cluster.id,
          instanceId: primary.id,
          port: 22,
          ...(groupId ? {groupId} : {}),
          summary: sshText,
          uiVerdicts,
          path: pathLabel(ssh),
          ...(ssh.code ? {code: ssh.code} : {}),
        },
        pathLabel: pathLabel(ssh),
        hops: ssh.hops,
      })
    }
  },
})

/** The verdict in words; `generic` words it without the port so ports blocked alike group together. */
function verdictText(result: ReachResult, generic = false): string {
  const summary = generic ? result.summary.split(`${result.protocol.toUpperCase()} ${result.port}`).join('the port') : result.summary
  return `${result.verdict === 'unknown' ? 'cannot tell, ' : ''}${summary}${result.code ? ` [${result.code}]` : ''}`
}
