import {primaryInstanceOf} from '../../reachability/endpoints.js'
import {checkPath, instanceEndpoint} from '../path-check.js'
import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-074',
    title: 'Bastion cannot reach the primary node on SSH (path check)',
    severity: 'critical',
    topologies: ['private'],
    risk:
      'The tunnel to the web UIs runs SSH from the bastion to the primary node on port 22. Every hop must allow it: the bastion\'s security group egress, the bastion subnet\'s route table and network ACL, the cluster subnet\'s network ACL both ways (return on ephemeral ports) and the primary\'s security groups.',
    remediation: {
      summary: 'Fix the hop the explanation marks as blocking; usually an additional primary security group rule admitting TCP 22 from the bastion security group.',
      cli: 'aws ec2 authorize-security-group-ingress --group-id <additional-primary-sg-id> --protocol tcp --port 22 --source-group <bastion-sg-id>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref AdditionalPrimarySecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  SourceSecurityGroupId: !Ref BastionSecurityGroup',
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html',
    needs: ['instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets'],
  },
  check(context) {
    const cluster = context.cluster()
    context.need('listInstances', cluster.id)
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host: give one with --bastion (see EMRA-070)')
    const primary = primaryInstanceOf(context.model, cluster)
    if (!primary) return context.notEvaluated(`the primary node of ${cluster.id} is not in ec2-describe-instances`)
    checkPath(
      context,
      instanceEndpoint(context, bastion, `bastion ${bastion.id}`),
      instanceEndpoint(context, primary, `primary ${primary.id}`),
      22,
      () => `The bastion ${bastion.id} cannot open SSH to the primary node ${primary.id}`,
    )
  },
})
