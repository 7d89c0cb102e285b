import {describe, expect, it} from 'vitest'
import {parseInstanceConnectEndpoints} from '../../src/sources/aws-json/ec2.js'
import {Node} from '../../src/sources/aws-json/shape.js'
import {instanceConnectEndpoint} from '../support/topologies.js'

const FILE = 'ec2-describe-instance-connect-endpoints.json'
const parse = (endpoints: unknown[]) => parseInstanceConnectEndpoints(new Node({InstanceConnectEndpoints: endpoints}, FILE, ''))

describe('ec2-describe-instance-connect-endpoints.json', () => {
  it('reads the fields the EICE rules and reach use', () => {
    const [endpoint] = parse([instanceConnectEndpoint('vpc-0b000000000000001', 'subnet-0b0000000000priv', ['sg-0b00000000000eice'], true)])
    expect(endpoint).toMatchObject({
      id: 'eice-0b000000000000001',
      vpcId: 'vpc-0b000000000000001',
      subnetId: 'subnet-0b0000000000priv',
      securityGroupIds: ['sg-0b00000000000eice'],
      state: 'create-complete',
      dnsName: 'eice-0b000000000000001.7d67ea1c.ec2-instance-connect-endpoint.us-east-1.amazonaws.com',
      preserveClientIp: true,
    })
    expect(endpoint!.origin?.file).toBe(FILE)
  })

  it('takes client IP preservation as off when the field is absent', () => {
    const {PreserveClientIp: _, ...withoutField} = instanceConnectEndpoint('vpc-0b000000000000001', 'subnet-0b0000000000priv', [])
    expect(parse([withoutField])[0]!.preserveClientIp).toBe(false)
  })

  it('rejects a malformed id, naming the file and the JSON pointer', () => {
    const bad = {...instanceConnectEndpoint('vpc-0b000000000000001', 'subnet-0b0000000000priv', []), InstanceConnectEndpointId: 'vpce-0123'}
    expect(() => parse([bad])).toThrow(/ec2-describe-instance-connect-endpoints\.json.*\/InstanceConnectEndpoints\/0\/InstanceConnectEndpointId.*eice-…/)
    const badGroup = instanceConnectEndpoint('vpc-0b000000000000001', 'subnet-0b0000000000priv', ['default'])
    expect(() => parse([badGroup])).toThrow(/\/InstanceConnectEndpoints\/0\/SecurityGroupIds\/0.*sg-…/)
  })
})
