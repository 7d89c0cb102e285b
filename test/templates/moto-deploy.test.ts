/**
 * Cross-check of the reference templates with a real deployment engine: each template is deployed into
 * moto_server's CloudFormation (with its optional EMR cluster), what moto's CloudFormation leaves out is
 * filled in from the template's own properties (support/cloudformation.ts lists every gap), and the built
 * CLI's live audit (`audit --vpc … --topology …`) must classify the network as the template's topology and
 * find nothing at medium or above. Two mutants must be found, so the check can fail: the bastion open to the
 * world on SSH, and the cluster subnet's ACL denying the ephemeral return range (which also shows the ACLs,
 * filled in from the template, are judged). Run `npm run build` first (the CLI is dist/).
 *
 * The same template is then audited before deploy (`audit --template`, same parameters and options) and the
 * two audits must agree: the same findings (rule ids), and the same outcome for every rule, except the rules
 * the template alone cannot judge, which the template audit reports as "not evaluated (unknown before
 * deploy: …)" where the live audit judges them: the addresses behind the S3 gateway endpoint's AWS-managed
 * prefix list (EMRA-026), the account's EMR block public access setting (EMRA-050/051), the ranges EMR adds
 * on TCP 8443 to a public cluster's primary group (EMRA-031, and EMRA-040/041/042 that read that group),
 * whether the VPN tunnels come up (EMRA-090/095). Network ACLs are compared too: moto's CloudFormation does
 * not create custom ACLs, so the live side judges the ACLs the gap filler created from the template's own
 * entries; a difference there would be the filler's, not moto's.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {dummyAwsEnv, requireMoto, skipMoto, startMoto, type Moto} from '../live/support/moto.js'
import {REGION, TemplateDeployer, requireCfnLint, skipCfnLint, templatePath, type DeployedStack, type TemplateName} from './support/cloudformation.js'

const SKIP = skipMoto('test/templates/moto-deploy.test.ts') || skipCfnLint('test/templates/moto-deploy.test.ts')

const ADMIN_CIDR = '203.0.113.0/24'
const ONPREM_CIDR = '192.168.10.0/24'
const CUSTOMER_GATEWAY_IP = '44.210.10.10'

type Json = Record<string, any>

const CASES: {template: TemplateName; topology: 'public' | 'private' | 'vpn'; parameters: Record<string, string>; flags: string[]}[] = [
  {template: 'public', topology: 'public', parameters: {AdminCidr: ADMIN_CIDR}, flags: ['--admin-cidr', ADMIN_CIDR]},
  {template: 'private-bastion', topology: 'private', parameters: {AdminCidr: ADMIN_CIDR}, flags: ['--admin-cidr', ADMIN_CIDR]},
  {template: 'vpn', topology: 'vpn', parameters: {OnPremCidr: ONPREM_CIDR, CustomerGatewayIp: CUSTOMER_GATEWAY_IP}, flags: ['--onprem-cidr', ONPREM_CIDR]},
]

describe.skipIf(SKIP)('reference templates deployed into moto_server CloudFormation, audited live', () => {
  let moto: Moto | undefined
  let deployer: TemplateDeployer | undefined
  let env: Record<string, string> = {}
  let key = ''
  let work = ''

  beforeAll(async () => {
    requireMoto()
    requireCfnLint()
    env = dummyAwsEnv()
    moto = await startMoto()
    deployer = new TemplateDeployer(moto.url)
    key = await deployer.prepareAccount()
    work = mkdtempSync(join(tmpdir(), 'emr-access-templates-'))
  }, 60_000)

  afterAll(() => {
    if (work !== '') rmSync(work, {recursive: true, force: true})
    deployer?.destroy()
    moto?.stop()
  })

  const deploy = async (stackName: string, template: TemplateName | {file: string}, parameters: Record<string, string>): Promise<DeployedStack> => {
    const file = typeof template === 'string' ? templatePath(template) : template.file
    const stack = await deployer!.deploy(stackName, file, {...parameters, KeyName: key, CreateCluster: 'true'})
    const {done, missing} = await deployer!.fillMotoGaps(stack)
    console.log(`${stackName}: filled in for moto from the template: ${done.join(', ')}; left out (moto lacks the API): ${missing.join(', ') || 'nothing'}`)
    return stack
  }

  /** The same template audited before deploy, with the parameters the stack was created with. */
  const auditTemplate = (file: string, topology: string, flags: string[], parameters: Record<string, string>): Json => {
    const given = Object.entries({...parameters, KeyName: key, CreateCluster: 'true'}).flatMap(([name, value]) => ['--parameter', `${name}=${value}`])
    const result = runCli(['audit', '--template', file, ...given, '--topology', topology, ...flags, '--region', REGION, '--json', '--fail-on', 'none'])
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as Json
  }

  /** Live and template audits agree on every rule, except what the template cannot know (see the header). */
  const expectSameVerdicts = (live: Json, planned: Json, label: string): void => {
    const [liveScope] = live.scopes as [Json]
    const [plannedScope] = planned.scopes as [Json]
    const ruleIds = (scope: Json) => [...new Set((scope.findings as Json[]).map((finding) => finding.ruleId as string))].sort()
    expect(ruleIds(plannedScope), `${label}: findings before deploy vs live`).toEqual(ruleIds(liveScope))
    const plannedStatus = new Map((plannedScope.outcomes as Json[]).map((outcome) => [outcome.ruleId as string, outcome]))
    const differences: string[] = []
    for (const outcome of liveScope.outcomes as Json[]) {
      const before = plannedStatus.get(outcome.ruleId)!
      if (before.status === outcome.status) continue
      const unknowable = before.status === 'not_evaluated' && (/unknown before deploy/.test(before.reason) || outcome.ruleId === 'EMRA-026')
      if (unknowable) {
        console.log(`${label}: ${outcome.ruleId} live ${outcome.status}, before deploy not evaluated (${before.reason})`)
        continue
      }
      // An API moto does not implement (DescribeInstanceConnectEndpoints answers HTTP 500): the live side says so.
      const emulatorGap = outcome.status === 'not_evaluated' && outcome.missing?.absence?.cause === 'api-error'
      if (emulatorGap) {
        console.log(`${label}: ${outcome.ruleId} not evaluated live, moto lacks the call (${outcome.reason})`)
        continue
      }
      differences.push(`${outcome.ruleId}: live ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}, before deploy ${before.status}${before.reason ? ` (${before.reason})` : ''}`)
    }
    expect(differences, label).toEqual([])
  }

  const audit = (stack: DeployedStack, topology: string, flags: string[]): Json => {
    const result = runCli(['audit', '--vpc', stack.outputs.VpcId!, '--topology', topology, ...flags, '--region', REGION, '--endpoint-url', moto!.url, '--json', '--fail-on', 'none'], env)
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as Json
  }

  it.each(CASES)('$template: deploys, classifies as $topology, no finding at medium or above', async ({template, topology, parameters, flags}) => {
    const stack = await deploy(`ref-${template}`, template, parameters)
    // The outputs connect and audit need.
    expect(stack.outputs.ClusterId).toMatch(/^j-/)
    expect(stack.outputs.AuditCommand).toBe(`emr-access audit --vpc ${stack.outputs.VpcId} --topology ${topology} ${flags.join(' ')}`)
    if (topology === 'private') {
      expect(stack.outputs.BastionInstanceId).toMatch(/^i-/)
      expect(stack.outputs.ConnectCommand).toBe(`emr-access connect ${stack.outputs.ClusterId} --bastion ${stack.outputs.BastionInstanceId}`)
    } else {
      expect(stack.outputs.ConnectCommand).toBe(`emr-access connect ${stack.outputs.ClusterId}`)
    }

    const report = audit(stack, topology, flags)
    const scopes = report.scopes as Json[]
    expect(scopes.map((scope) => scope.clusterId)).toEqual([stack.physical.Cluster])
    const [scope] = scopes as [Json]
    expect(scope.vpcId).toBe(stack.outputs.VpcId)
    expect(scope.topology.classified, scope.topology.reason).toBe(topology)
    const findings = scope.findings as Json[]
    const serious = findings.filter((finding) => ['critical', 'high', 'medium'].includes(finding.severity))
    expect(serious.map((finding) => `${finding.ruleId} ${finding.severity}: ${finding.message ?? finding.title ?? ''}`)).toEqual([])
    for (const finding of findings.filter((candidate) => ['low', 'info'].includes(candidate.severity))) console.log(`${template}.yaml: ${finding.severity} ${finding.ruleId} ${finding.message}`)
    const notEvaluated = (scope.outcomes as Json[]).filter((outcome) => outcome.status === 'not_evaluated')
    console.log(`${template}.yaml: ${scope.summary.outcomes.pass} passed; not evaluated: ${notEvaluated.map((outcome) => `${outcome.ruleId} (${outcome.reason})`).join('; ') || 'none'}`)
    // Judged, not just "not evaluated": the network ACL, security group and path rules ran on the template's data.
    for (const ruleId of ['EMRA-030', 'EMRA-060', 'EMRA-061']) {
      expect((scope.outcomes as Json[]).find((outcome) => outcome.ruleId === ruleId)?.status, ruleId).toBe('pass')
    }
    expectSameVerdicts(report, auditTemplate(templatePath(template), topology, flags, parameters), `${template}.yaml`)
  })

  it('a mutant with the bastion open to the world on SSH is found (EMRA-071)', async () => {
    // CloudFormation itself refuses this parameter (the template's Rules section); moto does not evaluate Rules.
    const parameters = {AdminCidr: '0.0.0.0/0', VpcCidr: '10.9.0.0/16', PublicSubnetCidr: '10.9.0.0/24', PrivateSubnetCidr: '10.9.1.0/24'}
    const stack = await deploy('ref-private-open', 'private-bastion', parameters)
    const report = audit(stack, 'private', ['--admin-cidr', ADMIN_CIDR])
    const findings = (report.scopes as Json[]).flatMap((scope) => scope.findings as Json[])
    expect(findings.map((finding) => finding.ruleId)).toContain('EMRA-071')
    expectSameVerdicts(report, auditTemplate(templatePath('private-bastion'), 'private', ['--admin-cidr', ADMIN_CIDR], parameters), 'private-bastion.yaml, AdminCidr 0.0.0.0/0')
  })

  it('a mutant whose cluster-subnet ACL denies the ephemeral return range is found (EMRA-061)', async () => {
    const text = readFileSync(templatePath('private-bastion'), 'utf8')
    const start = text.indexOf('  PrivateAclInTcpReturn:\n')
    const action = text.indexOf('RuleAction: allow', start)
    expect(start).toBeGreaterThan(0)
    const file = join(work, 'private-bastion-acl-deny.yaml')
    writeFileSync(file, `${text.slice(0, action)}RuleAction: deny${text.slice(action + 'RuleAction: allow'.length)}`)
    const parameters = {AdminCidr: ADMIN_CIDR, VpcCidr: '10.8.0.0/16', PublicSubnetCidr: '10.8.0.0/24', PrivateSubnetCidr: '10.8.1.0/24'}
    const stack = await deploy('ref-private-acl', {file}, parameters)
    const report = audit(stack, 'private', ['--admin-cidr', ADMIN_CIDR])
    expectSameVerdicts(report, auditTemplate(file, 'private', ['--admin-cidr', ADMIN_CIDR], parameters), 'private-bastion.yaml, return range denied')
    const findings = (report.scopes as Json[]).flatMap((scope) => scope.findings as Json[])
    const returnRange = findings.find((finding) => finding.ruleId === 'EMRA-061')
    expect(returnRange?.message).toMatch(/does not allow TCP 1024-65535 inbound from 0\.0\.0\.0\/0.* by rule 110 \(deny/)
  })
})
