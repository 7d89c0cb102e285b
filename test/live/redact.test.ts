import {describe, expect, it} from 'vitest'
import {runAudit} from '../../src/analysis/audit/run-audit.js'
import {ALL_RULES} from '../../src/analysis/rules/index.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import {redactDocuments} from '../../src/sources/snapshot/redact.js'
import {ACCOUNT, ADMIN_CIDR, CLUSTER_ID, publicTopology} from '../support/topologies.js'

type Doc = Record<string, unknown>

function docs(snapshot: Record<string, unknown>): Map<string, Doc> {
  return new Map(Object.entries(snapshot).map(([name, value]) => [name, value as Doc]))
}

describe('snapshot --redact', () => {
  it('maps account ids, ARN account parts and public addresses consistently, keeps ranges and private addresses', () => {
    const input = docs({
      'ec2-describe-vpcs': {Vpcs: [{VpcId: 'vpc-1', OwnerId: '111122223333', CidrBlock: '10.0.0.0/16'}]},
      'ec2-describe-security-groups': {
        SecurityGroups: [
          {
            GroupId: 'sg-1',
            OwnerId: '111122223333',
            SecurityGroupArn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1',
            IpPermissions: [
              {IpRanges: [{CidrIp: '203.0.113.0/24'}, {CidrIp: '0.0.0.0/0'}, {CidrIp: '54.1.2.3/32'}, {CidrIp: '52.0.0.0/8'}], UserIdGroupPairs: [{GroupId: 'sg-2', UserId: '444455556666'}]},
            ],
          },
        ],
      },
      'ec2-describe-instances': {
        Reservations: [
          {
            OwnerId: '111122223333',
            Instances: [
              {
                PrivateIpAddress: '10.0.1.5',
                PublicIpAddress: '54.1.2.3',
                PublicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com',
                IamInstanceProfile: {Arn: 'arn:aws:iam::111122223333:instance-profile/EMR_EC2_DefaultRole'},
              },
            ],
          },
        ],
      },
      'emr-describe-cluster-j-1': {Cluster: {Id: 'j-1', LogUri: 's3://logs-111122223333/emr/', MasterPublicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com'}},
      'ssm-describe-instance-information': {InstanceInformationList: [{InstanceId: 'i-1', AgentVersion: '3.1.1.0', IPAddress: '10.0.1.5'}]},
    })
    const before = JSON.stringify([...input])
    const {documents, accounts, addresses} = redactDocuments(input)
    expect(JSON.stringify([...input])).toBe(before) // the input is not changed
    expect(accounts).toBe(2)
    expect(addresses).toBe(1)
    const text = JSON.stringify([...documents])
    expect(text).not.toMatch(/111122223333|444455556666|54\.1\.2\.3|54-1-2-3/)

    const sg = (documents.get('ec2-describe-security-groups')!.SecurityGroups as Doc[])[0]!
    // Documents are visited by name: the owner, first seen in ec2-describe-instances, is number 1.
    expect(sg.OwnerId).toBe('000000000001')
    expect(sg.SecurityGroupArn).toBe('arn:aws:ec2:us-east-1:000000000001:security-group/sg-1')
    const permission = (sg.IpPermissions as Doc[])[0]!
    expect((permission.IpRanges as Doc[]).map((range) => range.CidrIp)).toEqual(['203.0.113.0/24', '0.0.0.0/0', '198.18.0.1/32', '52.0.0.0/8'])
    expect((permission.UserIdGroupPairs as Doc[])[0]!.UserId).toBe('000000000002')

    const instance = ((documents.get('ec2-describe-instances')!.Reservations as Doc[])[0]!.Instances as Doc[])[0]!
    expect(instance.PublicIpAddress).toBe('198.18.0.1')
    expect(instance.PublicDnsName).toBe('ec2-198-18-0-1.compute-1.amazonaws.com')
    expect(instance.PrivateIpAddress).toBe('10.0.1.5')
    expect((instance.IamInstanceProfile as Doc).Arn).toBe('arn:aws:iam::000000000001:instance-profile/EMR_EC2_DefaultRole')
    const cluster = documents.get('emr-describe-cluster-j-1')!.Cluster as Doc
    expect(cluster.LogUri).toBe('s3://logs-000000000001/emr/')
    expect(cluster.MasterPublicDnsName).toBe(instance.PublicDnsName)
    expect((documents.get('ssm-describe-instance-information')!.InstanceInformationList as Doc[])[0]!.AgentVersion).toBe('3.1.1.0')

    // Deterministic: the same input gives the same output.
    expect(JSON.stringify([...redactDocuments(input).documents])).toBe(text)
  })

  it('the audit of a redacted snapshot reaches the same verdicts', () => {
    const snapshot = publicTopology()
    const audit = (documents: Map<string, Doc>) => {
      const model = assembleModel(documentsFromObject(Object.fromEntries(documents), 'snap.json'))
      const result = runAudit(model, ALL_RULES, {clusterId: CLUSTER_ID, topology: 'auto', adminCidrs: [ADMIN_CIDR], onpremCidrs: [], failOn: 'high'})
      return result.scopes[0]!.outcomes.map((outcome) => `${outcome.ruleId} ${outcome.status} ${outcome.findings.map((f) => f.resourceId).join(',')}`)
    }
    const plain = docs(snapshot)
    const {documents} = redactDocuments(plain)
    expect(JSON.stringify([...documents])).not.toContain(ACCOUNT)
    expect(audit(documents)).toEqual(audit(plain))
  })
})
