import rule from '../../src/analysis/rules/access/emra-078-ssm-to-primary.js'
import {testRule} from '../support/rule-tester.js'
import {ACCOUNT, type Snapshot, privateTopology, routeTableById, securityGroup, tcpFromCidr, tcpFromGroup} from '../support/topologies.js'

const VPC = 'vpc-0b000000000000001'
const PRIMARY_ID = 'i-0000000000000a001'
const ENDPOINT_GROUP = 'sg-0b000000000000ep1'

function managed(pingStatus = 'Online', agentVersion = '3.3.1142.0') {
  return {InstanceId: PRIMARY_ID, PingStatus: pingStatus, AgentVersion: agentVersion, PlatformType: 'Linux', PlatformName: 'Amazon Linux'}
}

function interfaceEndpoint(service: string, privateDns = true) {
  return {
    VpcEndpointId: `vpce-0${service}0000000001`,
    VpcEndpointType: 'Interface',
    VpcId: VPC,
    ServiceName: `com.amazonaws.us-east-1.${service}`,
    State: 'available',
    RouteTableIds: [],
    SubnetIds: ['subnet-0b0000000000priv'],
    Groups: [{GroupId: ENDPOINT_GROUP, GroupName: 'ssm-endpoints'}],
    PrivateDnsEnabled: privateDns,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    OwnerId: ACCOUNT,
  }
}

/** The private topology with the primary registered and Online; `change` edits it further. */
function snapshotWith(change: (snapshot: Snapshot) => void = () => {}): Snapshot {
  const snapshot = privateTopology()
  snapshot['ssm-describe-instance-information'].InstanceInformationList.push(managed())
  change(snapshot)
  return snapshot
}

/** No NAT route; the three SSM endpoints behind a group admitting 443 from the primary group. */
function viaEndpoints(snapshot: Snapshot, services = ['ssm', 'ssmmessages', 'ec2messages'], privateDns = true): void {
  const table = routeTableById(snapshot, 'rtb-0b000000000private')
  table.Routes = table.Routes.filter((route: {DestinationCidrBlock?: string}) => route.DestinationCidrBlock !== '0.0.0.0/0')
  snapshot['ec2-describe-vpc-endpoints'].VpcEndpoints.push(...services.map((service) => interfaceEndpoint(service, privateDns)))
  snapshot['ec2-describe-security-groups'].SecurityGroups.push({
    Description: 'ssm-endpoints',
    GroupName: 'ssm-endpoints',
    IpPermissions: [tcpFromGroup(443, 'sg-0b00000000primary')],
    OwnerId: ACCOUNT,
    GroupId: ENDPOINT_GROUP,
    IpPermissionsEgress: [],
    VpcId: VPC,
  })
}

const noBastion = (s: Snapshot): void => void (s['ec2-describe-instances'].Reservations[0].Instances.length = 1)

testRule(rule, {
  valid: [
    {name: 'managed, Online, NAT default route', snapshot: snapshotWith()},
    {name: 'managed, Online, no NAT but the three endpoints admit 443 from the primary', snapshot: snapshotWith((s) => viaEndpoints(s))},
    {
      name: 'endpoint group admits the cluster subnet CIDR',
      snapshot: snapshotWith((s) => void (viaEndpoints(s), (securityGroup(s, 'ssm-endpoints').IpPermissions = [tcpFromCidr(443, '10.1.1.0/24')]))),
    },
    {
      name: 'agent exactly at the AWS-StartSSHSession minimum',
      snapshot: snapshotWith((s) => void (s['ssm-describe-instance-information'].InstanceInformationList[0] = managed('Online', '2.3.672.0'))),
    },
  ],
  invalid: [
    {
      name: 'primary not registered with SSM (info with a bastion)',
      snapshot: privateTopology(),
      findings: [{resourceId: PRIMARY_ID, messageId: 'notManaged', severity: 'info', message: 'The primary node i-0000000000000a001 of j-2AXXXXXXGAPLF is not an SSM managed instance'}],
    },
    {
      name: 'primary not registered and no bastion: high',
      snapshot: (() => {
        const s = privateTopology()
        noBastion(s)
        return s
      })(),
      findings: [{resourceId: PRIMARY_ID, messageId: 'notManaged', severity: 'high'}],
    },
    {
      name: 'agent ConnectionLost',
      snapshot: snapshotWith((s) => void (s['ssm-describe-instance-information'].InstanceInformationList[0] = managed('ConnectionLost'))),
      findings: [{resourceId: PRIMARY_ID, messageId: 'notOnline', data: {pingStatus: 'ConnectionLost'}}],
    },
    {
      name: 'agent older than 2.3.672.0',
      snapshot: snapshotWith((s) => void (s['ssm-describe-instance-information'].InstanceInformationList[0] = managed('Online', '2.3.612.0'))),
      findings: [{resourceId: PRIMARY_ID, messageId: 'agentTooOld', data: {agentVersion: '2.3.612.0'}}],
    },
    {
      name: 'no NAT route and only the ssm endpoint',
      snapshot: snapshotWith((s) => viaEndpoints(s, ['ssm'])),
      findings: [
        {
          resourceId: 'subnet-0b0000000000priv',
          messageId: 'noPathToSsm',
          data: {missing: 'ssmmessages, ec2messages'},
          message: /has no working internet egress \(route table .* has no 0\.0\.0\.0\/0 route\)/,
        },
      ],
    },
    {
      name: 'endpoints with private DNS off',
      snapshot: snapshotWith((s) => viaEndpoints(s, undefined, false)),
      findings: [{resourceId: 'subnet-0b0000000000priv', messageId: 'noPathToSsm', data: {missing: 'ssm, ssmmessages, ec2messages'}}],
    },
    {
      name: 'endpoint group does not admit 443 from the primary',
      snapshot: snapshotWith((s) => void (viaEndpoints(s), (securityGroup(s, 'ssm-endpoints').IpPermissions = [tcpFromCidr(443, '10.1.0.0/24')]))),
      findings: [{resourceId: 'subnet-0b0000000000priv', messageId: 'noPathToSsm', data: {missing: 'ssm, ssmmessages, ec2messages'}}],
    },
  ],
})
