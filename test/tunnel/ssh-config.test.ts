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
    expect(SshConfigFile.load(env, join(home, 'nope')).lookup('x')).toEqual({
      alias: 'x',
      identityFiles: [],
      hostName: undefined,
      user: undefined,
      port: undefined,
      proxyJump: undefined,
      proxyCommand: undefined,
      hashKnownHosts: undefined,
      userKnownHostsFiles: undefined,
      strictHostKeyChecking: undefined,
      identitiesOnly: undefined,
      certificateFiles: [],
    })
  })

  it('UserKnownHostsFile (several, ~ and tokens), StrictHostKeyChecking, IdentitiesOnly, CertificateFile', () => {
    const options = SshConfigFile.fromText(
      [
        'Host lab-*',
        '  UserKnownHostsFile ~/.ssh/known_hosts.d/%h "/etc/ssh/with space"',
        '  StrictHostKeyChecking Accept-New',
        '  IdentitiesOnly yes',
        '  CertificateFile ~/.ssh/id_ed25519-cert.pub',
        'Host off',
        '  UserKnownHostsFile none',
        '  StrictHostKeyChecking no',
      ].join('\n'),
      env,
    )
    expect(options.lookup('lab-a')).toMatchObject({
      userKnownHostsFiles: [join(home, '.ssh/known_hosts.d/lab-a'), '/etc/ssh/with space'],
      strictHostKeyChecking: 'accept-new',
      identitiesOnly: true,
      certificateFiles: [join(home, '.ssh/id_ed25519-cert.pub')],
    })
    expect(options.lookup('off')).toMatchObject({userKnownHostsFiles: [], strictHostKeyChecking: 'no', identitiesOnly: undefined})
  })

  it('ProxyJump and ProxyCommand: the first obtained wins, `none` included', () => {
    const both = SshConfigFile.fromText('Host a\n  ProxyCommand nc %h %p\nHost b\n  ProxyJump gw\nHost *\n  ProxyJump all\n  ProxyCommand none\n', env)
    expect(both.lookup('a')).toMatchObject({proxyCommand: 'nc %h %p', proxyJump: undefined})
    expect(both.lookup('b')).toMatchObject({proxyJump: 'gw', proxyCommand: undefined})
    const noneFirst = SshConfigFile.fromText('Host *\n  ProxyCommand none\n  ProxyJump gw\n', env)
    expect(noneFirst.lookup('x')).toMatchObject({proxyCommand: 'none', proxyJump: undefined})
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

    it("honours the first hop's ssh_config ProxyCommand (tokens of that hop), with nothing before it", () => {
      const {hops, notes} = resolveHops({primary: parseDestination('extra'), jumps: []}, withInclude)
      expect(hops).toHaveLength(1)
      expect(hops[0]).toMatchObject({role: 'primary', host: '10.9.9.9', transport: {kind: 'proxy-command', command: 'aws ssm start-session --target 10.9.9.9'}})
      expect(notes).toEqual([])
    })

    it("a ProxyCommand on the first hop ends the ProxyJump walk; a later hop's own ProxyCommand is not used, and the notes say so", () => {
      const chain = SshConfigFile.fromText('Host p\n  ProxyJump b\nHost b\n  ProxyCommand socat - TCP:%h:%p,connect-timeout=5\n  HostName 192.0.2.7\nHost q\n  ProxyCommand nc %h %p\n', env)
      const {hops} = resolveHops({primary: parseDestination('p'), jumps: []}, chain)
      expect(hops.map((hop) => [hop.alias, hop.transport])).toEqual([
        ['b', {kind: 'proxy-command', command: 'socat - TCP:192.0.2.7:22,connect-timeout=5'}],
        ['p', undefined],
      ])
      const later = resolveHops({primary: parseDestination('q'), bastion: parseDestination('b'), jumps: []}, chain)
      expect(later.hops.map((hop) => hop.transport?.kind)).toEqual(['proxy-command', undefined])
      expect(later.notes).toEqual(["ssh_config ProxyCommand for q is not used: the command line's jump hosts come first, as in OpenSSH"])
    })

    it("--proxy-command carries the first hop and wins over that hop's ssh_config ProxyJump/ProxyCommand", () => {
      const chain = SshConfigFile.fromText('Host p\n  ProxyJump gw\nHost b\n  ProxyCommand nc other %p\n  User ops\n', env)
      const alone = resolveHops({primary: parseDestination('p'), jumps: [], proxyCommand: 'nc -x proxy:1080 %h %p'}, chain)
      expect(alone.hops.map((hop) => [hop.role, hop.transport])).toEqual([['primary', {kind: 'proxy-command', command: 'nc -x proxy:1080 p 22'}]])
      expect(alone.notes).toEqual(["ssh_config ProxyJump for p is not used: the command line's proxy command comes first, as in OpenSSH"])
      const viaBastion = resolveHops({primary: parseDestination('p'), bastion: parseDestination('b'), jumps: [], proxyCommand: 'ssh -W %h:%p %r@corp'}, chain)
      expect(viaBastion.hops.map((hop) => hop.transport)).toEqual([{kind: 'proxy-command', command: 'ssh -W b:22 ops@corp'}, undefined])
      expect(() => resolveHops({primary: parseDestination('p'), jumps: [], proxyCommand: 'nc %h %k'}, chain)).toThrow(/^unknown token %k/)
    })

    it('notes CertificateFile, which ssh2 cannot use', () => {
      const cert = SshConfigFile.fromText('Host p\n  CertificateFile ~/.ssh/c-cert.pub\n  IdentitiesOnly yes\n', env)
      const {hops, notes} = resolveHops({primary: parseDestination('p'), jumps: []}, cert)
      expect(hops[0]!.identitiesOnly).toBe(true)
      expect(notes).toEqual(['ssh_config CertificateFile for p is not used: ssh2 cannot authenticate with user certificates; the plain keys are offered'])
    })

    it('parses ProxyJump / --jump lists', () => {
      expect(parseJumpList('a,u@b:2,none')).toHaveLength(3)
      expect(parseJumpList('none')).toEqual([])
    })
  })
})
