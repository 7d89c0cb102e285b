/**
 * Host keys from EC2 console output: cloud-init's blocks as Amazon Linux 2 and AL2023 print them
 * (with the console's line prefixes), strictly parsed — hostile text yields nothing, never an echo —
 * and the pinned policy that accepts only those keys. Keys are made by ssh-keygen (real OpenSSH).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {GetConsoleOutputCommand, EC2Client} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import {afterAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {consoleHostKeyPolicy, consolePins, lookupConsoleHostKeys, parseConsoleHostKeys} from '../../src/tunnel/host-keys/console.js'
import {PinnedHostKeyPolicy, type HostKeyPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const work = mkdtempSync(join(tmpdir(), 'emra-console-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

function keygen(type: 'ed25519' | 'ecdsa', name: string): {line: string; blob: Buffer; fingerprint: string} {
  const file = join(work, name)
  spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'root@ip-10-0-2-20', '-f', file])
  const line = readFileSync(`${file}.pub`, 'utf8').trim()
  const fingerprint = spawnSync('ssh-keygen', ['-lf', `${file}.pub`], {encoding: 'utf8'}).stdout.split(' ')[1]!
  return {line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), fingerprint}
}

const ed = keygen('ed25519', 'host_ed25519')
const ecdsa = keygen('ecdsa', 'host_ecdsa')
const other = keygen('ed25519', 'other_ed25519')

/** Amazon Linux 2: fingerprints through `logger -t ec2`, keys bare. */
const al2 = [
  '[   10.123456] cloud-init[2810]: Cloud-init v. 19.3-46.amzn2 running',
  'ec2: #############################################################',
  'ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----',
  `ec2: 256 ${ecdsa.fingerprint} no comment (ECDSA)`,
  `ec2: 256 ${ed.fingerprint} no comment (ED25519)`,
  'ec2: -----END SSH HOST KEY FINGERPRINTS-----',
  'ec2: #############################################################',
  '-----BEGIN SSH HOST KEY KEYS-----',
  ecdsa.line,
  ed.line,
  '-----END SSH HOST KEY KEYS-----',
  '[   11.000000] cloud-init[2810]: Cloud-init v. 19.3-46.amzn2 finished',
].join('\r\n')

describe('cloud-init host-key blocks in console output', () => {
  it('reads both blocks of an Amazon Linux 2 console (ec2: prefixes, CRLF)', () => {
    const pins = parseConsoleHostKeys(al2)!
    expect(pins.keys.map((key) => key.fingerprint)).toEqual([ecdsa.fingerprint, ed.fingerprint])
    expect(pins.fingerprints).toEqual([
      {bits: 256, fingerprint: ecdsa.fingerprint, displayType: 'ECDSA'},
      {bits: 256, fingerprint: ed.fingerprint, displayType: 'ED25519'},
    ])
  })

  it('AL2023-style prefixes on every line, a kernel line inside the block, and the last boot winning', () => {
    const boot = (key: string) => [
      `[  8.1] cloud-init[812]: -----BEGIN SSH HOST KEY KEYS-----`,
      `[  8.1] cloud-init[812]: ${key}`,
      '[  8.2] random: crng init done',
      `[  8.1] cloud-init[812]: -----END SSH HOST KEY KEYS-----`,
    ]
    const pins = parseConsoleHostKeys([...boot(other.line), 'reboot', ...boot(ed.line)].join('\n'))!
    expect(pins.keys.map((key) => key.fingerprint)).toEqual([ed.fingerprint])
  })

  it('fingerprints alone pin by SHA256, for the types they name', () => {
    const text = ['-----BEGIN SSH HOST KEY FINGERPRINTS-----', `256 ${ed.fingerprint} root@host (ED25519)`, '2048 a1:b2:c3 (RSA)', '-----END SSH HOST KEY FINGERPRINTS-----'].join('\n')
    const pins = consolePins({status: 'found', instanceId: 'i-0123456789abcdef0', pins: parseConsoleHostKeys(text)!})
    expect(pins.accepts(ed.blob)).toBe(true)
    expect(pins.accepts(other.blob)).toBe(false)
    expect(pins.algorithms).toEqual(['ssh-ed25519'])
  })

  it('yields nothing from hostile or broken text: no block, an unterminated block, mislabelled or malformed keys', () => {
    expect(parseConsoleHostKeys('Linux version 6.1\nno keys here\n')).toBeUndefined()
    expect(parseConsoleHostKeys(`-----BEGIN SSH HOST KEY KEYS-----\n${ed.line}\n`)).toBeUndefined()
    const mislabelled = `ecdsa-sha2-nistp256 ${ed.line.split(' ')[1]}`
    const injected = `${ed.line}\u001b[2J`
    const text = [
      '-----BEGIN SSH HOST KEY KEYS-----',
      mislabelled,
      injected,
      'ssh-ed25519 !!!notbase64',
      `ssh-ed25519 ${Buffer.from('garbage').toString('base64')}AAAAAAAAAAAA`,
      '-----END SSH HOST KEY KEYS-----',
    ].join('\n')
    expect(parseConsoleHostKeys(text)).toBeUndefined()
    // Oversized lines are skipped, not parsed.
    expect(parseConsoleHostKeys(`-----BEGIN SSH HOST KEY KEYS-----\nssh-ed25519 ${'A'.repeat(20_000)}\n-----END SSH HOST KEY KEYS-----`)).toBeUndefined()
  })

  it('the pinned policy accepts only the console keys and offers only their algorithms; another key is refused as impersonation', async () => {
    const pins = consolePins({status: 'found', instanceId: 'i-0123456789abcdef0', pins: parseConsoleHostKeys(al2)!})
    const policy = new PinnedHostKeyPolicy(pins, SSH2_HOST_KEY_ALGORITHMS)
    const host = {host: '10.0.2.20', port: 22, label: 'primary hadoop@10.0.2.20'}
    expect(await policy.preferredAlgorithms()).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256'])
    expect(await policy.verify(host, ed.blob)).toMatchObject({status: 'pinned', where: 'the EC2 console output of i-0123456789abcdef0'})
    const refused = await policy.verify(host, other.blob).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(TunnelFailure)
    expect((refused as TunnelFailure).kind).toBe('host-key')
    expect((refused as TunnelFailure).message).toContain('HOST KEY DOES NOT MATCH the EC2 console output of i-0123456789abcdef0 - possible impersonation')
    expect((refused as TunnelFailure).message).toContain(other.fingerprint)
  })
})

