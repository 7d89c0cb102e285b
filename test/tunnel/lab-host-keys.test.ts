/**
 * Host keys against real OpenSSH, verified like OpenSSH does on every hop: unknown → refused with
 * the fingerprint and the accepting flag; accept-new → recorded in OpenSSH format (checked with
 * ssh-keygen itself); changed → refused as possible impersonation whatever the flag; hashed
 * entries and `[host]:port` entries work; a bastion that refuses forwarding stops with the reason.
 */
import {spawnSync} from 'node:child_process'
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ConnectProcess, killAll, runConnect, tempDir, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labSshd, labTitle, sshdConnectionCount, startLab, stopLab, type Lab} from './support/lab.js'

describe.skipIf(!labCheck().run)(labTitle('host-key verification on every hop (real OpenSSH lab)'), () => {
  let lab: Lab
  let work: string

  const args = (knownHosts: string, ...extra: string[]) => [
    '--host',
    lab.primary.name,
    '--bastion',
    lab.bastion.address,
    '-i',
    lab.keys.client,
    '--known-hosts',
    knownHosts,
    '--socks-port',
    '0',
    '--pac-port',
    '0',
    '--json',
    ...extra,
  ]

  /** A known_hosts file holding the lab's lines, with the lines for `replace` swapped for a foreign key. */
  function knownHostsWithForeignKey(replace: 'bastion' | 'primary'): string {
    const foreign = join(work, `foreign-${replace}`)
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', foreign])
    const foreignKey = readFileSync(`${foreign}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
    const lines = readFileSync(lab.knownHosts, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const isBastion = line.startsWith(`${lab.bastion.address} `)
        const isPrimary = line.startsWith(`${lab.primary.name},`)
        if (line.includes('ssh-ed25519') && ((replace === 'bastion' && isBastion) || (replace === 'primary' && isPrimary))) {
          return `${line.split(' ')[0]} ${foreignKey}`
        }
        return line
      })
    const file = join(work, `known_hosts-foreign-${replace}`)
    writeFileSync(file, `${lines.join('\n')}\n`)
    return file
  }

  beforeAll(() => {
    lab = startLab('hk')
    work = tempDir('emra-hk-')
  }, 90_000)

  afterAll(() => {
    killAll()
    stopLab(lab)
  }, 60_000)

  it('strict: an unknown bastion key is refused with its fingerprint and the flag that accepts it — at once, no retries', async () => {
    const empty = join(work, 'known_hosts-empty')
    writeFileSync(empty, '')
    const before = sshdConnectionCount(lab, 'bastion')
    const result = await runConnect(args(empty))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(lab.bastion.fingerprints.ed25519)
    expect(result.stderr).toContain('--host-key-checking accept-new')
    expect(result.stderr).toMatch(/^Error: bastion ec2-user@[\d.]+: host key not known/m)
    expect(result.events.map((event) => event.event)).toEqual(['error', 'closed'])
    expect(result.events[0]).toMatchObject({kind: 'host-key', fatal: true})
    expect(readFileSync(empty, 'utf8')).toBe('')
    expect(sshdConnectionCount(lab, 'bastion') - before).toBe(1)
  })

  it('accept-new records both hops in OpenSSH format (ssh-keygen finds them), then strict accepts them', async () => {
    const file = join(work, 'known_hosts-accept-new')
    writeFileSync(file, '# existing comment without a final newline')
    const first = new ConnectProcess(args(file, '--host-key-checking', 'accept-new'))
    const ready = (await first.waitFor('ready', 30_000)) as ReadyEvent
    expect(ready.hops.map((hop) => hop.hostKey.status)).toEqual(['recorded', 'recorded'])
    expect((await first.stop()).code).toBe(0)
    expect(first.stderr).toMatch(/warning: bastion .*new host key ED25519 SHA256:\S+ recorded in /)

    const lines = readFileSync(file, 'utf8').split('\n')
    expect(lines[0]).toBe('# existing comment without a final newline')
    expect(lines.filter((line) => line && !line.startsWith('#'))).toHaveLength(2)
    for (const [host, fingerprint] of [
      [lab.bastion.address, lab.bastion.fingerprints.ed25519],
      [lab.primary.name, lab.primary.fingerprints.ed25519],
    ] as const) {
      const found = spawnSync('ssh-keygen', ['-F', host, '-f', file, '-l'], {encoding: 'utf8'})
      expect(found.status).toBe(0)
      expect(found.stdout).toContain(fingerprint)
    }

    const second = new ConnectProcess(args(file))
    const again = (await second.waitFor('ready', 30_000)) as ReadyEvent
    expect(again.hops.map((hop) => hop.hostKey.status)).toEqual(['known', 'known'])
    expect((await second.stop()).code).toBe(0)
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#')),
    ).toHaveLength(2)
  })

  it('a changed bastion key is refused as possible impersonation, even with accept-new, and nothing is written', async () => {
    const file = knownHostsWithForeignKey('bastion')
    const before = readFileSync(file, 'utf8')
    const result = await runConnect(args(file, '--host-key-checking', 'accept-new'))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/HOST KEY HAS CHANGED - possible impersonation/)
    expect(result.stderr).toContain(lab.bastion.fingerprints.ed25519)
    expect(result.stderr).toContain(`${file}:1`)
    expect(result.stderr).toContain(`ssh-keygen -R '${lab.bastion.address}' -f ${file}`)
    expect(result.events[0]).toMatchObject({event: 'error', kind: 'host-key', fatal: true})
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('a host known by one key type that presents another type is refused as changed, even with accept-new (no silent type swap)', async () => {
    // known_hosts holds only an RSA key for the bastion; the bastion's sshd has no RSA key, so it presents ED25519.
    const foreign = join(work, 'foreign-rsa')
    spawnSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', foreign])
    const rsaKey = readFileSync(`${foreign}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
    const others = readFileSync(lab.knownHosts, 'utf8')
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith(`${lab.bastion.address} `))
    const file = join(work, 'known_hosts-type-swap')
    writeFileSync(file, `${lab.bastion.address} ${rsaKey}\n${others.join('\n')}\n`)
    const before = readFileSync(file, 'utf8')
    const result = await runConnect(args(file, '--host-key-checking', 'accept-new'))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/HOST KEY HAS CHANGED - possible impersonation/)
    expect(result.stderr).toContain(`it now presents ED25519 key ${lab.bastion.fingerprints.ed25519}, but ${file}:1 records a different RSA key`)
    expect(result.events.map((event) => event.event)).toEqual(['error', 'closed'])
    expect(result.events[0]).toMatchObject({kind: 'host-key', fatal: true})
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('accept-new never applies on an automatic reconnect: a primary whose entry vanished is refused, not re-recorded', async () => {
    const file = join(work, 'known_hosts-reconnect')
    copyFileSync(lab.knownHosts, file)
    const tunnel = new ConnectProcess(args(file, '--host-key-checking', 'accept-new'))
    try {
      const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
      expect(ready.hops.map((hop) => hop.hostKey.status)).toEqual(['known', 'known'])
      // The primary's lines go (ssh-keygen -R), then its connection drops: the reconnect meets an unknown key.
      expect(spawnSync('ssh-keygen', ['-R', lab.primary.name, '-f', file]).status).toBe(0)
      expect(spawnSync('ssh-keygen', ['-R', lab.primary.ip, '-f', file]).status).toBe(0)
      const withoutPrimary = readFileSync(file, 'utf8')
      labSshd(lab, 'restart', 'primary')
      const result = await tunnel.exited
      expect(result.code).toBe(1)
      const kinds = result.events.map((event) => event.event)
      expect(kinds.slice(-4)).toEqual(['reconnecting', 'hostkey', 'error', 'closed'])
      expect(result.events.at(-3)).toMatchObject({role: 'bastion', status: 'known', reconnect: true})
      expect(result.events.at(-2)).toMatchObject({kind: 'host-key', fatal: true, hop: `primary hadoop@${lab.primary.name}`})
      expect(result.stderr).toMatch(/host key not known when reconnecting/)
      expect(result.stderr).toContain(lab.primary.fingerprints.ed25519)
      expect(result.events.some((event) => event.event === 'hostkey' && event.status === 'recorded')).toBe(false)
      expect(readFileSync(file, 'utf8')).toBe(withoutPrimary)
    } finally {
      await tunnel.stop('SIGKILL')
    }
  })

  it('the second hop is verified too: a changed primary key is refused after the bastion passed', async () => {
    const file = knownHostsWithForeignKey('primary')
    const result = await runConnect(args(file))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^Error: primary hadoop@${lab.primary.name.replace(/\./g, '\\.')}: HOST KEY HAS CHANGED`, 'm'))
    expect(result.stderr).toContain(lab.primary.fingerprints.ed25519)
  })

  it('hashed known_hosts entries (ssh-keygen -H) are understood', async () => {
    const file = join(work, 'known_hosts-hashed')
    copyFileSync(lab.knownHosts, file)
    expect(spawnSync('ssh-keygen', ['-H', '-f', file]).status).toBe(0)
    expect(readFileSync(file, 'utf8')).not.toContain(lab.primary.name)
    const tunnel = new ConnectProcess(args(file))
    const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    expect(ready.hops.map((hop) => hop.hostKey.status)).toEqual(['known', 'known'])
    expect((await tunnel.stop()).code).toBe(0)
  })

  it('a [host]:port entry verifies a bastion on port 2222; its AllowTcpForwarding no stops the tunnel with the reason (no retry)', async () => {
    const before = sshdConnectionCount(lab, 'bastion')
    const result = await runConnect([
      '--host',
      lab.primary.name,
      '--bastion',
      `${lab.bastionNoForward.address}:${lab.bastionNoForward.port}`,
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
    expect(result.code).toBe(1)
    expect(result.events.map((event) => event.event)).toEqual(['hostkey', 'error', 'closed'])
    expect(result.events[0]).toMatchObject({role: 'bastion', port: lab.bastionNoForward.port, status: 'known'})
    expect(result.events[1]).toMatchObject({event: 'error', kind: 'permission', fatal: true, code: 'ADMINISTRATIVELY_PROHIBITED'})
    expect(result.stderr).toMatch(/refuses to forward to ip-10-0-2-20\.ec2\.internal:22 \(administratively prohibited\): its sshd has AllowTcpForwarding no/)
    expect(sshdConnectionCount(lab, 'bastion')).toBe(before)
  })
})
