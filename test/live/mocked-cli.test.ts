/**
 * The built CLI (run `npm run build` first) with the AWS SDK mocked in its own process
 * (aws-sdk-client-mock, loaded with NODE_OPTIONS=--import): what moto cannot produce.
 * The mocks answer with the private test topology (test/support/topologies.ts).
 */
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli, type CliResult} from '../support/cli.js'
import {tempDir, writeSnapshotFile} from '../support/snapshot-files.js'
import {ADMIN_CIDR, CLUSTER_ID, privateTopology} from '../support/topologies.js'
import {auditReportValidator, errorsText} from '../reports/validators.js'
import type {MockFailure} from './fixtures/aws-mock-preload.mjs'
import {COLLECTOR_ACTIONS, NEEDED_TO_PLACE_THE_CLUSTER, datasetOf, expectBaseline, expectDeniedNamed, motoCanDeny, parseReport, type AuditReport} from './support/denied.js'

const PRELOAD = new URL('./fixtures/aws-mock-preload.mjs', import.meta.url).href
const SNAPSHOT = writeSnapshotFile(privateTopology())

function live(args: string[], fail?: MockFailure | MockFailure[], region = 'us-east-1'): CliResult {
  return runCli([...args, '--region', region], {
    NODE_OPTIONS: `--import=${PRELOAD}`,
    EMR_ACCESS_MOCK_SNAPSHOT: SNAPSHOT,
    EMR_ACCESS_MOCK_FAIL: fail ? JSON.stringify(fail) : '',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  })
}

const DENIED_NACLS: MockFailure = {
  command: 'DescribeNetworkAclsCommand',
  error: {name: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', $fault: 'client', $metadata: {httpStatusCode: 403}},
}

// EMRA-026 walks the S3 path through the subnet's network ACL too.
// EMRA-077 judges the EICE path with the path engine, network ACLs included.
const NACL_RULES = ['EMRA-026', 'EMRA-060', 'EMRA-061', 'EMRA-062', 'EMRA-073', 'EMRA-074', 'EMRA-077']

describe('live audit with AccessDenied on ec2:DescribeNetworkAcls (mocked SDK)', () => {
  it('--json: the rules that need NACLs are not evaluated with the permission, listed in missingPermissions', () => {
    const result = live(['audit', '--cluster', CLUSTER_ID, '--admin-cidr', ADMIN_CIDR, '--json'], DENIED_NACLS)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout)
    expect(report.source).toBe('aws:us-east-1')
    expect(report.missingPermissions).toEqual(['ec2:DescribeNetworkAcls'])
    const outcomes = new Map(report.scopes[0].outcomes.map((o: {ruleId: string}) => [o.ruleId, o]))
    for (const id of NACL_RULES) {
      expect(outcomes.get(id), id).toMatchObject({status: 'not_evaluated', reason: 'missing permission: ec2:DescribeNetworkAcls'})
    }
    // Everything else was judged.
    expect(outcomes.get('EMRA-041')).toMatchObject({status: 'pass'})
    expect(report.summary.outcomes.not_evaluated, JSON.stringify([...outcomes.values()].filter((o) => (o as {status: string}).status === 'not_evaluated'))).toBe(NACL_RULES.length)
    // missingPermissions is an additive, optional field of the 1.0 schema.
    const validate = auditReportValidator()
    expect(validate(report), errorsText(validate)).toBe(true)
    expect(Object.keys(report).at(-1)).toBe('missingPermissions')
  })

  it('table: "not evaluated (missing permission: …)" in the report, the missing permissions at the end of stderr', () => {
    const result = live(['audit', '--cluster', CLUSTER_ID, '--admin-cidr', ADMIN_CIDR, '--format', 'table'], DENIED_NACLS)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('missing permission: ec2:DescribeNetworkAcls')
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'Missing permissions (the rules that need them were not evaluated; templates/iam/audit-snapshot-policy.json grants all):',
      '  ec2:DescribeNetworkAcls',
    ])
  })

  it('snapshot: the file is left out, the rest written, the permission listed; exit 0', () => {
    const out = join(tempDir(), 'snap')
    const result = live(['snapshot', '--cluster', CLUSTER_ID, '--out', out], DENIED_NACLS)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^wrote \d+ files to .*\n.*Missing permissions.*\n {2}ec2:DescribeNetworkAcls\n$/)
    const files = readdirSync(out)
    expect(files).not.toContain('ec2-describe-network-acls.json')
    expect(files).toContain('ec2-describe-security-groups.json')
    const saved = runCli(['audit', '--snapshot', out, '--cluster', CLUSTER_ID, '--json'])
    const outcome = JSON.parse(saved.stdout).scopes[0].outcomes.find((o: {ruleId: string}) => o.ruleId === 'EMRA-060')
    expect(outcome).toMatchObject({status: 'not_evaluated', reason: expect.stringMatching(/^missing: .*ec2-describe-network-acls\.json$/)})
  })

  it('snapshot --json: the written files and the missing permissions on stdout', () => {
    const out = join(tempDir(), 'snap')
    const result = live(['snapshot', '--cluster', CLUSTER_ID, '--out', out, '--json'], DENIED_NACLS)
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({directory: out, region: 'us-east-1', clusterId: CLUSTER_ID, missingPermissions: ['ec2:DescribeNetworkAcls'], unavailable: []})
    expect(summary.files).toEqual(readdirSync(out).sort())
  })
})

