import type {Endpoint} from '../../reachability/engine.js'
import {checkPath, instanceEndpoint} from '../path-check.js'
import {defineRule} from '../rule.js'
import remediation from './emra-073-operator-to-bastion-path.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-073',
    title: 'Operators cannot reach the bastion on SSH (path check)',
    severity: 'critical',
    topologies: ['private'],
    description: "Checks the path from each admin CIDR to the bastion's public IP address on TCP 22: internet gateway, routes, network ACLs both ways, public IP and the bastion security groups.",
    risk: "The first leg of the tunnel is SSH from the operator's network (the admin CIDRs) to the bastion's public IP on TCP 22. It needs an attached internet gateway, a route back from the bastion subnet through it, a public IP on the bastion, network ACL entries both ways (replies on ephemeral ports) and a bastion security group rule admitting the operators.",
    messages: {
      blocked: 'Operators in {{cidr}} cannot open SSH to the bastion {{bastionId}}: {{summary}} [{{code}}]',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html',
    needs: ['instances', 'securityGroups', 'routeTables', 'networkAcls', 'subnets', 'internetGateways'],
  },
  check(context) {
    const bastion = context.scope.bastion
    if (!bastion) return context.notEvaluated('no bastion host was given or found (see EMRA-070)')
    if (context.scope.adminCidrs.length === 0) return context.notEvaluated('needs the admin CIDRs: the networks operators connect from')
    const endpoint = instanceEndpoint(context, bastion, `bastion ${bastion.id}`)
    // From the internet the bastion is addressed by its public IP (the engine reports when it has none).
    const publicIp = endpoint.kind === 'interface' ? endpoint.eni.publicIps[0] : undefined
    const to: Endpoint = publicIp && endpoint.kind === 'interface' ? {...endpoint, address: publicIp, label: `bastion ${bastion.id} (${publicIp})`} : endpoint
    for (const cidr of context.scope.adminCidrs) {
      checkPath(context, {kind: 'external', label: cidr, addresses: cidr}, to, 22, {messageId: 'blocked', data: {cidr, bastionId: bastion.id, instanceId: bastion.id, port: 22, protocol: 'tcp'}})
    }
  },
})
