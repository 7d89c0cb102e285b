import {defaultDomainName} from '../helpers.js'
import {defineRule} from '../rule.js'
import {dhcpOptionsOf, dhcpValues} from './dhcp.js'

export default defineRule({
  meta: {
    id: 'EMRA-003',
    title: 'DHCP domain-name is not the Region default',
    severity: 'medium',
    topologies: 'all',
    risk:
      'Hadoop and EMR address nodes by fully qualified names built from the DHCP domain name. With a custom domain, the DNS servers must answer forward and reverse (PTR) lookups for every node or clusters fail to start, and the proxy (PAC) patterns for the web UIs must cover that domain.',
    remediation: {
      summary:
        'Create a DHCP option set with domain-name ec2.internal (us-east-1) or <region>.compute.internal and domain-name-servers AmazonProvidedDNS, and associate it with the VPC; or keep the custom domain and serve forward and PTR records for every node.',
      cli:
        'aws ec2 create-dhcp-options --dhcp-configurations "Key=domain-name,Values=<region>.compute.internal" "Key=domain-name-servers,Values=AmazonProvidedDNS"\naws ec2 associate-dhcp-options --dhcp-options-id <dopt-id> --vpc-id <vpc-id>',
      cloudformation:
        'DhcpOptions:\n  Type: AWS::EC2::DHCPOptions\n  Properties:\n    DomainName: !Sub "${AWS::Region}.compute.internal"  # ec2.internal in us-east-1\n    DomainNameServers: [AmazonProvidedDNS]\nDhcpOptionsAssociation:\n  Type: AWS::EC2::VPCDHCPOptionsAssociation\n  Properties:\n    VpcId: !Ref Vpc\n    DhcpOptionsId: !Ref DhcpOptions',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs', 'dhcpOptions'],
  },
  check(context) {
    const vpc = context.vpc()
    const region = context.model.region
    if (!region) return context.notEvaluated('the AWS Region is not known (no availability zone in the subnet data)')
    const options = dhcpOptionsOf(context, vpc)
    const expected = defaultDomainName(region)
    // Several names separated by spaces: resolvers that accept a list search them in order; the first is the node domain.
    const names = dhcpValues(options, 'domain-name', /\s+/)
    const first = names[0]
    if (first === undefined) {
      context.report({
        resourceId: options.id,
        message: `DHCP option set ${options.id} of ${vpc.id} sets no domain-name; EMR expects ${expected} in ${region}.`,
        origin: options.origin,
      })
      return
    }
    if (first.toLowerCase().replace(/\.$/, '') !== expected) {
      const all = names.length > 1 ? ` (of ${names.join(' ')})` : ''
      context.report({
        resourceId: options.id,
        message: `DHCP option set ${options.id} of ${vpc.id} sets domain-name ${first}${all}, not ${expected}, the default in ${region}: the DNS servers must resolve every node's name under ${first} forward and reverse.`,
        origin: options.origin,
      })
    }
  },
})