// The rest of issue 12's "a denied permission is named in every not-evaluated reason" runs against moto (denied-permissions.test.ts).
describe('live audit with one EMR or SSM action denied (mocked SDK: moto answers those denials in XML the SDK cannot read)', () => {
  const VPC_ID = 'vpc-0b000000000000001'
  const audit = (extra: string[], fail?: MockFailure): CliResult => live(['audit', '--cluster', CLUSTER_ID, ...extra, '--admin-cidr', ADMIN_CIDR, '--fail-on-not-evaluated', '--json'], fail)
  let baseline: AuditReport

  it('with every action granted, every rule is judged', () => {
    baseline = parseReport(audit([]))
    expectBaseline(baseline)
  })

  it.each(COLLECTOR_ACTIONS.filter((action) => !motoCanDeny(action)).map((action) => [action]))('without %s: every reason that lacks its data names it', (action) => {
    // What EMR and SSM answer: HTTP 400, {"__type": "AccessDeniedException"}.
    const denied: MockFailure = {
      command: `${action.split(':')[1]}Command`,
      error: {name: 'AccessDeniedException', message: `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ${action}`, $fault: 'client', $metadata: {httpStatusCode: 400}},
    }
    const placing = NEEDED_TO_PLACE_THE_CLUSTER.has(action)
    if (placing) {
      const fatal = audit([], denied)
      expect(fatal.code, fatal.stderr).toBe(2)
      expect(JSON.parse(fatal.stdout).error.message).toMatch(new RegExp(`^missing permission: ${action}: .*\\(or pass --vpc as well\\)$`))
    }
    const named = expectDeniedNamed(action, audit(placing ? ['--vpc', VPC_ID] : [], denied), baseline)
    const needing = baseline.rules.filter((rule) => rule.needs.includes(datasetOf(action))).map((rule) => rule.id)
    console.log(`without ${action} (mocked): ${named} rule(s) not evaluated, naming it; rules that need ${datasetOf(action)}: ${needing.join(', ') || 'none'}`)
    if (needing.length > 0) expect(named).toBeGreaterThan(0)
  })
})

