import {describe, expect, it} from 'vitest'

import {renderAudit} from '../../src/reports/index.js'
import {renderTable, wrap} from '../../src/reports/table.js'
import {sampleResult} from './sample-result.js'

const ESC = '\u001B'

function table(result = sampleResult(), color = false): string {
  return renderAudit(result, 'table', {color, toolVersion: '1.2.3'})
}

/** The lines of one scope's block: from its header up to the next blank-line-separated header. */
function scopeBlock(output: string, header: string): string {
  const start = output.indexOf(header)
  expect(start).toBeGreaterThanOrEqual(0)
  const next = output.indexOf('\n  Summary:', start)
  return output.slice(start, next)
}

describe('table report', () => {
  it('opens with the tool, source, region and threshold', () => {
    const out = table()
    expect(out.split('\n')[0]).toBe('emr-access 1.2.3 audit')
    expect(out).toContain('source: snapshot examples/snapshots/private-nat · region: eu-west-1 · fail on: high')
  })

  it('lists findings worst first, whatever order the outcomes came in', () => {
    const block = scopeBlock(table(), 'Cluster j-2AXXXXXXGAPLF')
    const order = ['CRITICAL  EMRA-010', 'HIGH      EMRA-020', 'MEDIUM    EMRA-030', 'LOW       EMRA-040'].map((s) => block.indexOf(s))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })

  it('puts the scope header first: cluster id and name, VPC, subnet, and how the topology was decided', () => {
    const out = table()
    expect(out).toMatch(/^Cluster j-2AXXXXXXGAPLF "analytics-prod" · VPC vpc-0a1b2c3d4e5f60001 ·\n {2}subnet subnet-0c1d2e3f4a5b60001$/m)
    expect(out.replace(/\n +/g, ' ')).toContain("Topology: private (classified: cluster subnet's route table sends 0.0.0.0/0 to nat-0fedcba9876543210)")
    expect(out).toContain('VPC vpc-0b2c3d4e5f6a70002 (no EMR cluster)')
    expect(out).toContain('Topology: public (declared; data suggests private')
  })

  it('shows each hop of a path finding on its own indented line with its verdict and code', () => {
    const result = sampleResult()
    const hops = result.scopes[0]!.outcomes.find((o) => o.ruleId === 'EMRA-020')!.findings[0]!.hops!
    hops[2]!.verdict = 'deny'
    const lines = table(result).split('\n')
    const path = lines.findIndex((l) => l.includes('path: 0.0.0.0/0 -> i-0abc1234def567890:22/tcp'))
    expect(path).toBeGreaterThan(0)
    expect(lines[path + 1]).toBe('              ✔ igw-0f1e2d3c (internet-gateway, inbound): attached to vpc-0a1b2c3d4e5f60001')
    expect(lines[path + 2]).toBe('              ✔ rtb-0aa11bb22cc33dd44 (route-table, return): 0.0.0.0/0 -> igw-0f1e2d3c [IGW_ROUTE]')
    expect(lines[path + 3]).toMatch(/^ {14}✖ acl-0123abcd \(network-acl, inbound\): rule 100/)
    // Hops sit deeper than the finding's own lines.
    const messageLine = lines.find((l) => l.includes('The primary node i-0abc1234def567890'))!
    expect(messageLine.search(/\S/)).toBeLessThan(lines[path + 1]!.search(/\S/))
  })

  it('shows where a finding came from', () => {
    expect(table()).toContain('origin: ec2-describe-security-groups.json#/SecurityGroups/0/IpPermissions/1')
  })

  it('lists rules not evaluated with their reason, per scope', () => {
    const out = table()
    expect(out).toContain('  Not evaluated\n    EMRA-060  NACL blocks ephemeral return traffic — missing: ec2-describe-network-acls.json')
    expect(out).toContain('EMRA-060  NACL blocks ephemeral return traffic — missing permission: ec2:DescribeNetworkAcls')
    // Folded behind a count (the reasons are in the JSON and Markdown reports).
    expect(out).toContain('  1 rule not applicable (other topology or release): EMRA-070\n')
    expect(out).toContain('  3 rules not applicable (other topology or release): EMRA-020, EMRA-030, EMRA-070\n')
  })

  it('summarises each scope and the whole audit', () => {
    const out = table()
    const flat = out.replace(/\n +/g, ' ')
    expect(flat).toContain(' Summary: 1 critical, 1 high, 1 medium, 1 low, 0 info · 1 passed, 1 not evaluated (1 × missing: ec2-describe-network-acls.json), 1 not applicable')
    expect(flat).toContain(
      'Overall (2 scopes): 1 critical, 1 high, 1 medium, 2 low, 1 info · 2 passed, 2 not evaluated (1 × missing permission: ec2:DescribeNetworkAcls; 1 × missing: ec2-describe-network-acls.json), 4 not applicable',
    )
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 findings at or above --fail-on high')
  })

  it('says so when nothing reaches the threshold', () => {
    const result = sampleResult()
    result.options.failOn = 'critical'
    result.scopes[0]!.outcomes = result.scopes[0]!.outcomes.filter((o) => o.ruleId !== 'EMRA-010')
    expect(table(result)).toContain('No findings at or above --fail-on critical among the rules evaluated; 2 not evaluated (see above)')
    for (const scope of result.scopes) scope.outcomes = scope.outcomes.filter((o) => o.status !== 'not_evaluated')
    expect(table(result).trimEnd().split('\n').at(-1)).toBe('No findings at or above --fail-on critical')
  })

  it('gives each finding a one-line fix, and cross-references two findings on the same data entry', () => {
    const result = sampleResult()
    const scope = result.scopes[0]!
    const ssh = scope.outcomes.find((o) => o.ruleId === 'EMRA-010')!.findings[0]!
    // EMRA-020 reports the same security-group entry as EMRA-010 (like EMRA-040 and EMRA-041 on one SSH rule).
    const twin = {...ssh, ruleId: 'EMRA-020', severity: 'high' as const, title: 'SSH open', fingerprint: 'f'.repeat(64)}
    scope.outcomes.find((o) => o.ruleId === 'EMRA-020')!.findings = [twin]
    const out = table(result).replace(/\n {10,}/g, ' ')
    expect(out).toContain('fix: Remove the 0.0.0.0/0 rule on port 22 and allow SSH only from the admin CIDRs or the bastion.')
    expect(out).toContain('also: EMRA-020 (the same entry, below)')
    expect(out).toContain(`same as: EMRA-010 above: the same entry (${ssh.origin!.pointer}); one fix resolves both`)
    // The repeat is not printed in full a second time.
    expect(out.split(ssh.message).length - 1).toBe(1)
  })

  it('writes no ANSI escape codes when color is off, and some when it is on', () => {
    expect(table(sampleResult(), false)).not.toContain(ESC)
    const colored = table(sampleResult(), true)
    expect(colored).toContain(`${ESC}[`)
    // Coloring changes nothing but the escapes.
    expect(colored.replace(/\u001B\[[0-9;]*m/g, '')).toBe(table(sampleResult(), false))
  })

  it('keeps lines within 100 columns', () => {
    for (const line of table().split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100)
  })

  it('says when there are no findings and no scopes', () => {
    const result = sampleResult()
    for (const outcome of result.scopes[1]!.outcomes) outcome.findings = []
    expect(scopeBlock(table(result), 'VPC vpc-0b2c3d4e5f6a70002')).toContain('No findings.')
    expect(renderTable({...result, scopes: []}, {color: false, toolVersion: '1'})).toContain('No clusters or VPCs were found to audit.')
  })
})

describe('wrap', () => {
  it('breaks between words and never inside an id', () => {
    const id = 'ec2-describe-vpc-attribute-vpc-0a1b2c3d4e5f60001-enableDnsHostnames.json'
    expect(wrap(`see ${id} now`, 30, '  ')).toEqual(['  see', `  ${id}`, '  now'])
    expect(wrap('a b c', 100, '> ', '  ')).toEqual(['> a b c'])
    expect(wrap('one\ntwo', 100, '- ', '  ')).toEqual(['- one', '  two'])
  })
})
