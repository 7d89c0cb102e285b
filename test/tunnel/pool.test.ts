/**
 * The SSH connection pool (`connect --connections N`) against real OpenSSH in the namespace lab:
 * every connection is a whole hop chain whose host keys are checked like the first's, channels
 * are spread so that several sshd sessions on the primary carry them, and a key that differs on a
 * later connection stops the tunnel instead of being used.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ClientChannel} from 'ssh2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {KeyRing} from '../../src/tunnel/ssh/auth.js'
import {ConnectionPool} from '../../src/tunnel/ssh/connection-pool.js'
import {KnownHostsPolicy, type HostIdentity, type HostKeyPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {connectChain, DEFAULT_TIMING} from '../../src/tunnel/ssh/transport.js'
import {ConnectProcess, curlSocks, killAll, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, sshdConnectionCount, startLab, stopLab, type Lab} from './support/lab.js'

interface Verification {
  label: string
  fingerprint: string
  status: string
}

/** The real known_hosts policy, recording every verdict it gives. */
function recordingPolicy(inner: HostKeyPolicy, log: Verification[], refuse?: (host: HostIdentity, call: number) => boolean): HostKeyPolicy {
  let calls = 0
  return {
    preferredAlgorithms: (host) => inner.preferredAlgorithms(host),
    verify: async (host, blob) => {
      calls += 1
      if (refuse?.(host, calls)) throw new TunnelFailure('host-key', `${host.label}: host key changed (test)`, {hop: host.label})
      const verdict = await inner.verify(host, blob)
      log.push({label: host.label, fingerprint: verdict.key.fingerprint, status: verdict.status})
      return verdict
    },
  }
}

/** Reads a channel's HTTP response to the end. */
function httpThrough(channel: ClientChannel, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    channel.setEncoding('utf8')
    channel.on('data', (chunk: string) => (body += chunk))
    channel.once('end', () => resolve(body))
    channel.once('error', reject)
    channel.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
  })
}

