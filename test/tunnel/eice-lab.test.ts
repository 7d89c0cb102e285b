/**
 * `emr-access connect --via eice` against real OpenSSH in the namespace lab, through the stand-in
 * EC2 Instance Connect Endpoint (test/support/eice-endpoint.ts; it verifies every presigned URL
 * with the SDK's signer). The stand-in sits where AWS's endpoint does, inside the VPC: each tunnel
 * is a TCP connection made inside the lab's namespace (`ip netns exec`) to the private address the
 * URL names. No bastion: the primary is reached through the endpoint only.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {SocksClient} from 'socks'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ConnectProcess, curlSocks, killAll, runConnect, tempDir, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, startLab, stopLab, type Lab} from './support/lab.js'
import {EiceStandIn, namespaceTarget, TEST_CREDENTIALS, TEST_ENDPOINT_ID, TEST_REGION} from '../support/eice-endpoint.js'

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
  AWS_PROFILE: undefined,
  AWS_SESSION_TOKEN: undefined,
}

async function fetchThroughSocks(socksPort: number, host: string, port: number): Promise<string> {
  const {socket} = await SocksClient.createConnection({proxy: {host: '127.0.0.1', port: socksPort, type: 5}, command: 'connect', destination: {host, port}, timeout: 15_000})
  return new Promise((resolve, reject) => {
    let body = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (body += chunk))
    socket.once('end', () => resolve(body))
    socket.once('error', reject)
    socket.write(`GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`)
  })
}

async function until(condition: () => boolean, what: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`never happened within ${limitMs} ms: ${what}`)
}

/** Short enough for two renewals in the test, long enough for a chain to connect on a busy machine. */
const TEST_TUNNEL_SECONDS = 8

