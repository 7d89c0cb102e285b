import rule from '../../src/analysis/rules/dns/emra-004-dhcp-domain-name-servers.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, publicTopology} from '../support/topologies.js'

const DOPT = 'dopt-0aaa0000000000001'

function withServers(values: string[] | undefined) {
  const snapshot = privateTopology()
  const options = snapshot['ec2-describe-dhcp-options'].DhcpOptions[0]
  options.DhcpConfigurations = options.DhcpConfigurations.filter((c: {Key: string}) => c.Key !== 'domain-name-servers')
  if (values) options.DhcpConfigurations.push({Key: 'domain-name-servers', Values: values.map((Value) => ({Value}))})
  return snapshot
}

function noOptionSet() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpcs'].Vpcs[0].DhcpOptionsId = 'default'
  snapshot['ec2-describe-dhcp-options'].DhcpOptions = []
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'AmazonProvidedDNS (private)', snapshot: privateTopology()},
    {name: 'AmazonProvidedDNS (public)', snapshot: publicTopology()},
    {name: 'the VPC resolver address (base + 2)', snapshot: withServers(['10.1.0.2'])},
    {name: 'the link-local Amazon DNS address', snapshot: withServers(['169.254.169.253'])},
    {name: 'AmazonProvidedDNS first, a custom server as fallback', snapshot: withServers(['AmazonProvidedDNS', '10.1.5.53'])},
  ],
  invalid: [
    {
      name: 'custom DNS servers',
      snapshot: withServers(['10.1.5.53', '10.1.6.53']),
      findings: [
        {
          messageId: 'customServers',
          data: {dhcpOptionsId: DOPT, servers: '10.1.5.53, 10.1.6.53', server: '10.1.5.53', resolver: '10.1.0.2'},
          resourceId: DOPT,
          message:
            'sets domain-name-servers 10.1.5.53, 10.1.6.53, not AmazonProvidedDNS: 10.1.5.53 must answer forward and PTR lookups for every EMR node (or forward them to the VPC resolver 10.1.0.2)',
        },
      ],
    },
    {
      name: 'comma-separated custom servers before AmazonProvidedDNS',
      snapshot: withServers(['10.1.5.53,AmazonProvidedDNS']),
      findings: [
        {messageId: 'customServers', data: {servers: '10.1.5.53, AmazonProvidedDNS', server: '10.1.5.53'}, resourceId: DOPT, message: 'sets domain-name-servers 10.1.5.53, AmazonProvidedDNS'},
      ],
    },
    {
      name: 'domain-name-servers missing',
      snapshot: withServers(undefined),
      findings: [{messageId: 'noServers', data: {dhcpOptionsId: DOPT}, resourceId: DOPT, message: 'sets no domain-name-servers'}],
    },
  ],
  notEvaluated: [{name: 'VPC without a DHCP option set ("default")', snapshot: noOptionSet(), reason: /no DHCP option set.*169\.254\.169\.253/}],
})
