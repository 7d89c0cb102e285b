import {describe, expect, it} from 'vitest'

import type {AuditResult} from '../../src/analysis/findings.js'
import {renderAudit} from '../../src/reports/index.js'
import {buildAuditReport, type AuditReportJson} from '../../src/reports/json.js'
import {fingerprint, sampleResult} from './sample-result.js'
import {auditReportValidator, errorsText} from './validators.js'

function json(result: AuditResult = sampleResult()): string {
  return renderAudit(result, 'json', {color: true, toolVersion: '1.2.3'})
}

function parsed(result?: AuditResult): AuditReportJson {
  return JSON.parse(json(result)) as AuditReportJson
}

const validate = auditReportValidator()

describe('json report', () => {
  it('validates against docs/schema/audit-report-1.1.schema.json', () => {
    const report = parsed()
    expect(validate(report), errorsText(validate)).toBe(true)
  })

  it('still validates with no findings, no region and no bastion', () => {
    const result = sampleResult()
    delete result.region
    delete result.options.bastion
    for (const scope of result.scopes) for (const outcome of scope.outcomes) outcome.findings = []
    const report = parsed(result)
    expect(validate(report), errorsText(validate)).toBe(true)
    expect(report).not.toHaveProperty('region')
    expect(report.options).not.toHaveProperty('bastion')
    expect(report.summary.highestSeverity).toBeNull()
  })

  it('the schema rejects what the format does not allow', () => {
    const report = parsed() as unknown as Record<string, any>
    report.scopes[0].findings[0].severity = 'fatal'
    expect(validate(report)).toBe(false)
    const extra = parsed() as unknown as Record<string, any>
    extra.scopes[0].findings[0].unexpected = true
    expect(validate(extra)).toBe(false)
    const version = parsed() as unknown as Record<string, any>
    version.schemaVersion = '2.0'
    expect(validate(version)).toBe(false)
  })

  it('round-trips: parsing and re-serialising gives the same text and the same object', () => {
    const text = json()
    expect(JSON.stringify(JSON.parse(text), null, 2)).toBe(text)
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(buildAuditReport(sampleResult(), '1.2.3'))))
  })

  it('starts with schemaVersion and keeps a fixed key order', () => {
    const text = json()
    expect(text.startsWith('{\n  "schemaVersion": "1.1",\n  "tool": {\n    "name": "emr-access",\n    "version": "1.2.3"')).toBe(true)
    const report = parsed()
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'source', 'region', 'options', 'rules', 'scopes', 'summary'])
    expect(Object.keys(report.scopes[0]!)).toEqual(['kind', 'clusterId', 'clusterName', 'vpcId', 'subnetId', 'topology', 'outcomes', 'findings', 'summary'])
    const pathFinding = report.scopes[0]!.findings.find((f) => f.hops)!
    expect(Object.keys(pathFinding)).toEqual(['ruleId', 'severity', 'title', 'message', 'resourceId', 'clusterId', 'vpcId', 'pathLabel', 'hops', 'fingerprint'])
  })

  it('is deterministic: the order rules, outcomes and findings arrive in does not matter', () => {
    const shuffled = sampleResult()
    shuffled.rules.reverse()
    for (const scope of shuffled.scopes) scope.outcomes.reverse()
    expect(json(shuffled)).toBe(json())
    expect(json()).toBe(json())
  })

  it('keeps scopes in the order given and sorts findings by severity, rule id, then resource', () => {
    const result = sampleResult()
    // Two findings of one rule on different resources, added in reverse resource order.
    const rule40 = result.scopes[1]!.outcomes.find((o) => o.ruleId === 'EMRA-040')!
    rule40.findings.unshift({...rule40.findings[0]!, resourceId: 'vpc-0zzz', fingerprint: fingerprint('EMRA-040', 'vpc-0zzz')})
    const report = parsed(result)
    expect(report.scopes.map((s) => s.clusterId ?? s.vpcId)).toEqual(['j-2AXXXXXXGAPLF', 'vpc-0b2c3d4e5f6a70002'])
    expect(report.scopes[0]!.findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['critical EMRA-010', 'high EMRA-020', 'medium EMRA-030', 'low EMRA-040'])
    expect(report.scopes[1]!.findings.map((f) => `${f.ruleId} ${f.resourceId}`)).toEqual(['EMRA-040 vpc-0b2c3d4e5f6a70002', 'EMRA-040 vpc-0zzz', 'EMRA-050 dopt-0123abcd'])
    expect(report.scopes[0]!.outcomes.map((o) => o.ruleId)).toEqual(['EMRA-010', 'EMRA-020', 'EMRA-030', 'EMRA-040', 'EMRA-050', 'EMRA-060', 'EMRA-070'])
    expect(report.rules.map((r) => r.id)).toEqual([...report.rules.map((r) => r.id)].sort())
  })

  it('carries every Finding field, hops and origin included', () => {
    const source = sampleResult().scopes[0]!.outcomes.flatMap((o) => o.findings)
    const report = parsed()
    for (const finding of source) {
      expect(report.scopes[0]!.findings.find((f) => f.fingerprint === finding.fingerprint)).toEqual(finding)
    }
  })

  it('records outcomes with status and reason, and the options used', () => {
    const report = parsed()
    expect(report.scopes[0]!.outcomes.find((o) => o.ruleId === 'EMRA-060')).toEqual({
      ruleId: 'EMRA-060',
      status: 'not_evaluated',
      reason: 'missing: ec2-describe-network-acls.json',
      findingCount: 0,
    })
    expect(report.options).toEqual({
      failOn: 'high',
      adminCidrs: ['203.0.113.0/24'],
      onpremCidrs: [],
      bastion: 'i-0bastion0000000001',
    })
    expect(report.scopes[1]!.topology).toEqual({
      used: 'public',
      declared: 'public',
      classified: 'private',
      reason: 'no route table sends 0.0.0.0/0 to an internet gateway',
    })
    expect(report.rules.find((r) => r.id === 'EMRA-020')).toEqual({
      id: 'EMRA-020',
      title: 'Primary node reachable from the internet',
      severity: 'high',
      topologies: ['private', 'vpn'],
      description: 'Checks that it is not so: primary node reachable from the internet.',
      risk: 'A private cluster must not be reachable from the internet on any port.',
      messages: {finding: '{{text}}'},
      remediation: {
        summary: 'Move the cluster to a private subnet or remove the internet gateway route from its route table.',
        cli: 'aws ec2 delete-route --route-table-id <rtb-id> --destination-cidr-block 0.0.0.0/0',
      },
      docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-clusters-in-a-vpc.html',
      needs: ['routeTables', 'securityGroups'],
    })
  })

  it('summarises per scope and overall: severities, statuses, highest severity, threshold', () => {
    const report = parsed()
    expect(report.summary).toEqual({
      scopes: 2,
      findings: {total: 6, critical: 1, high: 1, medium: 1, low: 2, info: 1},
      outcomes: {pass: 2, fail: 6, not_evaluated: 2, not_applicable: 4, error: 0},
      highestSeverity: 'critical',
      failOn: 'high',
      atOrAboveFailOn: 2,
    })
    expect(report.scopes[1]!.summary.highestSeverity).toBe('low')
    expect(report.scopes[1]!.summary.atOrAboveFailOn).toBe(0)
  })
})
