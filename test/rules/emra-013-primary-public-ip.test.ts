import rule from '../../src/analysis/rules/routing/emra-013-primary-public-ip.js'
import {testRule} from '../support/rule-tester.js'
import {CLUSTER_ID, privateTopology, publicTopology, vpnTopology, type Snapshot} from '../support/topologies.js'

const PRIMARY = 'i-0000000000000a001'

function primaryInstance(snapshot: Snapshot) {
  return snapshot['ec2-describe-instances'].Reservations[0].Instances.find((instance: {InstanceId: string}) => instance.InstanceId === PRIMARY)
}

/** The primary node gets a public IP (e.g. an Elastic IP) in the private topology. */
function primaryWithPublicIp(snapshot: Snapshot = privateTopology()) {
  const instance = primaryInstance(snapshot)
  const association = {IpOwnerId: 'amazon', PublicDnsName: 'ec2-54-0-1-99.compute-1.amazonaws.com', PublicIp: '54.0.1.99'}
  instance.PublicIpAddress = '54.0.1.99'
  instance.NetworkInterfaces[0].Association = association
  instance.NetworkInterfaces[0].PrivateIpAddresses[0].Association = association
  return snapshot
}

function publicIpInListInstancesOnly() {
  const snapshot = privateTopology()
  snapshot[`emr-list-instances-${CLUSTER_ID}`].Instances[0].PublicIpAddress = '54.0.1.98'
  return snapshot
}

function primaryUnknown() {
  const snapshot = privateTopology()
  primaryInstance(snapshot).Tags = []
  delete snapshot[`emr-list-instances-${CLUSTER_ID}`]
  return snapshot
}

function instancesMissing() {
  const snapshot = privateTopology()
  delete snapshot['ec2-describe-instances']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'private topology', snapshot: privateTopology()},
    {name: 'VPN topology', snapshot: vpnTopology()},
  ],
  invalid: [
    {
      name: 'primary with a public IP in a private subnet',
      snapshot: primaryWithPublicIp(),
      findings: [
        {
          messageId: 'primaryPublicIp',
          data: {instanceId: PRIMARY, clusterId: CLUSTER_ID, publicIps: '54.0.1.99', topology: 'private', subnetId: 'subnet-0b0000000000priv'},
          resourceId: PRIMARY,
          message: `Primary node ${PRIMARY} of cluster ${CLUSTER_ID} has public IP 54.0.1.99 although the cluster is audited as private (subnet subnet-0b0000000000priv)`,
        },
      ],
    },
    {
      name: 'primary with a public IP, VPN topology',
      snapshot: primaryWithPublicIp(vpnTopology()),
      findings: [{messageId: 'primaryPublicIp', data: {instanceId: PRIMARY, topology: 'vpn'}, resourceId: PRIMARY, message: 'audited as vpn'}],
    },
    {
      name: 'public IP known from ListInstances only',
      snapshot: publicIpInListInstancesOnly(),
      findings: [{messageId: 'primaryPublicIp', data: {instanceId: PRIMARY, publicIp: '54.0.1.98'}, resourceId: PRIMARY, message: 'has public IP 54.0.1.98'}],
    },
  ],
  notEvaluated: [
    {name: 'instances file absent', snapshot: instancesMissing(), reason: 'missing: ec2-describe-instances'},
    {name: 'primary not identifiable (no MASTER tag, no ListInstances)', snapshot: primaryUnknown(), reason: `missing: emr-list-instances-${CLUSTER_ID}`},
  ],
  notApplicable: [{name: 'public topology', snapshot: publicTopology(), reason: 'applies to private, vpn'}],
})
