/**
 * `audit --terraform-plan` and `reach --terraform-plan` on plans a real terraform made of the reference
 * modules (templates/terraform/*) and of single mutations of them (scripts/terraform-plan-fixtures.mjs).
 * Runs the built CLI (npm run build first).
 */
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli} from '../../support/cli.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform-plan/', import.meta.url))
const TEMPLATES = fileURLToPath(new URL('../../../templates/terraform/', import.meta.url))
const SNAPSHOTS = fileURLToPath(new URL('../../../examples/snapshots/', import.meta.url))

const TOPOLOGY_ARGS: Record<string, string[]> = {
  public: ['--topology', 'public', '--admin-cidr', '203.0.113.0/24'],
  'private-bastion': ['--topology', 'private', '--admin-cidr', '203.0.113.0/24'],
  vpn: ['--topology', 'vpn', '--onprem-cidr', '192.168.10.0/24'],
}

interface Report {
  scopes: {
    outcomes: {ruleId: string; status: string; reason?: string}[]
    findings: {ruleId: string; severity: string; message: string; origin?: {file: string; pointer: string; location?: {file: string; line?: number; column?: number; address?: string}}}[]
  }[]
}

function audit(plan: string, topology: string, extra: string[] = []): {code: number; report: Report; stderr: string} {
  const result = runCli(['audit', '--terraform-plan', plan, ...TOPOLOGY_ARGS[topology]!, '--json', ...extra])
  expect(result.stderr).toBe('')
  return {code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr}
}

const outcomes = (report: Report) => report.scopes.flatMap((scope) => scope.outcomes)
const findings = (report: Report) => report.scopes.flatMap((scope) => scope.findings)

/** What a plan cannot know, whatever the network: account settings, AWS-managed lists, run-time state. */
const PLAN_BLIND =
  /^(not collected: .*not in a Terraform plan|unknown before deploy: SSM agent registration|j-[A-Z0-9]+'s data has no Status\.State|the state \(Status\.State\) of j-[A-Z0-9]+: not in the)/

const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) rmSync(dir, {recursive: true, force: true})
})

/** The plan JSON next to a copy of its module's .tf files, as in a Terraform working directory. */
function withSources(fixture: string, topology: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'emr-tfplan-'))
  temporary.push(dir)
  for (const file of readdirSync(join(TEMPLATES, topology))) if (file.endsWith('.tf')) copyFileSync(join(TEMPLATES, topology, file), join(dir, file))
  copyFileSync(join(FIXTURES, `${fixture}.json`), join(dir, 'plan.json'))
  return join(dir, 'plan.json')
}

function lineOf(topology: string, header: string): number {
  const lines = readFileSync(join(TEMPLATES, topology, 'main.tf'), 'utf8').split('\n')
  const index = lines.findIndex((line) => line.startsWith(header))
  expect(index).toBeGreaterThanOrEqual(0)
  return index + 1
}

describe('each reference module plans clean under its own topology', () => {
  for (const topology of Object.keys(TOPOLOGY_ARGS)) {
    it(topology, () => {
      const {code, report} = audit(join(FIXTURES, `${topology}.json`), topology)
      expect(findings(report)).toEqual([])
      expect(code).toBe(0)
      const passed = outcomes(report).filter((outcome) => outcome.status === 'pass')
      expect(passed.length).toBeGreaterThan(15)
      // Nothing in the module is left unknown: every reference to a planned resource was followed.
      for (const outcome of outcomes(report).filter((candidate) => candidate.status === 'not_evaluated')) {
        // From on-premises, the route back competes with the S3 endpoint's prefix-list route, whose
        // ranges (AWS's) are not in a plan: the engine cannot rule out a more specific entry.
        const allowed = topology === 'vpn' && outcome.ruleId === 'EMRA-095' ? /routes to prefix list pl-[0-9a-f]+, whose entries are not in the data/ : PLAN_BLIND
        expect.soft(outcome.reason ?? '', outcome.ruleId).toMatch(allowed)
      }
    })
  }
})