describe.skipIf(!labCheck().run)(labTitle('connect --via eice: stand-in EC2 Instance Connect Endpoint → lab primary (real OpenSSH)'), () => {
  let lab: Lab
  let standIn: EiceStandIn
  let tunnel: ConnectProcess
  let ready: ReadyEvent

  const eiceArgs = (base: string) => [
    '--host',
    lab.primary.name,
    '--via',
    'eice',
    '--eice-id',
    TEST_ENDPOINT_ID,
    '--eice-endpoint-url',
    base,
    '-i',
    lab.keys.client,
    '--known-hosts',
    lab.knownHosts,
    '--socks-port',
    '0',
    '--pac-port',
    '0',
    '--json',
  ]

  beforeAll(async () => {
    lab = startLab('eice')
    standIn = new EiceStandIn({openTarget: namespaceTarget(lab.name)})
    const base = await standIn.listen()
    tunnel = new ConnectProcess([...eiceArgs(base), '--connections', '1', '--max-tunnel-duration', String(TEST_TUNNEL_SECONDS)], AWS_ENV)
    ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
  }, 90_000)

  afterAll(async () => {
    try {
      if (tunnel) await tunnel.stop('SIGKILL')
      await standIn?.close()
    } finally {
      killAll()
      stopLab(lab)
    }
  }, 60_000)

  it('reaches the primary through the endpoint alone, its host key verified, the tunnel presigned for its private IP on port 22', () => {
    expect(ready.hops.map((hop) => [hop.role, hop.host, hop.user])).toEqual([['primary', lab.primary.name, 'hadoop']])
    expect(ready.hops[0]!.hostKey).toMatchObject({status: 'known', fingerprint: lab.primary.fingerprints.ed25519})
    expect(standIn.refusals).toEqual([])
    expect(standIn.tunnels[0]).toMatchObject({endpointId: TEST_ENDPOINT_ID, privateIpAddress: lab.primary.ip, remotePort: 22, maxTunnelDuration: TEST_TUNNEL_SECONDS})
  })

  it("carries the YARN page (curl --socks5-hostname) and the core node's page by internal name", async () => {
    const result = await curlSocks(ready.socks.port, lab.webUis.yarn)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('YARN ResourceManager (emr-access lab)')
    expect(await fetchThroughSocks(ready.socks.port, lab.core.name, 8042)).toContain('YARN NodeManager (emr-access lab)')
  })

  it('renews the tunnel before maxTunnelDuration: same SOCKS port, no reconnect, and a fetch after two renewals works', async () => {
    const primaryTunnels = () => standIn.tunnels.filter((tunnel) => tunnel.privateIpAddress === lab.primary.ip)
    await until(() => primaryTunnels().length >= 3, 'two renewals', 4 * TEST_TUNNEL_SECONDS * 1000)
    // Each old tunnel was closed by us (drained), before the service's deadline: make-before-break.
    for (const old of primaryTunnels().slice(0, 2)) {
      await until(() => old.closedAt !== undefined, 'the old tunnel closes', TEST_TUNNEL_SECONDS * 1000)
      expect(old.closedBy).toBe('client')
      expect(old.closedAt! - old.openedAt).toBeLessThan(TEST_TUNNEL_SECONDS * 1000)
    }
    expect(tunnel.events.filter((event) => event.event === 'reconnecting' || event.event === 'error')).toEqual([])
    const result = await curlSocks(ready.socks.port, lab.webUis.yarn)
    expect(result.stdout).toContain('YARN ResourceManager (emr-access lab)')
    expect(standIn.refusals).toEqual([])
  }, 120_000)

  it('--bastion-via eice: a private bastion through the endpoint (its VPC address), then the primary over SSH through it', async () => {
    // known_hosts as it would be for a bastion known by its private address (same host keys).
    const knownHosts = join(tempDir('emra-eice-kh-'), 'known_hosts')
    const known = readFileSync(lab.knownHosts, 'utf8')
    const bastionLines = known.split('\n').filter((line) => line.startsWith(`${lab.bastion.address} `))
    writeFileSync(knownHosts, `${known}${bastionLines.map((line) => line.replace(lab.bastion.address, lab.bastion.vpcAddress)).join('\n')}\n`)
    const viaBastion = new ConnectProcess(
      [
        '--host',
        lab.primary.name,
        '--bastion',
        `${lab.bastion.user}@${lab.bastion.vpcAddress}`,
        '--bastion-via',
        'eice',
        '--eice-id',
        TEST_ENDPOINT_ID,
        '--eice-endpoint-url',
        `ws://127.0.0.1:${standIn.port}`,
        '-i',
        lab.keys.client,
        '--known-hosts',
        knownHosts,
        '--socks-port',
        '0',
        '--pac-port',
        '0',
        '--connections',
        '1',
        '--json',
      ],
      AWS_ENV,
    )
    try {
      const bastionReady = (await viaBastion.waitFor('ready', 30_000)) as ReadyEvent
      expect(bastionReady.hops.map((hop) => [hop.role, hop.host, hop.hostKey.status])).toEqual([
        ['bastion', lab.bastion.vpcAddress, 'known'],
        ['primary', lab.primary.name, 'known'],
      ])
      // The first tunnel still renews in the background: look at the ones to anything but the primary.
      const others = standIn.tunnels.filter((tunnel) => tunnel.privateIpAddress !== lab.primary.ip)
      expect(others.map((tunnel) => [tunnel.privateIpAddress, tunnel.remotePort])).toEqual([[lab.bastion.vpcAddress, 22]])
      const result = await curlSocks(bastionReady.socks.port, lab.webUis.yarn)
      expect(result.stdout).toContain('YARN ResourceManager (emr-access lab)')
    } finally {
      await viaBastion.stop('SIGKILL')
    }
  }, 90_000)

  it("a close frame with a reason reaches the user as that reason (one line, exit 1), after connect's retries", async () => {
    const failing = new EiceStandIn({openTarget: namespaceTarget(lab.name)})
    failing.misbehave = {kind: 'close', code: 1011, reason: `Failed to connect to ${lab.primary.ip}:22: Connection timed out`}
    try {
      const result = await runConnect(eiceArgs(await failing.listen()), AWS_ENV, 60_000)
      expect(result.code).toBe(1)
      const fatal = result.events.find((event) => event.event === 'error' && event.fatal === true)
      expect(fatal?.message).toBe(
        `primary hadoop@${lab.primary.name}: EC2 Instance Connect Endpoint ${TEST_ENDPOINT_ID} closed the tunnel (code 1011): Failed to connect to ${lab.primary.ip}:22: Connection timed out`,
      )
      expect(result.stderr).not.toMatch(/\n\s+at /)
    } finally {
      await failing.close()
    }
  }, 90_000)

  it('wrong credentials are refused by the endpoint (HTTP 403) and connect stops without retrying, saying what to check', async () => {
    const result = await runConnect(eiceArgs(`ws://127.0.0.1:${standIn.port}`), {...AWS_ENV, AWS_SECRET_ACCESS_KEY: 'not-the-secret'}, 30_000)
    expect(result.code).toBe(1)
    const fatal = result.events.find((event) => event.event === 'error' && event.fatal === true)
    expect(fatal).toMatchObject({kind: 'permission'})
    expect(String(fatal?.message)).toContain('refused the tunnel (HTTP 403): The request signature we calculated does not match the signature you provided')
    expect(result.events.filter((event) => event.event === 'error')).toHaveLength(1)
  }, 60_000)
})
