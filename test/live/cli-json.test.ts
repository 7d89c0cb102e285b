import {describe, expect, it} from 'vitest'
import {cliTimestamp, mergePages, toCliJson} from '../../src/sources/live/cli-json.js'
import {cliJsonText} from '../../src/sources/snapshot/write-snapshot.js'

describe('SDK output → AWS CLI JSON', () => {
  it('prints timestamps as the AWS CLI v2 does', () => {
    expect(cliTimestamp(new Date('2024-01-01T00:00:00Z'))).toBe('2024-01-01T00:00:00+00:00')
    expect(cliTimestamp(new Date('2024-01-01T00:00:00.123Z'))).toBe('2024-01-01T00:00:00.123000+00:00')
    expect(cliTimestamp(new Date('2024-06-30T23:59:59.007Z'))).toBe('2024-06-30T23:59:59.007000+00:00')
    // EMR's epoch seconds with a fraction, as the SDK parses them.
    expect(cliTimestamp(new Date(1700000000.5 * 1000))).toBe('2023-11-14T22:13:20.500000+00:00')
  })

  it('drops $metadata and undefined members, converts dates deep inside', () => {
    const out = toCliJson({
      $metadata: {httpStatusCode: 200, requestId: 'x', attempts: 1},
      Cluster: {Id: 'j-1', Name: undefined, Status: {Timeline: {CreationDateTime: new Date('2024-01-01T00:00:00Z')}}, Tags: []},
    })
    expect(out).toEqual({Cluster: {Id: 'j-1', Status: {Timeline: {CreationDateTime: '2024-01-01T00:00:00+00:00'}}, Tags: []}})
  })

  it('merges pages into the list key and drops the token, as botocore build_full_result', () => {
    const pages = [
      {$metadata: {}, Subnets: [{SubnetId: 'subnet-1'}], NextToken: 'a'},
      {$metadata: {}, Subnets: [{SubnetId: 'subnet-2'}], NextToken: 'b'},
      {$metadata: {}, Subnets: []},
    ]
    expect(mergePages({listKey: 'Subnets', tokenKey: 'NextToken'}, pages)).toEqual({Subnets: [{SubnetId: 'subnet-1'}, {SubnetId: 'subnet-2'}]})
    expect(mergePages({listKey: 'Clusters', tokenKey: 'Marker'}, [{$metadata: {}}])).toEqual({Clusters: []})
    expect(mergePages({}, [{$metadata: {}, VpcId: 'vpc-1', EnableDnsSupport: {Value: true}}])).toEqual({VpcId: 'vpc-1', EnableDnsSupport: {Value: true}})
  })

  it('never lets secrets out: VPN pre-shared keys and password-like values', () => {
    const out = toCliJson({
      VpnConnections: [
        {
          CustomerGatewayConfiguration: '<ike><pre_shared_key>s3cr3t</pre_shared_key></ike><x><pre_shared_key>other</pre_shared_key></x>',
          Options: {TunnelOptions: [{OutsideIpAddress: '52.0.0.1', PreSharedKey: 's3cr3t'}]},
        },
      ],
    })
    expect(JSON.stringify(out)).not.toMatch(/s3cr3t|other/)
    expect(out).toEqual({
      VpnConnections: [
        {
          CustomerGatewayConfiguration: '<ike><pre_shared_key>REDACTED</pre_shared_key></ike><x><pre_shared_key>REDACTED</pre_shared_key></x>',
          Options: {TunnelOptions: [{OutsideIpAddress: '52.0.0.1', PreSharedKey: 'REDACTED'}]},
        },
      ],
    })
  })

  it('writes files as the CLI prints them: 4-space indent, final newline, non-ASCII as is', () => {
    expect(cliJsonText({Vpcs: [{Tags: [{Key: 'Name', Value: 'données'}]}], Empty: [], None: {}})).toBe(
      '{\n    "Vpcs": [\n        {\n            "Tags": [\n                {\n                    "Key": "Name",\n                    "Value": "données"\n                }\n            ]\n        }\n    ],\n    "Empty": [],\n    "None": {}\n}\n',
    )
  })
})
