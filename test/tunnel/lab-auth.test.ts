/**
 * Authentication against real OpenSSH: key file, ssh-agent (started by the test, killed after),
 * ~/.ssh/config (ProxyJump, User, IdentityFile), a wrong key (fails fast, one connection, no retry
 * loop) and a passphrase-protected key with no terminal to ask on.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ConnectProcess, curlSocks, freshHome, killAll, runConnect, tempDir, type ReadyEvent} from './support/connect-process.js'
import {labCheck, labTitle, sshdConnectionCount, startLab, stopLab, type Lab} from './support/lab.js'

describe.skipIf(!labCheck().run)(labTitle('authentication (real OpenSSH lab)'), () => {
  let lab: Lab
  let agent: ChildProcess | undefined
  let agentSocket: string

  const tunnelArgs = (...extra: string[]) => ['--host', lab.primary.name, '--bastion', lab.bastion.address, '--known-hosts', lab.knownHosts, '--socks-port', '0', '--pac-port', '0', '--json', ...extra]

  beforeAll(async () => {
    lab = startLab('auth')
    const dir = tempDir('emra-agent-')
    agentSocket = join(dir, 'agent.sock')
    // -D: in the foreground, so the test owns the process and kills it by id.
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], {stdio: 'ignore'})
    for (let attempt = 0; attempt < 50 && !existsSync(agentSocket); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100))
    const added = spawnSync('ssh-add', [lab.keys.client], {env: {...process.env, SSH_AUTH_SOCK: agentSocket}, encoding: 'utf8'})
    if (added.status !== 0) throw new Error(`ssh-add failed: ${added.stderr}`)
  }, 90_000)

  afterAll(() => {
    try {
      agent?.kill('SIGTERM')
      killAll()
    } finally {
      stopLab(lab)
    }
  }, 60_000)

  it('authenticates every hop with a key file (-i)', async () => {
    const tunnel = new ConnectProcess(tunnelArgs('-i', lab.keys.client))
    const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    for (const hop of ready.hops) expect(hop.auth).toMatch(new RegExp(`^${lab.keys.client} \\(ED25519 SHA256:`))
    expect((await curlSocks(ready.socks.port, lab.webUis.zeppelin)).stdout).toContain('Zeppelin (emr-access lab)')
    expect((await tunnel.stop()).code).toBe(0)
  })

  it('authenticates every hop with ssh-agent (SSH_AUTH_SOCK), no key file anywhere', async () => {
    const tunnel = new ConnectProcess(tunnelArgs(), {SSH_AUTH_SOCK: agentSocket})
    const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    expect(ready.hops.map((hop) => hop.auth)).toEqual(['ssh-agent', 'ssh-agent'])
    expect((await curlSocks(ready.socks.port, lab.webUis.yarn)).stdout).toContain('YARN ResourceManager (emr-access lab)')
    expect((await tunnel.stop()).code).toBe(0)
  })

  it('a wrong key fails fast with a clear message: one connection, no retry loop, exit 1', async () => {
    const before = sshdConnectionCount(lab, 'bastion')
    const result = await runConnect(tunnelArgs('-i', lab.keys.wrong))
    expect(result.code).toBe(1)
    expect(result.elapsedMs).toBeLessThan(10_000)
    expect(result.stderr).toMatch(
      new RegExp(
        `^Error: bastion ec2-user@${lab.bastion.address.replace(/\./g, '\\.')}: authentication failed \\(publickey\\): offered ${lab.keys.wrong} \\(ED25519 SHA256:[^)]+\\), and the server accepted none\\. Check the user name`,
        'm',
      ),
    )
    // The bastion's host key was accepted (and recorded as a hostkey event) before authentication failed.
    expect(result.events.map((event) => event.event)).toEqual(['hostkey', 'error', 'closed'])
    expect(result.events[0]).toMatchObject({role: 'bastion', fingerprint: lab.bastion.fingerprints.ed25519, status: 'known', reconnect: false})
    expect(result.events[1]).toMatchObject({kind: 'auth', fatal: true, code: 'AUTH_FAILED'})
    expect(result.events[2]).toMatchObject({reason: 'error', exitCode: 1})
    // sshd logs each TCP connection: exactly one attempt was made.
    // The CLI has exited, so every attempt is made; sshd's log may lag a moment behind.
    await expect.poll(() => sshdConnectionCount(lab, 'bastion') - before, {timeout: 10_000}).toBe(1)
  })

  it('a passphrase-protected key with no terminal fails before connecting, saying what to do', async () => {
    const before = sshdConnectionCount(lab, 'bastion')
    const result = await runConnect(tunnelArgs('-i', lab.keys.encrypted))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/the key has a passphrase and there is no terminal to ask for it \(add it to ssh-agent with ssh-add/)
    expect(result.stderr).not.toContain(lab.keys.encryptedPassphrase)
    expect(sshdConnectionCount(lab, 'bastion')).toBe(before)
  })

  it('reads ~/.ssh/config: HostName, User, IdentityFile and ProxyJump make `--host lab-primary` enough', async () => {
    const home = freshHome()
    mkdirSync(join(home, '.ssh'), {mode: 0o700})
    // The lab's OpenSSH config, as a user would have it (UserKnownHostsFile is not read: --known-hosts).
    writeFileSync(join(home, '.ssh', 'config'), readFileSync(lab.sshConfig, 'utf8'))
    const tunnel = new ConnectProcess(['--host', 'lab-primary', '--known-hosts', lab.knownHosts, '--socks-port', '0', '--pac-port', '0', '--json'], {HOME: home})
    const ready = (await tunnel.waitFor('ready', 30_000)) as ReadyEvent
    expect(ready.hops.map((hop) => [hop.role, hop.user, hop.host])).toEqual([
      ['bastion', 'ec2-user', lab.bastion.address],
      ['primary', 'hadoop', lab.primary.name],
    ])
    expect(ready.webUis[0]!.url).toContain(lab.primary.name)
    expect((await tunnel.stop()).code).toBe(0)
  })
})
