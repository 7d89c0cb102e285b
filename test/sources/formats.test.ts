/**
 * The validation layer must accept everything AWS really returns (documented forms), not only
 * refuse the hostile corpus: a check that rejected real data would make the tool unusable.
 */
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/errors.js'
import {cidrProblem, hostNameProblem, idProblem, ipProblem, protocolProblem, textProblem} from '../../src/sources/aws-json/formats.js'
import {parseNetworkAcls, parseSecurityGroups, parseVpcs} from '../../src/sources/aws-json/ec2.js'
import {Node} from '../../src/sources/aws-json/shape.js'

const node = (value: unknown): Node => new Node(value, 'snap.json', '')

function problem(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
}

describe('formats: what AWS returns is accepted', () => {
  it('CIDR blocks as AWS prints them, IPv4 and IPv6', () => {
    for (const text of ['0.0.0.0/0', '10.1.0.0/16', '203.0.113.7/32', '::/0', '2600:1f18:4b2:9700::/56', '2001:db8::1/128', 'fe80::/10']) {
      expect(cidrProblem(text), text).toBeUndefined()
    }
  })

  it('refuses CIDRs AWS would have canonicalised, saying the canonical form', () => {
    expect(cidrProblem('10.1.2.3/16')).toContain('(10.1.0.0/16)')
    expect(cidrProblem('2001:DB8::/32')).toContain('(2001:db8::/32)')
    expect(cidrProblem('2001:db8:0:0::/64')).toContain('(2001:db8::/64)')
  })

  it('addresses, host names and ids', () => {
    for (const text of ['10.1.0.4', '52.4.180.10', '2600:1f18:4b2:9700::1']) expect(ipProblem(text), text).toBeUndefined()
    for (const text of ['ip-10-1-0-4.ec2.internal', 'ec2-52-4-180-10.compute-1.amazonaws.com', 'ip-10-1-0-4.us-west-2.compute.internal', 'example.com.']) {
      expect(hostNameProblem(text), text).toBeUndefined()
    }
    expect(idProblem('vpc-0a1b2c3d', 'vpc')).toBeUndefined()
    expect(idProblem('vpc-0a1b2c3d4e5f67890', 'vpc')).toBeUndefined()
    expect(idProblem('tgw-attach-0123456789abcdef0', 'transitGatewayAttachment')).toBeUndefined()
    expect(idProblem('sg-0a1b2c3d', 'vpc')).toMatch(/expected vpc-…/)
  })

  it('protocols: -1, names, IANA numbers 0-255', () => {
    for (const text of ['-1', 'tcp', 'udp', 'icmp', 'icmpv6', '0', '6', '17', '50', '58', '255']) expect(protocolProblem(text), text).toBeUndefined()
    for (const text of ['256', '-2', '06', 'all', 'tcp ', '']) expect(protocolProblem(text), text).toBeDefined()
  })

  it('text: printable Unicode passes, controls and bidi overrides do not', () => {
    expect(textProblem('analytics-prod (EU) – Zürich 🚀 数据')).toBeUndefined()
    expect(textProblem('a\u001bb')).toMatch(/U\+001B at offset 1/)
    expect(textProblem('a\u202eb')).toMatch(/U\+202E/)
    expect(textProblem('line 1\nline 2', true)).toBeUndefined()
    expect(textProblem('line 1\nline 2')).toMatch(/U\+000A/)
  })
})

describe('readers: AWS conventions', () => {
  const group = (permission: Record<string, unknown>) => ({SecurityGroups: [{GroupId: 'sg-0a1b2c3d', GroupName: 'g', VpcId: 'vpc-0a1b2c3d', IpPermissions: [permission], IpPermissionsEgress: []}]})

  it('ICMP rules: FromPort is the type, ToPort the code, -1 for all', () => {
    const all = parseSecurityGroups(node(group({IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{CidrIp: '10.0.0.0/8'}]})))
    expect(all[0]!.ingress[0]!.ports).toEqual({from: -1, to: -1})
    const echo = parseSecurityGroups(node(group({IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{CidrIp: '10.0.0.0/8'}]})))
    expect(echo[0]!.ingress[0]!.ports).toEqual({from: 8, to: -1})
    // For ICMP, type 8 and code 0 are not a range: "from > to" is fine.
    expect(problem(() => parseSecurityGroups(node(group({IpProtocol: 'icmpv6', FromPort: 128, ToPort: 0, Ipv6Ranges: [{CidrIpv6: '::/0'}]}))))).toBeUndefined()
  })

  it('protocol -1 and protocols without ports carry no port range', () => {
    const all = parseSecurityGroups(node(group({IpProtocol: '-1', IpRanges: [{CidrIp: '0.0.0.0/0'}]})))
    expect(all[0]!.ingress[0]).toMatchObject({protocol: 'all', ports: undefined})
    const esp = parseSecurityGroups(node(group({IpProtocol: '50', FromPort: -1, ToPort: -1, IpRanges: [{CidrIp: '10.0.0.0/8'}]})))
    expect(esp[0]!.ingress[0]!.protocol).toBe('50')
  })

  it('network ACLs: rule numbers up to 32767 (the default entry), PortRange for tcp', () => {
    const acls = parseNetworkAcls(
      node({
        NetworkAcls: [
          {
            NetworkAclId: 'acl-0a1b2c3d',
            VpcId: 'vpc-0a1b2c3d',
            Entries: [
              {RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0'},
              {RuleNumber: 1, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: {From: 1024, To: 65535}},
              {RuleNumber: 1, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0'},
              {RuleNumber: 2, Protocol: '1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', IcmpTypeCode: {Type: -1, Code: -1}},
            ],
          },
        ],
      }),
    )
    expect(acls[0]!.entries.map((entry) => [entry.ruleNumber, entry.egress, entry.ports])).toEqual([
      [1, false, {from: 1024, to: 65535}],
      [1, true, undefined],
      [2, false, undefined],
      [32767, false, undefined],
    ])
  })

  it('a VPC without a DHCP option set says "default"; emulators print "" for absent optional values', () => {
    const vpcs = parseVpcs(node({Vpcs: [{VpcId: 'vpc-0a1b2c3d', CidrBlock: '10.0.0.0/16', DhcpOptionsId: 'default', OwnerId: ''}]}))
    expect(vpcs[0]!.dhcpOptionsId).toBe('default')
  })
})
