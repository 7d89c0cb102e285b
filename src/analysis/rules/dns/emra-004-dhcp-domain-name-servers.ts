import {firstAddress} from '../../../model/ip.js'
import type {Vpc} from '../../../model/types.js'
import {defineRule} from '../rule.js'
import {defaultDomainName} from '../helpers.js'
import {dhcpOptionsOf, dhcpValues} from './dhcp.js'
import remediation from './emra-004-dhcp-domain-name-servers.remediation.js'

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
    description:
      "Checks the domain-name-servers of the VPC's DHCP option set: the first server must be the Amazon-provided resolver (AmazonProvidedDNS, 169.254.169.253 or the VPC base address plus two).",
    risk: 'EMR nodes resolve each other and AWS service endpoints through the DNS servers the DHCP option set hands out. Custom DNS servers must answer forward and reverse (PTR) lookups for every node, or the HDFS NameNode and other daemons fail to start, and they must forward private hosted zones of interface endpoints.',
    messages: {
      noServers: 'DHCP option set {{dhcpOptionsId}} of {{vpcId}} sets no domain-name-servers: instances may get no DNS server at all (expected AmazonProvidedDNS).',
      customServers:
        'DHCP option set {{dhcpOptionsId}} of {{vpcId}} sets domain-name-servers {{servers}}, not AmazonProvidedDNS: {{server}} must answer forward and PTR lookups for every EMR node (or forward them to the VPC resolver {{resolver}}).',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-troubleshoot-error-vpc.html',
    needs: ['vpcs', 'dhcpOptions'],
  },
  check(context) {
    const vpc = context.vpc()
    const options = dhcpOptionsOf(context, vpc)
    const region = context.model.region
    const data = {dhcpOptionsId: options.id, vpcId: vpc.id, ...(region ? {region, defaultDomain: defaultDomainName(region)} : {})}
    const servers = dhcpValues(options, 'domain-name-servers', /[\s,]+/)
    const first = servers[0]
    if (first === undefined) {
      context.report({resourceId: options.id, messageId: 'noServers', data, origin: options.origin})
      return
    }
    // Resolvers ask the first server; later ones are only tried when it does not answer.
    const resolver = resolverAddress(vpc)
    const amazon = first.toLowerCase() === 'amazonprovideddns' || first === AMAZON_DNS_LINK_LOCAL || (resolver !== undefined && first === resolver)
    if (!amazon) {
      context.report({
        resourceId: options.id,
        messageId: 'customServers',
        data: {...data, servers: servers.join(', '), server: first, resolver: resolver ?? 'at the VPC base address plus two'},
        origin: options.origin,
      })
    }
  },
})
