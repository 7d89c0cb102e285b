import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {formatDestination, parseDestination} from '../../src/tunnel/ssh/destination.js'
import {parseJumpList, resolveHops} from '../../src/tunnel/ssh/hops.js'
import {SshConfigFile} from '../../src/tunnel/ssh/ssh-config.js'

const home = mkdtempSync(join(tmpdir(), 'emra-sshcfg-'))
afterAll(() => rmSync(home, {recursive: true, force: true}))
mkdirSync(join(home, '.ssh', 'conf.d'), {recursive: true})
const env = {home, localUser: 'alice'}

describe('destinations ([user@]host[:port])', () => {
  it('parses names, addresses, ports and bracketed IPv6', () => {
    expect(parseDestination('bastion')).toEqual({host: 'bastion', user: undefined, port: undefined})
    expect(parseDestination('ec2-user@203.0.113.10:2222')).toEqual({user: 'ec2-user', host: '203.0.113.10', port: 2222})
    expect(parseDestination('hadoop@[fd00::5]:22')).toEqual({user: 'hadoop', host: 'fd00::5', port: 22})
    expect(parseDestination('fd00::5')).toEqual({host: 'fd00::5', user: undefined, port: undefined})
    for (const bad of ['', 'host:0', 'host:70000', 'host:x', '@host', 'a b', 'u@']) expect(() => parseDestination(bad), bad).toThrow()
    expect(formatDestination({user: 'u', host: 'fd00::5', port: 2222})).toBe('u@[fd00::5]:2222')
    expect(formatDestination({host: 'h', port: 22})).toBe('h')
  })
})

describe('~/.ssh/config', () => {
  const config = SshConfigFile.fromText(
    [
      'Host lab-primary',
      '  HostName ip-10-0-2-20.ec2.internal',
      '  User hadoop',
      '  ProxyJump lab-bastion',
      '  IdentityFile ~/.ssh/emr.pem',
      'Host lab-bastion',
      '  HostName 203.0.113.10',
      '  Port 2222',
      '  IdentityFile "%d/.ssh/%r-%h.key"',
      'Host corp-gw',
      '  User %u',
      '  ProxyJump none',
      'Match exec "touch ' + join(home, 'match-exec-ran') + '"',
      '  User mallory',
      'Include conf.d/*.conf',
      'Host *',
      '  User default-user',
      '  HashKnownHosts yes',
    ].join('\n'),
    env,
  )
  writeFileSync(join(home, '.ssh', 'conf.d', '10-extra.conf'), 'Host extra\n  HostName 10.9.9.9\n  ProxyCommand aws ssm start-session --target %h\n')
  const withInclude = SshConfigFile.fromText('Include conf.d/*.conf\nHost *\n  User someone\n', env)

  it('computes HostName, User, Port, IdentityFile (with tokens and ~), ProxyJump, HashKnownHosts', () => {
    expect(config.lookup('lab-primary')).toMatchObject({
      hostName: 'ip-10-0-2-20.ec2.internal',
      user: 'hadoop',
      proxyJump: 'lab-bastion',
      identityFiles: [join(home, '.ssh/emr.pem')],
      hashKnownHosts: true,
    })
    expect(config.lookup('lab-bastion')).toMatchObject({hostName: '203.0.113.10', port: 2222, user: 'default-user', identityFiles: [join(home, '.ssh/default-user-203.0.113.10.key')]})
  })

  it('never runs Match exec commands', () => {
    config.lookup('anything')
    expect(existsSync(join(home, 'match-exec-ran'))).toBe(false)
  })

  it('inlines Include (relative to ~/.ssh, with globs)', () => {
    expect(withInclude.lookup('extra')).toMatchObject({hostName: '10.9.9.9', user: 'someone', proxyCommand: 'aws ssm start-session --target %h'})
  })

  it('an absent file is an empty config', () => {
    expect(SshConfigFile.load(env, join(home, 'nope')).lookup('x')).toEqual({alias: 'x', identityFiles: [], hostName: undefined, user: undefined, port: undefined, proxyJump: undefined, proxyCommand: undefined, hashKnownHosts: undefined})
  })

  describe('hop chains', () => {
    it('--host alone follows the primary ProxyJump from ssh_config, and ssh_config users', () => {
      const {hops} = resolveHops({primary: parseDestination('lab-primary'), jumps: []}, config)
      expect(hops.map((hop) => [hop.role, hop.user, hop.host, hop.port])).toEqual([
        ['bastion', 'default-user', '203.0.113.10', 2222],
        ['primary', 'hadoop', 'ip-10-0-2-20.ec2.internal', 22],
      ])
    })

    it('defaults: hadoop on the primary, ec2-user on hops before it; typed user@/port win', () => {
      const empty = SshConfigFile.fromText('', env)
      const {hops} = resolveHops({primary: parseDestination('10.0.1.5'), bastion: parseDestination('203.0.113.10'), jumps: [parseDestination('ops@gw.corp:2200')]}, empty)
      expect(hops.map((hop) => hop.label)).toEqual(['jump host ops@gw.corp:2200', 'bastion ec2-user@203.0.113.10', 'primary hadoop@10.0.1.5'])
    })

    it('--bastion replaces the ProxyJump; a first hop with its own ProxyJump is prefixed (bounded, no cycles)', () => {
      const chained = SshConfigFile.fromText('Host b\n  ProxyJump a\nHost a\n  ProxyJump b\n', env)
      const {hops} = resolveHops({primary: parseDestination('p'), bastion: parseDestination('b'), jumps: []}, chained)
      expect(hops.map((hop) => hop.alias)).toEqual(['a', 'b', 'p'])
    })

    it('notes an ssh_config ProxyCommand it cannot honour yet', () => {
      const {notes} = resolveHops({primary: parseDestination('extra'), jumps: []}, withInclude)
      expect(notes).toEqual(['ssh_config ProxyCommand for extra is not supported yet and was ignored'])
    })

    it('parses ProxyJump / --jump lists', () => {
      expect(parseJumpList('a,u@b:2,none')).toHaveLength(3)
      expect(parseJumpList('none')).toEqual([])
    })
  })
})
