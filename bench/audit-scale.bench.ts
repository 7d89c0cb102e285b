/**
 * Account-scale audit: a VPC with 20,000 security groups (and as many instances) must audit in
 * about the time it takes to parse it. Run with `npm run bench`.
 */
import {bench, describe} from 'vitest'
import {runAudit} from '../src/analysis/audit/run-audit.js'
import {ALL_RULES} from '../src/analysis/rules/index.js'
import {assembleModel} from '../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../src/sources/snapshot/load-snapshot.js'
import {privateTopology, tcpFromCidr, tcpFromGroup} from '../test/support/topologies.js'

const GROUPS = 20_000

function accountScale() {
  const snapshot = privateTopology()
  const groups = snapshot['ec2-describe-security-groups'].SecurityGroups
  const reservations = snapshot['ec2-describe-instances'].Reservations
  const template = reservations[0].Instances[1]
  for (let index = 0; index < GROUPS; index += 1) {
    const id = `sg-${index.toString(16).padStart(17, '0')}`
    groups.push({
      GroupId: id,
      GroupName: `app-${index}`,
      Description: 'app',
      OwnerId: '123456789012',
      VpcId: 'vpc-0b000000000000001',
      IpPermissions: [tcpFromCidr(443, '10.1.0.0/16'), tcpFromGroup(8080, groups[groups.length - 1].GroupId)],
      IpPermissionsEgress: [{IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: []}],
    })
    const instance = structuredClone(template)
    instance.InstanceId = `i-${index.toString(16).padStart(17, '0')}`
    instance.PublicIpAddress = undefined
    instance.Tags = []
    instance.NetworkInterfaces[0].NetworkInterfaceId = `eni-${index.toString(16).padStart(17, '0')}`
    instance.NetworkInterfaces[0].Groups = [{GroupId: id, GroupName: `app-${index}`}]
    instance.NetworkInterfaces[0].PrivateIpAddress = `10.1.${(index >> 8) & 255}.${index & 255}`
    delete instance.NetworkInterfaces[0].Association
    instance.NetworkInterfaces[0].PrivateIpAddresses = [{Primary: true, PrivateIpAddress: instance.NetworkInterfaces[0].PrivateIpAddress}]
    reservations[0].Instances.push(instance)
  }
  return JSON.stringify(snapshot)
}

const text = accountScale()
const model = assembleModel(documentsFromObject(JSON.parse(text), 'bench.json'))

describe(`${GROUPS} security groups and instances`, () => {
  bench('parse (JSON.parse + model)', () => {
    assembleModel(documentsFromObject(JSON.parse(text), 'bench.json'))
  })
  bench('audit (all rules, one cluster)', () => {
    runAudit(model, ALL_RULES, {topology: 'auto', adminCidrs: ['203.0.113.0/24'], onpremCidrs: [], failOn: 'high'})
  })
})
