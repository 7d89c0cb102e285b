/**
 * ProxyCommand against real OpenSSH in the namespace lab, with Debian's socat as the proxy: the
 * bastion reached through `socat - TCP:%h:%p`, the primary reached with no bastion at all through a
 * ssh_config ProxyCommand that enters the lab's "VPC" namespace (`ip netns exec … socat`), a page
 * fetched through each, and a failing proxy command whose exit status and stderr reach the user.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ClientChannel} from 'ssh2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {KeyRing} from '../../src/tunnel/ssh/auth.js'
import {parseDestination} from '../../src/tunnel/ssh/destination.js'
import {KnownHostsPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import {resolveHops} from '../../src/tunnel/ssh/hops.js'
import {SshConfigFile} from '../../src/tunnel/ssh/ssh-config.js'
import {connectChain, DEFAULT_TIMING} from '../../src/tunnel/ssh/transport.js'
import {ConnectProcess, curlSocks, killAll, runConnect, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, sshdConnectionCount, startLab, stopLab, type Lab} from './support/lab.js'

const socat = spawnSync('socat', ['-V']).status === 0
const why = socat ? '' : ' [socat missing: apt-get install socat]'
const run = labCheck().run && (socat || process.env.CI === 'true')

function httpThrough(channel: ClientChannel, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    channel.setEncoding('utf8')
    channel.on('data', (chunk: string) => (body += chunk))
    channel.once('end', () => resolve(body))
    channel.once('error', reject)
    channel.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
  })
}

describe.skipIf(!run)(labTitle(`ProxyCommand through socat (real OpenSSH lab)${why}`), () => {
  let lab: Lab
  let work: string
  let keys: KeyRing
  let hostKeys: KnownHostsPolicy

  beforeAll(async () => {
    lab = startLab('pxc')
    work = mkdtempSync(join(tmpdir(), 'emra-pxc-'))
    keys = new KeyRing({identityFiles: [lab.keys.client], home: work, prompt: async () => undefined})
    await keys.preload()
    hostKeys = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'unused'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
  }, 90_000)

  afterAll(() => {
    killAll()
    stopLab(lab)
    if (work) rmSync(work, {recursive: true, force: true})
  }, 60_000)

  it('--proxy-command carries the bastion (socat %h %p); the primary is reached through it and serves its page', async () => {
    const env = {home: work, localUser: 'tester'}
    const {hops} = resolveHops(
      {primary: parseDestination(lab.primary.name), bastion: parseDestination(`${lab.bastion.user}@${lab.bastion.address}`), jumps: [], proxyCommand: 'socat - TCP:%h:%p'},
      SshConfigFile.fromText('', env),
    )
    expect(hops[0]!.transport).toEqual({kind: 'proxy-command', command: `socat - TCP:${lab.bastion.address}:22`})
    const before = sshdConnectionCount(lab, 'bastion')
    const chain = await connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING})
    try {
      expect(chain.reports.map((report) => report.hostKey.key.fingerprint)).toEqual([lab.bastion.fingerprints.ed25519, lab.primary.fingerprints.ed25519])
      const page = await httpThrough(await chain.forwardOut('127.0.0.1', 0, lab.primary.name, 8088), lab.primary.name)
      expect(page).toMatch(/^HTTP\/1\.1 200/)
      expect(page).toContain('YARN ResourceManager')
      expect(sshdConnectionCount(lab, 'bastion') - before).toBe(1)
    } finally {
      chain.close()
    }
  })

  it('an ssh_config ProxyCommand reaches the primary with no bastion (socat inside the VPC namespace), by its internal name', async () => {
    const env = {home: work, localUser: 'tester'}
    const config = SshConfigFile.fromText(`Host emr-primary\n  HostName ${lab.primary.name}\n  ProxyCommand ip netns exec ${lab.name} socat - TCP:%h:%p\n`, env)
    const {hops, notes} = resolveHops({primary: parseDestination('emr-primary'), jumps: []}, config)
    expect(notes).toEqual([])
    expect(hops.map((hop) => hop.role)).toEqual(['primary'])
    const bastionBefore = sshdConnectionCount(lab, 'bastion')
    const chain = await connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING})
    try {
      expect(chain.reports[0]!.hostKey.key.fingerprint).toBe(lab.primary.fingerprints.ed25519)
      const page = await httpThrough(await chain.forwardOut('127.0.0.1', 0, lab.core.name, 8042), lab.core.name)
      expect(page).toContain('YARN NodeManager')
      expect(sshdConnectionCount(lab, 'bastion')).toBe(bastionBefore)
    } finally {
      chain.close()
    }
  })

  it('a proxy command that fails reaches the user with its exit status and stderr, and is retried as a network failure', async () => {
    const env = {home: work, localUser: 'tester'}
    const {hops} = resolveHops(
      {primary: parseDestination(lab.primary.name), bastion: parseDestination(lab.bastion.address), jumps: [], proxyCommand: 'socat - TCP:%h:1'},
      SshConfigFile.fromText('', env),
    )
    const error = await connectChain({hops, hostKeys, keys, timing: DEFAULT_TIMING}).then(
      (chain) => {
        chain.close()
        return undefined
      },
      (failure: unknown) => failure,
    )
    expect(error).toBeInstanceOf(TunnelFailure)
    const failure = error as TunnelFailure
    expect(failure.message).toMatch(
      new RegExp(
        `^bastion ec2-user@${lab.bastion.address.replace(/\./g, '\\.')}: proxy command "socat - TCP:${lab.bastion.address.replace(/\./g, '\\.')}:1" exited with status 1: .*Connection refused`,
      ),
    )
    expect(failure.kind).toBe('network')
    expect(failure.detail.code).toBe('PROXY_COMMAND_EXIT_1')
  })

  describe('emr-access connect --proxy-command', () => {
    const args = (proxy: string) => [
      '--host',
      lab.primary.name,
      '--bastion',
      lab.bastion.address,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--proxy-command',
      proxy,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      '--json',
    ]

    it('carries the bastion through socat; curl gets the YARN page through the SOCKS proxy', async () => {
      const connect = new ConnectProcess(args('socat - TCP:%h:%p'))
      const ready = (await connect.waitFor('ready', 60_000)) as ReadyEvent
      expect(ready.hops.map((hop) => hop.hostKey.fingerprint)).toEqual([lab.bastion.fingerprints.ed25519, lab.primary.fingerprints.ed25519])
      const page = await curlSocks(ready.socks.port, lab.webUis.yarn)
      expect(page.stdout).toContain('YARN ResourceManager')
      expect((await connect.stop()).code).toBe(0)
    })

    it('a proxy command that cannot run stops at once: exit 1, its status and stderr in the error, its stderr printed', async () => {
      const result = await runConnect(args('no-such-proxy-emra %h %p'))
      expect(result.code).toBe(1)
      expect(result.events.map((event) => event.event)).toEqual(['error', 'closed'])
      expect(result.events[0]).toMatchObject({kind: 'config', fatal: true, code: 'PROXY_COMMAND_EXIT_127'})
      expect(String(result.events[0]!.message)).toMatch(/proxy command "no-such-proxy-emra [\d.]+ 22" exited with status 127: .*no-such-proxy-emra.*not found$/)
      expect(result.stderr).toMatch(/^bastion ec2-user@[\d.]+: proxy command: .*not found$/m)
    })

    it('an unknown token is a usage error naming the flag (exit 2), before anything runs', async () => {
      const result = await runConnect(args('nc %h %k'))
      expect(result.code).toBe(2)
      expect(result.events[0]).toMatchObject({event: 'error', kind: 'usage'})
      expect(String(result.events[0]!.message)).toBe('--proxy-command: unknown token %k (ProxyCommand takes %h %p %r %n %%)')
    })
  })
})