describe('GetConsoleOutput [aws-sdk-client-mock]', () => {
  const hop: Hop = {role: 'primary', alias: 'p', host: '10.0.2.20', port: 22, user: 'hadoop', identityFiles: [], label: 'primary hadoop@10.0.2.20', instanceId: 'i-0123456789abcdef0'}
  const fallback: HostKeyPolicy = {preferredAlgorithms: async () => undefined, verify: async () => Promise.reject(new Error('fallback used'))}

  it('asks for the latest output, and falls back to the boot buffer where AWS refuses "Latest" for the instance type', async () => {
    const ec2 = mockClient(EC2Client)
    ec2.on(GetConsoleOutputCommand).callsFake((input: {Latest?: boolean}) => {
      if (input.Latest) throw Object.assign(new Error('Latest console output is only supported on Nitro instances'), {name: 'UnsupportedOperation'})
      return {Output: Buffer.from(al2).toString('base64')}
    })
    const lookup = await lookupConsoleHostKeys(new EC2Client({region: 'us-east-1'}), hop.instanceId!)
    expect(lookup.status).toBe('found')
    expect(ec2.commandCalls(GetConsoleOutputCommand).map((call) => call.args[0].input.Latest)).toEqual([true, undefined])
    ec2.restore()
  })

  it('access denied stops with what to grant; an instance without the block keeps known_hosts with a message', async () => {
    const ec2 = mockClient(EC2Client)
    ec2.on(GetConsoleOutputCommand).rejects(Object.assign(new Error('You are not authorized'), {name: 'UnauthorizedOperation'}))
    const denied = await consoleHostKeyPolicy([hop], new EC2Client({region: 'us-east-1'}), fallback, SSH2_HOST_KEY_ALGORITHMS, () => undefined).catch((error: unknown) => error)
    expect((denied as TunnelFailure).kind).toBe('permission')
    expect((denied as TunnelFailure).message).toMatch(/ec2:GetConsoleOutput, UnauthorizedOperation\): grant it .* or check host keys against known_hosts instead$/)
    ec2.reset()
    ec2.on(GetConsoleOutputCommand).resolves({Output: Buffer.from('Linux version 6.1\n').toString('base64')})
    const messages: string[] = []
    const policy = await consoleHostKeyPolicy([hop], new EC2Client({region: 'us-east-1'}), fallback, SSH2_HOST_KEY_ALGORITHMS, (message) => messages.push(message))
    expect(policy).toBe(fallback)
    expect(messages).toEqual([
      'primary hadoop@10.0.2.20: the console output holds no SSH HOST KEY block (cloud-init prints it at first boot; it may have scrolled out) of i-0123456789abcdef0; its host key is checked against known_hosts instead',
    ])
    ec2.restore()
  })
})
