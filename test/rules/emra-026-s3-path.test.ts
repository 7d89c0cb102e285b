import rule from '../../src/analysis/rules/routing/emra-026-s3-path.js'
import {testRule} from '../support/rule-tester.js'
import {type Snapshot, privateTopology, publicTopology, routeTableById, securityGroup, vpnTopology} from '../support/topologies.js'

const PRIVATE_SUBNET = 'subnet-0b0000000000priv'
const VPC = 'vpc-0b000000000000001'

function edit(make: () => Snapshot, change: (snapshot: Snapshot) => void): Snapshot {
  const snapshot = make()
  change(snapshot)
  return snapshot
}

type Entry = {CidrBlock: string; Egress: boolean; Protocol: string; RuleAction: string; RuleNumber: number; PortRange?: {From: number; To: number}}
const entry = (egress: boolean, number: number, action: string, cidr: string, ports?: [number, number], protocol = '6'): Entry => ({
  CidrBlock: cidr,
  Egress: egress,
  Protocol: ports ? protocol : '-1',
  RuleAction: action,
  RuleNumber: number,
  ...(ports ? {PortRange: {From: ports[0], To: ports[1]}} : {}),
})

/** The private cluster subnet gets its own (custom) network ACL with these entries. */
function privateAcl(entries: Entry[]) {
  return (s: Snapshot): void => {
    const acls = s['ec2-describe-network-acls'].NetworkAcls
    acls[0].Associations = acls[0].Associations.filter((a: {SubnetId: string}) => a.SubnetId !== PRIVATE_SUBNET)
    acls.push({
      Associations: [{NetworkAclAssociationId: 'aclassoc-0c0000000001', NetworkAclId: 'acl-0c000000000custom', SubnetId: PRIVATE_SUBNET}],
      Entries: [...entries, entry(true, 32767, 'deny', '0.0.0.0/0'), entry(false, 32767, 'deny', '0.0.0.0/0')],
      IsDefault: false,
      NetworkAclId: 'acl-0c000000000custom',
      Tags: [],
      VpcId: VPC,
      OwnerId: '123456789012',
    })
  }
}

