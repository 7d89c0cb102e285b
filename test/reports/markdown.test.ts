import {describe, expect, it} from 'vitest'

import type {AuditResult} from '../../src/analysis/findings.js'
import {renderAudit} from '../../src/reports/index.js'
import {mdCell} from '../../src/reports/markdown.js'
import {sampleResult} from './sample-result.js'

function markdown(result: AuditResult = sampleResult()): string {
  return renderAudit(result, 'markdown', {color: true, toolVersion: '1.2.3'})
}

/** Table cells of a Markdown row, splitting on unescaped pipes only. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
}

describe('markdown report', () => {
  it('has a title, the source and one heading per scope', () => {
    const out = markdown()
    expect(out.startsWith('# emr-access audit report\n')).toBe(true)
    expect(out).toContain('**Source:** `snapshot examples/snapshots/private-nat`')
    expect(out).toContain('## Cluster j-2AXXXXXXGAPLF "analytics-prod"')
    expect(out).toContain('## VPC vpc-0b2c3d4e5f6a70002 (no EMR cluster)')
    expect(out).toContain("topology: private (classified: cluster subnet's route table sends 0.0.0.0/0 to nat-0fedcba9876543210)")
  })

  it('lists findings in a four-column table, worst first', () => {
    const out = markdown()
    expect(out).toContain('| Severity | Rule | Resource | Finding |\n| --- | --- | --- | --- |')
    const rows = out.split('\n').filter((l) => /^\| (\*\*)?(critical|high|medium|low|info)/.test(l))
    expect(rows.slice(0, 4).map((r) => cells(r)[1])).toEqual(['EMRA-010', 'EMRA-020', 'EMRA-030', 'EMRA-040'])
    for (const row of rows) expect(cells(row)).toHaveLength(4)
  })

  it('escapes pipes and shows newlines from the data as \\x0A, so a row stays one row of four cells', () => {
    const result = sampleResult()
    const finding = result.scopes[0]!.outcomes.find((o) => o.ruleId === 'EMRA-010')!.findings[0]!
    finding.message = 'allows 10.0.0.0/8 | 0.0.0.0/0\non 22/tcp'
    finding.resourceId = 'sg-a|b'
    const row = markdown(result)
      .split('\n')
      .find((l) => l.includes('EMRA-010') && l.startsWith('|'))!
    // A line break in data is not the tool's: it is shown, not obeyed (it could forge a row or a heading).
    expect(row).toContain('allows 10.0.0.0/8 \\| 0.0.0.0/0\\\\x0Aon 22/tcp')
    expect(row).toContain('`sg-a\\|b`')
    expect(cells(row)).toHaveLength(4)
    expect(mdCell('a | b\r\nc')).toBe('a \\| b<br>c')
  })

  it('shows path hops as a nested list', () => {
    const out = markdown()
    expect(out).toContain(
      [
        '- **EMRA-020** `0.0.0.0/0 -> i-0abc1234def567890:22/tcp` — Primary node reachable from the internet',
        '  - ✔ `igw-0f1e2d3c` (internet-gateway, inbound): attached to vpc-0a1b2c3d4e5f60001',
        '  - ✔ `rtb-0aa11bb22cc33dd44` (route-table, return): 0.0.0.0/0 -\\> igw-0f1e2d3c `IGW_ROUTE`',
      ].join('\n'),
    )
  })

  it('gives remediation per failing rule in a details block with CLI and CloudFormation code blocks', () => {
    const out = markdown()
    const start = out.indexOf('<summary><b>EMRA-010</b>')
    const block = out.slice(out.lastIndexOf('<details>', start), out.indexOf('</details>', start))
    expect(block).toContain('<code>sg-0123456789abcdef0</code>')
    expect(block).toContain('```sh\naws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\n```')
    expect(block).toContain('```yaml\nPrimarySecurityGroupIngress:\n  Type: AWS::EC2::SecurityGroupIngress\n')
    expect(block).toContain('[AWS documentation](https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html)')
    // Rules that passed get no remediation.
    expect(out.split('\n## VPC')[0]).not.toContain('<b>EMRA-050</b>')
  })

  it('uses a longer fence when a snippet itself contains backticks', () => {
    const result = sampleResult()
    result.rules[0]!.remediation.cli = 'echo ```not a fence```'
    expect(markdown(result)).toContain('````sh\necho ```not a fence```\n````')
  })

  it('lists rules not evaluated with their reason, and summarises', () => {
    const out = markdown()
    expect(out).toContain('#### Not evaluated\n\n- **EMRA-060** NACL blocks ephemeral return traffic — missing: ec2-describe-network-acls.json')
    expect(out).toContain('<summary>1 rule not applicable</summary>\n\n- EMRA-070 — applies to vpn only\n')
    expect(out).toContain('1 passed, 1 not evaluated (1 × missing: ec2-describe-network-acls.json), 1 not applicable')
    expect(out).toContain('**2 findings at or above high.**')
    expect(out).toContain('| **Total** | 1 | 1 | 1 | 2 | 1 | 2 | 2 | 4 |')
  })
})
