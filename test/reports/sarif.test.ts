import {describe, expect, it} from 'vitest'

import type {AuditResult} from '../../src/analysis/findings.js'
import {renderAudit} from '../../src/reports/index.js'
import {artifactLocation, pascalCase, resourceUri} from '../../src/reports/sarif.js'
import {sampleResult} from './sample-result.js'
import {errorsText, sarifSchemaDocument, sarifValidator} from './validators.js'

// Loose shapes for reading the log in assertions.
type Log = {$schema: string; version: string; runs: any[]}

function sarif(result: AuditResult = sampleResult()): Log {
  return JSON.parse(renderAudit(result, 'sarif', {color: false, toolVersion: '1.2.3'})) as Log
}

const validate = sarifValidator()

function resultsFor(log: Log, ruleId: string): any[] {
  return log.runs[0].results.filter((r: any) => r.ruleId === ruleId)
}

describe('sarif report', () => {
  it('is checked against the official OASIS SARIF 2.1.0 schema (draft-07)', () => {
    const schema = sarifSchemaDocument()
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema')
  })

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = sarif()
    expect(validate(log), errorsText(validate)).toBe(true)
  })

  it('validates with no findings, no origins and no region too', () => {
    const result = sampleResult()
    delete result.region
    for (const scope of result.scopes) for (const outcome of scope.outcomes) outcome.findings = []
    expect(validate(sarif(result)), errorsText(validate)).toBe(true)
  })

  it('the schema catches a broken log (the validator is not vacuous)', () => {
    const log = sarif()
    log.runs[0].results[0].level = 'critical'
    expect(validate(log)).toBe(false)
  })

  it('has one run whose driver describes emr-access and its rules', () => {
    const log = sarif()
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const driver = log.runs[0].tool.driver
    expect(driver.name).toBe('emr-access')
    expect(driver.version).toBe('1.2.3')
    expect(driver.informationUri).toMatch(/^https:\/\//)
    const rule = driver.rules.find((r: any) => r.id === 'EMRA-010')
    expect(rule.name).toBe('SecurityGroupAllowsSSHFromAnywhere')
    expect(rule.shortDescription.text).toBe('Security group allows SSH from anywhere')
    expect(rule.fullDescription.text).toBe('Checks that it is not so: security group allows ssh from anywhere.')
    expect(rule.help.text).toMatch(/^Risk: Port 22 open to 0\.0\.0\.0\/0/)
    expect(rule.messageStrings).toEqual({finding: {text: '{0}'}})
    expect(rule.helpUri).toBe('https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html')
    expect(rule.help.text).toContain('aws ec2 revoke-security-group-ingress')
    expect(rule.help.markdown).toContain('```sh\naws ec2 revoke-security-group-ingress')
    expect(rule.help.markdown).toContain('```yaml\nPrimarySecurityGroupIngress:')
    expect(rule.properties.tags).toEqual(['security', 'aws', 'emr', 'network'])
    expect(rule.properties.precision).toBe('high')
    const securitySeverity = Object.fromEntries(driver.rules.map((r: any) => [r.properties.severity, r.properties['security-severity']]))
    expect(securitySeverity).toEqual({critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0'})
  })

  it('maps severities to levels and points each result at its rule', () => {
    const log = sarif()
    const rules = log.runs[0].tool.driver.rules
    const levels = Object.fromEntries(log.runs[0].results.map((r: any) => [r.properties.severity, r.level]))
    expect(levels).toEqual({critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'})
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex].id).toBe(result.ruleId)
    expect(log.runs[0].results.map((r: any) => r.ruleId)).toEqual(['EMRA-010', 'EMRA-020', 'EMRA-030', 'EMRA-040', 'EMRA-040', 'EMRA-050'])
  })

  it('locates findings logically by AWS resource, and physically by snapshot file when known', () => {
    const log = sarif()
    const [ssh] = resultsFor(log, 'EMRA-010')
    expect(ssh.message.text).toBe('sg-0123456789abcdef0 (ElasticMapReduce-master) allows 0.0.0.0/0 on 22/tcp.')
    expect(ssh.locations).toEqual([
      {
        physicalLocation: {artifactLocation: {uri: 'ec2-describe-security-groups.json', uriBaseId: 'SNAPSHOT'}},
        logicalLocations: [
          {
            name: 'sg-0123456789abcdef0',
            fullyQualifiedName: 'aws://eu-west-1/vpc-0a1b2c3d4e5f60001/sg-0123456789abcdef0',
            kind: 'resource',
          },
        ],
        properties: {jsonPointer: '/SecurityGroups/0/IpPermissions/1'},
      },
    ])
    // A JSON pointer is not a line: no fake region.
    expect(ssh.locations[0].physicalLocation.region).toBeUndefined()
    expect(log.runs[0].originalUriBaseIds.SNAPSHOT.description.text).toContain('snapshot examples/snapshots/private-nat')

    const [s3] = resultsFor(log, 'EMRA-030')
    expect(s3.locations[0].physicalLocation).toBeUndefined()
    expect(s3.locations[0].logicalLocations[0].fullyQualifiedName).toBe('aws://eu-west-1/vpc-0a1b2c3d4e5f60001')
  })

  it('gives stable fingerprints: equal across renders, different for different resources', () => {
    const fingerprints = (log: Log) => log.runs[0].results.map((r: any) => r.partialFingerprints['emrAccess/v1'])
    const first = fingerprints(sarif())
    expect(fingerprints(sarif())).toEqual(first)
    expect(first.every((f: string) => /^[0-9a-f]{64}$/.test(f))).toBe(true)
    expect(new Set(first).size).toBe(first.length)
    const [a, b] = resultsFor(sarif(), 'EMRA-040')
    expect(a.locations[0].logicalLocations[0].name).not.toBe(b.locations[0].logicalLocations[0].name)
    expect(a.partialFingerprints['emrAccess/v1']).not.toBe(b.partialFingerprints['emrAccess/v1'])
  })

  it('turns a path finding into a code flow, one thread-flow location per hop', () => {
    const [path] = resultsFor(sarif(), 'EMRA-020')
    expect(path.codeFlows).toHaveLength(1)
    expect(path.codeFlows[0].message.text).toBe('0.0.0.0/0 -> i-0abc1234def567890:22/tcp')
    const messages = path.codeFlows[0].threadFlows[0].locations.map((l: any) => l.location.message.text)
    expect(messages).toEqual([
      'igw-0f1e2d3c: attached to vpc-0a1b2c3d4e5f60001',
      'rtb-0aa11bb22cc33dd44: 0.0.0.0/0 -> igw-0f1e2d3c [IGW_ROUTE]',
      'acl-0123abcd: rule 100 allows all traffic from 0.0.0.0/0 [ACL_RULE_ALLOWS]',
      'sg-0123456789abcdef0: allows 0.0.0.0/0 on 22/tcp [ENI_SG_RULES_MISMATCH]',
    ])
    expect(resultsFor(sarif(), 'EMRA-010')[0].codeFlows).toBeUndefined()
  })

  it('reports rules not evaluated as tool execution notifications, the run still successful', () => {
    const [invocation, ...more] = sarif().runs[0].invocations
    expect(more).toHaveLength(0)
    expect(invocation.executionSuccessful).toBe(true)
    const notes = invocation.toolExecutionNotifications
    expect(notes).toHaveLength(2)
    for (const note of notes) {
      expect(note.descriptor.id).toBe('EMRA-060')
      expect(['note', 'warning']).toContain(note.level)
    }
    expect(notes[0].message.text).toContain('missing: ec2-describe-network-acls.json')
    expect(notes[1].message.text).toContain('missing permission: ec2:DescribeNetworkAcls')
    // Not-applicable rules are not problems: no notification for them.
    expect(notes.some((n: any) => n.descriptor.id === 'EMRA-070')).toBe(false)
  })
})

describe('sarif helpers', () => {
  it('PascalCases titles', () => {
    expect(pascalCase('No S3 gateway endpoint')).toBe('NoS3GatewayEndpoint')
    expect(pascalCase('NACL blocks ephemeral (1024-65535) return traffic')).toBe('NACLBlocksEphemeral102465535ReturnTraffic')
  })

  it('builds resource URIs', () => {
    expect(resourceUri('eu-west-1', 'vpc-1', 'sg-1')).toBe('aws://eu-west-1/vpc-1/sg-1')
    expect(resourceUri(undefined, undefined, 'account')).toBe('aws://unknown-region/account')
  })

  it('keeps relative origins relative to SNAPSHOT and makes absolute ones file URIs', () => {
    expect(artifactLocation('./emr/describe cluster.json')).toEqual({uri: 'emr/describe%20cluster.json', uriBaseId: 'SNAPSHOT'})
    // A file name with #, ? or % stays one path: not a fragment, a query or an escape.
    expect(artifactLocation('cases/we ird#dir%41/t?x.yaml')).toEqual({uri: 'cases/we%20ird%23dir%2541/t%3Fx.yaml', uriBaseId: 'SNAPSHOT'})
    expect(new URL(artifactLocation('a#b/c?d.yaml').uri, 'file:///repo/').pathname).toBe('/repo/a%23b/c%3Fd.yaml')
    expect(artifactLocation('/tmp/snap/vpcs.json')).toEqual({uri: 'file:///tmp/snap/vpcs.json'})
  })
})
