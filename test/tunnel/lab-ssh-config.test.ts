/**
 * ssh_config's host-key and identity options, honoured per hop as OpenSSH does, against real
 * OpenSSH in the namespace lab (and a real ssh-agent): UserKnownHostsFile (several files, ~),
 * StrictHostKeyChecking (accept-new records in the first UserKnownHostsFile; yes refuses),
 * --host-key-checking over the config, and IdentitiesOnly keeping the agent's keys out.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {planTunnel, type TunnelRequest} from '../../src/tunnel/plan.js'
import {parseDestination} from '../../src/tunnel/ssh/destination.js'
import {SshConfigFile} from '../../src/tunnel/ssh/ssh-config.js'
import {connectChain, DEFAULT_TIMING} from '../../src/tunnel/ssh/transport.js'
import {labCheck, labTitle, startLab, stopLab, type Lab} from './support/lab.js'

const agentMissing = spawnSync('ssh-agent', ['-h']).error !== undefined

describe.skipIf(!labCheck().run)(labTitle('ssh_config host-key and identity options per hop (real OpenSSH lab)'), () => {
  let lab: Lab
  let home: string
  let agent: {socket: string; pid: number} | undefined

  const request = (extra: Partial<TunnelRequest> = {}): TunnelRequest => ({
    primary: parseDestination(lab.primary.name),
    bastion: parseDestination(lab.bastion.address),
    jumps: [],
    identityFiles: [],
    ...extra,
  })

  function plan(config: string, extra: Partial<TunnelRequest> = {}) {
    const sshConfig = SshConfigFile.fromText(config, {home, localUser: 'tester'})
    return planTunnel(request(extra), sshConfig, {prompt: async () => undefined})
  }

  async function outcome(planned: ReturnType<typeof plan>): Promise<string[] | TunnelFailure> {
    try {
      const chain = await connectChain({hops: planned.hops, hostKeys: planned.hostKeys, keys: planned.keys, timing: DEFAULT_TIMING})
      chain.close()
      return chain.reports.map((report) => `${report.hostKey.status} ${report.hostKey.where}`)
    } catch (error) {
      return error as TunnelFailure
    }
  }

  beforeAll(() => {
    lab = startLab('cfg')
    home = mkdtempSync(join(tmpdir(), 'emra-cfg-home-'))
    mkdirSync(join(home, '.ssh'))
  }, 90_000)

  afterAll(() => {
    if (agent) process.kill(agent.pid, 'SIGTERM')
    stopLab(lab)
    if (home) rmSync(home, {recursive: true, force: true})
  }, 60_000)

  it('UserKnownHostsFile: several files per hop, ~ expanded; the hop is checked against them only', async () => {
    mkdirSync(join(home, '.ssh', 'lab'), {recursive: true})
    writeFileSync(join(home, '.ssh', 'lab', 'empty'), '')
    writeFileSync(join(home, '.ssh', 'lab', 'known'), readFileSync(lab.knownHosts))
    const config = `Host *\n  IdentityFile ${lab.keys.client}\n  UserKnownHostsFile ~/.ssh/lab/empty ~/.ssh/lab/known\n`
    expect(await outcome(plan(config))).toEqual([`known ${join(home, '.ssh/lab/known')}:1`, `known ${join(home, '.ssh/lab/known')}:3`])
    // The same hosts with only the empty file: not known, refused (StrictHostKeyChecking defaults to yes).
    const refused = await outcome(plan(`Host *\n  IdentityFile ${lab.keys.client}\n  UserKnownHostsFile ~/.ssh/lab/empty\n`))
    expect(refused).toBeInstanceOf(TunnelFailure)
    expect((refused as TunnelFailure).message).toMatch(/^bastion ec2-user@[\d.]+: host key not known; .* record it in .*\/\.ssh\/lab\/empty$/)
  })

  it('StrictHostKeyChecking accept-new records in the first UserKnownHostsFile; --host-key-checking strict overrides it', async () => {
    const file = join(home, '.ssh', 'lab', 'accept-new')
    const config = `Host *\n  IdentityFile ${lab.keys.client}\n  UserKnownHostsFile ${file} /dev/null\n  StrictHostKeyChecking accept-new\n`
    const strict = await outcome(plan(config, {hostKeyChecking: 'strict'}))
    expect((strict as TunnelFailure).kind).toBe('host-key')
    expect(await outcome(plan(config))).toEqual([`recorded ${file}`, `recorded ${file}`])
    const found = spawnSync('ssh-keygen', ['-F', lab.primary.name, '-f', file], {encoding: 'utf8'})
    expect(found.status).toBe(0)
    expect(await outcome(plan(config, {hostKeyChecking: 'strict'}))).toEqual([`known ${file}:1`, `known ${file}:2`])
  })

  it('StrictHostKeyChecking no is taken as accept-new (a changed key is still refused), and the notes say so', () => {
    const planned = plan(`Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile ${lab.knownHosts}\n`)
    expect(planned.notes).toContain(
      `ssh_config StrictHostKeyChecking no for ${lab.primary.name} is taken as accept-new: emr-access records unknown host keys but never connects to a host whose key changed`,
    )
  })

  it.skipIf(agentMissing && process.env.CI !== 'true')(`IdentitiesOnly yes: the agent's keys are not offered, only the IdentityFile${agentMissing ? ' [ssh-agent missing]' : ''}`, async () => {
    const socket = join(home, 'agent.sock')
    const started = spawnSync('ssh-agent', ['-a', socket, '-s'], {encoding: 'utf8'})
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1])
    expect(pid).toBeGreaterThan(0)
    agent = {socket, pid}
    expect(spawnSync('ssh-add', ['-q', lab.keys.client], {env: {...process.env, SSH_AUTH_SOCK: socket}}).status).toBe(0)
    const config = (only: string) => `Host *\n  IdentityFile ${lab.keys.wrong}\n  UserKnownHostsFile ${lab.knownHosts}\n  IdentitiesOnly ${only}\n`
    // Without IdentitiesOnly the agent's (authorized) key gets in after the unauthorized file.
    expect(await outcome(plan(config('no'), {agentSocket: socket}))).toHaveLength(2)
    const refused = await outcome(plan(config('yes'), {agentSocket: socket}))
    expect((refused as TunnelFailure).kind).toBe('auth')
    expect((refused as TunnelFailure).message).toContain(`offered ${lab.keys.wrong} (ED25519 `)
    expect((refused as TunnelFailure).message).not.toContain('ssh-agent')
  })
})