/** Egress of every security group on the primary node limited to the VPC. */
function egressOnlyInVpc(s: Snapshot): void {
  for (const name of ['ElasticMapReduce-Master-Private', 'emr-ssh-from-bastion']) {
    securityGroup(s, name).IpPermissionsEgress = [{IpProtocol: '-1', IpRanges: [{CidrIp: '10.1.0.0/16'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}]
  }
}

testRule(rule, {
  valid: [
    {name: 'private reference topology: gateway endpoint, allow-all ACL and egress', snapshot: privateTopology()},
    {name: 'public reference topology: through the internet gateway (the primary has a public IP)', snapshot: publicTopology()},
    {name: 'VPN reference topology', snapshot: vpnTopology()},
    {
      name: 'no S3 endpoint: through the NAT gateway',
      snapshot: edit(privateTopology, (s) => {
        const table = routeTableById(s, 'rtb-0b000000000private')
        table.Routes = table.Routes.filter((route: {DestinationPrefixListId?: string}) => !route.DestinationPrefixListId)
        s['ec2-describe-vpc-endpoints'].VpcEndpoints = []
      }),
    },
    {
      name: 'egress restricted to the VPC plus TCP 443 to the S3 prefix list (the documented minimum)',
      snapshot: edit(privateTopology, (s) => {
        egressOnlyInVpc(s)
        securityGroup(s, 'ElasticMapReduce-Master-Private').IpPermissionsEgress.push({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [{PrefixListId: 'pl-63a5400a'}],
          UserIdGroupPairs: [],
        })
      }),
    },
    {
      name: 'custom ACL: 443 out and ephemeral ports back in from anywhere',
      snapshot: edit(
        privateTopology,
        privateAcl([
          entry(true, 100, 'allow', '10.1.0.0/16'),
          entry(true, 110, 'allow', '0.0.0.0/0', [443, 443]),
          entry(false, 100, 'allow', '10.1.0.0/16'),
          entry(false, 110, 'allow', '0.0.0.0/0', [1024, 65535]),
        ]),
      ),
    },
    {
      name: 'no route to S3 at all is EMRA-020, not this rule',
      snapshot: edit(privateTopology, (s) => {
        const table = routeTableById(s, 'rtb-0b000000000private')
        table.Routes = table.Routes.filter((route: {DestinationPrefixListId?: string; DestinationCidrBlock?: string}) => !route.DestinationPrefixListId && route.DestinationCidrBlock !== '0.0.0.0/0')
      }),
    },
  ],
  invalid: [
    {
      name: 'security groups allow egress only inside the VPC',
      snapshot: edit(privateTopology, egressOnlyInVpc),
      findings: [
        {
          messageId: 's3Blocked',
          data: {instanceId: 'i-0000000000000a001', prefixListId: 'pl-63a5400a', port: 443, code: 'ENI_SG_RULES_MISMATCH', ranges: '3.5.0.0/19, 52.216.0.0/15, 54.231.0.0/16'},
          resourceId: 'eni-0000000000000a001',
          message:
            /^j-2AXXXXXXGAPLF primary \(i-0000000000000a001\) cannot reach S3 \(pl-63a5400a, 3\.5\.0\.0\/19, 52\.216\.0\.0\/15, 54\.231\.0\.0\/16\) on TCP 443: .*security groups do not allow TCP 443 to S3 .*\[ENI_SG_RULES_MISMATCH\]\.$/,
        },
      ],
    },
    {
      // Network ACLs are stateless: the reply from S3 arrives on an ephemeral port and needs its own inbound entry.
      name: 'custom ACL lets 443 out but no reply back in from S3',
      snapshot: edit(privateTopology, privateAcl([entry(true, 100, 'allow', '0.0.0.0/0'), entry(false, 100, 'allow', '10.1.0.0/16')])),
      findings: [
        {
          messageId: 's3Blocked',
          data: {naclId: 'acl-0c000000000custom', subnetId: PRIVATE_SUBNET, prefixListId: 'pl-63a5400a', code: 'SUBNET_ACL_RESTRICTION'},
          resourceId: 'acl-0c000000000custom',
          message:
            /cannot reach S3 \(pl-63a5400a, 3\.5\.0\.0\/19, 52\.216\.0\.0\/15, 54\.231\.0\.0\/16\) on TCP 443: acl-0c000000000custom denies subnet-0b0000000000priv inbound return traffic.*\[SUBNET_ACL_RESTRICTION\]/,
        },
      ],
    },
    {
      name: 'custom ACL denies 443 out to one S3 range',
      snapshot: edit(privateTopology, privateAcl([entry(true, 90, 'deny', '52.216.0.0/15', [443, 443]), entry(true, 100, 'allow', '0.0.0.0/0'), entry(false, 100, 'allow', '0.0.0.0/0')])),
      findings: [
        {
          messageId: 's3Blocked',
          data: {naclId: 'acl-0c000000000custom', prefixListId: 'pl-63a5400a', ranges: '52.216.0.0/15', port: 443},
          resourceId: 'acl-0c000000000custom',
          message: /cannot reach S3 \(pl-63a5400a, 52\.216\.0\.0\/15 of 3 ranges\) on TCP 443: acl-0c000000000custom denies subnet-0b0000000000priv outbound traffic \(52\.216\.0\.0\/15 port 443\)/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'the S3 prefix list is not in the data',
      snapshot: edit(privateTopology, (s) => {
        s['ec2-describe-prefix-lists'].PrefixLists = s['ec2-describe-prefix-lists'].PrefixLists.filter((list: {PrefixListName: string}) => !list.PrefixListName.endsWith('.s3'))
      }),
      reason: 'the S3 prefix list com.amazonaws.us-east-1.s3 (its address ranges): not in the ec2:DescribePrefixLists data',
    },
    {
      name: 'the network ACLs are not in the data',
      snapshot: edit(privateTopology, (s) => void delete s['ec2-describe-network-acls']),
      reason: 'missing: ec2-describe-network-acls',
    },
  ],
})