describe('each single mutation is found, at the resource that carries it', () => {
  const cases: {fixture: string; topology: string; ruleId: string; address: string}[] = [
    {fixture: 'public--ssh-world', topology: 'public', ruleId: 'EMRA-041', address: 'aws_vpc_security_group_ingress_rule.primary_ssh_from_admin'},
    {fixture: 'public--no-igw-route', topology: 'public', ruleId: 'EMRA-011', address: 'aws_route_table.public'},
    {fixture: 'public--nacl-return', topology: 'public', ruleId: 'EMRA-061', address: 'aws_network_acl.public'},
    {fixture: 'private-bastion--ssh-world', topology: 'private-bastion', ruleId: 'EMRA-071', address: 'aws_vpc_security_group_ingress_rule.bastion_ssh_from_admin'},
    {fixture: 'private-bastion--no-nat-route', topology: 'private-bastion', ruleId: 'EMRA-024', address: 'aws_route_table.private'},
    {fixture: 'private-bastion--no-service-access-rule', topology: 'private-bastion', ruleId: 'EMRA-032', address: 'aws_security_group.service_access'},
    {fixture: 'private-bastion--nacl-return', topology: 'private-bastion', ruleId: 'EMRA-061', address: 'aws_network_acl.private'},
    {fixture: 'vpn--ssh-world', topology: 'vpn', ruleId: 'EMRA-041', address: 'aws_vpc_security_group_ingress_rule.primary_from_onprem["22"]'},
    {fixture: 'vpn--vgw-detached', topology: 'vpn', ruleId: 'EMRA-091', address: 'aws_vpn_gateway.this'},
    {fixture: 'vpn--no-service-access-rule', topology: 'vpn', ruleId: 'EMRA-032', address: 'aws_security_group.service_access'},
    {fixture: 'vpn--nacl-return', topology: 'vpn', ruleId: 'EMRA-061', address: 'aws_network_acl.private'},
  ]
  for (const {fixture, topology, ruleId, address} of cases) {
    it(`${fixture}: ${ruleId} at ${address}`, () => {
      const {code, report} = audit(join(FIXTURES, `${fixture}.json`), topology)
      const found = findings(report).filter((finding) => finding.ruleId === ruleId)
      expect(found.map((finding) => finding.origin?.location?.address)).toContain(address)
      // Exit 1 when the finding reaches --fail-on (default high).
      expect(code).toBe(found.some((finding) => finding.severity === 'critical' || finding.severity === 'high') ? 1 : 0)
    })
  }
})

describe('file and line', () => {
  it('with the module next to the plan, a finding names main.tf and the line of the resource block; SARIF annotates it', () => {
    const plan = withSources('public--ssh-world', 'public')
    const {report} = audit(plan, 'public')
    const finding = findings(report).find((candidate) => candidate.ruleId === 'EMRA-041')
    const line = lineOf('public', 'resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_admin"')
    expect(finding?.origin?.location).toEqual({file: join(plan, '..', 'main.tf'), line, column: 1, address: 'aws_vpc_security_group_ingress_rule.primary_ssh_from_admin'})

    const sarif = runCli(['audit', '--terraform-plan', plan, ...TOPOLOGY_ARGS.public!, '--format', 'sarif'])
    const results = (
      JSON.parse(sarif.stdout) as {
        runs: {results: {ruleId: string; locations: {physicalLocation: {artifactLocation: {uri: string}; region?: {startLine: number}}; logicalLocations: {name: string}[]}[]}[]}[]
      }
    ).runs[0]!.results
    const result = results.find((candidate) => candidate.ruleId === 'EMRA-041')!
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/\/main\.tf$/)
    expect(result.locations[0]!.physicalLocation.region?.startLine).toBe(line)
    expect(result.locations[0]!.logicalLocations.map((location) => location.name)).toContain('aws_vpc_security_group_ingress_rule.primary_ssh_from_admin')
  })

  it('without .tf files next to the plan, the finding names the plan file and the address, no line', () => {
    const {report} = audit(join(FIXTURES, 'public--ssh-world.json'), 'public')
    const finding = findings(report).find((candidate) => candidate.ruleId === 'EMRA-041')
    expect(finding?.origin?.location).toEqual({file: join(FIXTURES, 'public--ssh-world.json'), address: 'aws_vpc_security_group_ingress_rule.primary_ssh_from_admin'})
  })

  it('the table shows file:line and the address', () => {
    const plan = withSources('private-bastion--ssh-world', 'private-bastion')
    const result = runCli(['audit', '--terraform-plan', plan, ...TOPOLOGY_ARGS['private-bastion']!, '--format', 'table'])
    const line = lineOf('private-bastion', 'resource "aws_vpc_security_group_ingress_rule" "bastion_ssh_from_admin"')
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(`main.tf:${line}:1 (aws_vpc_security_group_ingress_rule.bastion_ssh_from_admin)`)
  })
})

