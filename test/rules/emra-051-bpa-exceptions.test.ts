import rule from '../../src/analysis/rules/block-public-access/emra-051-bpa-exceptions.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology} from '../support/topologies.js'

const BPA = 'emr-get-block-public-access-configuration'

function withBpa(block: boolean, ranges: {MinRange: number; MaxRange?: number}[]): Snapshot {
  const snapshot = publicTopology()
  snapshot[BPA].BlockPublicAccessConfiguration = {BlockPublicSecurityGroupRules: block, PermittedPublicSecurityGroupRuleRanges: ranges}
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'public reference topology (port 22 only)', snapshot: publicTopology()},
    {name: 'private reference topology', snapshot: privateTopology()},
    {name: 'no exceptions at all', snapshot: withBpa(true, [])},
  ],
  invalid: [
    {
      name: 'web UI range and a single extra port',
      snapshot: withBpa(true, [{MinRange: 22, MaxRange: 22}, {MinRange: 8080, MaxRange: 8090}, {MinRange: 3389}]),
      findings: [
        {
          resourceId: 'account',
          messageId: 'extraPorts',
          data: {region: 'us-east-1', ports: '8080-8090, 3389'},
          message: 'permits public security group rules on ports 8080-8090 (web UIs: Tez UI 8080, Flink History Server 8082, YARN ResourceManager 8088); 3389 besides 22',
        },
      ],
    },
    {name: 'a range that contains 22', snapshot: withBpa(true, [{MinRange: 20, MaxRange: 25}]), findings: [{messageId: 'extraPorts', data: {ports: '20-25'}, message: 'ports 20-25 besides 22'}]},
  ],
  notApplicable: [{name: 'block public access disabled', snapshot: withBpa(false, [{MinRange: 0, MaxRange: 65535}]), reason: 'see EMRA-050'}],
})
