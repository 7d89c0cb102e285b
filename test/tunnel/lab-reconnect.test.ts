/**
 * Staying up: the primary's sshd, then the bastion's, killed (with every session) and restarted
 * mid-session. The tunnel reports reconnecting/reconnected, the SOCKS listener never goes away,
 * and new requests succeed afterwards.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {canConnect, ConnectProcess, curlSocks, killAll, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labSshd, labTitle, startLab, stopLab, type Lab} from './support/lab.js'

describe.skipIf(!labCheck().run)(labTitle('reconnect after sshd is killed and restarted (real OpenSSH lab)'), () => {
  let lab: Lab
  let tunnel: ConnectProcess
  let ready: ReadyEvent

  beforeAll(async () => {
    lab = startLab('recon')
    tunnel = new ConnectProcess([
      '--host',
      lab.primary.name,
      '--bastion',
      lab.bastion.address,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      '--json',
    ])
    ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
  }, 90_000)

  afterAll(async () => {
    try {
      if (tunnel) await tunnel.stop('SIGKILL')
    } finally {
      killAll()
      stopLab(lab)
    }
  }, 60_000)

  it('recovers when the primary sshd dies and comes back; listeners stay up meanwhile', async () => {
    expect((await curlSocks(ready.socks.port, lab.webUis.yarn)).stdout).toContain('YARN ResourceManager')
    const seen = tunnel.events.length
    labSshd(lab, 'stop', 'primary')
    const reconnecting = await tunnel.waitFor('reconnecting', 15_000, seen)
    expect(reconnecting).toMatchObject({attempt: 1, reason: {kind: 'network'}})
    expect(reconnecting.delayMs).toBeLessThanOrEqual(500)
    // While the primary is down the proxy still accepts connections.
    expect(await canConnect(ready.socks.port)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    labSshd(lab, 'start', 'primary')
    const reconnected = await tunnel.waitFor('reconnected', 30_000, seen)
    expect(reconnected.downtimeMs).toBeGreaterThan(0)
    const result = await curlSocks(ready.socks.port, lab.webUis.sparkHistory)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Spark History Server (emr-access lab)')
    // Every reconnecting event between was a network failure, and there is no error event.
    const between = tunnel.events.slice(seen)
    expect(between.filter((event) => event.event === 'reconnecting').every((event) => (event.reason as {kind: string}).kind === 'network')).toBe(true)
    expect(between.some((event) => event.event === 'error')).toBe(false)
  })

  it('recovers when the bastion sshd is restarted (the outer connection drops)', async () => {
    const seen = tunnel.events.length
    labSshd(lab, 'restart', 'bastion')
    await tunnel.waitFor('reconnecting', 15_000, seen)
    await tunnel.waitFor('reconnected', 30_000, seen)
    expect((await curlSocks(ready.socks.port, lab.webUis.yarn)).stdout).toContain('YARN ResourceManager (emr-access lab)')
  })

  it('a request made while the tunnel is down waits for the reconnect and succeeds', async () => {
    const seen = tunnel.events.length
    labSshd(lab, 'stop', 'primary')
    await tunnel.waitFor('reconnecting', 15_000, seen)
    setTimeout(() => labSshd(lab, 'start', 'primary'), 1_000)
    const result = await curlSocks(ready.socks.port, lab.webUis.zeppelin)
    expect(result.stdout).toContain('Zeppelin (emr-access lab)')
    await tunnel.waitFor('reconnected', 30_000, seen)
  })

  it('SIGTERM still exits 0 after reconnects, with no listener left', async () => {
    const result = await tunnel.stop('SIGTERM')
    expect(result.code).toBe(0)
    expect(result.events.at(-1)).toMatchObject({event: 'closed', reason: 'signal', exitCode: 0})
    expect(await canConnect(ready.socks.port)).toBe(false)
  })

  it('stops with the reason when reconnecting meets a failure retrying cannot fix (the key was de-authorized)', async () => {
    const second = new ConnectProcess([
      '--host',
      lab.primary.name,
      '--bastion',
      lab.bastion.address,
      '-i',
      lab.keys.client,
      '--known-hosts',
      lab.knownHosts,
      '--socks-port',
      '0',
      '--pac-port',
      '0',
      // One SSH connection, so the event order is the reconnect's own (the pool has tests of its own).
      '--connections',
      '1',
      '--json',
    ])
    const up = (await second.waitFor('ready', 30_000)) as ReadyEvent
    const authorized = join(lab.dir, 'authorized_keys', 'hadoop')
    const keys = readFileSync(authorized, 'utf8')
    writeFileSync(
      authorized,
      keys
        .split('\n')
        .filter((line) => !line.includes('lab client key'))
        .join('\n'),
    )
    try {
      labSshd(lab, 'restart', 'primary')
      const result = await second.exited
      expect(result.code).toBe(1)
      const kinds = result.events.map((event) => event.event)
      expect(kinds.slice(0, 3)).toEqual(['hostkey', 'hostkey', 'ready'])
      // On the reconnect both hosts' keys are accepted again (hostkey events), then the primary refuses our key.
      expect(kinds.slice(-5)).toEqual(['reconnecting', 'hostkey', 'hostkey', 'error', 'closed'])
      expect(result.events.slice(-4, -2)).toMatchObject([
        {role: 'bastion', status: 'known', reconnect: true},
        {role: 'primary', status: 'known', reconnect: true},
      ])
      expect(result.events.at(-2)).toMatchObject({kind: 'auth', fatal: true, hop: `primary hadoop@${lab.primary.name}`})
      expect(result.events.at(-1)).toMatchObject({reason: 'error', exitCode: 1})
      expect(result.stderr).toMatch(/^Error: primary hadoop@.*authentication failed/m)
      expect(await canConnect(up.socks.port)).toBe(false)
    } finally {
      writeFileSync(authorized, keys)
    }
  })
})
