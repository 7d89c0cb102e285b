/**
 * `emr-access proxy-config`: the FoxyProxy export agrees with the PAC file (both evaluated on the
 * same URLs: the PAC by pac-resolver, FoxyProxy's patterns the way FoxyProxy tests them), the
 * ssh_config block, the Chromium command line, and the command's inputs.
 */
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createPacResolver} from 'pac-resolver'
import {QuickJS} from 'quickjs-wasi'
import {describe, expect, it} from 'vitest'
import {foxyProxyDecides, foxyProxyExport, ipv4CidrRegex, type FoxyProxyExport} from '../../src/tunnel/exports/foxyproxy.js'
import {chromeCommandLine} from '../../src/tunnel/exports/chrome-flags.js'
import {sshConfigBlock} from '../../src/tunnel/exports/ssh-config.js'
import {generatePac, pacInputFromAllowlist} from '../../src/tunnel/pac/pac-file.js'
import {Allowlist} from '../../src/tunnel/socks/allowlist.js'
import {HOST_ONLY_ALLOWLIST} from '../../src/tunnel/target.js'
import {runCli} from '../support/cli.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {CLUSTER_ID, privateTopology} from '../support/topologies.js'
import {freshHome, tempDir} from './support/connect-process.js'

const PROXY = {host: '127.0.0.1', port: 8157}
const TUNNEL = 'SOCKS5 127.0.0.1:8157'

const URLS = [
  // Names: the primary, names under the suffixes, the suffix itself, look-alikes that must stay DIRECT.
  'http://ip-10-20-1-5.eu-west-1.compute.internal:8088/cluster',
  'https://ip-10-20-1-5.eu-west-1.compute.internal:9443/hub/login',
  'http://IP-10-20-1-5.EU-WEST-1.COMPUTE.INTERNAL:8088/',
  'http://ip-10-20-1-5.eu-west-1.compute.internal.:8088/',
  'http://ip-10-0-2-20.ec2.internal:8088/',
  'http://ec2.internal/',
  'http://compute.internal/',
  'http://ec2.internal.evil.example/',
  'http://xec2.internal/',
  'http://example.com/?next=http://ip-10-0-2-20.ec2.internal:8088/',
  'http://example.com/ip-10-0-2-20.ec2.internal',
  'http://user@ip-10-0-2-20.ec2.internal:8088/',
  'http://ip-10-0-2-20.ec2.internal@example.com/',
  'http://emr.corp.example:8088/',
  'http://sub.emr.corp.example/',
  'http://notemr.corp.example/',
  'https://public.example.test/',
  'https://www.amazon.com/',
  // IPv4: inside and outside each range, edges of partial octets.
  'http://10.0.0.1/',
  'http://10.255.255.255:8042/',
  'http://11.0.0.1/',
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://172.32.0.1/',
  'http://172.15.255.255/',
  'http://192.168.1.1:8080/x',
  'http://192.169.1.1/',
  'http://100.64.0.1/',
  'http://100.127.255.255/',
  'http://100.128.0.1/',
  'http://100.63.255.255/',
  'http://10.20.15.1/',
  'http://10.20.16.1/',
  'http://10.20.31.200/',
  'http://10.20.32.1/',
  'http://8.8.8.8/',
  'http://10.0.0.1.example/',
  'ws://10.0.0.5:8888/api/kernels',
]

async function pacDecides(pac: string) {
  const qjs = await QuickJS.create()
  return createPacResolver(qjs, pac, {sandbox: {dnsResolve: async () => null}})
}

async function agree(entries: string[]): Promise<{foxy: FoxyProxyExport; decisions: Record<string, string>}> {
  const input = pacInputFromAllowlist(Allowlist.parse(entries), PROXY)
  const findProxy = await pacDecides(generatePac(input))
  const {json: foxy} = foxyProxyExport(input)
  const decisions: Record<string, string> = {}
  for (const url of URLS) {
    const pac = await findProxy(url)
    decisions[url] = pac
    expect(foxyProxyDecides(foxy, url), url).toBe(pac)
  }
  return {foxy, decisions}
}

describe('FoxyProxy export agrees with the PAC file', () => {
  it('on the --host defaults (RFC 1918, .ec2.internal, .compute.internal)', async () => {
    const {decisions} = await agree(HOST_ONLY_ALLOWLIST)
    expect(decisions['http://ip-10-0-2-20.ec2.internal:8088/']).toBe(TUNNEL)
    expect(decisions['http://172.31.255.254/']).toBe(TUNNEL)
    expect(decisions['http://172.32.0.1/']).toBe('DIRECT')
    expect(decisions['http://ec2.internal.evil.example/']).toBe('DIRECT')
    expect(decisions['http://example.com/?next=http://ip-10-0-2-20.ec2.internal:8088/']).toBe('DIRECT')
    expect(decisions['https://public.example.test/']).toBe('DIRECT')
  })

  it('on a cluster-like list: CIDRs off octet boundaries, a custom DHCP domain, a host by name', async () => {
    const {decisions} = await agree(['10.20.16.0/20', '100.64.0.0/10', '.eu-west-1.compute.internal', '.emr.corp.example', 'ip-10-0-2-20.ec2.internal'])
    expect(decisions['http://10.20.31.200/']).toBe(TUNNEL)
    expect(decisions['http://10.20.32.1/']).toBe('DIRECT')
    expect(decisions['http://100.127.255.255/']).toBe(TUNNEL)
    expect(decisions['http://sub.emr.corp.example/']).toBe(TUNNEL)
    expect(decisions['http://notemr.corp.example/']).toBe('DIRECT')
    expect(decisions['http://ip-10-0-2-20.ec2.internal:8088/']).toBe(TUNNEL)
  })

  it('is FoxyProxy 8 import JSON: one socks5 proxy, Proxy DNS on, pattern mode, regex includes', () => {
    const {json, notes} = foxyProxyExport(pacInputFromAllowlist(Allowlist.parse([...HOST_ONLY_ALLOWLIST, '2600:1f18:abcd::/56']), PROXY))
    expect(json).toMatchObject({mode: 'pattern', proxyDNS: true})
    expect(json.data).toHaveLength(1)
    expect(json.data[0]).toMatchObject({active: true, type: 'socks5', hostname: '127.0.0.1', port: '8157', proxyDNS: true, exclude: []})
    expect(json.data[0]!.include.map((entry) => entry.title)).toEqual(['.ec2.internal', '.compute.internal', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])
    for (const entry of json.data[0]!.include) expect(entry).toMatchObject({type: 'regex', active: true})
    expect(notes).toEqual(['2600:1f18:abcd::/56: IPv6 ranges are not in the FoxyProxy patterns (use the PAC file for IPv6 literals)'])
  })

  it('IPv4 CIDR regexes', () => {
    expect(ipv4CidrRegex(0x0a000000, 8)).toBe('10\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])')
    expect(ipv4CidrRegex(0xac100000, 12)).toMatch(/^172\\\.\(16\|17\|.*\|31\)\\\./)
    expect(ipv4CidrRegex(0x0a000205, 32)).toBe('10\\.0\\.2\\.5')
  })
})

