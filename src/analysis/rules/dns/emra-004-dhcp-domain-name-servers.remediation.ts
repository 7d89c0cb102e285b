/** EMRA-004's fix: the same Amazon-provided option set as EMRA-003's. Templates as there, plus `{{servers}}`. */
import type {Remediation} from '../../findings.js'
import dhcpOptionSet from './emra-003-dhcp-domain-name.remediation.js'

export default {
  ...dhcpOptionSet,
  summary:
    'Use a DHCP option set whose domain-name-servers is AmazonProvidedDNS for {{vpcId}} (forward corporate zones with Route 53 Resolver rules instead), or make sure {{servers}} hold an A and a PTR record for every node and forward the VPC names to the Amazon resolver.',
} satisfies Remediation
