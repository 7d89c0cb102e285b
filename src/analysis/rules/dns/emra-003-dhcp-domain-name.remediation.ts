/**
 * EMRA-003's fix (EMRA-004 shares the option set). Templates: `{{vpcId}}`, `{{dhcpOptionsId}}` and
 * `{{defaultDomain}}` from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Create a DHCP option set with domain-name {{defaultDomain}} and domain-name-servers AmazonProvidedDNS and associate it with {{vpcId}} in place of {{dhcpOptionsId}}; or keep the custom domain and serve forward and PTR records for every node.',
  cli: `aws ec2 create-dhcp-options --dhcp-configurations "Key=domain-name,Values={{defaultDomain}}" "Key=domain-name-servers,Values=AmazonProvidedDNS"
aws ec2 associate-dhcp-options --dhcp-options-id <new-dhcp-options-id> --vpc-id {{vpcId}}`,
  cloudformation: `DhcpOptions:
  Type: AWS::EC2::DHCPOptions
  Properties:
    DomainName: {{defaultDomain}}
    DomainNameServers: [AmazonProvidedDNS]
DhcpOptionsAssociation:
  Type: AWS::EC2::VPCDHCPOptionsAssociation
  Properties:
    VpcId: {{vpcId}}
    DhcpOptionsId: !Ref DhcpOptions`,
  terraform: `resource "aws_vpc_dhcp_options" "emr" {
  domain_name         = "{{defaultDomain}}"
  domain_name_servers = ["AmazonProvidedDNS"]
}

resource "aws_vpc_dhcp_options_association" "emr" {
  vpc_id          = "{{vpcId}}"
  dhcp_options_id = aws_vpc_dhcp_options.emr.id
}`,
  console: [
    'Open the VPC console, DHCP option sets, and choose Create DHCP option set.',
    'Set Domain name to {{defaultDomain}} and Domain name servers to AmazonProvidedDNS, and create it.',
    'In Your VPCs select {{vpcId}}, choose Actions, Edit VPC settings, pick the new option set in place of {{dhcpOptionsId}}, and save.',
  ],
} satisfies Remediation
