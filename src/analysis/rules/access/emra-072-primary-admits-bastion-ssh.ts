import {primaryInstanceOf} from '../../reachability/endpoints.js'
import {type Peer, evaluateSecurityGroups} from '../../reachability/security-groups.js'
import {defineRule} from '../rule.js'
import {describedCluster, groupLabel, primaryGroupIds} from '../security-groups/shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-072',
    title: 'Primary security groups do not admit SSH from the bastion',
    severity: 'critical',
    topologies: ['private'],
    risk:
      'The tunnel to a private cluster is an SSH connection from the bastion to the primary node on TCP 22. Unless one of the primary node\'s security groups admits it (best: an additional primary group with a rule naming the bastion security group) and the bastion\'s groups let it out, the tunnel cannot be opened. EMR-managed groups do not admit SSH by default.',
    remediation: {
      summary: 'Add an inbound TCP 22 rule naming the bastion security group to an additional primary security group (preferred over editing the managed group), and allow TCP 22 out of the bastion group if its egress is restricted.',
      cli:
        'aws ec2 authorize-security-group-ingress --group-id <additional-primary-sg-id> --protocol tcp --port 22 --source-group <bastion-sg-id>\n' +
        "aws ec2 authorize-security-group-egress --group-id <bastion-sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,UserIdGroupPairs=[{GroupId=<additional-primary-sg-id>}]'",
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref AdditionalPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  SourceSecurityGroupId: !Ref BastionSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
    needs: ['instances', 'securityGroups'],
  },
  check(context) {
    const cluster = describedCluster(context)
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host: give one with --bastion (see EMRA-070)')
    const bastionEni = bastion.enis[0]
    const bastionIp = bastionEni?.privateIps[0]
    if (!bastionEni || !bastionIp) return context.notEvaluated(`the bastion ${bastion.id} has no network interface with a private IP in ec2-describe-instances`)
    const {model} = context
    // The primary's attached groups when the instance is known, else what DescribeCluster configures.
    const primary = primaryInstanceOf(model, cluster)
    const primaryEni = primary?.enis[0]
    const primaryIds = primaryEni?.groupIds.length ? primaryEni.groupIds : primaryGroupIds(cluster)
    if (primaryIds.length === 0) return context.notEvaluated(`${cluster.id}: no primary security group is known`)

    const fromBastion: Peer = {addresses: bastionIp, groupIds: bastionEni.groupIds}
    const ingress = evaluateSecurityGroups(model, primaryIds, 'ingress', fromBastion, 'tcp', 22)
    if (ingress.unknownGroups.length === primaryIds.length) return context.notEvaluated(`the primary security groups ${primaryIds.join(', ')} are not in ec2-describe-security-groups`)
    const names = (ids: readonly string[]): string => ids.map((id) => (model.securityGroups.get(id) ? groupLabel(model.securityGroups.get(id)!) : `${id} (not in the data)`)).join(', ')
    if (!ingress.allowed) {
      const target = model.securityGroups.get(cluster.managedPrimarySecurityGroupId ?? '') ?? model.securityGroups.get(primaryIds.find((id) => model.securityGroups.has(id))!)!
      context.report({
        resourceId: target.id,
        message: `None of the primary node's security groups (${names(primaryIds)}) allows inbound TCP 22 from the bastion ${bastion.id} (${bastionIp}, groups ${bastionEni.groupIds.join(', ') || 'none'}): the SSH tunnel to ${cluster.id} cannot be opened.`,
        origin: target.origin,
      })
    }

    const bastionKnown = bastionEni.groupIds.filter((id) => model.securityGroups.has(id))
    if (bastionKnown.length === 0) return
    const toPrimary: Peer = primaryEni?.privateIps[0] ? {addresses: primaryEni.privateIps[0], groupIds: primaryIds} : {addresses: context.subnet().cidrBlock, groupIds: primaryIds}
    const egress = evaluateSecurityGroups(model, bastionEni.groupIds, 'egress', toPrimary, 'tcp', 22)
    if (!egress.allowed) {
      const group = model.securityGroups.get(bastionKnown[0]!)!
      context.report({
        resourceId: group.id,
        message: `None of the bastion ${bastion.id}'s security groups (${names(bastionEni.groupIds)}) allows outbound TCP 22 to the primary node (${toPrimary.addresses}, groups ${primaryIds.join(', ')}): the bastion cannot start the SSH connection to ${cluster.id}.`,
        origin: group.origin,
      })
    }
  },
})
