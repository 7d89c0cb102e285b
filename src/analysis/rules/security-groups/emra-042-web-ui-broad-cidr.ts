import {WEB_UIS, type WebUi} from '../../../catalog/web-uis.js'
import {cidr, isBroad, isPrivateRange, isWorld} from '../../../model/ip.js'
import type {NetworkModel} from '../../../model/network-model.js'
import type {SecurityGroupRule} from '../../../model/types.js'
import {covers, intervalOf} from '../../reachability/address-set.js'
import {type GroupRule} from '../exposure.js'
import {defineRule} from '../rule.js'
import remediation from './emra-042-web-ui-broad-cidr.remediation.js'
import {findOnpremCidrs} from '../vpn/shared.js'
import {clusterGroupsAndHosts, coversTcpPort, exposedUis, groupLabel, openedText, peerId, stopWhenPrefixListsUnknown, ruleLabel, ruleParams, uiData, unionText, worldPeer} from './shared.js'

/** Why a CIDR counts as broad, in words. */
function broadness(text: string): string {
  const parsed = cidr(text)
  if (!parsed) return 'broad'
  const limit = parsed.version === 4 ? 24 : 48
  const reasons: string[] = []
  if (parsed.prefix < limit) reasons.push(`a /${parsed.prefix}, wider than /${limit}`)
  if (parsed.version === 4 && !isPrivateRange(text)) reasons.push('outside the private RFC 1918 ranges')
  return reasons.join(', ')
}

