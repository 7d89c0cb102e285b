import {describe, expect, it} from 'vitest'
import {buildQuery} from '../../src/analysis/reachability/endpoints.js'
import {analyzeReachability} from '../../src/analysis/reachability/engine.js'
import {InvalidEndpoint} from '../../src/errors.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import {
  ADMIN_CIDR,
  CLUSTER_ID,
  ONPREM_CIDR,
  type Snapshot,
  instanceConnectEndpoint,
  privateTopology,
  publicTopology,
  routeTableById,
  securityGroup,
  tcpFromCidr,
  tcpFromGroup,
  vpnTopology,
} from '../support/topologies.js'

function reach(snapshot: Snapshot, from: string, to: string) {
  const model = assembleModel(documentsFromObject(snapshot, 'test.json'))
  return analyzeReachability(model, buildQuery(model, from, to))
}

const kinds = (result: ReturnType<typeof reach>) => result.hops.map((hop) => `${hop.verdict}:${hop.kind}${hop.direction ? `/${hop.direction}` : ''}`)

describe('reachability engine', () => {
  describe('operator → bastion through the internet gateway', () => {
    it('is reachable from the admin range, hop by hop', () => {
      const result = reach(privateTopology(), ADMIN_CIDR, 'i-0000000000000b001:22')
      expect(result.verdict).toBe('reachable')
      expect(kinds(result)).toEqual(['allow:internet-gateway/inbound', 'allow:network-acl/inbound', 'allow:security-group/inbound', 'allow:route-table/return', 'allow:network-acl/return'])
      expect(result.to).toBe('i-0000000000000b001')
      expect(result.hops[2]!.detail).toContain(`from ${ADMIN_CIDR}`)
    })

    it('is blocked from elsewhere by the security group', () => {
      const result = reach(privateTopology(), '198.51.100.0/24', 'i-0000000000000b001:22')
      expect(result.verdict).toBe('not-reachable')
      expect(result.code).toBe('ENI_SG_RULES_MISMATCH')
    })

    it('judges a range for every address: a rule for part of it makes it partially reachable', () => {
      const result = reach(privateTopology(), '203.0.112.0/23', 'i-0000000000000b001:22')
      expect(result.verdict).toBe('partially-reachable')
      expect(result.ranges).toEqual({reachable: ['203.0.113.0/24'], notReachable: ['203.0.112.0/24'], unknown: []})
      expect(result.blockers.map((b) => [b.code, b.addresses])).toEqual([['ENI_SG_RULES_MISMATCH', ['203.0.112.0/24']]])
    })

    it('needs a public IP on the destination', () => {
      const result = reach(privateTopology(), ADMIN_CIDR, `${CLUSTER_ID}:primary:22`)
      expect(result.verdict).toBe('not-reachable')
      expect(result.code).toBe('NGW_REQUIRES_SOURCE_IN_VPC')
      const snapshot = privateTopology()
      // With the private subnet routing 0.0.0.0/0 to the IGW, the missing public IP is the blocker.
      routeTableById(snapshot, 'rtb-0b000000000private').Routes[1] = {DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0b00000000000001', Origin: 'CreateRoute', State: 'active'}
      expect(reach(snapshot, ADMIN_CIDR, `${CLUSTER_ID}:primary:22`).code).toBe('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS')
    })

    it('checks the network ACL return path on ephemeral ports', () => {
      const snapshot = privateTopology()
      const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
      acl.Entries.unshift({CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '6', PortRange: {From: 1024, To: 32767}, RuleAction: 'deny', RuleNumber: 90})
      const result = reach(snapshot, ADMIN_CIDR, 'i-0000000000000b001:22')
      expect(result.verdict).toBe('not-reachable')
      expect(result.code).toBe('SUBNET_ACL_RESTRICTION')
      const blocking = result.hops.at(-1)!
      expect(blocking).toMatchObject({verdict: 'deny', direction: 'return', component: 'acl-0b000000000000001'})
      expect(blocking.detail).toContain('203.0.113.0/24 ports 1024-32767 denied by rule 90')
    })

    it('takes the first matching NACL entry in rule-number order', () => {
      const snapshot = privateTopology()
      const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
      acl.Entries.push({CidrBlock: ADMIN_CIDR, Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'deny', RuleNumber: 200})
      expect(reach(snapshot, ADMIN_CIDR, 'i-0000000000000b001:22').verdict).toBe('reachable')
      acl.Entries.push({CidrBlock: ADMIN_CIDR, Egress: false, Protocol: '6', PortRange: {From: 22, To: 22}, RuleAction: 'deny', RuleNumber: 10})
      expect(reach(snapshot, ADMIN_CIDR, 'i-0000000000000b001:22').code).toBe('SUBNET_ACL_RESTRICTION')
    })
  })

  describe('inside the VPC', () => {
    it('bastion → primary:22 is reachable through the additional security group', () => {
      const result = reach(privateTopology(), 'i-0000000000000b001', `${CLUSTER_ID}:primary:22`)
      expect(result.verdict).toBe('reachable')
      expect(kinds(result)).toEqual([
        'allow:security-group/outbound',
        'allow:route-table/outbound',
        'allow:network-acl/outbound',
        'allow:network-acl/inbound',
        'allow:security-group/inbound',
        'allow:network-acl/return',
        'allow:network-acl/return',
      ])
      expect(result.hops[4]!.detail).toContain('from sg-0b0000000bastion1')
    })

    it('bastion → primary:8088 is blocked by the primary security groups', () => {
      const result = reach(privateTopology(), 'sg-0b0000000bastion1', `${CLUSTER_ID}:primary:8088`)
      expect(result.verdict).toBe('not-reachable')
      expect(result.code).toBe('ENI_SG_RULES_MISMATCH')
      const blocking = result.hops.find((hop) => hop.verdict === 'deny')!
      expect(blocking.component).toBe('eni-0000000000000a001')
      expect(blocking.detail).toContain('sg-0b00000000primary, sg-0b0000000000ssh01')
      expect(result.blockers).toHaveLength(1)
    })

    it('a route more specific than local to an appliance not in the data is unknown', () => {
      const snapshot = privateTopology()
      routeTableById(snapshot, 'rtb-0b0000000000public').Routes.push({DestinationCidrBlock: '10.1.1.0/24', NetworkInterfaceId: 'eni-0firewall', Origin: 'CreateRoute', State: 'active'})
      const result = reach(snapshot, 'i-0000000000000b001', `${CLUSTER_ID}:primary:22`)
      expect(result.verdict).toBe('unknown')
      expect(result.missingData.join()).toContain('eni-0firewall')
    })
  })

  describe('on-premises over VPN', () => {
    it('reaches the primary on its private address through the VGW', () => {
      const result = reach(vpnTopology(), ONPREM_CIDR, `${CLUSTER_ID}:primary:8088`)
      expect(result.verdict).toBe('reachable')
      expect(result.hops.map((hop) => hop.component)).toContain('vpn-0b00000000000001')
    })

    it('is blocked when both tunnels are down', () => {
      const snapshot = vpnTopology()
      for (const tunnel of snapshot['ec2-describe-vpn-connections'].VpnConnections[0].VgwTelemetry) tunnel.Status = 'DOWN'
      const result = reach(snapshot, ONPREM_CIDR, `${CLUSTER_ID}:primary:22`)
      expect(result.code).toBe('BAD_STATE_VPN')
    })

    it('uses VGW propagation of the VPN static routes when the table propagates', () => {
      const snapshot = vpnTopology()
      const table = routeTableById(snapshot, 'rtb-0b000000000private')
      table.Routes = table.Routes.filter((route: {GatewayId?: string}) => !route.GatewayId?.startsWith('vgw-'))
      expect(reach(snapshot, ONPREM_CIDR, `${CLUSTER_ID}:primary:22`).code).toBe('NGW_REQUIRES_SOURCE_IN_VPC')
      table.PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]
      expect(reach(snapshot, ONPREM_CIDR, `${CLUSTER_ID}:primary:22`).verdict).toBe('reachable')
    })

    it('a route that is a blackhole blocks the reply', () => {
      const snapshot = vpnTopology()
      const vgwRoute = routeTableById(snapshot, 'rtb-0b000000000private').Routes.find((route: {GatewayId?: string}) => route.GatewayId?.startsWith('vgw-'))
      vgwRoute.State = 'blackhole'
      expect(reach(snapshot, ONPREM_CIDR, `${CLUSTER_ID}:primary:22`).code).toBe('BAD_STATE_ROUTE')
    })

    it('the local route wins over a propagated route overlapping the VPC', () => {
      const snapshot = vpnTopology()
      snapshot['ec2-describe-vpn-connections'].VpnConnections[0].Routes.push({DestinationCidrBlock: '10.1.1.0/24', Source: 'Static', State: 'available'})
      routeTableById(snapshot, 'rtb-0b0000000000public').PropagatingVgws = [{GatewayId: 'vgw-0b00000000000001'}]
      expect(reach(snapshot, 'i-0000000000000b001', `${CLUSTER_ID}:primary:22`).verdict).toBe('reachable')
    })
  })

  describe('public cluster', () => {
    it('the world reaches nothing but what is opened to it', () => {
      expect(reach(publicTopology(), 'internet', `${CLUSTER_ID}:primary:22`).code).toBe('ENI_SG_RULES_MISMATCH')
      expect(reach(publicTopology(), ADMIN_CIDR, `${CLUSTER_ID}:primary:22`).verdict).toBe('reachable')
      const snapshot = publicTopology()
      securityGroup(snapshot, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(8088, '0.0.0.0/0'))
      const result = reach(snapshot, 'internet', `${CLUSTER_ID}:primary:8088`)
      expect(result.verdict).toBe('reachable')
      expect(result.to).toContain(CLUSTER_ID)
    })
  })

  describe('endpoint errors carry the end, the value and the reason (the CLI names the flag)', () => {
    it.each([
      ['i-0ffffffffffffffff', 'no such instance in the data'],
      ['sg-0fffffffffff', 'no such security group in the data'],
      ['10.1.0.0/24', 'this range is inside vpc-0b000000000000001'],
      ['nonsense', 'expected internet, a CIDR'],
    ])('%s', (from, reason) => {
      let thrown: unknown
      try {
        reach(privateTopology(), from, `${CLUSTER_ID}:primary:22`)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(InvalidEndpoint)
      expect(thrown).toMatchObject({input: 'from', value: from, reason: expect.stringContaining(reason)})
    })

    it('a target without a port', () => {
      expect(() => reach(privateTopology(), 'internet', 'i-0000000000000b001')).toThrow('i-0000000000000b001: expected TARGET:PORT[/tcp|udp]')
    })
  })

  describe('an EC2 Instance Connect Endpoint as the source (reach --from eice-…)', () => {
    /** The endpoint in the public subnet, its group egress-all; the primary's additional group admits it on 22. */
    function withEndpoint(admit: 'group' | 'none'): Snapshot {
      const snapshot = privateTopology()
      snapshot['ec2-describe-instance-connect-endpoints'].InstanceConnectEndpoints.push(instanceConnectEndpoint('vpc-0b000000000000001', 'subnet-0b00000000000pub', ['sg-0b00000000000eice']))
      snapshot['ec2-describe-security-groups'].SecurityGroups.push({...securityGroup(snapshot, 'bastion'), GroupId: 'sg-0b00000000000eice', GroupName: 'eice', IpPermissions: []})
      if (admit === 'group') securityGroup(snapshot, 'emr-ssh-from-bastion').IpPermissions.push(tcpFromGroup(22, 'sg-0b00000000000eice'))
      return snapshot
    }

    it('reaches the primary on 22 when a primary group names the endpoint group', () => {
      const result = reach(withEndpoint('group'), 'eice-0b000000000000001', `${CLUSTER_ID}:primary:22`)
      expect(result.verdict).toBe('reachable')
      expect(kinds(result)).toContain('allow:security-group/inbound')
    })

    it('is blocked by the primary groups when nothing admits the endpoint, judged from its subnet', () => {
      const result = reach(withEndpoint('none'), 'eice-0b000000000000001', `${CLUSTER_ID}:primary:22`)
      expect(result.verdict).toBe('not-reachable')
      expect(result.code).toBe('ENI_SG_RULES_MISMATCH')
    })

    it('names an unknown endpoint id as the bad --from value', () => {
      expect(() => reach(privateTopology(), 'eice-0ffffffffffffffff', `${CLUSTER_ID}:primary:22`)).toThrow(/eice-0ffffffffffffffff.*no such EC2 Instance Connect Endpoint/)
    })
  })
})