describe('child modules', () => {
  it('a finding in `module "net"` names module.net.… and, with the module\'s source next to the plan, its main.tf and line', () => {
    const bare = audit(join(FIXTURES, 'module--public-ssh-world.json'), 'public').report
    const address = 'module.net.aws_vpc_security_group_ingress_rule.primary_ssh_from_admin'
    expect(
      findings(bare)
        .filter((finding) => finding.ruleId === 'EMRA-041')
        .map((finding) => finding.origin?.location?.address),
    ).toEqual([address])

    // As in a Terraform working directory: plan.json at the root, the called module in ./net (its `source`).
    const dir = mkdtempSync(join(tmpdir(), 'emr-tfplan-'))
    temporary.push(dir)
    mkdirSync(join(dir, 'net'))
    for (const file of readdirSync(join(TEMPLATES, 'public'))) if (file.endsWith('.tf')) copyFileSync(join(TEMPLATES, 'public', file), join(dir, 'net', file))
    copyFileSync(join(FIXTURES, 'module--public-ssh-world.json'), join(dir, 'plan.json'))
    const {report} = audit(join(dir, 'plan.json'), 'public')
    const finding = findings(report).find((candidate) => candidate.ruleId === 'EMRA-041')
    const line = lineOf('public', 'resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_admin"')
    expect(finding?.origin?.location).toEqual({file: join(dir, 'net', 'main.tf'), line, column: 1, address})
  })
})

describe('unknown before deploy', () => {
  it('a plan without its configuration block cannot tell which group a rule belongs to: not evaluated, never a guess', () => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'private-bastion--ssh-world.json'), 'utf8')) as Record<string, unknown>
    delete plan.configuration
    const dir = mkdtempSync(join(tmpdir(), 'emr-tfplan-'))
    temporary.push(dir)
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan))
    const {report} = audit(join(dir, 'plan.json'), 'private-bastion')
    // The world-open SSH rule cannot be placed on the bastion's group: the rule says so instead of passing.
    const ssh = outcomes(report).find((outcome) => outcome.ruleId === 'EMRA-071')
    expect(ssh?.status).toBe('not_evaluated')
    expect(ssh?.reason).toMatch(/^unknown before deploy: .*\.(vpc_id|security_group_id|subnet_id)/)
    expect(findings(report).filter((finding) => finding.ruleId === 'EMRA-071')).toEqual([])
  })
})

describe('the same network as a snapshot gives the same verdicts', () => {
  // The bundled example snapshots are the same three reference networks, as AWS describes them deployed.
  const pairs: [string, string][] = [
    ['public', 'public-clean'],
    ['private-bastion', 'private-bastion-clean'],
    ['vpn', 'vpn-clean'],
  ]
  for (const [topology, snapshot] of pairs) {
    it(`${topology}: rule ids per status match, except what only a deployed network tells`, () => {
      const fromPlan = audit(join(FIXTURES, `${topology}.json`), topology).report
      const snapshotRun = runCli(['audit', '--snapshot', join(SNAPSHOTS, snapshot), ...TOPOLOGY_ARGS[topology]!, '--json'])
      const fromSnapshot = JSON.parse(snapshotRun.stdout) as Report
      const planStatus = new Map(outcomes(fromPlan).map((outcome) => [outcome.ruleId, outcome]))
      for (const outcome of outcomes(fromSnapshot)) {
        const mine = planStatus.get(outcome.ruleId)
        if (mine?.status === 'not_evaluated' && PLAN_BLIND.test(mine.reason ?? '')) continue
        // reach from on-premises needs the VPN tunnels UP, which only a running connection reports.
        if (mine?.status === 'not_evaluated' && /tunnel status|prefix list/.test(mine.reason ?? '')) continue
        expect.soft(mine?.status, outcome.ruleId).toBe(outcome.status)
      }
      expect(findings(fromPlan)).toEqual([])
      expect(findings(fromSnapshot)).toEqual([])
    })
  }
})

