import {type Peer, evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {defineRule} from '../rule.js'
import remediation from './emra-072-primary-admits-bastion-ssh.remediation.js'
import {describedCluster, groupNames} from '../security-groups/shared.js'
import {primaryGroupsOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-072',
    title: 'Primary security groups do not admit SSH from the bastion',
    severity: 'critical',
    topologies: ['private'],
    description: "Checks that one of the primary node's security groups admits TCP 22 from the bastion (its address or its groups), and that the bastion's groups let TCP 22 out to the primary node.",
    risk: "The tunnel to a private cluster is an SSH connection from the bastion to the primary node on TCP 22. Unless one of the primary node's security groups admits it (best: an additional primary group with a rule naming the bastion security group) and the bastion's groups let it out, the tunnel cannot be opened. EMR-managed groups do not admit SSH by default.",
    messages: {
      primaryRejectsBastion:
        "None of the primary node's security groups ({{groups}}) allows inbound TCP 22 from the bastion {{bastionId}} ({{bastionIp}}, groups {{bastionGroupIds}}): the SSH tunnel to {{clusterId}} cannot be opened.",
      bastionEgressBlocked:
        "None of the bastion {{bastionId}}'s security groups ({{groups}}) allows outbound TCP 22 to the primary node ({{primaryAddress}}, groups {{primaryGroupIds}}): the bastion cannot start the SSH connection to {{clusterId}}.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
    needs: ['instances', 'securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host was given or found (see EMRA-070)')
    const bastionEni = bastion.enis[0]
    const bastionIp = bastionEni?.privateIps[0]
    if (!bastionEni || !bastionIp) return context.lacking('instances', `a network interface with a private IP of the bastion ${bastion.id}`, bastion.id)
    const {model} = context
    // The primary's attached groups when the instance is known, else what DescribeCluster configures.
    const primaryGroups = primaryGroupsOrStop(context, cluster)
    const primaryIds = primaryGroups.ids

    const fromBastion: Peer = {addresses: bastionIp, groupIds: bastionEni.groupIds}
    const ingress = evaluateSecurityGroups(model, primaryIds, 'ingress', fromBastion, 'tcp', 22)
    if (ingress.unknownGroups.length === primaryIds.length) return context.lacking('securityGroups', `the primary security groups ${primaryIds.join(', ')}`)
    const primaryGroupId = primaryGroups.fixGroupId
    if (!ingress.allowed) {
      const target = model.securityGroups.get(cluster.managedPrimarySecurityGroupId ?? '') ?? model.securityGroups.get(primaryIds.find((id) => model.securityGroups.has(id))!)!
      context.report({
        resourceId: target.id,
        messageId: 'primaryRejectsBastion',
        data: {
          groups: groupNames(model, primaryIds),
          groupId: target.id,
          primaryGroupIds: primaryIds.join(', '),
          primaryGroupId,
          bastionId: bastion.id,
          bastionIp,
          bastionGroupIds: bastionEni.groupIds.join(', ') || 'none',
          bastionGroupId: bastionEni.groupIds[0] ?? '',
          clusterId: cluster.id,
          port: 22,
        },
        origin: target.origin,
      })
    }

    const bastionKnown = bastionEni.groupIds.filter((id) => model.securityGroups.has(id))
    if (bastionKnown.length === 0) return
    const toPrimary = primaryGroups.peer()
    const egress = evaluateSecurityGroups(model, bastionEni.groupIds, 'egress', toPrimary, 'tcp', 22)
    if (!egress.allowed) {
      const group = model.securityGroups.get(bastionKnown[0]!)!
      context.report({
        resourceId: group.id,
        messageId: 'bastionEgressBlocked',
        data: {
          groups: groupNames(model, bastionEni.groupIds),
          groupId: group.id,
          bastionId: bastion.id,
          bastionGroupId: group.id,
          primaryAddress: toPrimary.addresses,
          primaryGroupIds: primaryIds.join(', '),
          primaryGroupId,
          clusterId: cluster.id,
          port: 22,
        },
        origin: group.origin,
      })
    }
  },
})
