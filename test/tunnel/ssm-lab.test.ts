/**
 * SSH over Session Manager against real OpenSSH in the namespace lab: the stand-in agent
 * (test/support/ssm-agent.ts, SSM API through the real AWS SDK with an endpoint override — moto
 * 5.2.1 has no StartSession) bridges each session to the primary's sshd, as the agent on the
 * primary does to its own port 22. A socat relay in the lab namespace plays the agent's local TCP
 * connection (the root namespace has no route to 10.0.2.0/24). The hop chain runs through the
 * opener's `ssm` branch: host key checked, pages fetched from the primary and, by internal name,
 * from the core node; the WebSocket closed by "the service" mid-session is resumed under SSH.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {connect as tcpConnect} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ClientChannel} from 'ssh2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {KeyRing} from '../../src/tunnel/ssh/auth.js'
import {KnownHostsPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {connectChain, DEFAULT_TIMING, type HopChain} from '../../src/tunnel/ssh/transport.js'
import {runCli} from '../support/cli.js'
import {SsmStandIn} from '../support/ssm-agent.js'
import {ConnectProcess, curlSocks, killAll, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, startLab, stopLab, type Lab} from './support/lab.js'

const RELAY_PORT = 2299

function httpThrough(channel: ClientChannel, host: string, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    channel.on('data', (chunk: Buffer) => chunks.push(chunk))
    channel.once('end', () => resolve(Buffer.concat(chunks)))
    channel.once('error', reject)
    channel.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
  })
}

function waitForPort(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = tcpConnect({host, port})
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`${host}:${port} did not open`))
        else setTimeout(attempt, 100)
      })
    }
    attempt()
  })
}

/** The relay: the agent's TCP connection to localhost:22 on the instance, here LINK:2299 → primary:22 inside the lab. */
async function startRelay(lab: Lab): Promise<ChildProcess> {
  const relay = spawn('ip', ['netns', 'exec', lab.name, 'socat', `TCP-LISTEN:${RELAY_PORT},bind=${lab.bastion.address},reuseaddr,fork`, `TCP:${lab.primary.ip}:22`], {stdio: 'ignore'})
  await waitForPort(lab.bastion.address, RELAY_PORT)
  return relay
}

