import {firstAddress} from '../../../model/ip.js'
import type {Vpc} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import {dhcpOptionsOf, dhcpValues} from './dhcp.js'

const AMAZON_DNS_LINK_LOCAL = '169.254.169.253'

/** The VPC's own resolver: the base of its primary IPv4 CIDR plus two (e.g. 10.0.0.2). */
function resolverAddress(vpc: Vpc): string | undefined {
  const base = vpc.cidrBlocks[0] ? firstAddress(vpc.cidrBlocks[0]) : undefined
  if (!base) return undefined
  const octets = base.split('.').map(Number)
  const value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]! + 2
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}

export default defineRule({
  meta: {
    id: 'EMRA-004',
    title: 'DHCP domain-name-servers is not AmazonProvidedDNS',
    severity: 'medium',
    topologies: 'all',
    risk:
      'EMR nodes resolve each other and AWS service endpoints through the DNS servers the DHCP option set hands out. Custom DNS servers must answer forward and reverse (PTR) lookups for every node, or the HDFS NameNode and other daemons fail to start, and they must forward private hosted zones of interface endpoints.',
    remediation: {
      summary:
        'Use a DHCP option set whose domain-name-servers is AmazonProvidedDNS (forward corporate zones with Route 53 Resolver rules instead), or make sure the custom servers hold an A and a PTR record for every node and forward the VPC names to the Amazon resolver.',
      cli:
        'aws ec2 create-dhcp-options --dhcp-configurations "Key=domain-name,Values=<region>.compute.internal" "Key=domain-name-servers,Values=AmazonProvidedDNS"\naws ec2 associate-dhcp-options --dhcp-options-id <dopt-id> --vpc-id <vpc-id>',
      cloudformation:
        'DhcpOptions:\n  Type: AWS::EC2::DHCPOptions\n  Properties:\n    DomainName: !Sub "${AWS::Region}.compute.internal"  # ec2.internal in us-east-1\n    DomainNameServers: [AmazonProvidedDNS]\nDhcpOptionsAssociation:\n  Type: AWS::EC2::VPCDHCPOptionsAssociation\n  Properties:\n    VpcId: !Ref Vpc\n    DhcpOptionsId: !Ref DhcpOptions',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-troubleshoot-error-vpc.html',
    needs: ['vpcs', 'dhcpOptions'],
  },
  check(context) {
    const vpc = context.vpc()
    const options = dhcpOptionsOf(context, vpc)
    const servers = dhcpValues(options, 'domain-name-servers', /[\s,]+/)
    const first = servers[0]
    if (first === undefined) {
      context.report({
        resourceId: options.id,
        message: `DHCP option set ${options.id} of ${vpc.id} sets no domain-name-servers: instances may get no DNS server at all (expected AmazonProvidedDNS).`,
        origin: options.origin,
      })
      return
    }
    // Resolvers ask the first server; later ones are only tried when it does not answer.
    const resolver = resolverAddress(vpc)
    const amazon = first.toLowerCase() === 'amazonprovideddns' || first === AMAZON_DNS_LINK_LOCAL || (resolver !== undefined && first === resolver)
    if (!amazon) {
      context.report({
        resourceId: options.id,
        message: `DHCP option set ${options.id} of ${vpc.id} sets domain-name-servers ${servers.join(', ')}, not AmazonProvidedDNS: ${first} must answer forward and PTR lookups for every EMR node${resolver ? ` (or forward them to the VPC resolver ${resolver})` : ''}.`,
        origin: options.origin,
      })
    }
  },
})
