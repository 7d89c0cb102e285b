/**
 * Which hop `--via eice` / `--bastion-via eice` puts on the endpoint, and the one-line usage errors
 * (exit 2, before anything connects) for flags that do not fit together.
 */
import {writeFileSync} from 'node:fs'
import {createServer, type Socket} from 'node:net'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import ssh2 from 'ssh2'
import {describe, expect, it} from 'vitest'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {privateAddressOf, withEiceHops} from '../../src/app/eice-hop-plan.js'
import {runCli} from '../support/cli.js'
import {EiceStandIn, TEST_CREDENTIALS, TEST_ENDPOINT_ID, TEST_REGION} from '../support/eice-endpoint.js'
import {ConnectProcess, killAll, runConnect, tempDir} from './support/connect-process.js'

const primary: Hop = {
  role: 'primary',
  alias: 'ip-10-0-2-20.ec2.internal',
  host: 'ip-10-0-2-20.ec2.internal',
  port: 22,
  user: 'hadoop',
  identityFiles: [],
  label: 'primary hadoop@ip-10-0-2-20.ec2.internal',
}
const bastion: Hop = {role: 'bastion', alias: '10.0.1.10', host: '10.0.1.10', port: 22, user: 'ec2-user', identityFiles: [], label: 'bastion ec2-user@10.0.1.10'}
const choice = {endpointId: 'eice-0123456789abcdef0', maxTunnelDurationSeconds: 1800, aws: {region: 'eu-west-1'}}

describe('--via eice / --bastion-via eice on the hop chain', () => {
  it('reads the private address from an IP, or an EC2 IP-based name (us-east-1 and other Regions); nothing else', () => {
    expect(privateAddressOf('10.0.2.20')).toBe('10.0.2.20')
    expect(privateAddressOf('ip-10-0-2-20.ec2.internal')).toBe('10.0.2.20')
    expect(privateAddressOf('ip-172-31-5-9.eu-west-1.compute.internal')).toBe('172.31.5.9')
    expect(privateAddressOf('ip-10-0-2-20')).toBe('10.0.2.20')
    expect(privateAddressOf('ip-10-0-2-300.ec2.internal')).toBeUndefined()
    expect(privateAddressOf('i-0123456789abcdef0.ec2.internal')).toBeUndefined()
    expect(privateAddressOf('ip-10-0-2-20.example.com')).toBeUndefined()
    expect(privateAddressOf('emr-primary')).toBeUndefined()
  })

  it("puts the primary on the endpoint; the cluster's data wins over the name", () => {
    expect(withEiceHops([primary], {primary: true, bastion: false}, {primary: {privateIp: '10.0.2.21', instanceId: 'i-0abc', vpcId: 'vpc-1', subnetId: 'subnet-1'}}, choice)).toEqual([
      {
        ...primary,
        transport: {
          kind: 'eice',
          privateIpAddress: '10.0.2.21',
          instanceId: 'i-0abc',
          endpointId: 'eice-0123456789abcdef0',
          vpcId: 'vpc-1',
          subnetId: 'subnet-1',
          maxTunnelDurationSeconds: 1800,
          aws: {region: 'eu-west-1'},
        },
      },
    ])
    expect(withEiceHops([primary], {primary: true, bastion: false}, {}, choice)[0]!.transport).toMatchObject({kind: 'eice', privateIpAddress: '10.0.2.20'})
  })

  it('puts a bastion on the endpoint and leaves the primary behind it over SSH', () => {
    const hops = withEiceHops([bastion, primary], {primary: false, bastion: true}, {}, choice)
    expect(hops[0]!.transport).toMatchObject({kind: 'eice', privateIpAddress: '10.0.1.10'})
    expect(hops[1]!.transport).toBeUndefined()
  })

  it('refuses what cannot work, naming the flags', () => {
    expect(() => withEiceHops([bastion, primary], {primary: true, bastion: false}, {}, choice)).toThrow(
      '--via eice reaches the primary directly through the endpoint: drop --bastion (or use --bastion-via eice for a private bastion)',
    )
    expect(() => withEiceHops([{...primary, host: 'emr-primary'}], {primary: true, bastion: false}, {}, choice)).toThrow(
      "--via eice: emr-primary is not an IP address; an EC2 Instance Connect Endpoint needs the instance's private IP (give it, an ip-A-B-C-D name, or a CLUSTER_ID)",
    )
    expect(() => withEiceHops([{...bastion, role: 'jump', label: 'jump'}, bastion, primary], {primary: false, bastion: true}, {}, choice)).toThrow(
      '--bastion-via eice reaches the bastion through the endpoint: drop --jump',
    )
  })
})

