/**
 * The built CLI on templates, as a user or a CI job runs it: malformed templates are exit 2 with one line
 * naming FILE:LINE:COL; SARIF points code scanning at the template's line; reach answers before deploy.
 * Run `npm run build` first (the CLI is dist/).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli} from '../../support/cli.js'
import {auditReportValidator, errorsText, sarifValidator} from '../../reports/validators.js'
import {ADMIN_CIDR, lineOf, referenceFlags, replaceOnce, templateFile, templateText} from './support.js'

const work = mkdtempSync(join(tmpdir(), 'emr-access-cfn-cli-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

function write(name: string, text: string): string {
  const file = join(work, name)
  writeFileSync(file, text)
  return file
}

describe('malformed templates: exit 2, one line FILE:LINE:COL', () => {
  const vpc = (cidr: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ${cidr}\n`
  const CASES = [
    {label: 'bad YAML', name: 'bad.yaml', text: `${vpc('[10.0.0.0/16')}  Subnet:\n    Type: AWS::EC2::Subnet\n`, where: /:\d+:\d+: not valid YAML or JSON: /},
    {label: 'unknown short-form intrinsic', name: 'tag.yaml', text: vpc('!Cidrr 10.0.0.0/16'), where: /:6:18: unknown intrinsic function !Cidrr/},
    {
      label: 'unknown long-form intrinsic (JSON)',
      name: 'fn.json',
      text: '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",\n  "Properties": {"CidrBlock": {"Fn::Cidrr": ["10.0.0.0/16", 1, 8]}}}}}\n',
      where: /:2:32: unknown intrinsic function Fn::Cidrr/,
    },
    {label: 'dangling Ref', name: 'dangling.yaml', text: vpc('!Ref VpcCidr'), where: /:6:23: Ref VpcCidr: no parameter, resource or pseudo parameter of that name/},
    {
      label: 'Ref cycle',
      name: 'cycle.yaml',
      text: `${vpc('10.0.0.0/16')}      Tags: [{Key: group, Value: !Ref Group}]\n  Group:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      VpcId: !Ref Vpc\n`,
      where: /:\d+:\d+: circular dependency between resources: (Vpc → Group → Vpc|Group → Vpc → Group)/,
    },
  ]
  it.each(CASES)('$label', ({name, text, where}) => {
    const file = write(name, text)
    const result = runCli(['audit', '--template', file])
    expect(result.code, result.stderr).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`${file}:`)
    expect(lines[0]).toMatch(where)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('a --parameter the template does not declare, or that breaks its AllowedPattern', () => {
    const unknown = runCli(['audit', '--template', templateFile('public'), '--parameter', 'AdminCdir=203.0.113.0/24'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/public\.yaml: parameter AdminCdir: the template declares no such parameter/)
    const pattern = runCli(['audit', '--template', templateFile('public'), '--parameter', 'AdminCidr=203.0.113.0'])
    expect(pattern.code).toBe(2)
    expect(pattern.stderr).toMatch(/public\.yaml: parameter AdminCidr=203\.0\.113\.0: does not match the AllowedPattern/)
  })
})

describe('audit --template', () => {
  it.each(['public', 'private-bastion', 'vpn'] as const)('%s.yaml exits 0 and reports nothing at or above high', (name) => {
    const result = runCli(['audit', '--template', templateFile(name), ...referenceFlags(name), '--json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {scopes: {findings: unknown[]}[]}
    expect(report.scopes.flatMap((scope) => scope.findings)).toEqual([])
  })

  it('SARIF annotates the template line of each finding, with a path relative to where the audit ran', () => {
    const text = templateText('public').replace(/( {2}PrimarySshFromAdmin:\n[\s\S]*?CidrIp: )!Ref AdminCidr/, '$10.0.0.0/0')
    expect(text).not.toBe(templateText('public'))
    const file = write('public-ssh-world.yaml', text)
    const result = runCli(['audit', '--template', relative(process.cwd(), file), ...referenceFlags('public'), '--format', 'sarif'])
    expect(result.code, result.stderr).toBe(1)
    const validate = sarifValidator()
    expect(validate(JSON.parse(result.stdout)), errorsText(validate)).toBe(true)
    const sarif = JSON.parse(result.stdout) as {
      runs: {results: {ruleId: string; locations: {physicalLocation?: {artifactLocation: {uri: string}; region?: {startLine: number; startColumn: number}}}[]}[]}[]
    }
    const ssh = sarif.runs[0]!.results.find((candidate) => candidate.ruleId === 'EMRA-041')
    expect(ssh).toBeDefined()
    const physical = ssh!.locations[0]!.physicalLocation!
    expect(physical.artifactLocation.uri).toBe(encodeURI(relative(process.cwd(), file)))
    expect(physical.region).toEqual({startLine: lineOf(text, '  PrimarySshFromAdmin:'), startColumn: 3})
    // The JSON report carries the same location, and stays valid against its schema.
    const json = runCli(['audit', '--template', relative(process.cwd(), file), ...referenceFlags('public'), '--json'])
    const report = JSON.parse(json.stdout) as {scopes: {findings: {ruleId: string; origin?: {location?: unknown}}[]}[]}
    const validateReport = auditReportValidator()
    expect(validateReport(report), errorsText(validateReport)).toBe(true)
    expect(report.scopes[0]!.findings.find((finding) => finding.ruleId === 'EMRA-041')?.origin?.location).toEqual({
      file: relative(process.cwd(), file),
      line: lineOf(text, '  PrimarySshFromAdmin:'),
      column: 3,
    })
    // Every result of a template audit points at a line.
    for (const candidate of sarif.runs[0]!.results) expect(candidate.locations[0]!.physicalLocation?.region?.startLine, candidate.ruleId).toBeGreaterThan(0)
  })

  it('--bastion and --cluster take logical ids', () => {
    const result = runCli(['audit', '--template', templateFile('private-bastion'), ...referenceFlags('private-bastion'), '--bastion', 'Bastion', '--cluster', 'Cluster', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {scopes: {clusterId: string}[]; options: {bastion: string}}
    expect(report.options.bastion).toMatch(/^i-0[0-9a-f]{16}$/)
    expect(report.scopes[0]!.clusterId).toMatch(/^j-/)
  })
})

describe('reach --template: "will the bastion reach the primary on 22?" before merge', () => {
  const base = ['reach', '--template', templateFile('private-bastion'), '--parameter', `AdminCidr=${ADMIN_CIDR}`, '--parameter', 'CreateCluster=true', '--region', 'us-east-1']

  it('the bastion reaches the primary on 22; the internet does not', () => {
    const bastion = runCli([...base, '--from', 'Bastion', '--to', 'Cluster:primary:22', '--json'])
    expect(bastion.code, bastion.stderr).toBe(0)
    expect((JSON.parse(bastion.stdout) as {verdict: string}).verdict).toBe('reachable')
    const internet = runCli([...base, '--from', 'internet', '--to', 'Cluster:primary:22', '--json'])
    expect(internet.code, internet.stderr).toBe(1)
    const admin = runCli([...base, '--from', ADMIN_CIDR, '--to', 'Bastion:22', '--json'])
    expect(admin.code, admin.stderr).toBe(0)
  })

  it('a mutant without the SSH rule from the bastion: not reachable, blocked at the primary', () => {
    const file = write(
      'no-ssh.yaml',
      replaceOnce(
        templateText('private-bastion'),
        '      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion}\n',
        '',
      ),
    )
    const result = runCli(['reach', '--template', file, '--parameter', `AdminCidr=${ADMIN_CIDR}`, '--parameter', 'CreateCluster=true', '--from', 'Bastion', '--to', 'Cluster:primary:22', '--json'])
    expect(result.code, result.stderr).toBe(1)
    const answer = JSON.parse(result.stdout) as {verdict: string; code: string}
    expect(answer.verdict).toBe('not-reachable')
    expect(answer.code).toBe('ENI_SG_RULES_MISMATCH')
  })

  it('what is unknown before deploy answers unknown, exit 3, naming it: an imported SSH source, a fleet subnet EMR picks', () => {
    const flags = ['--parameter', `AdminCidr=${ADMIN_CIDR}`, '--parameter', 'CreateCluster=true', '--from', 'Bastion', '--to', 'Cluster:primary:22', '--json']
    const imported = write(
      'import-ssh.yaml',
      replaceOnce(templateText('private-bastion'), 'SourceSecurityGroupId: !Ref BastionSecurityGroup, Description: SSH from the bastion', 'CidrIp: !ImportValue shared-admin-cidr'),
    )
    const result = runCli(['reach', '--template', imported, ...flags])
    expect(result.code, result.stderr).toBe(3)
    const answer = JSON.parse(result.stdout) as {verdict: string; missingData: string[]}
    expect(answer.verdict).toBe('unknown')
    expect(answer.missingData.join('\n')).toContain('unknown before deploy: Fn::ImportValue shared-admin-cidr')
    const fleet = write('fleet.yaml', replaceOnce(templateText('private-bastion'), 'Ec2SubnetId: !Ref PrivateSubnet', 'Ec2SubnetIds: [!Ref PrivateSubnet, !Ref PublicSubnet]'))
    const unplaced = runCli(['reach', '--template', fleet, ...flags])
    expect(unplaced.code, unplaced.stderr).toBe(3)
    expect((JSON.parse(unplaced.stdout) as {summary: string}).summary).toMatch(/unknown before deploy: EMR picks one of subnet-\w+, subnet-\w+ for the primary/)
  })

  it('--snapshot or --template, exactly one', () => {
    const neither = runCli(['reach', '--from', 'internet', '--to', 'i-0abc:22'])
    expect(neither.code).toBe(2)
  })
})
