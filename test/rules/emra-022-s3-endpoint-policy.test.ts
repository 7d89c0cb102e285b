import rule from '../../src/analysis/rules/routing/emra-022-s3-endpoint-policy.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, describedCluster, privateTopology, publicTopology} from '../support/topologies.js'

function withPolicy(policy: object, edit?: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints[0].PolicyDocument = JSON.stringify(policy)
  edit?.(snapshot)
  return snapshot
}

const allow = (resources: string[], action: string | string[] = 's3:GetObject') => ({Effect: 'Allow', Principal: '*', Action: action, Resource: resources})
const al2AndEmr = ['arn:aws:s3:::amazonlinux.us-east-1.amazonaws.com/*', 'arn:aws:s3:::amazonlinux-2-repos-us-east-1/*', 'arn:aws:s3:::repo.us-east-1.emr.amazonaws.com/*']

testRule(rule, {
  valid: [
    {name: 'default full-access policy', snapshot: privateTopology()},
    {name: 'restricted policy listing the AL2 and EMR repositories (6.15)', snapshot: withPolicy({Version: '2012-10-17', Statement: [allow(al2AndEmr), allow(['arn:aws:s3:::my-data/*'], 's3:*')]})},
    {
      name: 'wildcard bucket patterns and s3:Get*',
      snapshot: withPolicy({Statement: [allow(['arn:aws:s3:::amazonlinux*', 'arn:aws:s3:::amazonlinux*/*', 'arn:aws:s3:::repo.us-east-1.emr.amazonaws.com/*'], 's3:Get*')]}),
    },
    {
      name: 'AL2023 repository for a 7.x cluster',
      snapshot: withPolicy({Statement: [allow(['arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*', 'arn:aws:s3:::repo.us-east-1.emr.amazonaws.com/*'])]}, (s) => {
        describedCluster(s).ReleaseLabel = 'emr-7.2.0'
      }),
    },
  ],
  invalid: [
    {
      name: 'policy allows only the data bucket',
      snapshot: withPolicy({Statement: [allow(['arn:aws:s3:::my-data/*'], 's3:*')]}),
      findings: [
        {
          messageId: 'policyOmitsBuckets',
          data: {
            endpointId: 'vpce-0s3000000000000001',
            vpcId: 'vpc-0b000000000000001',
            releaseLabel: 'emr-6.15.0',
            buckets: 'amazonlinux.us-east-1.amazonaws.com amazonlinux-2-repos-us-east-1 repo.us-east-1.emr.amazonaws.com',
          },
          resourceId: 'vpce-0s3000000000000001',
          message: /s3:GetObject on amazonlinux\.us-east-1\.amazonaws\.com .*repo\.us-east-1\.emr\.amazonaws\.com \(EMR repository\)/,
        },
      ],
    },
    {
      name: 'an explicit deny on the EMR repository',
      snapshot: withPolicy({
        Statement: [
          {Effect: 'Allow', Principal: '*', Action: '*', Resource: '*'},
          {Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::repo.*'},
        ],
      }),
      findings: [{messageId: 'policyOmitsBuckets', data: {endpointId: 'vpce-0s3000000000000001', buckets: 'repo.us-east-1.emr.amazonaws.com'}, message: /repo\.us-east-1\.emr\.amazonaws\.com/}],
    },
    {
      name: 'logging on, log buckets not allowed',
      snapshot: withPolicy({Statement: [allow(al2AndEmr)]}, (s) => {
        describedCluster(s).LogUri = 's3n://acme-emr-logs/j-2AXXXXXXGAPLF/'
      }),
      findings: [
        {
          messageId: 'policyOmitsBuckets',
          data: {endpointId: 'vpce-0s3000000000000001', buckets: 'aws157-logs-prod acme-emr-logs'},
          message: /s3:PutObject on aws157-logs-prod \(EMR system logs\); s3:PutObject on acme-emr-logs/,
        },
      ],
    },
  ],
  notApplicable: [
    {name: 'public topology', snapshot: publicTopology(), reason: 'applies to private, vpn'},
    {
      name: 'no S3 endpoint',
      snapshot: (() => {
        const s = privateTopology()
        s['ec2-describe-vpc-endpoints'].VpcEndpoints = []
        return s
      })(),
      reason: 'no S3 endpoint serves',
    },
  ],
})
