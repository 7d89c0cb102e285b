import {defaultDomainName} from '../helpers.js'
import {defineRule} from '../rule.js'
import {dhcpOptionsOf, dhcpValues} from './dhcp.js'
import remediation from './emra-003-dhcp-domain-name.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-003',
    title: 'DHCP domain-name is not the Region default',
    severity: 'medium',
    topologies: 'all',
    description: "Checks the domain-name of the VPC's DHCP option set: its first name must be the Region's default (ec2.internal in us-east-1, <region>.compute.internal elsewhere).",
    risk: 'Hadoop and EMR address nodes by fully qualified names built from the DHCP domain name. With a custom domain, the DNS servers must answer forward and reverse (PTR) lookups for every node or clusters fail to start, and the proxy (PAC) patterns for the web UIs must cover that domain.',
    messages: {
      noDomainName: 'DHCP option set {{dhcpOptionsId}} of {{vpcId}} sets no domain-name; EMR expects {{defaultDomain}} in {{region}}.',
      customDomainName:
        "DHCP option set {{dhcpOptionsId}} of {{vpcId}} sets domain-name {{domainName}}{{otherNames}}, not {{defaultDomain}}, the default in {{region}}: the DNS servers must resolve every node's name under {{domainName}} forward and reverse.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs', 'dhcpOptions'],
  },
  check(context) {
    const vpc = context.vpc()
    const region = context.model.region
    if (!region) return context.lacking('subnets', 'the AWS Region (an availability zone of a subnet)')
    const options = dhcpOptionsOf(context, vpc)
    const defaultDomain = defaultDomainName(region)
    const data = {dhcpOptionsId: options.id, vpcId: vpc.id, region, defaultDomain}
    // Several names separated by spaces: resolvers that accept a list search them in order; the first is the node domain.
    const names = dhcpValues(options, 'domain-name', /\s+/)
    const first = names[0]
    if (first === undefined) {
      context.report({resourceId: options.id, messageId: 'noDomainName', data, origin: options.origin})
      return
    }
    if (first.toLowerCase().replace(/\.$/, '') !== defaultDomain) {
      const otherNames = names.length > 1 ? ` (of ${names.join(' ')})` : ''
      context.report({resourceId: options.id, messageId: 'customDomainName', data: {...data, domainName: first, otherNames}, origin: options.origin})
    }
  },
})
