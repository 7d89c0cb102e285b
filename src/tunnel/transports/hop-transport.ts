/**
 * How a hop's SSH byte stream is carried. `tcp` (the default) is a TCP connection for the first hop
 * and a direct-tcpip channel through the previous hop for the others; the other kinds replace that
 * stream and leave SSH (host keys, auth, channels) unchanged above it:
 * - `proxy-command`: a child process's stdio, with OpenSSH's ProxyCommand semantics;
 * - `eice`: an EC2 Instance Connect Endpoint WebSocket tunnel to the hop's private address;
 * - `ssm`: a Session Manager session (AWS-StartSSHSession) to the hop's instance.
 * Each kind has its opener module beside this file; `openers.ts` dispatches on `kind`.
 */
export type HopTransport = {kind: 'tcp'} | {kind: 'proxy-command'; command: string} | EiceTransport | {kind: 'ssm'; instanceId: string; aws?: {region?: string; profile?: string; endpointUrl?: string}}

export type HopTransportKind = HopTransport['kind']

/** Where and as whom AWS is called for a transport (the AWS CLI's --region, --profile, --endpoint-url). */
export interface AwsTarget {
  region?: string
  profile?: string
  /** Endpoint override for the AWS API calls (DescribeInstanceConnectEndpoints, …). */
  endpointUrl?: string
}

/** An EC2 Instance Connect Endpoint tunnel to `privateIpAddress`, port the hop's port (22). */
export interface EiceTransport {
  kind: 'eice'
  privateIpAddress: string
  instanceId?: string
  /** --eice-id; otherwise the endpoint of `vpcId` (preferring one in `subnetId`). */
  endpointId?: string
  vpcId?: string
  subnetId?: string
  /** --eice-endpoint-url: the WebSocket base instead of wss://<endpoint DNS name> (a stand-in, a proxy). */
  endpointUrl?: string
  /** --max-tunnel-duration in seconds (1 to 3,600; default 3,600). The tunnel is renewed before it. */
  maxTunnelDurationSeconds?: number
  aws?: AwsTarget
}
