import {describe, expect, it} from 'vitest'
import {aclWorldAllowances, internetFamilies, onlyInternet} from '../../src/analysis/rules/exposure.js'
import type {NetworkAcl, NetworkAclEntry} from '../../src/model/types.js'

function acl(...entries: Partial<NetworkAclEntry>[]): NetworkAcl {
  const full = entries.map((entry, index) => ({ruleNumber: (index + 1) * 10, egress: false, protocol: 'tcp', action: 'allow', ...entry}) as NetworkAclEntry)
  return {id: 'acl-1', vpcId: 'vpc-1', isDefault: false, entries: full, associations: []} as unknown as NetworkAcl
}

describe('the internet as a union of ranges', () => {
  it('two /1 halves, or every range but the private and reserved ones, are the whole IPv4 internet', () => {
    expect(internetFamilies(['0.0.0.0/1', '128.0.0.0/1'])).toEqual([4])
    expect(internetFamilies(['0.0.0.0/1'])).toEqual([])
    // 10/8, 172.16/12, 192.168/16 left out: an internet gateway never delivers them anyway.
    expect(
      internetFamilies([
        '0.0.0.0/5',
        '8.0.0.0/7',
        '11.0.0.0/8',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/2',
        '128.0.0.0/3',
        '160.0.0.0/5',
        '168.0.0.0/6',
        '172.0.0.0/12',
        '172.32.0.0/11',
        '172.64.0.0/10',
        '172.128.0.0/9',
        '173.0.0.0/8',
        '174.0.0.0/7',
        '176.0.0.0/4',
        '192.0.0.0/9',
        '192.128.0.0/11',
        '192.160.0.0/13',
        '192.169.0.0/16',
        '192.170.0.0/15',
        '192.172.0.0/14',
        '192.176.0.0/12',
        '192.192.0.0/10',
        '193.0.0.0/8',
        '194.0.0.0/7',
        '196.0.0.0/6',
        '200.0.0.0/5',
        '208.0.0.0/4',
      ]),
    ).toEqual([4])
    // …but leaving out one public /24 is not the whole internet.
    expect(
      internetFamilies([
        '0.0.0.0/5',
        '8.0.0.0/8',
        '9.0.0.0/9',
        '9.128.0.0/10',
        '9.192.0.0/11',
        '9.224.0.0/12',
        '9.240.0.0/13',
        '9.248.0.0/14',
        '9.252.0.0/15',
        '9.254.0.0/16',
        '9.255.0.0/17',
        '9.255.128.0/18',
        '9.255.192.0/19',
        '9.255.224.0/20',
        '9.255.240.0/21',
        '9.255.248.0/22',
        '9.255.252.0/23',
        '9.255.254.0/24',
        '10.0.0.0/7',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/2',
        '128.0.0.0/1',
      ]),
    ).toEqual([])
  })

  it('IPv6: global unicast 2000::/3 is the whole IPv6 internet; a family never covers the other', () => {
    expect(internetFamilies(['2000::/3'])).toEqual([6])
    expect(internetFamilies(['::/0', '0.0.0.0/0'])).toEqual([4, 6])
    expect(internetFamilies(['2000::/4'])).toEqual([])
  })

  it('onlyInternet: public ranges only', () => {
    expect(onlyInternet('72.21.196.64/29')).toBe(true)
    expect(onlyInternet('10.0.0.0/16')).toBe(false)
    expect(onlyInternet('0.0.0.0/0')).toBe(false)
    expect(onlyInternet('100.64.0.0/10')).toBe(false)
  })
})

describe('network ACL allow sets, first match by rule number', () => {
  it('an allow-all after anti-spoofing denies of private ranges still admits the whole internet', () => {
    const open = aclWorldAllowances(acl({action: 'deny', cidr: '10.0.0.0/8'}, {action: 'deny', cidr: '192.168.0.0/16'}, {cidr: '0.0.0.0/0', protocol: 'all'}), 'tcp', 22)
    expect(open.map((allowance) => [allowance.family, allowance.allows.map((entry) => entry.ruleNumber)])).toEqual([[4, [30]]])
  })

  it('a deny of one public range before the allow-all: not the whole internet', () => {
    expect(aclWorldAllowances(acl({action: 'deny', cidr: '8.8.8.0/24', ports: {from: 22, to: 22}}, {cidr: '0.0.0.0/0', protocol: 'all'}), 'tcp', 22)).toEqual([])
  })

  it('a deny on another port does not matter; an allow that comes after a world deny does', () => {
    expect(aclWorldAllowances(acl({action: 'deny', cidr: '0.0.0.0/0', ports: {from: 3389, to: 3389}}, {cidr: '0.0.0.0/0', protocol: 'all'}), 'tcp', 22)).toHaveLength(1)
    expect(aclWorldAllowances(acl({action: 'deny', cidr: '0.0.0.0/0', ports: {from: 22, to: 22}}, {cidr: '0.0.0.0/0', protocol: 'all'}), 'tcp', 22)).toEqual([])
  })

  it('two /1 allows together, and the IPv6 family on its own', () => {
    const entries = [
      {cidr: '0.0.0.0/1', ports: {from: 0, to: 65535}},
      {cidr: '128.0.0.0/1', ports: {from: 20, to: 25}},
      {ipv6Cidr: '::/0', ports: {from: 22, to: 22}},
    ]
    expect(aclWorldAllowances(acl(...entries), 'tcp', 22).map((allowance) => allowance.family)).toEqual([4, 6])
    expect(aclWorldAllowances(acl(...entries), 'tcp', 26)).toEqual([])
    expect(aclWorldAllowances(acl(...entries), 'udp', 22)).toEqual([])
  })
})
