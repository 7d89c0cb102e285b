/**
 * Hostile values (from flags and from a crafted snapshot) against every generated file
 * `proxy-config` and `pac` write. Each output is parsed back the way its consumer parses it —
 * `ssh -G` for ssh_config, a PAC engine for the PAC file, JSON.parse for FoxyProxy, a POSIX shell
 * for the Chromium command line — and must hold exactly the intended directives; a value that
 * cannot be embedded safely is exit 2 with one stderr line naming the flag or the data.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createPacResolver} from 'pac-resolver'
import {QuickJS} from 'quickjs-wasi'
import {afterAll, describe, expect, it} from 'vitest'
import {chromeCommandLine} from '../src/tunnel/exports/chrome-flags.js'
import {foxyProxyExport} from '../src/tunnel/exports/foxyproxy.js'
import {UnsafeValueError} from '../src/tunnel/exports/safe-values.js'
import {sshConfigBlock, type SshConfigInput} from '../src/tunnel/exports/ssh-config.js'
import {generatePac} from '../src/tunnel/pac/pac-file.js'
import {runCli} from './support/cli.js'
import {writeSnapshotDir} from './support/snapshot-files.js'
import {CLUSTER_ID, privateTopology, type Snapshot} from './support/topologies.js'
import {freshHome, killAll, tempDir} from './tunnel/support/connect-process.js'

afterAll(() => killAll())

/** Values a hostile contributor would try: line breaks, directives, quotes, tokens, escapes, options. */
const HOSTILE = [
  'h\nProxyCommand touch /tmp/emra-pwned',
  'h\r\nLocalCommand id',
  'h ProxyCommand=id',
  'h"\n  Match exec "id',
  'h\tInclude /tmp/x',
  '-oProxyCommand=id',
  'h%d',
  'h${HOME}',
  'h#comment',
  'h,evil',
  'h\u001b[2Jcleared',
  'h\u202eevil',
  'a\u2028b',
  'h\'"`$(id)`',
  '',
]

const SSH = spawnSync('ssh', ['-V'], {encoding: 'utf8'})
const haveSsh = !SSH.error
if (!haveSsh) process.stderr.write(`ssh-config parse-back tests ${process.env.CI === 'true' ? 'will FAIL (CI=true)' : 'skipped'}: no OpenSSH client (ssh) on PATH\n`)

/** `ssh -G` of a config file for a host: keyword → values (multi-valued keywords keep every value). */
function sshG(configText: string, host: string): Map<string, string[]> {
  const dir = tempDir('emra-sshg-')
  const file = join(dir, 'config')
  writeFileSync(file, configText)
  const result = spawnSync('ssh', ['-G', '-F', file, host], {encoding: 'utf8', env: {PATH: process.env.PATH ?? '', HOME: dir}})
  expect(result.status, result.stderr).toBe(0)
  const map = new Map<string, string[]>()
  for (const line of result.stdout.split('\n')) {
    if (!line) continue
    const space = line.indexOf(' ')
    const key = line.slice(0, space)
    map.set(key, [...(map.get(key) ?? []), line.slice(space + 1)])
  }
  return map
}

/** What the block adds to OpenSSH's defaults, per keyword. */
function directives(configText: string, host: string): Record<string, string[]> {
  const base = sshG('', host)
  const got = sshG(configText, host)
  const changed: Record<string, string[]> = {}
  for (const [key, values] of got) if (JSON.stringify(values) !== JSON.stringify(base.get(key))) changed[key] = values
  for (const key of base.keys()) if (!got.has(key)) changed[key] = []
  return changed
}

const GOOD: SshConfigInput = {
  alias: 'emr-j-1ABC',
  primary: {host: 'ip-10-0-2-20.ec2.internal', user: 'hadoop'},
  jumps: [
    {user: 'ops', host: 'corp-gw.example.com', port: 2222},
    {user: 'ec2-user', host: '203.0.113.10'},
  ],
  socksHost: '127.0.0.1',
  socksPort: 8157,
  identityFiles: ['/home/ana/keys/emr key "prod" \\ 100%.pem', '~/.ssh/emr#1.pem'],
}

