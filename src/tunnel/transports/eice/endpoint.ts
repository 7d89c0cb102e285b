/**
 * Which EC2 Instance Connect Endpoint to open tunnels through, found as the AWS CLI finds it
 * (awscli/customizations/ec2instanceconnect/eicefetcher.py): by id (`--eice-id`), or the VPC's
 * endpoints in a usable state, preferring one in the target's subnet. Its `DnsName` (or
 * `FipsDnsName` when AWS_USE_FIPS_ENDPOINT=true) is the WebSocket's host.
 */
import {DescribeInstanceConnectEndpointsCommand, paginateDescribeInstanceConnectEndpoints, type EC2Client, type Ec2InstanceConnectEndpoint} from '@aws-sdk/client-ec2'
import {USABLE_STATES} from '../../../model/instance-connect.js'
import {TunnelFailure} from '../../failures.js'

export {USABLE_STATES}

export interface EndpointQuery {
  endpointId?: string
  vpcId?: string
  subnetId?: string
  /** AWS_USE_FIPS_ENDPOINT=true: the endpoint's FIPS DNS name. */
  fips?: boolean
}

export interface ResolvedEndpoint {
  id: string
  dnsName: string
  vpcId?: string
  subnetId?: string
}

function resolved(endpoint: Ec2InstanceConnectEndpoint, fips: boolean): ResolvedEndpoint {
  const id = endpoint.InstanceConnectEndpointId ?? '(no id)'
  const dnsName = fips ? endpoint.FipsDnsName : endpoint.DnsName
  if (!dnsName) {
    throw new TunnelFailure('config', `EC2 Instance Connect Endpoint ${id} has no ${fips ? 'FIPS DNS name (AWS_USE_FIPS_ENDPOINT=true)' : 'DNS name'}`, {code: 'EICE_NO_DNS'})
  }
  return {id, dnsName, vpcId: endpoint.VpcId, subnetId: endpoint.SubnetId}
}

export async function findEndpoint(client: EC2Client, query: EndpointQuery): Promise<ResolvedEndpoint> {
  const fips = Boolean(query.fips)
  const state = {Name: 'state', Values: USABLE_STATES}
  if (query.endpointId) {
    const output = await client.send(new DescribeInstanceConnectEndpointsCommand({InstanceConnectEndpointIds: [query.endpointId], Filters: [state]}))
    const endpoint = output.InstanceConnectEndpoints?.[0]
    if (!endpoint) throw new TunnelFailure('config', `EC2 Instance Connect Endpoint ${query.endpointId}: no such endpoint in a usable state (${USABLE_STATES.join(', ')})`, {code: 'EICE_NOT_FOUND'})
    return resolved(endpoint, fips)
  }
  if (!query.vpcId) {
    throw new TunnelFailure('config', 'no EC2 Instance Connect Endpoint named, and no cluster whose VPC holds one: name the endpoint, or connect by cluster id', {code: 'EICE_NOT_FOUND'})
  }
  const found: Ec2InstanceConnectEndpoint[] = []
  for await (const page of paginateDescribeInstanceConnectEndpoints({client}, {Filters: [state, {Name: 'vpc-id', Values: [query.vpcId]}]})) {
    found.push(...(page.InstanceConnectEndpoints ?? []))
  }
  const chosen = found.find((endpoint) => query.subnetId && endpoint.SubnetId === query.subnetId) ?? found[0]
  if (!chosen) {
    throw new TunnelFailure('config', `${query.vpcId} has no EC2 Instance Connect Endpoint in a usable state; create one (aws ec2 create-instance-connect-endpoint --subnet-id …) or name one`, {
      code: 'EICE_NOT_FOUND',
    })
  }
  return resolved(chosen, fips)
}
