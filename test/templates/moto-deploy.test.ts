/**
 * Cross-check of the reference templates with a real deployment engine: each template is deployed into
 * moto_server's CloudFormation (with its optional EMR cluster), what moto's CloudFormation leaves out is
 * filled in from the template's own properties (support/cloudformation.ts lists every gap), and the built
 * CLI's live audit (`audit --vpc … --topology …`) must classify the network as the template's topology and
 * find nothing at medium or above. Two mutants must be found, so the check can fail: the bastion open to the
 * world on SSH, and the cluster subnet's ACL denying the ephemeral return range (which also shows the ACLs,
 * filled in from the template, are judged). Run `npm run build` first (the CLI is dist/).
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

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

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
  })

  it('a mutant with the bastion open to the world on SSH is found (EMRA-071)', async () => {
    // CloudFormation itself refuses this parameter (the template's Rules section); moto does not evaluate Rules.
    const stack = await deploy('ref-private-open', 'private-bastion', {AdminCidr: '0.0.0.0/0', VpcCidr: '10.9.0.0/16', PublicSubnetCidr: '10.9.0.0/24', PrivateSubnetCidr: '10.9.1.0/24'})
    const report = audit(stack, 'private', ['--admin-cidr', ADMIN_CIDR])
    const findings = (report.scopes as Json[]).flatMap((scope) => scope.findings as Json[])
    expect(findings.map((finding) => finding.ruleId)).toContain('EMRA-071')
  })

  it('a mutant whose cluster-subnet ACL denies the ephemeral return range is found (EMRA-061)', async () => {
    const text = readFileSync(templatePath('private-bastion'), 'utf8')
    const start = text.indexOf('  PrivateAclInTcpReturn:\n')
    const action = text.indexOf('RuleAction: allow', start)
    expect(start).toBeGreaterThan(0)
    const file = join(work, 'private-bastion-acl-deny.yaml')
    writeFileSync(file, `${text.slice(0, action)}RuleAction: deny${text.slice(action + 'RuleAction: allow'.length)}`)
    const stack = await deploy('ref-private-acl', {file}, {AdminCidr: ADMIN_CIDR, VpcCidr: '10.8.0.0/16', PublicSubnetCidr: '10.8.0.0/24', PrivateSubnetCidr: '10.8.1.0/24'})
    const report = audit(stack, 'private', ['--admin-cidr', ADMIN_CIDR])
    const findings = (report.scopes as Json[]).flatMap((scope) => scope.findings as Json[])
    const returnRange = findings.find((finding) => finding.ruleId === 'EMRA-061')
    expect(returnRange?.message).toMatch(/does not allow TCP 1024-65535 inbound from 0\.0\.0\.0\/0.* by rule 110 \(deny/)
  })
})