describe.runIf(haveSsh || process.env.CI === 'true')('ssh-config: ssh -G reads back exactly the intended directives', () => {
  it('a good block, with a path holding spaces, quotes, a backslash, % and #', () => {
    const block = sshConfigBlock(GOOD)
    expect(directives(block, GOOD.alias)).toEqual({
      hostname: ['ip-10-0-2-20.ec2.internal'],
      user: ['hadoop'],
      // ssh -G prints addresses in brackets.
      proxyjump: ['ops@corp-gw.example.com:2222,ec2-user@[203.0.113.10]'],
      dynamicforward: ['[127.0.0.1]:8157'],
      // ssh -G shows IdentityFile before token expansion: %% is one % when ssh opens the file.
      identityfile: ['/home/ana/keys/emr key "prod" \\ 100%%.pem', '~/.ssh/emr#1.pem'],
      stricthostkeychecking: ['true'],
      exitonforwardfailure: ['yes'],
      serveraliveinterval: ['30'],
      // ServerAliveCountMax 3 is OpenSSH's default: no change to see.
    })
  })

  const fields: [string, (value: string) => SshConfigInput][] = [
    ['alias', (value) => ({...GOOD, alias: value})],
    ['primary host', (value) => ({...GOOD, primary: {host: value}})],
    ['primary user', (value) => ({...GOOD, primary: {host: 'h', user: value}})],
    ['jump host', (value) => ({...GOOD, jumps: [{host: value}]})],
    ['jump user', (value) => ({...GOOD, jumps: [{host: 'gw', user: value}]})],
    ['socks host', (value) => ({...GOOD, socksHost: value})],
    ['identity file', (value) => ({...GOOD, identityFiles: [value]})],
  ]
  for (const [field, make] of fields) {
    it(`hostile ${field}: refused, or embedded without adding a directive`, () => {
      for (const value of HOSTILE) {
        const input = make(value)
        let block: string
        try {
          block = sshConfigBlock(input)
        } catch (error) {
          expect(error, JSON.stringify(value)).toBeInstanceOf(UnsafeValueError)
          expect((error as Error).message).not.toMatch(/[\n\r\u001b\u202e\u2028]/)
          continue
        }
        // Accepted (only paths get this far with such values): one IdentityFile, nothing else added.
        const got = directives(block, input.alias)
        expect(Object.keys(got).sort(), JSON.stringify(value)).toEqual(Object.keys(directives(sshConfigBlock(GOOD), GOOD.alias)).sort())
        expect(got.identityfile, JSON.stringify(value)).toEqual([value.replace(/%/g, '%%')])
        expect(block.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('#'))).toEqual([`Host ${input.alias}`])
      }
    })
  }

  it('a bad port is refused', () => {
    for (const port of [0, 70000, 22.5, Number.NaN]) {
      expect(() => sshConfigBlock({...GOOD, socksPort: port})).toThrow(UnsafeValueError)
      expect(() => sshConfigBlock({...GOOD, primary: {host: 'h', port}})).toThrow(UnsafeValueError)
    }
  })
})

/** A snapshot whose primary node's address carries a ProxyCommand. */
function hostileSnapshot(edit: (snapshot: Snapshot) => void): string {
  const snapshot = privateTopology()
  edit(snapshot)
  return writeSnapshotDir(snapshot)
}

function setPrimary(snapshot: Snapshot, field: 'PrivateIpAddress' | 'PrivateDnsName', value: string) {
  const doc = snapshot[`emr-list-instances-${CLUSTER_ID}`] as {Instances: Record<string, unknown>[]}
  doc.Instances[0]![field] = value
}

