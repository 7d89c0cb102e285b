import rule from '../../src/analysis/rules/dns/emra-002-vpc-dns-hostnames.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

const VPC = 'vpc-0b000000000000001'

function hostnamesOff(supportToo = false) {
  const snapshot = privateTopology()
  snapshot[`ec2-describe-vpc-attribute-${VPC}-enableDnsHostnames`].EnableDnsHostnames.Value = false
  if (supportToo) snapshot[`ec2-describe-vpc-attribute-${VPC}-enableDnsSupport`].EnableDnsSupport.Value = false
  return snapshot
}

function attributeMissing() {
  const snapshot = privateTopology()
  delete snapshot[`ec2-describe-vpc-attribute-${VPC}-enableDnsHostnames`]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private VPC with DNS hostnames on', snapshot: privateTopology()},
    {name: 'public VPC with DNS hostnames on', snapshot: publicTopology()},
    {name: 'VPN VPC with DNS hostnames on', snapshot: vpnTopology()},
  ],
  invalid: [
    {name: 'DNS hostnames off', snapshot: hostnamesOff(), findings: [{messageId: 'dnsHostnamesOff', data: {vpcId: VPC}, resourceId: VPC, message: `${VPC} has enableDnsHostnames=false:`}]},
    {
      name: 'DNS hostnames and DNS support off',
      snapshot: hostnamesOff(true),
      findings: [{messageId: 'dnsHostnamesAndSupportOff', data: {vpcId: VPC}, resourceId: VPC, message: /enableDnsSupport is false too.*EMRA-001/}],
    },
  ],
  notEvaluated: [{name: 'attribute file absent', snapshot: attributeMissing(), reason: `missing: ec2-describe-vpc-attribute-${VPC}-enableDnsHostnames`}],
})
