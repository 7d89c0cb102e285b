import rule from '../../src/analysis/rules/routing/emra-023-emr-service-endpoint.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, describedCluster, privateTopology, publicTopology, vpnTopology, type Snapshot} from '../support/topologies.js'

const SERVICE_ACCESS = 'sg-0b000000000000sa1'
const VPCE = 'vpce-0e00000000000emr1'

function release(label: string, snapshot: Snapshot = privateTopology()) {
  describedCluster(snapshot).ReleaseLabel = label
  return snapshot
}

function withServiceEndpoint(label: string, change: (endpoint: Record<string, unknown>) => void = () => {}, snapshot: Snapshot = privateTopology()) {
  release(label, snapshot)
  const endpoint = {
    VpcEndpointId: VPCE,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0b000000000000001',
    ServiceName: 'aws.api.us-east-1.emr-service-cell01',
    State: 'available',
    RouteTableIds: [],
    SubnetIds: ['subnet-0b0000000000priv'],
    Groups: [{GroupId: SERVICE_ACCESS, GroupName: 'ElasticMapReduce-ServiceAccess'}],
    PrivateDnsEnabled: false,
    RequesterManaged: false,
  }
  change(endpoint)
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints.push(endpoint)
  return snapshot
}

function describeMissing() {
  const snapshot = privateTopology()
  delete snapshot[`emr-describe-cluster-${CLUSTER_ID}`]
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'emr-spark-8.0.0 with the EMR service endpoint', snapshot: withServiceEndpoint('emr-spark-8.0.0')},
    {name: 'emr-8.1.0 with the EMR service endpoint (VPN)', snapshot: withServiceEndpoint('emr-8.1.0', undefined, vpnTopology())},
  ],
  invalid: [
    {
      name: 'emr-spark-8.0.0 without the endpoint',
      snapshot: release('emr-spark-8.0.0'),
      findings: [
        {
          messageId: 'noEmrServiceEndpoint',
          data: {
            vpcId: 'vpc-0b000000000000001',
            subnetId: 'subnet-0b0000000000priv',
            clusterId: CLUSTER_ID,
            releaseLabel: 'emr-spark-8.0.0',
            serviceName: 'aws.api.us-east-1.emr-service-cell01',
            serviceAccessGroupId: SERVICE_ACCESS,
          },
          resourceId: 'vpc-0b000000000000001',
          message: `vpc-0b000000000000001 has no VPC endpoint for aws.api.us-east-1.emr-service-cell01, which cluster ${CLUSTER_ID} (emr-spark-8.0.0) in private subnet subnet-0b0000000000priv needs`,
        },
      ],
    },
    {
      name: 'endpoint pending',
      snapshot: withServiceEndpoint('emr-8.0.0', (endpoint) => (endpoint.State = 'pendingAcceptance')),
      findings: [
        {
          messageId: 'unusableEmrServiceEndpoint',
          data: {
            endpointId: VPCE,
            vpcId: 'vpc-0b000000000000001',
            subnetId: 'subnet-0b0000000000priv',
            releaseLabel: 'emr-8.0.0',
            serviceAccessGroupId: SERVICE_ACCESS,
            endpointState: 'pendingacceptance',
          },
          resourceId: VPCE,
          message: `EMR service endpoint ${VPCE} (aws.api.us-east-1.emr-service-cell01) is pendingacceptance, not available`,
        },
      ],
    },
    {
      name: 'endpoint without the service access security group',
      snapshot: withServiceEndpoint('emr-8.0.0', (endpoint) => (endpoint.Groups = [{GroupId: 'sg-0b00000000primary', GroupName: 'primary'}])),
      findings: [
        {
          messageId: 'unusableEmrServiceEndpoint',
          data: {endpointId: VPCE, vpcId: 'vpc-0b000000000000001', subnetId: 'subnet-0b0000000000priv', releaseLabel: 'emr-8.0.0', serviceAccessGroupId: SERVICE_ACCESS},
          resourceId: VPCE,
          message: `does not carry the cluster's service access security group ${SERVICE_ACCESS} (it has sg-0b00000000primary)`,
        },
      ],
    },
  ],
  notEvaluated: [{name: 'describe-cluster file absent', snapshot: describeMissing(), reason: `missing: emr-describe-cluster-${CLUSTER_ID}`}],
  notApplicable: [
    {name: 'emr-7.12.0', snapshot: release('emr-7.12.0'), reason: 'runs emr-7.12.0; the EMR service endpoint is required from 8.0.0'},
    {name: 'public topology', snapshot: release('emr-spark-8.0.0', publicTopology()), reason: 'applies to private, vpn'},
  ],
})