describe('proxy-config and pac (CLI): hostile flags and data are exit 2, one line naming the source', () => {
  const env = {HOME: freshHome()}
  const oneLine = (stderr: string) => stderr.trimEnd().split('\n')

  it('a crafted snapshot cannot put a ProxyCommand into the ssh-config block', () => {
    const injected = 'ip-10-1-1-10.ec2.internal\n  ProxyCommand touch /tmp/emra-pwned'
    for (const field of ['PrivateIpAddress', 'PrivateDnsName'] as const) {
      const snap = hostileSnapshot((s) => setPrimary(s, field, field === 'PrivateIpAddress' ? injected : injected))
      const result = runCli(['proxy-config', CLUSTER_ID, '--snapshot', snap, '--format', 'ssh-config'], env)
      expect(result.stdout).not.toMatch(/ProxyCommand/i)
      if (result.code === 0) {
        // The input layer may drop the bad field and fall back to a good one; what is written must then be clean.
        expect(directives(result.stdout, `emr-${CLUSTER_ID}`)).not.toHaveProperty('proxycommand')
      } else {
        expect(result.code).toBe(2)
        expect(oneLine(result.stderr)).toHaveLength(1)
        expect(result.stderr).not.toContain('\u001b')
      }
    }
    expect(existsSync('/tmp/emra-pwned')).toBe(false)
  })

  function expectRefused(args: string[], flag: string) {
    const result = runCli(args, env)
    expect(result.code, `${JSON.stringify(args)}: ${result.stderr}`).toBe(2)
    expect(result.stdout, JSON.stringify(args)).toBe('')
    expect(oneLine(result.stderr), JSON.stringify(args)).toHaveLength(1)
    expect(result.stderr, JSON.stringify(args)).toContain(flag)
    expect(result.stderr).not.toMatch(/[\u001b\u0007]/)
  }

  it('hostile flag values for ssh-config: exit 2 naming the flag, nothing on stdout', () => {
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h\nProxyCommand id'], '--host')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'hadoop@h', '--bastion', '-oProxyCommand=id'], '--bastion')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h', '--jump', 'gw%d'], '--jump')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h\u001b[31mX'], '--host')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h', '-i', '/tmp/k\n  LocalCommand id'], '--identity-file')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h', '-i', '/tmp/${HOME}/k'], '--identity-file')
    expectRefused(['proxy-config', '--format', 'ssh-config', '--host', 'h', '--socks-host', '127.0.0.1\nProxyCommand id'], '--socks-host')
  })

  it('hostile flag values for pac, foxyproxy, chrome-flags: exit 2 naming the flag, nothing on stdout', () => {
    expectRefused(['pac', '--socks-host', '127.0.0.1:1; DIRECT'], '--socks-host')
    expectRefused(['proxy-config', '--format', 'pac', '--socks-host', '1.2.3.4"; } function FindProxyForURL(u, h) { return "PROXY evil:80'], '--socks-host')
    expectRefused(['pac', '--allow', '.ec2.internal")||true||("'], '--allow')
    expectRefused(['proxy-config', '--format', 'foxyproxy', '--socks-host', 'a\u001b]0;title\u0007'], '--socks-host')
    expectRefused(['proxy-config', '--format', 'chrome-flags', '--browser', 'chromium\n rm -rf ~'], '--browser')
    expectRefused(['pac', 'j-BAD\nX'], 'CLUSTER_ID')
  })

  it('a DHCP domain name from the data that is not a DNS name is refused, named as data, not as --allow', () => {
    const snap = hostileSnapshot((s) => {
      const doc = s['ec2-describe-dhcp-options'] as {DhcpOptions: {DhcpConfigurations: {Key: string; Values: {Value: string}[]}[]}[]}
      doc.DhcpOptions[0]!.DhcpConfigurations[0]!.Values[0]!.Value = 'corp") || true || ("'
    })
    for (const args of [
      ['pac', CLUSTER_ID, '--snapshot', snap],
      ['proxy-config', CLUSTER_ID, '--snapshot', snap, '--format', 'foxyproxy'],
    ]) {
      const result = runCli(args, env)
      if (result.code === 0) {
        expect(result.stdout).not.toContain('true ||')
        continue
      }
      expect(result.code).toBe(2)
      expect(result.stderr).not.toContain('--allow')
      expect(oneLine(result.stderr)).toHaveLength(1)
    }
  })
})

