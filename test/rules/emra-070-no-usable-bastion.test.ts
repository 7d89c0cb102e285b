import rule from '../../src/analysis/rules/access/emra-070-no-usable-bastion.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology} from '../support/topologies.js'

const BASTION = 'i-0000000000000b001'

function editBastion(change: (instance: any) => void): Snapshot {
  const snapshot = privateTopology()
  change(snapshot['ec2-describe-instances'].Reservations[0].Instances.find((i: {InstanceId: string}) => i.InstanceId === BASTION))
  return snapshot
}

function noBastion(): Snapshot {
  const snapshot = privateTopology()
  const reservation = snapshot['ec2-describe-instances'].Reservations[0]
  reservation.Instances = reservation.Instances.filter((i: {InstanceId: string}) => i.InstanceId !== BASTION)
  return snapshot
}

const withoutPublicIp = (instance: any) => {
  delete instance.PublicIpAddress
  instance.PublicDnsName = ''
  delete instance.NetworkInterfaces[0].Association
  delete instance.NetworkInterfaces[0].PrivateIpAddresses[0].Association
}

testRule(rule, {
  valid: [
    {name: 'bastion discovered in the public subnet', snapshot: privateTopology()},
    {name: 'bastion given with --bastion', snapshot: privateTopology(), options: {bastion: BASTION}},
  ],
  invalid: [
    {
      name: 'no bastion in the VPC',
      snapshot: noBastion(),
      findings: [
        {
          resourceId: 'vpc-0b000000000000001',
          messageId: 'noBastion',
          data: {clusterId: 'j-2AXXXXXXGAPLF', vpcId: 'vpc-0b000000000000001'},
          message: 'No bastion host for j-2AXXXXXXGAPLF: none was given and none was found in vpc-0b000000000000001',
        },
      ],
    },
    {
      name: 'given bastion is stopped',
      snapshot: editBastion((instance) => void (instance.State = {Code: 80, Name: 'stopped'})),
      options: {bastion: BASTION},
      findings: [
        {resourceId: BASTION, messageId: 'unusableBastion', data: {instanceId: BASTION, state: 'stopped'}, message: 'The bastion i-0000000000000b001 (named by the user) is stopped, not running'},
      ],
    },
    {
      name: 'given bastion has no public IP',
      snapshot: editBastion(withoutPublicIp),
      options: {bastion: BASTION},
      findings: [{resourceId: BASTION, messageId: 'unusableBastion', data: {instanceId: BASTION, publicIp: ''}, message: 'has no public IP address'}],
    },
  ],
  notEvaluated: [
    {
      name: 'instances not collected',
      snapshot: (() => {
        const snapshot = privateTopology()
        delete snapshot['ec2-describe-instances']
        return snapshot
      })(),
      reason: 'ec2-describe-instances',
    },
  ],
  notApplicable: [{name: 'public topology', snapshot: publicTopology(), reason: 'applies to private'}],
})