export default defineRule({
  meta: {
    id: 'EMRA-042',
    title: 'Web UI ports are reachable from broad address ranges',
    severity: 'high',
    topologies: 'all',
    description:
      "Checks the node security groups for rules admitting EMR web UI ports from a source wider than a /24 (IPv6: /48) or outside the private ranges, one rule at a time or several narrow rules of one node's groups together; in the VPN topology a broad on-premises source is only noted.",
    risk: 'EMR web UIs (YARN, Spark History, Hue, Zeppelin, JupyterHub, Livy, …) mostly run without authentication and let visitors read job data, logs and configuration or submit code. Admitting their ports from a range wider than a /24 (alone or as several rules together) or from public addresses exposes them to far more hosts than the people who need them; AWS recommends reaching them through an SSH tunnel instead. In the VPN topology a broad source inside the on-premises networks is the reference design and only noted (info).',
    messages: {
      broadSource: '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{source}}: it exposes the web UIs {{uis}}.',
      broadOnpremSource:
        '{{group}} ({{role}} group of {{clusterId}}) allows inbound {{opened}} from {{source}}, inside the on-premises networks {{onpremCidrs}} (from {{onpremSource}}): the VPN reference design; narrow it if not every on-premises host needs the UIs: it exposes the web UIs {{uis}}.',
      broadByUnion: '{{groups}} of {{clusterId}} together admit the web UI ports from more than a /24: {{rules}}: it exposes the web UIs {{uis}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-web-interfaces.html',
    needs: ['securityGroups'],
  },
  check(context) {
    // Groups attached to the nodes (the service access group serves no UI).
    const {cluster, hosts, groups} = clusterGroupsAndHosts(context, 'nodes')
    const {model} = context
    const roles = new Map(groups.map(({group, role}) => [group.id, role]))
    // In the VPN topology on-premises clients are the reference design's users: a broad on-premises
    // source is worth a note, not a high finding.
    const vpcId = context.scope.vpc?.id ?? context.scope.subnet?.vpcId
    const onprem = context.scope.topology === 'vpn' && vpcId ? findOnpremCidrs(context, vpcId) : undefined
    const onpremParts = (onprem?.cidrs ?? []).flatMap((text) => intervalOf(text) ?? [])
    const isOnprem = (text: string): boolean => {
      const interval = intervalOf(text)
      return interval !== undefined && onpremParts.length > 0 && covers(onpremParts, interval)
    }
    let reported = 0
    // Rule by rule: one source range is already too broad.
    const flagged = new Set<SecurityGroupRule>()
    for (const {group, role} of groups) {
      for (const rule of group.ingress) {
        const uis = exposedUis(rule, hosts.get(group.id) ?? new Set())
        if (uis.length === 0 || worldPeer(model, rule)) continue
        const sources = clientSources(model, rule)
        if (!sources) continue
        const broad = sources.cidrs.filter((text) => isBroad(text) && !isWorld(text))
        if (broad.length === 0) continue
        const outside = broad.filter((text) => !isOnprem(text))
        const shown = outside.length > 0 ? outside : broad
        flagged.add(rule)
        reported++
        const data = {
          group: groupLabel(group),
          groupId: group.id,
          role,
          clusterId: cluster.id,
          opened: openedText(rule),
          source: `${sources.peer}${rule.peer.kind === 'prefix-list' ? `, which holds ${shown.map((text) => `${text} (${broadness(text)})`).join(', ')}` : ` (${broadness(shown[0]!)})`}`,
          cidr: peerId(rule),
          cidrs: shown.join(', '),
          ...ruleParams(rule),
          ...uiData(uis),
        }
        context.report({
          resourceId: group.id,
          severity: outside.length > 0 || !onprem ? 'high' : 'info',
          ...(outside.length > 0 || !onprem ? {messageId: 'broadSource', data} : {messageId: 'broadOnpremSource', data: {...data, onpremCidrs: onprem.cidrs.join(', '), onpremSource: onprem.source}}),
          pathLabel: ruleLabel(group, rule, rule.peer.kind === 'prefix-list' ? rule.peer.prefixListId : sources.peer),
          origin: rule.origin,
        })
      }
    }
    // Then the union per node: narrow ranges that together are wider than a /24 (or /48).
    const unions = new Map<string, {rules: GroupRule[]; uis: WebUi[]}>()
    for (const node of ['primary', 'core'] as const) {
      const nodeGroups = groups.filter(({group}) => hosts.get(group.id)?.has(node)).map(({group}) => group)
      for (const ui of WEB_UIS.filter((candidate) => candidate.host === node)) {
        const rules = nodeGroups.flatMap((group) => group.ingress.filter((rule) => coversTcpPort(rule, ui.port)).map((rule) => ({group, rule})))
        if (rules.some(({rule}) => flagged.has(rule) || worldPeer(model, rule))) continue
        const contributing = rules.flatMap((ref) => {
          const cidrs = (clientSources(model, ref.rule)?.cidrs ?? []).filter((text) => !isOnprem(text))
          return cidrs.length > 0 ? [{ref, cidrs}] : []
        })
        if (contributing.length < 2 || !unionIsBroad(contributing.flatMap(({cidrs}) => cidrs))) continue
        const key = contributing.map(({ref}) => `${ref.group.id}/${ref.group.ingress.indexOf(ref.rule)}`).join(',')
        const entry = unions.get(key) ?? {rules: contributing.map(({ref}) => ref), uis: []}
        entry.uis.push(ui)
        unions.set(key, entry)
      }
    }
    for (const {rules, uis} of unions.values()) {
      const groupIds = [...new Set(rules.map(({group}) => group.id))]
      reported++
      const first = rules[0]!
      context.report({
        resourceId: first.group.id,
        messageId: 'broadByUnion',
        data: {
          groups: groupIds.map((id) => `${id} (${roles.get(id)} group)`).join(', '),
          groupIds: groupIds.join(', '),
          groupId: first.group.id,
          clusterId: cluster.id,
          rules: unionText(rules),
          cidr: peerId(first.rule),
          cidrs: rules.map(({rule}) => peerId(rule)).join(', '),
          ...ruleParams(first.rule),
          ...uiData(uis),
        },
        pathLabel: `${rules.map(({rule}) => peerId(rule)).join('+')} -> ${groupIds.join('+')}:${uis.map((ui) => ui.port).join(',')}/tcp`,
        origin: rules[0]!.rule.origin,
      })
    }
    if (reported === 0)
      stopWhenPrefixListsUnknown(
        context,
        groups.map(({group}) => group),
      )
  },
})

/** The client addresses a rule admits (CIDR or customer prefix list); undefined for group references and AWS service lists. */
function clientSources(model: NetworkModel, rule: SecurityGroupRule): {cidrs: string[]; peer: string} | undefined {
  if (rule.peer.kind === 'cidr') return {cidrs: [rule.peer.cidr], peer: rule.peer.cidr}
  if (rule.peer.kind !== 'prefix-list') return undefined
  const list = model.prefixLists.get(rule.peer.prefixListId)
  // AWS-managed service lists (com.amazonaws.*) hold service addresses, not clients.
  if (!list || list.name.startsWith('com.amazonaws.')) return undefined
  return {cidrs: list.cidrs, peer: `${list.id} (${list.name})`}
}

/** More addresses than a /24 (IPv4) or /48 (IPv6), once overlaps are merged? */
function unionIsBroad(cidrs: readonly string[]): boolean {
  for (const family of [4, 6] as const) {
    const parts = cidrs.flatMap((text) => intervalOf(text) ?? []).filter((part) => part.version === family)
    parts.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    let total = 0n
    let end = -1n
    for (const part of parts) {
      const first = part.first > end ? part.first : end + 1n
      if (part.last >= first) total += part.last - first + 1n
      if (part.last > end) end = part.last
    }
    if (total > (family === 4 ? 256n : 1n << 80n)) return true
  }
  return false
}