describe('fatal AWS errors: one line on stderr, exit 2 (mocked SDK)', () => {
  const oneLine = (result: CliResult, pattern: RegExp): void => {
    expect(result.code, result.stderr).toBe(2)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trim().split('\n')
    expect(lines, result.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
  }

  it('throttling that outlasted the retries', () => {
    const throttled: MockFailure = {
      command: 'DescribeSecurityGroupsCommand',
      error: {name: 'RequestLimitExceeded', message: 'Request limit exceeded.', $fault: 'client', $metadata: {httpStatusCode: 503, attempts: 3}},
    }
    oneLine(live(['audit', '--cluster', CLUSTER_ID], throttled), /^Error: AWS throttled ec2:DescribeSecurityGroups 3 times and the retries \(adaptive mode\) ran out \(RequestLimitExceeded\)/)
  })

  it.each([
    ['EMR', 'ExpiredTokenException', 'The security token included in the request is expired', ['audit', '--cluster', CLUSTER_ID]],
    ['EC2', 'RequestExpired', 'Request has expired.', ['snapshot', '--vpc', 'vpc-0b000000000000001', '--out', join(tempDir(), 'expired')]],
  ])('expired credentials (%s: %s)', (_service, name, message, args) => {
    const expired: MockFailure = {command: '*', error: {name, message, $fault: 'client', $metadata: {httpStatusCode: 400}}}
    oneLine(live(args, expired), new RegExp(`^Error: AWS rejected the credentials on \\S+ \\(${name}: ${message.replace(/\./g, '\\.')}\\): refresh them`))
  })

  it('an unknown Region (its endpoint does not resolve)', () => {
    const unresolvable: MockFailure = {
      command: '*',
      error: {name: 'Error', code: 'ENOTFOUND', hostname: 'elasticmapreduce.us-nowhere-1.amazonaws.com', message: 'getaddrinfo ENOTFOUND elasticmapreduce.us-nowhere-1.amazonaws.com'},
    }
    oneLine(
      live(['audit', '--cluster', CLUSTER_ID], unresolvable, 'us-nowhere-1'),
      /^Error: cannot resolve elasticmapreduce\.us-nowhere-1\.amazonaws\.com \(ENOTFOUND\): is "us-nowhere-1" an AWS Region\?/,
    )
  })

  it('DescribeCluster denied: the cluster cannot be placed in a VPC', () => {
    const denied: MockFailure = {command: 'DescribeClusterCommand', error: {name: 'AccessDeniedException', message: 'User is not authorized', $metadata: {httpStatusCode: 400}}}
    oneLine(
      live(['audit', '--cluster', CLUSTER_ID], denied),
      /^Error: missing permission: elasticmapreduce:DescribeCluster: it says which subnet and VPC cluster j-2AXXXXXXGAPLF is in \(or pass --vpc as well\)$/,
    )
  })

  it('--json: the error is a JSON document on stdout too', () => {
    const expired: MockFailure = {command: '*', error: {name: 'ExpiredTokenException', message: 'expired', $metadata: {httpStatusCode: 400}}}
    const result = live(['audit', '--cluster', CLUSTER_ID, '--json'], expired)
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout).error.message).toMatch(/^AWS rejected the credentials/)
  })
})

describe('live flags without AWS', () => {
  it('audit needs --snapshot, --cluster or --vpc', () => {
    const result = runCli(['audit'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(
      'Error: give --snapshot PATH to audit saved data, --template FILE to audit a CloudFormation template, --terraform-plan FILE to audit a saved Terraform plan, or --cluster ID or --vpc ID to audit live from AWS',
    )
  })

  it('the AWS flags do not go with --snapshot', () => {
    const result = runCli(['audit', '--snapshot', SNAPSHOT, '--region', 'us-east-1'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--region/)
  })

  it('snapshot refuses a non-empty --out before any AWS call', () => {
    const out = tempDir()
    writeSnapshotFile(privateTopology(), out)
    const result = runCli(['snapshot', '--cluster', CLUSTER_ID, '--out', out, '--region', 'us-east-1'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(`Error: --out ${out}: the directory is not empty (choose a new one, so no stale file is mixed in)`)
  })

  it('snapshot needs exactly one of --cluster and --vpc, and --out', () => {
    expect(runCli(['snapshot', '--out', join(tempDir(), 'x')]).code).toBe(2)
    expect(runCli(['snapshot', '--cluster', CLUSTER_ID, '--vpc', 'vpc-0abc', '--out', join(tempDir(), 'x')]).code).toBe(2)
    expect(runCli(['snapshot', '--cluster', CLUSTER_ID]).code).toBe(2)
  })

  it('a malformed --endpoint-url', () => {
    const result = runCli(['audit', '--cluster', CLUSTER_ID, '--region', 'us-east-1', '--endpoint-url', 'localhost:5000'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toMatch(/^Error: --endpoint-url localhost:5000: /)
  })
})