describe('ssh_config block and Chromium command line', () => {
  it('ProxyJump through the jump hosts then the bastion, DynamicForward on the SOCKS port', () => {
    const block = sshConfigBlock({
      alias: 'emr-j-1',
      primary: {host: '10.0.2.20'},
      jumps: [{host: 'corp-gw'}, {user: 'ec2-user', host: '203.0.113.10', port: 2222}],
      socksHost: '127.0.0.1',
      socksPort: 8157,
      identityFiles: ['/home/ana/keys/emr key.pem'],
    })
    expect(block.split('\n')).toEqual(
      expect.arrayContaining([
        'Host emr-j-1',
        '  HostName 10.0.2.20',
        '  User hadoop',
        '  ProxyJump corp-gw,ec2-user@203.0.113.10:2222',
        '  DynamicForward 127.0.0.1:8157',
        '  IdentityFile "/home/ana/keys/emr key.pem"',
        '  StrictHostKeyChecking yes',
      ]),
    )
  })

  it('OpenSSH accepts the block (ssh -G)', () => {
    const dir = tempDir('emra-sshcfg-')
    const file = join(dir, 'config')
    writeFileSync(
      file,
      sshConfigBlock({
        alias: 'emr-x',
        primary: {host: 'ip-10-0-2-20.ec2.internal', user: 'hadoop'},
        jumps: [{user: 'ec2-user', host: '203.0.113.10'}],
        socksHost: '127.0.0.1',
        socksPort: 8157,
        identityFiles: [],
      }),
    )
    const result = spawnSync('ssh', ['-G', '-F', file, 'emr-x'], {encoding: 'utf8'})
    if (result.error) return // no OpenSSH client here
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('hostname ip-10-0-2-20.ec2.internal')
    expect(result.stdout).toMatch(/proxyjump ec2-user@\[?203\.0\.113\.10\]?\n/)
    expect(result.stdout).toMatch(/dynamicforward \[?127\.0\.0\.1\]?:8157/)
  })

  it('Chromium: a separate profile and the PAC URL, shell-quoted', () => {
    expect(chromeCommandLine({pacUrl: 'http://127.0.0.1:8158/proxy.pac', profile: '/tmp/my profile'})).toBe(
      "chromium '--user-data-dir=/tmp/my profile' --proxy-pac-url=http://127.0.0.1:8158/proxy.pac --no-first-run --no-default-browser-check\n",
    )
  })
})

describe('emr-access proxy-config (CLI)', () => {
  const env = {HOME: freshHome()}

  it('--format pac prints what `pac` prints', () => {
    const a = runCli(['proxy-config', '--format', 'pac', '--socks-port', '9000'], env)
    const b = runCli(['pac', '--socks-port', '9000'], env)
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
  })

  it('--format foxyproxy for a snapshot cluster: JSON whose patterns follow the cluster', () => {
    const result = runCli(['proxy-config', CLUSTER_ID, '--snapshot', writeSnapshotDir(privateTopology()), '--format', 'foxyproxy'], env)
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as FoxyProxyExport
    expect(json.data[0]!.title).toBe(`emr-access ${CLUSTER_ID}`)
    expect(json.data[0]!.include.some((entry) => entry.title === '.ec2.internal')).toBe(true)
  })

  it('--format ssh-config needs the primary; chrome-flags uses --pac-port; a bad --format is exit 2', () => {
    const missing = runCli(['proxy-config', '--format', 'ssh-config'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--format ssh-config needs the primary: a CLUSTER_ID or --host')
    const ssh = runCli(['proxy-config', '--host', 'ip-10-0-2-20.ec2.internal', '--bastion', '203.0.113.10', '--format', 'ssh-config'], env)
    expect(ssh.stdout).toContain('  ProxyJump ec2-user@203.0.113.10\n')
    const chrome = runCli(['proxy-config', '--format', 'chrome-flags', '--pac-port', '9158'], env)
    expect(chrome.stdout).toContain('--proxy-pac-url=http://127.0.0.1:9158/proxy.pac')
    expect(chrome.stdout).toContain('browser-chromium-9158')
    expect(runCli(['proxy-config', '--format', 'nope'], env).code).toBe(2)
  })
})
