import {describe, expect, it} from 'vitest'
import {describeSet, intersect, setOf, setToCidrs, subtract, union} from '../../src/analysis/reachability/address-set.js'
import {externalAddresses} from '../../src/analysis/reachability/engine.js'

describe('address sets', () => {
  it('subtracts, intersects and unions across both families, printing the fewest CIDR blocks', () => {
    const world = setOf('0.0.0.0/0')
    expect(setToCidrs(subtract(world, setOf('128.0.0.0/1')))).toEqual(['0.0.0.0/1'])
    expect(setToCidrs(subtract(setOf('10.0.0.0/24'), setOf('10.0.0.64/26')))).toEqual(['10.0.0.0/26', '10.0.0.128/25'])
    expect(setToCidrs(union(setOf('10.0.0.0/25'), setOf('10.0.0.128/25'), setOf('2001:db8::/33'), setOf('2001:db8:8000::/33')))).toEqual(['10.0.0.0/24', '2001:db8::/32'])
    expect(setToCidrs(intersect(setOf('10.0.0.0/8', '::/0'), setOf('10.1.2.3', 'fe80::1')))).toEqual(['10.1.2.3/32', 'fe80::1/128'])
    expect(describeSet(setOf('10.0.0.1', '10.0.0.3', '10.0.0.5'), 2)).toBe('10.0.0.1/32, 10.0.0.3/32 and 1 more blocks')
  })

  it('"internet" is the routable public space: no private, shared, loopback, link-local, documentation or multicast addresses', () => {
    const internet = externalAddresses({kind: 'external', label: 'internet', addresses: 'internet'})
    for (const excluded of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.169.254',
      '203.0.113.5',
      '198.51.100.5',
      '192.0.2.1',
      '224.0.0.1',
      '255.255.255.255',
      '0.1.2.3',
    ]) {
      expect(setToCidrs(intersect(internet, setOf(excluded))), excluded).toEqual([])
    }
    for (const included of ['8.8.8.8', '54.0.0.10', '100.63.255.255', '100.128.0.0', '172.32.0.1']) {
      expect(setToCidrs(intersect(internet, setOf(included))), included).toEqual([`${included}/32`])
    }
    // IPv6 only when the interface end has an IPv6 address.
    expect(internet.every((interval) => interval.version === 4)).toBe(true)
    const v6 = externalAddresses({kind: 'external', label: '::/0', addresses: '::/0'})
    expect(setToCidrs(intersect(v6, setOf('2600:1f18::1')))).toEqual(['2600:1f18::1/128'])
    for (const excluded of ['::1', 'fe80::1', 'fd00::1', 'ff02::1', '2001:db8::1']) expect(setToCidrs(intersect(v6, setOf(excluded))), excluded).toEqual([])
    // A range named explicitly keeps documentation addresses (stand-ins for real ones in examples).
    expect(setToCidrs(externalAddresses({kind: 'external', label: 'x', addresses: '203.0.113.0/24'}))).toEqual(['203.0.113.0/24'])
  })
})
