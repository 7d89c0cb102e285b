import rule from '../../src/analysis/rules/block-public-access/emra-050-bpa-disabled.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, vpnTopology} from '../support/topologies.js'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

const BPA = 'emr-get-block-public-access-configuration'

testRule(rule, {
  valid: [
    {name: 'public reference topology', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
  ],
  invalid: [
    {
      name: 'BlockPublicSecurityGroupRules false',
      snapshot: edit(publicTopology, (s) => void (s[BPA].BlockPublicAccessConfiguration.BlockPublicSecurityGroupRules = false)),
      findings: [{resourceId: 'account', messageId: 'disabled', data: {region: 'us-east-1'}, message: 'EMR block public access is disabled in us-east-1 (BlockPublicSecurityGroupRules=false)'}],
    },
  ],
  notEvaluated: [{name: 'configuration not collected', snapshot: edit(publicTopology, (s) => void delete s[BPA]), reason: 'emr-get-block-public-access-configuration'}],
})
