/**
 * Finding the EC2 Instance Connect Endpoint (ec2:DescribeInstanceConnectEndpoints). moto 5 does
 * not implement this operation, so these tests answer it with aws-sdk-client-mock, through the real
 * SDK client and its paginator. Then the tunnel is opened to the endpoint found: its DnsName is the
 * WebSocket host, so an unresolvable name there must show up as that host.
 */
import {DescribeInstanceConnectEndpointsCommand, EC2Client, type Ec2InstanceConnectEndpoint} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {findEndpoint, USABLE_STATES} from '../../src/tunnel/transports/eice/endpoint.js'
import {openEiceTunnel} from '../../src/tunnel/transports/eice/open-tunnel.js'
import type {EiceTransport} from '../../src/tunnel/transports/hop-transport.js'

const ec2 = mockClient(EC2Client)
const client = new EC2Client({region: 'us-east-1', credentials: {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret'}})

function endpoint(id: string, subnetId: string, extra: Partial<Ec2InstanceConnectEndpoint> = {}): Ec2InstanceConnectEndpoint {
  return {
    InstanceConnectEndpointId: id,
    State: 'create-complete',
    VpcId: 'vpc-0a1b2c3d',
    SubnetId: subnetId,
    DnsName: `${id}.1a2b3c4d.ec2-instance-connect-endpoint.us-east-1.amazonaws.com`,
    FipsDnsName: `${id}.1a2b3c4d.fips.ec2-instance-connect-endpoint.us-east-1.amazonaws.com`,
    ...extra,
  }
}

beforeEach(() => {
  ec2.reset()
})

afterEach(() => {
  vi.unstubAllEnvs()
})

afterAll(() => {
  ec2.restore()
  client.destroy()
})

describe('DescribeInstanceConnectEndpoints (aws-sdk-client-mock: moto does not implement it)', () => {
  it("finds the VPC's endpoint in a usable state, preferring the target's subnet, across pages", async () => {
    ec2
      .on(DescribeInstanceConnectEndpointsCommand)
      .resolvesOnce({InstanceConnectEndpoints: [endpoint('eice-0000000000000000a', 'subnet-other')], NextToken: 'page-2'})
      .resolvesOnce({InstanceConnectEndpoints: [endpoint('eice-0000000000000000b', 'subnet-primary')]})
    const found = await findEndpoint(client, {vpcId: 'vpc-0a1b2c3d', subnetId: 'subnet-primary'})
    expect(found).toEqual({
      id: 'eice-0000000000000000b',
      dnsName: 'eice-0000000000000000b.1a2b3c4d.ec2-instance-connect-endpoint.us-east-1.amazonaws.com',
      vpcId: 'vpc-0a1b2c3d',
      subnetId: 'subnet-primary',
    })
    const calls = ec2.commandCalls(DescribeInstanceConnectEndpointsCommand)
    expect(calls).toHaveLength(2)
    // The paginator reuses one input object (NextToken is set on it): compare the filters.
    expect(calls[0]!.args[0].input).toMatchObject({
      Filters: [
        {Name: 'state', Values: USABLE_STATES},
        {Name: 'vpc-id', Values: ['vpc-0a1b2c3d']},
      ],
    })
    expect(calls[1]!.args[0].input).toMatchObject({NextToken: 'page-2'})
  })

  it('takes the first endpoint of the VPC when none is in the subnet; the FIPS name with AWS_USE_FIPS_ENDPOINT', async () => {
    ec2.on(DescribeInstanceConnectEndpointsCommand).resolves({InstanceConnectEndpoints: [endpoint('eice-0000000000000000a', 'subnet-other')]})
    expect((await findEndpoint(client, {vpcId: 'vpc-0a1b2c3d', subnetId: 'subnet-primary'})).id).toBe('eice-0000000000000000a')
    expect((await findEndpoint(client, {vpcId: 'vpc-0a1b2c3d', fips: true})).dnsName).toContain('.fips.')
  })

  it('--eice-id asks for that endpoint only; an absent one is one line naming it', async () => {
    ec2.on(DescribeInstanceConnectEndpointsCommand).resolves({InstanceConnectEndpoints: []})
    const failure = await findEndpoint(client, {endpointId: 'eice-0123456789abcdef0'}).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TunnelFailure)
    expect((failure as TunnelFailure).kind).toBe('config')
    expect((failure as TunnelFailure).message).toBe(
      'EC2 Instance Connect Endpoint eice-0123456789abcdef0: no such endpoint in a usable state (create-complete, update-in-progress, update-failed, update-complete)',
    )
    expect(ec2.commandCalls(DescribeInstanceConnectEndpointsCommand)[0]!.args[0].input).toEqual({
      InstanceConnectEndpointIds: ['eice-0123456789abcdef0'],
      Filters: [{Name: 'state', Values: USABLE_STATES}],
    })
  })

  it('a VPC without an endpoint says how to make one', async () => {
    ec2.on(DescribeInstanceConnectEndpointsCommand).resolves({InstanceConnectEndpoints: []})
    await expect(findEndpoint(client, {vpcId: 'vpc-0a1b2c3d'})).rejects.toThrow(
      'vpc-0a1b2c3d has no EC2 Instance Connect Endpoint in a usable state; create one (aws ec2 create-instance-connect-endpoint --subnet-id …) or name one',
    )
  })

  it('opening a tunnel: a denied lookup is a permission failure naming the action and the policy', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret')
    ec2.on(DescribeInstanceConnectEndpointsCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), {name: 'UnauthorizedOperation'}))
    const hop: Hop = {role: 'primary', alias: '10.0.2.20', host: '10.0.2.20', port: 22, user: 'hadoop', identityFiles: [], label: 'primary hadoop@10.0.2.20'}
    const transport: EiceTransport = {kind: 'eice', privateIpAddress: '10.0.2.20', vpcId: 'vpc-0a1b2c3d', aws: {region: 'eu-west-1'}}
    const failure = (await openEiceTunnel(hop, transport, 1_000).catch((error: unknown) => error)) as TunnelFailure
    expect(failure).toBeInstanceOf(TunnelFailure)
    expect(failure.kind).toBe('permission')
    expect(failure.message).toBe('primary hadoop@10.0.2.20: ec2:DescribeInstanceConnectEndpoints was denied; grant it (templates/iam/connect-eice-policy.json)')
  })
})
