import type {Severity} from '../../findings.js'
import {clusterSecurityGroups} from '../helpers.js'
import {defineRule} from '../rule.js'
import {clusterGroupsOrStop, describedCluster, exposedUis, groupHosts, groupLabel, openedText, portRange, ruleLabel, uiList, worldCidr} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-040',
    title: 'A cluster security group is open to the whole internet',
    severity: 'high',
    topologies: 'all',
    rationale:
      'An inbound rule from 0.0.0.0/0 or ::/0 on a cluster security group lets anyone on the internet reach the nodes on those ports wherever a public IP or a forwarding path exists. EMR web UIs and service ports have no authentication by default; exposed clusters are routinely found and abused (crypto-mining, data theft). Use the SSH tunnel, a bastion or narrowly scoped client CIDRs instead.',
    remediation: {
      summary: 'Delete the rule, or replace it with one limited to your client CIDR or the bastion security group; reach the web UIs through the SSH tunnel.',
      cli:
        'aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0\n' +
        'aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --source-group <bastion-sg-id>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref AdditionalPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  CidrIp: <admin-cidr>  # never 0.0.0.0/0',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
    needs: ['securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const hosts = groupHosts(cluster)
    for (const {group, role} of clusterGroupsOrStop(context, cluster, clusterSecurityGroups(cluster))) {
      for (const rule of group.ingress) {
        const cidr = worldCidr(rule)
        if (!cidr) continue
        const range = portRange(rule)
        const uis = exposedUis(rule, hosts.get(group.id) ?? new Set())
        const sshOnly = range !== undefined && range.from === 22 && range.to === 22 && rule.protocol === 'tcp'
        // A port range that is not just SSH is critical; ICMP alone (no ports) stays high.
        const severity: Severity = range !== undefined && !sshOnly ? 'critical' : 'high'
        const exposure = uis.length > 0 ? `; it exposes the web UIs ${uiList(uis)}` : sshOnly ? '; SSH should be limited to your client CIDR or the bastion group' : ''
        context.report({
          resourceId: group.id,
          severity,
          message: `${groupLabel(group)} (${role} group of ${cluster.id}) allows inbound ${openedText(rule)} from ${cidr}, the whole internet${exposure}.`,
          pathLabel: ruleLabel(group, rule, cidr),
          origin: rule.origin,
        })
      }
    }
  },
})
