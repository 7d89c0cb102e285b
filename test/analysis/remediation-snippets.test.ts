/**
 * The remediation snippet module renders each AWS construct the way the real tools read it: the AWS CLI
 * lines merge permissions as the CLI allows (and the real AWS CLI parses every rule's lines in
 * test/reports/remediation-cli.test.ts), the CloudFormation resources pass cfn-lint, and the Terraform
 * blocks are what `terraform fmt` prints (so they parse, aligned). cfn-lint and terraform: skipped with
 * the reason without them, except under CI=true.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  BASTION_GROUP,
  emrBlockPublicAccessSshOnly,
  gatewayAttachment,
  interfaceEndpoints,
  networkAclEntries,
  regionalServiceName,
  replaceIngressCli,
  routes,
  securityGroupCli,
  securityGroupRules,
  subnetAutoPublicIpOff,
  vpcDnsOn,
  vpcEndpoint,
  type SecurityGroupPermission,
  type Snippet,
} from '../../src/analysis/rules/remediation-snippets.js'
import {IN_CI} from '../live/support/moto.js'
import {CFN_LINT_MISSING, requireCfnLint, skipCfnLint} from '../templates/support/cloudformation.js'

const VPC = 'vpc-0a1b2c3d4e5f60718'
const PRIMARY = 'sg-0a1b2c3d4e5f60001'
const CORE = 'sg-0a1b2c3d4e5f60002'
const SERVICE_ACCESS = 'sg-0a1b2c3d4e5f60003'
const NACL = 'acl-0a1b2c3d4e5f60718'
const TABLE = 'rtb-0a1b2c3d4e5f60718'
const IGW = 'igw-0a1b2c3d4e5f60718'
const NAT = 'nat-0a1b2c3d4e5f60718'
const SUBNET = 'subnet-0a1b2c3d4e5f60718'

/** Every construct, with the options the remediation files use, filled with values of the right shape. */
const complete: Snippet[] = [
  securityGroupRules(
    {direction: 'ingress', groupId: PRIMARY, protocol: 'tcp', port: 22, peer: {group: BASTION_GROUP}, logicalId: 'PrimarySshFromBastion', terraformName: 'primary_ssh_from_bastion'},
    {direction: 'ingress', groupId: PRIMARY, protocol: '-1', peer: {group: CORE}, logicalId: 'PrimaryFromCore', terraformName: 'primary_from_core'},
    {direction: 'ingress', groupId: SERVICE_ACCESS, protocol: 'tcp', port: 443, peer: {cidr: '10.0.0.0/16'}, description: 'From the VPC', logicalId: 'HttpsFromVpc', terraformName: 'https_from_vpc'},
    {direction: 'egress', groupId: CORE, protocol: 'tcp', port: 443, peer: {prefixList: 'pl-63a5400a'}, logicalId: 'S3Egress', terraformName: 's3_https'},
    {direction: 'egress', groupId: CORE, protocol: 'tcp', port: 9443, peer: {group: SERVICE_ACCESS}, logicalId: 'ToServiceAccess', terraformName: 'to_service_access'},
  ),
  networkAclEntries(
    'create',
    {naclId: NACL, ruleNumber: 90, egress: false, protocol: 'all', cidr: '10.0.0.0/16', logicalId: 'VpcInbound', terraformName: 'vpc_inbound'},
    {naclId: NACL, ruleNumber: 120, egress: true, protocol: 'tcp', ports: {from: 1024, to: 65535}, cidr: '203.0.113.0/24', logicalId: 'EphemeralOutbound', terraformName: 'ephemeral_outbound'},
  ),
  gatewayAttachment({vpcId: VPC, gateway: {internet: IGW}, logicalId: 'GatewayAttachment', terraformName: 'emr'}),
  gatewayAttachment({vpcId: VPC, gateway: {vpn: 'vgw-0a1b2c3d4e5f60718'}, logicalId: 'VpnGatewayAttachment', terraformName: 'vpn'}),
  routes(
    {routeTableId: TABLE, destination: '0.0.0.0/0', target: {gateway: IGW}, dependsOn: 'GatewayAttachment', logicalId: 'DefaultRoute', terraformName: 'public_default'},
    {routeTableId: 'rtb-0a1b2c3d4e5f60719', destination: '0.0.0.0/0', target: {natGateway: NAT}, logicalId: 'PrivateDefaultRoute', terraformName: 'private_default'},
  ),
  vpcEndpoint({vpcId: VPC, type: 'Gateway', service: regionalServiceName('com.amazonaws.{{region}}.s3'), routeTableId: TABLE, logicalId: 'S3Endpoint', terraformName: 's3'}),
  vpcEndpoint({
    vpcId: VPC,
    type: 'Interface',
    service: regionalServiceName('com.amazonaws.{{region}}.sts'),
    privateDns: true,
    subnetId: SUBNET,
    securityGroupId: SERVICE_ACCESS,
    logicalId: 'StsEndpoint',
    terraformName: 'sts',
  }),
  interfaceEndpoints({
    vpcId: VPC,
    subnetId: SUBNET,
    service: 'com.amazonaws.{{region}}.ssm',
    terraformServices: 'toset(["ssm", "ssmmessages"])',
    securityGroupCli: SERVICE_ACCESS,
    logicalId: 'SsmEndpoint',
    terraformName: 'ssm',
  }),
]
/** Settings of an existing VPC, subnet or account: partial resources (CloudFormation) by design, whole Terraform blocks. */
const settings: Snippet[] = [vpcDnsOn(VPC, ['enable-dns-support', 'enable-dns-hostnames']), subnetAutoPublicIpOff(SUBNET), emrBlockPublicAccessSshOnly('us-east-1', 'Port 22 only.')]

