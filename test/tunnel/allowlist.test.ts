import {describe, expect, it} from 'vitest'
import {Allowlist, AllowlistError, parseAllowEntry} from '../../src/tunnel/socks/allowlist.js'

const name = (host: string, port = 80) => ({type: 'domain' as const, host, port})
const v4 = (host: string, port = 80) => ({type: 'ipv4' as const, host, port})
const v6 = (host: string, port = 80) => ({type: 'ipv6' as const, host, port})

describe('allowlist entries', () => {
  it('parses CIDRs, bare addresses, .suffixes, *.suffixes and host names', () => {
    expect(parseAllowEntry('10.0.0.0/16')).toEqual({kind: 'cidr', cidr: '10.0.0.0/16'})
    expect(parseAllowEntry('10.0.1.5')).toEqual({kind: 'cidr', cidr: '10.0.1.5/32'})
    expect(parseAllowEntry('fd00::/8')).toEqual({kind: 'cidr', cidr: 'fd00::/8'})
    expect(parseAllowEntry('[fd00::1]')).toEqual({kind: 'cidr', cidr: 'fd00::1/128'})
    expect(parseAllowEntry('.EC2.Internal.')).toEqual({kind: 'suffix', suffix: 'ec2.internal'})
    expect(parseAllowEntry('*.corp.example.com')).toEqual({kind: 'suffix', suffix: 'corp.example.com'})
    expect(parseAllowEntry('Primary.Example.com')).toEqual({kind: 'host', host: 'primary.example.com'})
  })

  it('rejects what is none of those, naming the entry', () => {
    for (const bad of ['', '10.0.0.0/33', '300.1.1.1/8', '.', '.bad_suffix!', 'exa mple.com', '10.1', '167772180', '-x.example']) {
      expect(() => parseAllowEntry(bad), bad).toThrow(AllowlistError)
    }
    expect(() => Allowlist.parse(['10.0.0.0/16', 'nope!'])).toThrow(expect.objectContaining({input: 'allow', entry: 'nope!', reason: 'is not a CIDR, a .suffix or a host name'}))
  })
})

describe('allowlist decisions', () => {
  const list = Allowlist.parse(['10.0.0.0/16', '.ec2.internal', 'emr.corp.example', 'fd00::/8', '10.0.0.0/16'])

  it('deduplicates and prints entries back in --allow syntax', () => {
    expect(list.toStrings()).toEqual(['10.0.0.0/16', '.ec2.internal', 'emr.corp.example', 'fd00::/8'])
    expect(list.cidrs).toEqual(['10.0.0.0/16', 'fd00::/8'])
    expect(list.suffixes).toEqual(['ec2.internal'])
    expect(list.hosts).toEqual(['emr.corp.example'])
  })

  it('admits addresses inside the CIDRs only (IPv4, IPv6, IPv4-mapped, IP literals sent as names)', () => {
    expect(list.allows(v4('10.0.255.1'))).toBe(true)
    expect(list.allows(v4('10.1.0.1'))).toBe(false)
    expect(list.allows(v4('8.8.8.8'))).toBe(false)
    expect(list.allows(v6('fd00:0:0:0:0:0:0:1'))).toBe(true)
    expect(list.allows(v6('2001:db8::1'))).toBe(false)
    expect(list.allows(v6('::ffff:10.0.0.9'))).toBe(true)
    expect(list.allows(v6('::ffff:8.8.8.8'))).toBe(false)
    expect(list.allows(name('10.0.3.4'))).toBe(true)
    expect(list.allows(name('11.0.3.4'))).toBe(false)
    expect(list.allows(name('[fd00::2]'))).toBe(true)
  })

  it('admits names by suffix (not look-alikes) and by exact host, case-insensitively, trailing dot ignored', () => {
    expect(list.allows(name('ip-10-0-1-5.ec2.internal'))).toBe(true)
    expect(list.allows(name('IP-10-0-1-5.EC2.INTERNAL.'))).toBe(true)
    expect(list.allows(name('ec2.internal'))).toBe(true)
    expect(list.allows(name('evil-ec2.internal'))).toBe(false)
    expect(list.allows(name('ec2.internal.evil.com'))).toBe(false)
    expect(list.allows(name('emr.corp.example'))).toBe(true)
    expect(list.allows(name('x.emr.corp.example'))).toBe(false)
    expect(list.allows(name('example.com'))).toBe(false)
  })

  it('never admits numeric names a resolver would read as an address, nor junk, nor port 0', () => {
    expect(list.allows(name('167772161'))).toBe(false)
    expect(list.allows(name('0x0a.0.0.1'))).toBe(false)
    expect(list.allows(name('10.1'))).toBe(false)
    expect(list.allows(name('a b.ec2.internal'))).toBe(false)
    expect(list.allows(name('ip-10-0-1-5.ec2.internal', 0))).toBe(false)
    expect(list.allows(v4('10.0.0.1', 65536))).toBe(false)
  })

  it('an IP address sent as IPv4 is never matched against names', () => {
    expect(Allowlist.parse(['.ec2.internal']).allows(v4('10.0.0.1'))).toBe(false)
  })
})
