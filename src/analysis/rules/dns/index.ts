import type {Rule} from '../rule.js'
import vpcDnsSupport from './emra-001-vpc-dns-support.js'
import vpcDnsHostnames from './emra-002-vpc-dns-hostnames.js'
import dhcpDomainName from './emra-003-dhcp-domain-name.js'
import dhcpDomainNameServers from './emra-004-dhcp-domain-name-servers.js'
import cidrRfc1918 from './emra-005-cidr-rfc1918.js'

export const rules: Rule[] = [vpcDnsSupport, vpcDnsHostnames, dhcpDomainName, dhcpDomainNameServers, cidrRfc1918]
