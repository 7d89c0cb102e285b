import rule from '../../src/analysis/rules/dns/emra-001-vpc-dns-support.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, publicTopology} from '../support/topologies.js'

const dnsOff = () => {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpc-attribute-vpc-0b000000000000001-enableDnsSupport'].EnableDnsSupport.Value = false
  return snapshot
}
const attributeMissing = () => {
  const snapshot = privateTopology()
  delete snapshot['ec2-describe-vpc-attribute-vpc-0b000000000000001-enableDnsSupport']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private VPC with DNS support on', snapshot: privateTopology()},
    {name: 'public VPC with DNS support on', snapshot: publicTopology()},
  ],
  invalid: [
    {
      name: 'DNS support off',
      snapshot: dnsOff(),
      findings: [{messageId: 'dnsSupportOff', data: {vpcId: 'vpc-0b000000000000001'}, resourceId: 'vpc-0b000000000000001', message: 'enableDnsSupport=false'}],
    },
  ],
  notEvaluated: [{name: 'attribute file absent', snapshot: attributeMissing(), reason: 'missing: ec2-describe-vpc-attribute-vpc-0b000000000000001-enableDnsSupport'}],
})
