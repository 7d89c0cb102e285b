import rule from '../../src/analysis/rules/dns/emra-003-dhcp-domain-name.js'
import {testRule} from '../support/rule-tester.js'
import {privateTopology, publicTopology, type Snapshot} from '../support/topologies.js'

const DOPT = 'dopt-0aaa0000000000001'

function withDomain(values: string[] | undefined, snapshot: Snapshot = privateTopology()) {
  const options = snapshot['ec2-describe-dhcp-options'].DhcpOptions[0]
  options.DhcpConfigurations = options.DhcpConfigurations.filter((c: {Key: string}) => c.Key !== 'domain-name')
  if (values) options.DhcpConfigurations.push({Key: 'domain-name', Values: values.map((Value) => ({Value}))})
  return snapshot
}

/** Moves the private topology to eu-west-1 (the Region comes from the subnets' availability zones). */
function inEuWest1(domain: string) {
  const snapshot = privateTopology()
  for (const subnet of snapshot['ec2-describe-subnets'].Subnets) subnet.AvailabilityZone = 'eu-west-1a'
  return withDomain([domain], snapshot)
}

function noOptionSet() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpcs'].Vpcs[0].DhcpOptionsId = 'default'
  snapshot['ec2-describe-dhcp-options'].DhcpOptions = []
  return snapshot
}

function optionSetNotInData() {
  const snapshot = privateTopology()
  snapshot['ec2-describe-vpcs'].Vpcs[0].DhcpOptionsId = 'dopt-0fff0000000000009'
  return snapshot
}

function dhcpFileMissing() {
  const snapshot = privateTopology()
  delete snapshot['ec2-describe-dhcp-options']
  return snapshot
}

testRule(rule, {
  valid: [
    {name: 'ec2.internal in us-east-1 (private)', snapshot: privateTopology()},
    {name: 'ec2.internal in us-east-1 (public)', snapshot: publicTopology()},
    {name: '<region>.compute.internal outside us-east-1', snapshot: inEuWest1('eu-west-1.compute.internal')},
    {name: 'several names, the Region default first', snapshot: withDomain(['ec2.internal corp.example.com'])},
    {name: 'case and trailing dot do not matter', snapshot: withDomain(['EC2.Internal.'])},
  ],
  invalid: [
    {
      name: 'custom domain',
      snapshot: withDomain(['corp.example.com']),
      findings: [
        {
          messageId: 'customDomainName',
          data: {dhcpOptionsId: DOPT, vpcId: 'vpc-0b000000000000001', domainName: 'corp.example.com', defaultDomain: 'ec2.internal', region: 'us-east-1'},
          resourceId: DOPT,
          message: 'sets domain-name corp.example.com, not ec2.internal, the default in us-east-1',
        },
      ],
    },
    {
      name: 'several names, a custom one first',
      snapshot: withDomain(['corp.example.com ec2.internal']),
      findings: [
        {
          messageId: 'customDomainName',
          data: {domainName: 'corp.example.com', otherNames: ' (of corp.example.com ec2.internal)'},
          resourceId: DOPT,
          message: 'corp.example.com (of corp.example.com ec2.internal)',
        },
      ],
    },
    {
      name: 'domain-name missing',
      snapshot: withDomain(undefined),
      findings: [
        {
          messageId: 'noDomainName',
          data: {dhcpOptionsId: DOPT, defaultDomain: 'ec2.internal'},
          resourceId: DOPT,
          message: `${DOPT} of vpc-0b000000000000001 sets no domain-name; EMR expects ec2.internal in us-east-1`,
        },
      ],
    },
    {
      name: 'ec2.internal outside us-east-1',
      snapshot: inEuWest1('ec2.internal'),
      findings: [
        {
          messageId: 'customDomainName',
          data: {domainName: 'ec2.internal', defaultDomain: 'eu-west-1.compute.internal', region: 'eu-west-1'},
          resourceId: DOPT,
          message: 'not eu-west-1.compute.internal, the default in eu-west-1',
        },
      ],
    },
  ],
  notEvaluated: [
    {name: 'VPC without a DHCP option set ("default")', snapshot: noOptionSet(), reason: 'uses no DHCP option set (DhcpOptionsId "default")'},
    {name: 'option set not in the data', snapshot: optionSetNotInData(), reason: 'DHCP option set dopt-0fff0000000000009 of vpc-0b000000000000001: not in the ec2:DescribeDhcpOptions data'},
    {name: 'DHCP options file absent', snapshot: dhcpFileMissing(), reason: 'missing: ec2-describe-dhcp-options'},
  ],
})