describe('reach --terraform-plan', () => {
  it('the bastion reaches the primary on 22, by resource address', () => {
    const result = runCli(['reach', '--terraform-plan', join(FIXTURES, 'private-bastion.json'), '--from', 'aws_instance.bastion', '--to', 'aws_emr_cluster.this[0]:primary:22', '--json'])
    expect(result.code).toBe(0)
    expect((JSON.parse(result.stdout) as {verdict: string}).verdict).toBe('reachable')
  })

  it('the internet does not reach the private primary on 22', () => {
    const result = runCli(['reach', '--terraform-plan', join(FIXTURES, 'private-bastion.json'), '--from', 'internet', '--to', 'aws_emr_cluster.this[0]:primary:22', '--json'])
    expect((JSON.parse(result.stdout) as {verdict: string}).verdict).toBe('not-reachable')
    expect(result.code).toBe(1)
  })

  it('operators reach the bastion; opened to the world in the security group, the internet is still stopped by the network ACL', () => {
    const operators = runCli(['reach', '--terraform-plan', join(FIXTURES, 'private-bastion.json'), '--from', '203.0.113.0/24', '--to', 'aws_instance.bastion:22', '--json'])
    expect((JSON.parse(operators.stdout) as {verdict: string}).verdict).toBe('reachable')
    const open = runCli(['reach', '--terraform-plan', join(FIXTURES, 'private-bastion--ssh-world.json'), '--from', 'internet', '--to', 'aws_instance.bastion:22'])
    expect(open.code).toBe(1)
    expect(open.stdout).toContain('ingress TCP 22 from 0.0.0.0/0')
    expect(open.stdout).toContain('SUBNET_ACL_RESTRICTION')
  })

  it('an address not in the plan is one line, exit 2', () => {
    const result = runCli(['reach', '--terraform-plan', join(FIXTURES, 'private-bastion.json'), '--from', 'aws_instance.nope', '--to', 'aws_emr_cluster.this[0]:primary:22'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('aws_instance.nope')
  })
})

describe('malformed plans: one line naming the file and the JSON pointer, exit 2', () => {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'public.json'), 'utf8')) as Record<string, any>
  const SSH_RULE = 'aws_vpc_security_group_ingress_rule.primary_ssh_from_admin'
  const mutated = (change: (plan: Record<string, any>) => unknown): string => {
    const plan = structuredClone(base)
    change(plan)
    return JSON.stringify(plan)
  }
  const changeIndex = (plan: Record<string, any>, address: string): number => plan.resource_changes.findIndex((entry: {address: string}) => entry.address === address)
  const planned = (plan: Record<string, any>, address: string): Record<string, any> => plan.planned_values.root_module.resources.find((resource: {address: string}) => resource.address === address)
  const cases: {name: string; content: string; expected: RegExp}[] = [
    {name: 'not JSON', content: '{"format_version": "1.2",', expected: /plan\.json: malformed JSON/},
    {name: 'a state file, not a plan', content: JSON.stringify({format_version: '1.0', values: {root_module: {}}}), expected: /plan\.json at \/planned_values: .*not a saved plan/},
    {name: 'no format_version', content: JSON.stringify({planned_values: {}}), expected: /plan\.json at \/format_version: expected a string/},
    {name: 'format 2.0', content: JSON.stringify({...base, format_version: '2.0'}), expected: /plan\.json at \/format_version: format_version "2\.0" is not supported/},
    {
      name: 'resources not a list',
      content: JSON.stringify({...base, planned_values: {root_module: {resources: {}}}}),
      expected: /plan\.json at \/planned_values\/root_module\/resources: expected an array/,
    },
    {
      name: 'a CIDR that is not one',
      content: JSON.stringify(base).replace('"cidr_block":"10.0.0.0/16"', '"cidr_block":"10.0.0.0/33"'),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/cidr_block: /,
    },
    {
      name: 'a terminal escape in a tag',
      content: JSON.stringify(base).replace('"Name":"emr-public-vpc"', '"Name":"emr\\u001b[2Jpublic"'),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/tags\/Name: expected printable text, got the control character U\+001B/,
    },
    {
      name: 'a rule number that is not a number',
      content: JSON.stringify(base).replace('"rule_number":120', '"rule_number":"120"'),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/rule_number: expected a number/,
    },
    // A rule whose group the plan neither knows nor marks unknown would be dropped: the audit would pass.
    {
      name: 'a planned resource without its resource_changes entry',
      content: mutated((plan) => plan.resource_changes.splice(changeIndex(plan, SSH_RULE), 1)),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+: aws_vpc_security_group_ingress_rule\.primary_ssh_from_admin has no entry in resource_changes/,
    },
    {
      name: 'a change that is null',
      content: mutated((plan) => (plan.resource_changes[changeIndex(plan, SSH_RULE)].change = null)),
      expected: /plan\.json at \/resource_changes\/\d+\/change: expected an object "change", got null/,
    },
    {
      name: 'an after_unknown that is not an object',
      content: mutated((plan) => (plan.resource_changes[changeIndex(plan, SSH_RULE)].change.after_unknown = 'x')),
      expected: /plan\.json at \/resource_changes\/\d+\/change\/after_unknown: expected an object "after_unknown" .*, got "x"/,
    },
    {
      name: "a rule's group neither planned nor unknown until apply",
      content: mutated((plan) => delete plan.resource_changes[changeIndex(plan, SSH_RULE)].change.after_unknown.security_group_id),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/security_group_id: aws_vpc_security_group_ingress_rule\.primary_ssh_from_admin\.security_group_id is required/,
    },
    {
      name: 'inline rules given as an object, not a list of blocks',
      content: mutated((plan) => {
        plan.resource_changes[changeIndex(plan, 'aws_security_group.primary')].change.after_unknown.ingress = {}
        planned(plan, 'aws_security_group.primary').values.ingress = {protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0']}
      }),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/ingress: expected an array of "ingress" blocks/,
    },
    {
      name: 'a network ACL rule with no CIDR block',
      content: mutated((plan) => (planned(plan, 'aws_network_acl_rule.public["public_in_ssh_admin"]').values.cidr_block = null)),
      expected: /plan\.json at \/planned_values\/root_module\/resources\/\d+\/values\/cidr_block: .*expected exactly one of cidr_block and ipv6_cidr_block, got neither/,
    },
  ]
  for (const {name, content, expected} of cases) {
    it(name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'emr-tfplan-'))
      temporary.push(dir)
      writeFileSync(join(dir, 'plan.json'), content)
      const result = runCli(['audit', '--terraform-plan', join(dir, 'plan.json'), '--topology', 'public'])
      expect(result.code).toBe(2)
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(expected)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    })
  }

  it('a missing file', () => {
    const result = runCli(['audit', '--terraform-plan', join(tmpdir(), 'no-such-plan.json')])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toMatch(/--terraform-plan .*no-such-plan\.json: no such file/)
  })
})

describe('the fixtures are plans of the current modules', () => {
  // scripts/terraform-plan-fixtures.mjs regenerates them; this says when a module changed and they did not.
  for (const topology of Object.keys(TOPOLOGY_ARGS)) {
    it(topology, () => {
      const text = readdirSync(join(TEMPLATES, topology))
        .filter((file) => file.endsWith('.tf'))
        .map((file) => readFileSync(join(TEMPLATES, topology, file), 'utf8'))
        .join('\n')
      const declared = [...text.matchAll(/^resource "([a-z0-9_]+)" "([A-Za-z0-9_-]+)"/gm)].map((match) => `${match[1]}.${match[2]}`).sort()
      const plan = JSON.parse(readFileSync(join(FIXTURES, `${topology}.json`), 'utf8')) as {configuration: {root_module: {resources: {address: string; mode: string}[]}}}
      const planned = plan.configuration.root_module.resources
        .filter((resource) => resource.mode === 'managed')
        .map((resource) => resource.address)
        .sort()
      expect(planned).toEqual(declared)
    })
  }
})
