import type {Severity} from '../../findings.js'
import type {WebUi} from '../../../catalog/web-uis.js'
import {type UnionExposure, WORLD, unionExposures} from '../exposure.js'
import {defineRule} from '../rule.js'
import remediation from './emra-040-cluster-sg-open-to-world.remediation.js'
import {
  clusterGroupsAndHosts,
  coreGroupIds,
  exposedUis,
  groupLabel,
  openedText,
  peerId,
  portRange,
  portSpan,
  portsOpenedText,
  stopWhenPrefixListsUnknown,
  primaryGroupIds,
  ruleLabel,
  ruleParams,
  uiData,
  uisInRange,
  unionText,
  worldPeer,
} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-040',
    title: 'A cluster security group is open to the whole internet',
    severity: 'high',
    topologies: 'all',
    description:
      "Checks every security group of the cluster's nodes for inbound rules from every public address: one rule (0.0.0.0/0, ::/0, a prefix list covering them), or several rules of one node's groups that only together cover the internet.",
    risk: 'An inbound rule from 0.0.0.0/0 or ::/0 (or several rules, or prefix-list entries, that together cover every public address) on a cluster security group lets anyone on the internet reach the nodes on those ports wherever a public IP or a forwarding path exists. EMR web UIs and service ports have no authentication by default; exposed clusters are routinely found and abused (crypto-mining, data theft). Use the SSH tunnel, a bastion or narrowly scoped client CIDRs instead.',
    messages: {
      worldOpen: '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{peer}}, the whole internet.',
      worldOpenSsh: '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{peer}}, the whole internet; SSH should be limited to your client CIDR or the bastion group.',
      worldOpenUis: '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{peer}}, the whole internet; it exposes the web UIs {{uis}}.',
      worldOpenByUnion:
        'The security groups of the {{nodes}} of {{clusterId}} ({{groupIds}}) together admit inbound {{opened}} from the whole internet ({{cidr}}), though no single rule does: {{rules}}.',
      worldOpenByUnionUis:
        'The security groups of the {{nodes}} of {{clusterId}} ({{groupIds}}) together admit inbound {{opened}} from the whole internet ({{cidr}}), though no single rule does: {{rules}}; it exposes the web UIs {{uis}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const {cluster, hosts, groups} = clusterGroupsAndHosts(context, 'all')
    const {model} = context
    let reported = 0
    for (const {group, role} of groups) {
      for (const rule of group.ingress) {
        const peer = worldPeer(model, rule)
        if (!peer) continue
        const range = portRange(rule)
        const uis = exposedUis(rule, hosts.get(group.id) ?? new Set())
        const sshOnly = range !== undefined && range.from === 22 && range.to === 22 && rule.protocol === 'tcp'
        // A port range that is not just SSH is critical; ICMP alone (no ports) stays high.
        const severity: Severity = range !== undefined && !sshOnly ? 'critical' : 'high'
        const data = {group: groupLabel(group), groupId: group.id, role, clusterId: cluster.id, opened: openedText(rule), peer, cidr: peerId(rule), ...ruleParams(rule)}
        reported++
        context.report({
          resourceId: group.id,
          severity,
          ...(uis.length > 0 ? {messageId: 'worldOpenUis', data: {...data, ...uiData(uis)}} : sshOnly ? {messageId: 'worldOpenSsh', data} : {messageId: 'worldOpen', data}),
          pathLabel: ruleLabel(group, rule, peerId(rule)),
          origin: rule.origin,
        })
      }
    }
    // The groups of one node are one allow-list: rules that only together cover the internet.
    const nodes = [
      {node: 'primary' as const, ids: primaryGroupIds(cluster)},
      {node: 'core' as const, ids: coreGroupIds(cluster)},
    ]
    const unions = new Map<string, {exposure: UnionExposure; ids: string[]; nodes: Set<WebUi['host']>}>()
    for (const {node, ids} of nodes) {
      const nodeGroups = ids.flatMap((id) => model.securityGroups.get(id) ?? [])
      for (const exposure of unionExposures(model, nodeGroups)) {
        const key = `${exposure.family}/${exposure.protocol}/${exposure.ports.from}-${exposure.ports.to}/${unionText(exposure.rules)}`
        const entry = unions.get(key) ?? {exposure, ids, nodes: new Set<WebUi['host']>()}
        entry.nodes.add(node)
        unions.set(key, entry)
      }
    }
    for (const {exposure, ids, nodes: on} of unions.values()) {
      const {ports, protocol, family} = exposure
      const uis = protocol === 'tcp' ? uisInRange(ports, on) : []
      const sshOnly = protocol === 'tcp' && ports.from === 22 && ports.to === 22
      const first = exposure.rules[0]!
      const data = {
        nodes: `${[...on].join(' and ')} node${on.size > 1 ? 's' : ''}`,
        clusterId: cluster.id,
        groupIds: ids.join(', '),
        groupId: first.group.id,
        opened: portsOpenedText(protocol, ports),
        cidr: WORLD[family],
        rules: unionText(exposure.rules),
        protocol,
        port: portSpan(ports),
        fromPort: ports.from,
        toPort: ports.to,
      }
      reported++
      context.report({
        resourceId: first.group.id,
        severity: sshOnly ? 'high' : 'critical',
        ...(uis.length > 0 ? {messageId: 'worldOpenByUnionUis', data: {...data, ...uiData(uis)}} : {messageId: 'worldOpenByUnion', data}),
        pathLabel: `${WORLD[family]} -> ${ids.join('+')}:${portSpan(ports)}/${protocol}`,
        origin: exposure.rules[0]!.rule.origin,
      })
    }
    if (reported === 0)
      stopWhenPrefixListsUnknown(
        context,
        groups.map(({group}) => group),
      )
  },
})