describe('PAC: only checked values, as string literals; a PAC engine reads back the intended decisions', () => {
  it('hostile hosts, suffixes, CIDRs and proxy values are refused', () => {
    const good = {proxy: {host: '127.0.0.1', port: 8157}, hosts: ['ip-10-0-2-20.ec2.internal'], suffixes: ['ec2.internal'], cidrs: ['10.0.0.0/16']}
    for (const value of HOSTILE) {
      expect(() => generatePac({...good, hosts: [value]}), JSON.stringify(value)).toThrow(UnsafeValueError)
      expect(() => generatePac({...good, suffixes: [value]}), JSON.stringify(value)).toThrow(UnsafeValueError)
      if (value) expect(() => generatePac({...good, cidrs: [`10.0.0.0/16${value}`]}), JSON.stringify(value)).toThrow(UnsafeValueError)
      expect(() => generatePac({...good, proxy: {host: value, port: 8157}}), JSON.stringify(value)).toThrow(UnsafeValueError)
    }
    for (const port of [0, 65536, 1.5, Number.NaN]) expect(() => generatePac({...good, proxy: {host: '127.0.0.1', port}})).toThrow(UnsafeValueError)
  })

  it('the CLI output evaluates to SOCKS5 for the destinations and DIRECT for everything else', async () => {
    const result = runCli(['pac', '--allow', '10.20.0.0/16', '--allow', '.emr.corp.example', '--allow', 'Primary.Example.', '--socks-host', '::1', '--socks-port', '9000'], {HOME: freshHome()})
    expect(result.code, result.stderr).toBe(0)
    const find = await createPacResolver(await QuickJS.create(), result.stdout, {sandbox: {dnsResolve: async () => null}})
    expect(await find('http://10.20.1.1/')).toBe('SOCKS5 [::1]:9000')
    expect(await find('http://x.emr.corp.example/')).toBe('SOCKS5 [::1]:9000')
    expect(await find('http://primary.example/')).toBe('SOCKS5 [::1]:9000')
    expect(await find('http://example.com/')).toBe('DIRECT')
    expect(await find('http://10.21.1.1/')).toBe('DIRECT')
  })
})

describe('FoxyProxy JSON and the Chromium command line', () => {
  it('FoxyProxy: JSON.parse gives the intended proxy and patterns; hostile values refused', () => {
    const input = {proxy: {host: '127.0.0.1', port: 8157}, hosts: ['primary.example'], suffixes: ['ec2.internal'], cidrs: ['10.0.0.0/8']}
    const parsed = JSON.parse(JSON.stringify(foxyProxyExport(input, `emr-access ${CLUSTER_ID}`).json)) as ReturnType<typeof foxyProxyExport>['json']
    expect(parsed.data.map((proxy) => [proxy.title, proxy.hostname, proxy.port, proxy.include.map((entry) => entry.title)])).toEqual([
      [`emr-access ${CLUSTER_ID}`, '127.0.0.1', '8157', ['primary.example', '.ec2.internal', '10.0.0.0/8']],
    ])
    for (const value of HOSTILE) {
      expect(() => foxyProxyExport({...input, hosts: [value]}), JSON.stringify(value)).toThrow(UnsafeValueError)
      expect(() => foxyProxyExport({...input, proxy: {host: value, port: 1}}), JSON.stringify(value)).toThrow(UnsafeValueError)
    }
    expect(() => foxyProxyExport(input, 'emr\u001b[31m')).toThrow(UnsafeValueError)
  })

  it('Chromium: a POSIX shell splits the line into exactly the intended argv; control characters refused', () => {
    const argv = (line: string) => {
      const result = spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], {encoding: 'utf8'})
      expect(result.status, result.stderr).toBe(0)
      return result.stdout.split('\0').slice(0, -1)
    }
    const awkward = ["/opt/my browser/chrome'$(id)`x`;", '/tmp/pro file/it\'s $HOME "q" *']
    const line = chromeCommandLine({browser: awkward[0], pacUrl: 'http://[::1]:8158/proxy.pac', profile: awkward[1]!, url: 'http://[::1]:8158/'})
    expect(argv(line.trimEnd())).toEqual([
      awkward[0],
      `--user-data-dir=${awkward[1]}`,
      '--proxy-pac-url=http://[::1]:8158/proxy.pac',
      '--no-first-run',
      '--no-default-browser-check',
      'http://[::1]:8158/',
    ])
    for (const value of HOSTILE.filter((text) => /[\u0000-\u001f\u202e\u2028]/.test(text) || text === '')) {
      expect(() => chromeCommandLine({browser: value, pacUrl: 'http://127.0.0.1:8158/proxy.pac', profile: '/tmp/p'}), JSON.stringify(value)).toThrow(UnsafeValueError)
      expect(() => chromeCommandLine({pacUrl: 'http://127.0.0.1:8158/proxy.pac', profile: value}), JSON.stringify(value)).toThrow(UnsafeValueError)
    }
    expect(() => chromeCommandLine({pacUrl: "http://x' ; id ; ':1/proxy.pac", profile: '/tmp/p'})).toThrow(UnsafeValueError)
  })
})
