import {cidr, isBroad, isPrivateRange, isWorld} from '../../../model/ip.js'
import {clusterSecurityGroups} from '../helpers.js'
import {defineRule} from '../rule.js'
import {clusterGroupsOrStop, describedCluster, exposedUis, groupHosts, groupLabel, openedText, ruleLabel, uiList} from './shared.js'

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
    rationale:
      'EMR web UIs (YARN, Spark History, Hue, Zeppelin, JupyterHub, Livy, …) mostly run without authentication and let visitors read job data, logs and configuration or submit code. Admitting their ports from a range wider than a /24 or from public addresses exposes them to far more hosts than the people who need them; AWS recommends reaching them through an SSH tunnel instead.',
    remediation: {
      summary: 'Remove the rule and browse the UIs through the SSH tunnel (SOCKS proxy), or narrow the source to the few client addresses that need them.',
      cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <ui-port> --cidr <broad-cidr>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref AdditionalPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 8088\n  ToPort: 8088\n  CidrIp: <client-cidr-/24-or-narrower>',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-web-interfaces.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const hosts = groupHosts(cluster)
    // Groups attached to the nodes (the service access group serves no UI).
    const ids = clusterSecurityGroups(cluster).filter(({id}) => hosts.has(id))
    for (const {group, role} of clusterGroupsOrStop(context, cluster, ids)) {
      for (const rule of group.ingress) {
        const uis = exposedUis(rule, hosts.get(group.id) ?? new Set())
        if (uis.length === 0) continue
        let sources: string[] = []
        let peer = ''
        if (rule.peer.kind === 'cidr') {
          sources = [rule.peer.cidr]
          peer = rule.peer.cidr
        } else if (rule.peer.kind === 'prefix-list') {
          const list = context.model.prefixLists.get(rule.peer.prefixListId)
          // AWS-managed service lists (com.amazonaws.*) hold service addresses, not clients.
          if (!list || list.name.startsWith('com.amazonaws.')) continue
          sources = list.cidrs
          peer = `${list.id} (${list.name})`
        }
        const broad = sources.filter((text) => isBroad(text) && !isWorld(text))
        if (broad.length === 0) continue
        context.report({
          resourceId: group.id,
          message: `${groupLabel(group)} (${role} group of ${cluster.id}) allows inbound ${openedText(rule)} from ${peer}${rule.peer.kind === 'prefix-list' ? `, which holds ${broad.map((text) => `${text} (${broadness(text)})`).join(', ')}` : ` (${broadness(broad[0]!)})`}: it exposes the web UIs ${uiList(uis)}.`,
          pathLabel: ruleLabel(group, rule, rule.peer.kind === 'prefix-list' ? rule.peer.prefixListId : peer),
          origin: rule.origin,
        })
      }
    }
  },
})