/** sshd processes on the primary with an established connection to the web UI (port 8088). */
function sshdSessionsToWebUi(lab: Lab): Set<string> {
  const result = spawnSync('ip', ['netns', 'exec', lab.name, 'ss', '-Htnp', 'state', 'established', 'dst', `${lab.primary.ip}:8088`], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`ss failed: ${result.stderr}`)
  return new Set([...result.stdout.matchAll(/"sshd[^"]*",pid=(\d+)/g)].map((match) => match[1]!))
}

describe.skipIf(!labCheck().run)(labTitle('SSH connection pool (real OpenSSH lab)'), () => {
  let lab: Lab
  let work: string
  let hops: Hop[]
  let keys: KeyRing
  let policy: KnownHostsPolicy

  beforeAll(async () => {
    lab = startLab('pool')
    work = mkdtempSync(join(tmpdir(), 'emra-pool-'))
    hops = [
      {
        role: 'bastion',
        alias: lab.bastion.address,
        host: lab.bastion.address,
        port: lab.bastion.port,
        user: lab.bastion.user,
        identityFiles: [],
        label: `bastion ${lab.bastion.user}@${lab.bastion.address}`,
      },
      {role: 'primary', alias: lab.primary.name, host: lab.primary.name, port: lab.primary.port, user: lab.primary.user, identityFiles: [], label: `primary ${lab.primary.user}@${lab.primary.name}`},
    ]
    keys = new KeyRing({identityFiles: [lab.keys.client], home: work, prompt: async () => undefined})
    await keys.preload()
    policy = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'known_hosts-unused'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
  }, 90_000)

  afterAll(() => {
    killAll()
    stopLab(lab)
    if (work) rmSync(work, {recursive: true, force: true})
  }, 60_000)

  it('two connections: both hop chains verified against known_hosts, and channels carried by two sshd sessions on the primary', async () => {
    const verifications: Verification[] = []
    const hostKeys = recordingPolicy(policy, verifications)
    const bastionBefore = sshdConnectionCount(lab, 'bastion')
    const primaryBefore = sshdConnectionCount(lab, 'primary')
    const pool = await ConnectionPool.connect({size: 2, connect: (signal) => connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING, signal})})
    try {
      expect(pool.size).toBe(2)
      // Every hop of every connection had its key checked, and it was the lab's known key.
      expect(verifications.filter((v) => v.label === hops[0]!.label).map((v) => [v.fingerprint, v.status])).toEqual([
        [lab.bastion.fingerprints.ed25519, 'known'],
        [lab.bastion.fingerprints.ed25519, 'known'],
      ])
      expect(verifications.filter((v) => v.label === hops[1]!.label).map((v) => [v.fingerprint, v.status])).toEqual([
        [lab.primary.fingerprints.ed25519, 'known'],
        [lab.primary.fingerprints.ed25519, 'known'],
      ])
      // sshd writes its log a moment after the connection: poll it.
      await expect.poll(() => sshdConnectionCount(lab, 'bastion') - bastionBefore, {timeout: 10_000}).toBe(2)
      await expect.poll(() => sshdConnectionCount(lab, 'primary') - primaryBefore, {timeout: 10_000}).toBe(2)

      // Four channels held open at once: two per connection, seen by the primary as two sshd sessions.
      const channels = await Promise.all([0, 1, 2, 3].map(() => pool.forwardOut('127.0.0.1', 0, lab.primary.ip, 8088)))
      expect(pool.channelsPerConnection).toEqual([2, 2])
      expect(sshdSessionsToWebUi(lab).size).toBe(2)
      const bodies = await Promise.all(channels.map((channel) => httpThrough(channel, lab.primary.name, '/bytes?n=1000')))
      for (const body of bodies) expect(body).toMatch(/^HTTP\/1\.1 200/)
    } finally {
      pool.close()
    }
  }, 60_000)

  it('a host key that differs on the second connection stops the pool with a host-key failure; nothing stays connected', async () => {
    const verifications: Verification[] = []
    // Calls 1-2 are the first chain (bastion, primary); call 3 is the second chain's bastion.
    const hostKeys = recordingPolicy(policy, verifications, (_host, call) => call === 3)
    const error = await ConnectionPool.connect({size: 2, connect: (signal) => connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING, signal})}).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(TunnelFailure)
    expect((error as TunnelFailure).kind).toBe('host-key')
    expect((error as TunnelFailure).message).toContain('host key changed')
    expect(verifications).toHaveLength(2)
    // The first chain was closed too: no sshd session on the primary is left.
    const sessions = () => spawnSync('ip', ['netns', 'exec', lab.name, 'ss', '-Htn', 'state', 'established', 'sport', '= :22'], {encoding: 'utf8'}).stdout.trim()
    for (let waited = 0; waited < 5_000 && sessions() !== ''; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250))
    expect(sessions()).toBe('')
  }, 60_000)

  it('connect --connections 3: three connections through the bastion, and the proxy works', async () => {
    const before = sshdConnectionCount(lab, 'bastion')
    const tunnel = new ConnectProcess([
      '--host',
      lab.primary.name,
      '--bastion',
      `${lab.bastion.user}@${lab.bastion.address}`,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      '--connections',
      '3',
      '--json',
    ])
    const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    expect((await curlSocks(ready.socks.port, lab.webUis.yarn)).stdout).toContain('YARN ResourceManager (emr-access lab)')
    expect(sshdConnectionCount(lab, 'bastion') - before).toBe(3)
    expect((await tunnel.stop()).code).toBe(0)
  }, 60_000)

  it('connect --connections 0 is a usage error naming the flag', async () => {
    const tunnel = new ConnectProcess(['--host', lab.primary.name, '--connections', '0', '--socks-port', '0', '--pac-port', '0'])
    const result = await tunnel.exited
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--connections/)
  }, 30_000)
})
