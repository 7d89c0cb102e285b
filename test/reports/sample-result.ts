/**
 * A hand-built AuditResult for the report tests: two scopes (a cluster whose topology was
 * classified private, and a VPC without clusters declared public against the data), findings of every severity, one
 * path finding with hops, findings with origins, and not_evaluated / not_applicable outcomes.
 */
import {createHash} from 'node:crypto'

import type {AuditResult, Finding, RuleMeta} from '../../src/analysis/findings.js'

export function fingerprint(ruleId: string, resourceId: string, path = ''): string {
  return createHash('sha256').update(`${ruleId}\u0000${resourceId}\u0000${path}`).digest('hex')
}

/** The sample rules' shared message: the findings below are built by hand with their text. */
const MESSAGES = {finding: '{{text}}'}

export const RULES: RuleMeta[] = [
  {
    id: 'EMRA-010',
    title: 'Security group allows SSH from anywhere',
    description: 'Checks that it is not so: security group allows ssh from anywhere.',
    messages: MESSAGES,
    severity: 'critical',
    topologies: 'all',
    risk: 'Port 22 open to 0.0.0.0/0 exposes the EMR primary node to internet-wide SSH brute force and scanning.',
    remediation: {
      summary: 'Remove the 0.0.0.0/0 rule on port 22 and allow SSH only from the admin CIDRs or the bastion.',
      cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0',
      cloudformation: [
        'PrimarySecurityGroupIngress:',
        '  Type: AWS::EC2::SecurityGroupIngress',
        '  Properties:',
        '    GroupId: !Ref PrimarySecurityGroup',
        '    IpProtocol: tcp',
        '    FromPort: 22',
        '    ToPort: 22',
        '    CidrIp: 203.0.113.0/24',
      ].join('\n'),
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
    needs: ['securityGroups'],
  },
  {
    id: 'EMRA-020',
    title: 'Primary node reachable from the internet',
    description: 'Checks that it is not so: primary node reachable from the internet.',
    messages: MESSAGES,
    severity: 'high',
    topologies: ['private', 'vpn'],
    risk: 'A private cluster must not be reachable from the internet on any port.',
    remediation: {
      summary: 'Move the cluster to a private subnet or remove the internet gateway route from its route table.',
      cli: 'aws ec2 delete-route --route-table-id <rtb-id> --destination-cidr-block 0.0.0.0/0',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
    needs: ['routeTables', 'securityGroups'],
  },
  {
    id: 'EMRA-030',
    title: 'No S3 gateway endpoint',
    description: 'Checks that it is not so: no s3 gateway endpoint.',
    messages: MESSAGES,
    severity: 'medium',
    topologies: ['private'],
    risk: 'Without an S3 gateway endpoint, S3 traffic from a private subnet goes through the NAT gateway.',
    remediation: {
      summary: 'Create an S3 gateway endpoint and associate it with the cluster subnet route table.',
      cli: 'aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --service-name com.amazonaws.<region>.s3 --route-table-ids <rtb-id>',
      cloudformation: [
        'S3Endpoint:',
        '  Type: AWS::EC2::VPCEndpoint',
        '  Properties:',
        '    VpcId: !Ref Vpc',
        "    ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3'",
        '    RouteTableIds: [!Ref PrivateRouteTable]',
      ].join('\n'),
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
    needs: ['vpcEndpoints', 'routeTables'],
  },
  {
    id: 'EMRA-040',
    title: 'VPC DNS hostnames disabled',
    description: 'Checks that it is not so: vpc dns hostnames disabled.',
    messages: MESSAGES,
    severity: 'low',
    topologies: 'all',
    risk: 'EMR needs DNS hostnames; without them nodes cannot resolve each other by name.',
    remediation: {
      summary: 'Enable DNS hostnames on the VPC.',
      cli: 'aws ec2 modify-vpc-attribute --vpc-id <vpc-id> --enable-dns-hostnames "{\\"Value\\":true}"',
    },
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
    needs: ['vpcAttribute'],
  },
  {
    id: 'EMRA-050',
    title: 'Custom DHCP options set',
    description: 'Checks that it is not so: custom dhcp options set.',
    messages: MESSAGES,
    severity: 'info',
    topologies: 'all',
    risk: 'A custom domain name in DHCP options can break EMR host name resolution.',
    remediation: {summary: 'Check that the custom domain resolves through the VPC resolver.'},
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_DHCP_Options.html',
    needs: ['dhcpOptions'],
  },
  {
    id: 'EMRA-060',
    title: 'NACL blocks ephemeral return traffic',
    description: 'Checks that it is not so: nacl blocks ephemeral return traffic.',
    messages: MESSAGES,
    severity: 'high',
    topologies: 'all',
    risk: 'Network ACLs are stateless: return traffic on ephemeral ports must be allowed explicitly.',
    remediation: {summary: 'Allow inbound TCP 1024-65535 from the peers the cluster talks to.'},
    docs: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
    needs: ['networkAcls'],
  },
  {
    id: 'EMRA-070',
    title: 'VPN tunnels down',
    description: 'Checks that it is not so: vpn tunnels down.',
    messages: MESSAGES,
    severity: 'medium',
    topologies: ['vpn'],
    risk: 'With both tunnels down, on-premises users cannot reach the cluster.',
    remediation: {summary: 'Check the customer gateway configuration and bring the tunnels up.'},
    docs: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html',
    needs: ['vpnConnections'],
  },
]

const CLUSTER = 'j-2AXXXXXXGAPLF'
const VPC_A = 'vpc-0a1b2c3d4e5f60001'
const VPC_B = 'vpc-0b2c3d4e5f6a70002'

const sshOpen: Finding = {
  ruleId: 'EMRA-010',
  severity: 'critical',
  title: 'Security group allows SSH from anywhere',
  message: 'sg-0123456789abcdef0 (ElasticMapReduce-master) allows 0.0.0.0/0 on 22/tcp.',
  resourceId: 'sg-0123456789abcdef0',
  clusterId: CLUSTER,
  vpcId: VPC_A,
  origin: {file: 'ec2-describe-security-groups.json', pointer: '/SecurityGroups/0/IpPermissions/1'},
  fingerprint: fingerprint('EMRA-010', 'sg-0123456789abcdef0'),
}

const reachable: Finding = {
  ruleId: 'EMRA-020',
  severity: 'high',
  title: 'Primary node reachable from the internet',
  message: 'The primary node i-0abc1234def567890 is reachable from 0.0.0.0/0 on 22/tcp through igw-0f1e2d3c.',
  resourceId: 'i-0abc1234def567890',
  clusterId: CLUSTER,
  vpcId: VPC_A,
  pathLabel: '0.0.0.0/0 -> i-0abc1234def567890:22/tcp',
  hops: [
    {
      component: 'igw-0f1e2d3c',
      kind: 'internet-gateway',
      direction: 'inbound',
      verdict: 'allow',
      detail: 'attached to vpc-0a1b2c3d4e5f60001',
    },
    {
      component: 'rtb-0aa11bb22cc33dd44',
      kind: 'route-table',
      direction: 'return',
      verdict: 'allow',
      detail: '0.0.0.0/0 -> igw-0f1e2d3c',
      code: 'IGW_ROUTE',
    },
    {
      component: 'acl-0123abcd',
      kind: 'network-acl',
      direction: 'inbound',
      verdict: 'allow',
      detail: 'rule 100 allows all traffic from 0.0.0.0/0',
      code: 'ACL_RULE_ALLOWS',
    },
    {
      component: 'sg-0123456789abcdef0',
      kind: 'security-group',
      direction: 'inbound',
      verdict: 'allow',
      detail: 'allows 0.0.0.0/0 on 22/tcp',
      code: 'ENI_SG_RULES_MISMATCH',
    },
  ],
  fingerprint: fingerprint('EMRA-020', 'i-0abc1234def567890', '0.0.0.0/0 -> i-0abc1234def567890:22/tcp'),
}

const noS3Endpoint: Finding = {
  ruleId: 'EMRA-030',
  severity: 'medium',
  title: 'No S3 gateway endpoint',
  message: 'vpc-0a1b2c3d4e5f60001 has no S3 gateway endpoint on rtb-0aa11bb22cc33dd44; S3 traffic leaves through nat-0fedcba9876543210.',
  resourceId: VPC_A,
  clusterId: CLUSTER,
  vpcId: VPC_A,
  fingerprint: fingerprint('EMRA-030', VPC_A),
}

const dnsHostnamesA: Finding = {
  ruleId: 'EMRA-040',
  severity: 'low',
  title: 'VPC DNS hostnames disabled',
  message: 'enableDnsHostnames is false on vpc-0a1b2c3d4e5f60001.',
  resourceId: VPC_A,
  clusterId: CLUSTER,
  vpcId: VPC_A,
  origin: {file: 'ec2-describe-vpc-attribute-vpc-0a1b2c3d4e5f60001-enableDnsHostnames.json', pointer: '/EnableDnsHostnames'},
  fingerprint: fingerprint('EMRA-040', VPC_A),
}

const dnsHostnamesB: Finding = {
  ...dnsHostnamesA,
  message: 'enableDnsHostnames is false on vpc-0b2c3d4e5f6a70002.',
  resourceId: VPC_B,
  clusterId: undefined,
  vpcId: VPC_B,
  origin: {file: 'ec2-describe-vpc-attribute-vpc-0b2c3d4e5f6a70002-enableDnsHostnames.json', pointer: '/EnableDnsHostnames'},
  fingerprint: fingerprint('EMRA-040', VPC_B),
}

const dhcp: Finding = {
  ruleId: 'EMRA-050',
  severity: 'info',
  title: 'Custom DHCP options set',
  message: 'dopt-0123abcd sets domain-name corp.example.com.',
  resourceId: 'dopt-0123abcd',
  vpcId: VPC_B,
  fingerprint: fingerprint('EMRA-050', 'dopt-0123abcd'),
}

/** A fresh copy each call, so tests may mutate it. */
export function sampleResult(): AuditResult {
  return structuredClone({
    source: 'snapshot examples/snapshots/private-nat',
    region: 'eu-west-1',
    rules: RULES,
    options: {adminCidrs: ['203.0.113.0/24'], onpremCidrs: [], bastion: 'i-0bastion0000000001', failOn: 'high'},
    scopes: [
      {
        kind: 'cluster',
        clusterId: CLUSTER,
        clusterName: 'analytics-prod',
        vpcId: VPC_A,
        subnetId: 'subnet-0c1d2e3f4a5b60001',
        topology: {
          used: 'private',
          declared: 'auto',
          classified: 'private',
          reason: "cluster subnet's route table sends 0.0.0.0/0 to nat-0fedcba9876543210",
        },
        // Deliberately not in id order: reports must sort.
        outcomes: [
          {ruleId: 'EMRA-040', status: 'fail', findings: [dnsHostnamesA]},
          {ruleId: 'EMRA-010', status: 'fail', findings: [sshOpen]},
          {ruleId: 'EMRA-030', status: 'fail', findings: [noS3Endpoint]},
          {ruleId: 'EMRA-020', status: 'fail', findings: [reachable]},
          {ruleId: 'EMRA-050', status: 'pass', findings: []},
          {
            ruleId: 'EMRA-060',
            status: 'not_evaluated',
            reason: 'missing: ec2-describe-network-acls.json',
            findings: [],
          },
          {ruleId: 'EMRA-070', status: 'not_applicable', reason: 'applies to vpn only', findings: []},
        ],
      },
      {
        kind: 'vpc',
        vpcId: VPC_B,
        topology: {used: 'public', declared: 'public', classified: 'private', reason: 'no route table sends 0.0.0.0/0 to an internet gateway'},
        outcomes: [
          {ruleId: 'EMRA-010', status: 'pass', findings: []},
          {ruleId: 'EMRA-020', status: 'not_applicable', reason: 'applies to private, vpn only', findings: []},
          {ruleId: 'EMRA-030', status: 'not_applicable', reason: 'applies to private only', findings: []},
          {ruleId: 'EMRA-040', status: 'fail', findings: [dnsHostnamesB]},
          {ruleId: 'EMRA-050', status: 'fail', findings: [dhcp]},
          {
            ruleId: 'EMRA-060',
            status: 'not_evaluated',
            reason: 'missing permission: ec2:DescribeNetworkAcls',
            findings: [],
          },
          {ruleId: 'EMRA-070', status: 'not_applicable', reason: 'applies to vpn only', findings: []},
        ],
      },
    ],
  } satisfies AuditResult)
}
