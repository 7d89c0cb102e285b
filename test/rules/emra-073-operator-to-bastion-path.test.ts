import rule from '../../src/analysis/rules/access/emra-073-operator-to-bastion-path.js'
import {testRule} from '../support/rule-tester.js'
import {ADMIN_CIDR, type Snapshot, privateTopology, publicTopology, routeTableById} from '../support/topologies.js'

function edit(change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  change(snapshot)
  return snapshot
}

const BASTION = 'i-0000000000000b001'
const bastionInstance = (s: Snapshot) => s['ec2-describe-instances'].Reservations[0].Instances.find((i: {InstanceId: string}) => i.InstanceId === BASTION)

testRule(rule, {
  valid: [
    {name: 'admin CIDR reaches the discovered bastion', snapshot: privateTopology(), options: {adminCidrs: [ADMIN_CIDR]}},
    {name: 'admin CIDR reaches the given bastion', snapshot: privateTopology(), options: {adminCidrs: [ADMIN_CIDR], bastion: BASTION}},
  ],
  invalid: [
    {
      name: 'a second admin CIDR the bastion group does not admit',
      snapshot: privateTopology(),
      options: {adminCidrs: [ADMIN_CIDR, '198.51.100.0/24']},
      findings: [
        {
          resourceId: 'sg-0b0000000bastion1',
          messageId: 'blocked',
          data: {cidr: '198.51.100.0/24', bastionId: 'i-0000000000000b001', code: 'ENI_SG_RULES_MISMATCH'},
          message: /^Operators in 198\.51\.100\.0\/24 cannot open SSH to the bastion i-0000000000000b001: .*\[ENI_SG_RULES_MISMATCH\]$/,
        },
      ],
    },
    {
      name: 'given bastion without a public IP',
      snapshot: edit((s) => {
        const instance = bastionInstance(s)
        delete instance.PublicIpAddress
        delete instance.NetworkInterfaces[0].Association
        delete instance.NetworkInterfaces[0].PrivateIpAddresses[0].Association
      }),
      options: {adminCidrs: [ADMIN_CIDR], bastion: BASTION},
      findings: [{resourceId: 'igw-0b00000000000001', messageId: 'blocked', data: {code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'}}],
    },
    {
      name: 'bastion subnet lost its internet gateway route',
      snapshot: edit((s) => void (routeTableById(s, 'rtb-0b0000000000public').Routes = routeTableById(s, 'rtb-0b0000000000public').Routes.slice(0, 1))),
      options: {adminCidrs: [ADMIN_CIDR], bastion: BASTION},
      findings: [{resourceId: 'rtb-0b0000000000public', messageId: 'blocked', data: {code: 'NO_ROUTE_TO_DESTINATION'}}],
    },
  ],
  notEvaluated: [
    {name: 'no admin CIDRs', snapshot: privateTopology(), reason: 'needs the admin CIDRs'},
    {name: 'no bastion', snapshot: edit((s) => void (s['ec2-describe-instances'].Reservations[0].Instances.length = 1)), options: {adminCidrs: [ADMIN_CIDR]}, reason: 'no bastion host'},
  ],
  notApplicable: [{name: 'public topology', snapshot: publicTopology(), options: {adminCidrs: [ADMIN_CIDR]}, reason: 'applies to private'}],
})