describe('AWS CLI', () => {
  const ingress = (groupId: string, port: number, source: string): SecurityGroupPermission => ({direction: 'ingress', groupId, protocol: 'tcp', port, peer: {group: source}})
  const egress = (groupId: string, port: number, destination: string): SecurityGroupPermission => ({direction: 'egress', groupId, protocol: 'tcp', port, peer: {group: destination}})

  it('gives one command per group and direction, merging permissions of one protocol and port; a single ingress permission takes the short options', () => {
    expect(securityGroupCli('authorize', ingress(PRIMARY, 8443, SERVICE_ACCESS), egress(SERVICE_ACCESS, 8443, PRIMARY), egress(SERVICE_ACCESS, 8443, CORE), ingress(CORE, 8443, SERVICE_ACCESS))).toBe(
      [
        `aws ec2 authorize-security-group-ingress --group-id ${PRIMARY} --protocol tcp --port 8443 --source-group ${SERVICE_ACCESS}`,
        `aws ec2 authorize-security-group-egress --group-id ${SERVICE_ACCESS} --ip-permissions 'IpProtocol=tcp,FromPort=8443,ToPort=8443,UserIdGroupPairs=[{GroupId=${PRIMARY}},{GroupId=${CORE}}]'`,
        `aws ec2 authorize-security-group-ingress --group-id ${CORE} --protocol tcp --port 8443 --source-group ${SERVICE_ACCESS}`,
      ].join('\n'),
    )
    expect(securityGroupCli('authorize', egress(CORE, 443, PRIMARY), {direction: 'egress', groupId: CORE, protocol: '-1', peer: {group: PRIMARY}})).toBe(
      `aws ec2 authorize-security-group-egress --group-id ${CORE} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${PRIMARY}}]' 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=${PRIMARY}}]'`,
    )
  })

  it('replaces a world-open ingress rule: revoke from the finding’s CIDR, authorize the same ports from the new peer', () => {
    expect(replaceIngressCli('0.0.0.0/0', {direction: 'ingress', groupId: PRIMARY, protocol: 'tcp', port: 22, peer: {cidr: '203.0.113.0/24'}, region: 'eu-west-1'})).toBe(
      `aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id ${PRIMARY} --protocol tcp --port 22 --cidr 0.0.0.0/0\n` +
        `aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id ${PRIMARY} --protocol tcp --port 22 --cidr 203.0.113.0/24`,
    )
  })
})

describe.skipIf(skipCfnLint('test/analysis/remediation-snippets.test.ts'))('CloudFormation', () => {
  it('every complete resource passes cfn-lint, and a misspelt property fails it (the check can fail)', () => {
    requireCfnLint()
    const resources = complete.map((snippet) => snippet.cloudformation.replace(/^/gm, '  ')).join('\n')
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  BastionSecurityGroup:\n    Type: AWS::EC2::SecurityGroup::Id\n  EndpointSecurityGroup:\n    Type: AWS::EC2::SecurityGroup::Id\nResources:\n${resources}\n`
    expect(template).toContain('SourceSecurityGroupId: !Ref BastionSecurityGroup')
    const work = mkdtempSync(join(tmpdir(), 'emr-access-snippets-'))
    try {
      const good = join(work, 'snippets.yaml')
      const mutant = join(work, 'snippets-misspelt.yaml')
      writeFileSync(good, template)
      writeFileSync(mutant, template.replace('SourceSecurityGroupId:', 'SourceSecurityGroupID:'))
      const lint = spawnSync('cfn-lint', ['--format', 'json', '--', good, mutant], {encoding: 'utf8', timeout: 110_000})
      expect(lint.error, CFN_LINT_MISSING).toBeUndefined()
      const matches = JSON.parse(lint.stdout) as {Level: string; Filename: string; Message: string; Rule: {Id: string}}[]
      const errors = (file: string) => matches.filter((match) => match.Filename.endsWith(file) && match.Level === 'Error').map((match) => `${match.Rule.Id}: ${match.Message}`)
      expect(errors('snippets.yaml')).toEqual([])
      expect(errors('snippets-misspelt.yaml').join('\n')).toMatch(/SourceSecurityGroupID/)
    } finally {
      rmSync(work, {recursive: true, force: true})
    }
  }, 120_000)
})

const TERRAFORM_MISSING = spawnSync('terraform', ['version'], {encoding: 'utf8'}).error ? 'terraform is not on PATH' : undefined
if (TERRAFORM_MISSING && !IN_CI) console.warn(`test/analysis/remediation-snippets.test.ts (Terraform) skipped: ${TERRAFORM_MISSING}`)

describe.skipIf(TERRAFORM_MISSING !== undefined && !IN_CI)('Terraform', () => {
  it('every block is as `terraform fmt` prints it (it parses, `=` aligned), and a misaligned one is not (the check can fail)', () => {
    if (TERRAFORM_MISSING) throw new Error(`CI=true but ${TERRAFORM_MISSING}`)
    const text = [...complete, ...settings].map((snippet) => snippet.terraform).join('\n\n') + '\n'
    const fmt = (input: string) => spawnSync('terraform', ['fmt', '-no-color', '-'], {input, encoding: 'utf8', timeout: 60_000})
    const formatted = fmt(text)
    expect(formatted.status, formatted.stderr).toBe(0)
    expect(formatted.stdout).toBe(text)
    expect(fmt(text.replace('  ip_protocol                  =', '  ip_protocol =')).stdout).not.toBe(text.replace('  ip_protocol                  =', '  ip_protocol ='))
  })
})