describe('connect: EICE flags that do not fit are usage errors (exit 2, one line, nothing connects)', () => {
  it.each([
    [
      ['--host', '10.0.2.20', '--via', 'eice', '--bastion', '203.0.113.10'],
      'Error: --via eice reaches the primary directly through the endpoint: drop --bastion (or use --bastion-via eice for a private bastion)',
    ],
    [
      ['--host', 'emr-primary', '--via', 'eice', '--eice-id', 'eice-0123456789abcdef0'],
      "Error: --via eice: emr-primary is not an IP address; an EC2 Instance Connect Endpoint needs the instance's private IP (give it, an ip-A-B-C-D name, or a CLUSTER_ID)",
    ],
    [['--host', '10.0.2.20', '--eice-id', 'eice-0123456789abcdef0'], 'Error: --eice-id needs --via eice or --bastion-via eice'],
    [['--host', '10.0.2.20', '--max-tunnel-duration', '600'], 'Error: --max-tunnel-duration needs --via eice or --bastion-via eice'],
    [['--host', '10.0.2.20', '--bastion-via', 'eice'], 'Error: --bastion-via eice needs --bastion'],
    [['--host', '10.0.2.20', '--region', 'eu-west-1'], 'Error: --region with --host is used only by --via eice|ssm or --bastion-via eice|ssm (without them, --host makes no AWS call)'],
  ])('connect %j', (args, message) => {
    const result = runCli(['connect', ...args, '--socks-port', '0', '--pac-port', '0'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(message)
  })

  it('--max-tunnel-duration beyond AWS limit is refused by the flag parser', () => {
    const result = runCli(['connect', '--host', '10.0.2.20', '--via', 'eice', '--max-tunnel-duration', '7200'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/max-tunnel-duration/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('connect CLUSTER_ID --via eice', () => {
  it("opens the tunnel to the cluster's primary by its private IP (bundled snapshot: MASTER group, 10.1.1.4), port 22", async () => {
    // The "instance" hangs up at once: this test is about where the tunnel goes, not SSH.
    const standIn = new EiceStandIn({openTarget: () => new PassThrough().end()})
    const base = await standIn.listen()
    const key = join(tempDir('emra-eice-key-'), 'id_ed25519')
    writeFileSync(key, ssh2.utils.generateKeyPairSync('ed25519').private, {mode: 0o600})
    try {
      const result = await runConnect(
        [
          'j-QNR3UJJNA77TW',
          '-i',
          key,
          '--snapshot',
          'examples/snapshots/private-bastion-clean',
          '--via',
          'eice',
          '--eice-id',
          TEST_ENDPOINT_ID,
          '--eice-endpoint-url',
          base,
          '--max-tunnel-duration',
          '600',
          '--socks-port',
          '0',
          '--pac-port',
          '0',
          '--json',
        ],
        {AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: TEST_REGION},
        60_000,
      )
      expect(result.code).toBe(1)
      expect(standIn.refusals).toEqual([])
      expect(standIn.tunnels.length).toBeGreaterThanOrEqual(1)
      for (const tunnel of standIn.tunnels) expect(tunnel).toMatchObject({endpointId: TEST_ENDPOINT_ID, privateIpAddress: '10.1.1.4', remotePort: 22, maxTunnelDuration: 600})
    } finally {
      await standIn.close()
      killAll()
    }
  }, 90_000)
})

describe('Ctrl-C while the endpoint has not answered yet', () => {
  it('ends the attempt at once: a closed event for the signal, exit 0, the endpoint connection closed', async () => {
    // An "endpoint" that accepts TCP and never answers the WebSocket upgrade.
    const held = new Set<Socket>()
    let closedByClient = 0
    const blackHole = createServer((socket) => {
      held.add(socket)
      socket.on('error', () => undefined)
      // Read (and drop) what comes, so the client's close is seen.
      socket.resume()
      socket.once('close', () => (closedByClient += 1))
    })
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
    const port = (blackHole.address() as {port: number}).port
    const key = join(tempDir('emra-eice-key-'), 'id_ed25519')
    writeFileSync(key, ssh2.utils.generateKeyPairSync('ed25519').private, {mode: 0o600})
    try {
      const tunnel = new ConnectProcess(
        ['--host', '10.0.2.20', '-i', key, '--via', 'eice', '--eice-id', TEST_ENDPOINT_ID, '--eice-endpoint-url', `ws://127.0.0.1:${port}`, '--socks-port', '0', '--pac-port', '0', '--json'],
        {AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: TEST_REGION},
      )
      await expect.poll(() => held.size, {timeout: 30_000}).toBeGreaterThan(0)
      tunnel.child.kill('SIGINT')
      const result = await tunnel.exited
      expect(result.events.map((event) => event.event)).toEqual(['closed'])
      expect(result.events[0]).toMatchObject({reason: 'signal', signal: 'SIGINT', exitCode: 0})
      expect(result.code).toBe(0)
      await expect.poll(() => closedByClient, {timeout: 10_000}).toBe(held.size)
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise<void>((resolve) => blackHole.close(() => resolve()))
      killAll()
    }
  }, 60_000)
})
