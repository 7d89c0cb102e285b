/**
 * How a hop's SSH byte stream is carried. `tcp` (the default) is a TCP connection for the first hop
 * and a direct-tcpip channel through the previous hop for the others; the other kinds replace that
 * stream and leave SSH (host keys, auth, channels) unchanged above it:
 * - `proxy-command`: a child process's stdio, with OpenSSH's ProxyCommand semantics;
 * - `eice`: an EC2 Instance Connect Endpoint WebSocket tunnel to the hop's private address;
 * - `ssm`: a Session Manager session (AWS-StartSSHSession) to the hop's instance.
 * Each kind has its opener module beside this file; `openers.ts` dispatches on `kind`.
 */
export type HopTransport =
  | {kind: 'tcp'}
  | {kind: 'proxy-command'; command: string}
  | {kind: 'eice'; instanceId?: string; privateIpAddress: string; endpointId?: string}
  | {kind: 'ssm'; instanceId: string}

export type HopTransportKind = HopTransport['kind']
