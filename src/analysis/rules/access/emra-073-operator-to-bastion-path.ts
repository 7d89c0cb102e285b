import type {Endpoint} from '../../reachability/engine.js'
import {checkPath, instanceEndpoint} from '../path-check.js'
import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-073',
    title: 'Operators cannot reach the bastion on SSH (path check)',
    severity: 'critical',
    topologies: ['private'],
    risk:
      'The first leg of the tunnel is SSH from the operator\'s network (--admin-cidr) to the bastion\'s public IP on TCP 22. It needs an attached internet gateway, a route back from the bastion subnet through it, a public IP on the bastion, network ACL entries both ways (replies on ephemeral ports) and a bastion security group rule admitting the operators.',
    remediation: {
      summary: 'Fix the hop the explanation marks as blocking; usually a bastion security group rule admitting TCP 22 from the admin CIDR, or a network ACL entry.',
      cli: 'aws ec2 authorize-security-group-ingress --group-id <bastion-sg-id> --protocol tcp --port 22 --cidr <admin-cidr>',
      cloudformation:
        'Type: AWS::EC2::SecurityGroupIngress\nProperties:\n  GroupId: !Ref BastionSecurityGroup\n  IpProtocol: tcp\n  FromPort: 22\n  ToPort: 22\n  CidrIp: <admin-cidr>',
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html',
    needs: ['instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets', 'internetGateways'],
  },
  check(context) {
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host: give one with --bastion (see EMRA-070)')
    if (context.scope.adminCidrs.length === 0) return context.notEvaluated('needs --admin-cidr: the networks operators connect from')
    const endpoint = instanceEndpoint(context, bastion, `bastion ${bastion.id}`)
    // From the internet the bastion is addressed by its public IP (the engine reports when it has none).
    const publicIp = endpoint.kind === 'interface' ? endpoint.eni.publicIps[0] : undefined
    const to: Endpoint = publicIp && endpoint.kind === 'interface' ? {...endpoint, address: publicIp, label: `bastion ${bastion.id} (${publicIp})`} : endpoint
    for (const cidr of context.scope.adminCidrs) {
      checkPath(context, {kind: 'external', label: cidr, addresses: cidr}, to, 22, () => `Operators in ${cidr} cannot open SSH to the bastion ${bastion.id}`)
    }
  },
})