describe.skipIf(!labCheck().run)(labTitle('SSH over Session Manager (stand-in agent → real OpenSSH lab)'), () => {
  let lab: Lab
  let relay: ChildProcess | undefined
  let standIn: SsmStandIn
  let work: string
  let chain: HopChain | undefined
  const savedEnv = {...process.env}

  beforeAll(async () => {
    lab = startLab('ssm')
    relay = await startRelay(lab)
    standIn = new SsmStandIn({instances: {'i-0a1b2c3d4e5f60718': {host: lab.bastion.address, port: RELAY_PORT}, 'i-0b1b2c3d4e5f60718': {host: lab.bastion.address, port: lab.bastion.port}}})
    await standIn.start()
    Object.assign(process.env, {AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1'})
    work = mkdtempSync(join(tmpdir(), 'emra-ssm-'))
    const hops: Hop[] = [
      {
        role: 'primary',
        alias: lab.primary.name,
        host: lab.primary.name,
        port: 22,
        user: lab.primary.user,
        identityFiles: [],
        label: `primary ${lab.primary.user}@${lab.primary.name}`,
        transport: {kind: 'ssm', instanceId: 'i-0a1b2c3d4e5f60718', aws: {region: 'us-east-1', endpointUrl: standIn.endpoint}},
      },
    ]
    const keys = new KeyRing({identityFiles: [lab.keys.client], home: work, prompt: async () => undefined})
    await keys.preload()
    const hostKeys = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'known_hosts-unused'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
    chain = await connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING})
  }, 90_000)

  afterAll(async () => {
    chain?.close()
    killAll()
    await standIn?.stop()
    if (relay?.pid) relay.kill('SIGTERM')
    process.env = savedEnv
    stopLab(lab)
    if (work) rmSync(work, {recursive: true, force: true})
  }, 60_000)

  it('authenticates to the primary through the session, its host key matching known_hosts', () => {
    expect(chain!.reports.map((report) => [report.hop.role, report.hostKey.status, report.hostKey.key.fingerprint])).toEqual([['primary', 'known', lab.primary.fingerprints.ed25519]])
    expect(standIn.calls).toEqual(['StartSession'])
  })

  it("carries the primary's YARN page and the core node's page by its internal name", async () => {
    const yarn = (await httpThrough(await chain!.forwardOut('127.0.0.1', 0, lab.primary.ip, 8088), lab.primary.name, '/')).toString('utf8')
    expect(yarn).toMatch(/^HTTP\/1\.1 200/)
    const core = (await httpThrough(await chain!.forwardOut('127.0.0.1', 0, lab.core.name, 8042), lab.core.name, '/node.json')).toString('utf8')
    expect(core).toMatch(/^HTTP\/1\.1 200/)
    expect(core).toContain(lab.core.name)
  })

  it('survives the service closing the WebSocket mid-download: resumed, the SSH connection and the download intact', async () => {
    const resumesBefore = standIn.stats.resumes
    const download = httpThrough(await chain!.forwardOut('127.0.0.1', 0, lab.primary.ip, 8088), lab.primary.name, '/bytes?n=3000000')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(standIn.closeWebSockets()).toBe(1)
    const body = await download
    const separator = body.indexOf('\r\n\r\n')
    expect(body.length - separator - 4).toBe(3_000_000)
    expect(standIn.stats.resumes - resumesBefore).toBe(1)
    expect(chain!.alive).toBe(true)
    const again = await httpThrough(await chain!.forwardOut('127.0.0.1', 0, lab.primary.ip, 8088), lab.primary.name, '/')
    expect(again.toString('utf8')).toMatch(/^HTTP\/1\.1 200/)
    expect(createHash('sha256').update(again).digest('hex')).toHaveLength(64)
  }, 60_000)

  describe('emr-access connect --via ssm (the built CLI)', () => {
    let tunnel: ConnectProcess
    let ready: ReadyEvent
    const aws = {AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1'}

    beforeAll(async () => {
      // ssh_config names the instance and the name known_hosts holds, as for OpenSSH's ProxyCommand over SSM.
      const home = mkdtempSync(join(tmpdir(), 'emra-ssm-home-'))
      mkdirSync(join(home, '.ssh'))
      writeFileSync(join(home, '.ssh', 'config'), `Host i-0a1b2c3d4e5f60718\n  HostName ${lab.primary.name}\n  User ${lab.primary.user}\n`)
      tunnel = new ConnectProcess(
        ['--host', 'i-0a1b2c3d4e5f60718', '--via', 'ssm', '--endpoint-url', standIn.endpoint, '-i', lab.keys.client, '--known-hosts', lab.knownHosts, '--socks-port', '0', '--pac-port', '0', '--json'],
        {...aws, HOME: home},
      )
      ready = (await tunnel.waitFor('ready', 40_000)) as ReadyEvent
    }, 60_000)

    afterAll(async () => {
      if (tunnel) await tunnel.stop('SIGKILL')
    }, 30_000)

    it("is ready with the primary's host key verified, and carries the primary's page and the core node's page by internal name", async () => {
      expect(ready.hops.map((hop) => [hop.role, hop.host, hop.hostKey.status, hop.hostKey.fingerprint])).toEqual([['primary', lab.primary.name, 'known', lab.primary.fingerprints.ed25519]])
      const yarn = await curlSocks(ready.socks.port, `http://${lab.primary.name}:8088/`)
      expect(yarn.code).toBe(0)
      expect(yarn.stdout.length).toBeGreaterThan(0)
      const core = await curlSocks(ready.socks.port, `http://${lab.core.name}:8042/node.json`)
      expect(core.code).toBe(0)
      expect(core.stdout).toContain(lab.core.name)
    }, 60_000)

    it('keeps the SOCKS proxy and the SSH connection when the service closes the WebSocket (resumed, no reconnect)', async () => {
      const resumesBefore = standIn.stats.resumes
      expect(standIn.closeWebSockets()).toBeGreaterThanOrEqual(1)
      const page = await curlSocks(ready.socks.port, `http://${lab.primary.name}:8088/`)
      expect(page.code).toBe(0)
      expect(standIn.stats.resumes).toBeGreaterThan(resumesBefore)
      expect(tunnel.events.map((event) => event.event)).not.toContain('reconnecting')
    }, 60_000)
  })

  it('--bastion-via ssm: the bastion through Session Manager, the primary through the bastion; a page by internal name', async () => {
    const home = mkdtempSync(join(tmpdir(), 'emra-ssm-home-'))
    mkdirSync(join(home, '.ssh'))
    writeFileSync(join(home, '.ssh', 'config'), `Host i-0b1b2c3d4e5f60718\n  HostName ${lab.bastion.address}\n  User ${lab.bastion.user}\n`)
    const started = standIn.stats.sessionsStarted
    const tunnel = new ConnectProcess(
      [
        '--host',
        lab.primary.name,
        '--bastion',
        'i-0b1b2c3d4e5f60718',
        '--bastion-via',
        'ssm',
        '--endpoint-url',
        standIn.endpoint,
        '-i',
        lab.keys.client,
        '--known-hosts',
        lab.knownHosts,
        '--socks-port',
        '0',
        '--pac-port',
        '0',
        '--json',
      ],
      {AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', HOME: home},
    )
    try {
      const ready = (await tunnel.waitFor('ready', 40_000)) as ReadyEvent
      expect(ready.hops.map((hop) => [hop.role, hop.host, hop.hostKey.fingerprint])).toEqual([
        ['bastion', lab.bastion.address, lab.bastion.fingerprints.ed25519],
        ['primary', lab.primary.name, lab.primary.fingerprints.ed25519],
      ])
      // One session per pooled SSH connection (--connections defaults to 2), each host-key checked.
      expect(standIn.stats.sessionsStarted - started).toBe(2)
      const core = await curlSocks(ready.socks.port, `http://${lab.core.name}:8042/node.json`)
      expect(core.code).toBe(0)
      expect(core.stdout).toContain(lab.core.name)
    } finally {
      await tunnel.stop('SIGKILL')
    }
  }, 90_000)

  it('refuses --via ssm with --bastion, and a --host that names no instance, as usage errors (exit 2, one line)', () => {
    const withBastion = runCli(['connect', '--host', 'i-0a1b2c3d4e5f60718', '--via', 'ssm', '--bastion', '192.0.2.1'])
    expect(withBastion.code).toBe(2)
    expect(withBastion.stderr.trim()).toMatch(/^.*--via ssm reaches the primary through Session Manager, without --bastion/)
    const noInstance = runCli(['connect', '--host', lab.primary.name, '--via', 'ssm', '--region', 'us-east-1'])
    expect(noInstance.code).toBe(2)
    expect(noInstance.stderr).toMatch(/--via ssm: ip-10-0-2-20\.ec2\.internal is not an instance id/)
    expect(noInstance.stderr.trim().split('\n')).toHaveLength(1)
  })
})
