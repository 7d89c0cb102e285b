/** Reading the DHCP option set a VPC uses, for the DNS rules. */
import type {DhcpOptions, Vpc} from '../../../model/types.js'
import type {RuleContext} from '../rule.js'

/**
 * The VPC's DHCP option set, or stops (not evaluated) when it cannot be known: the VPC names no
 * set, names "default" (no option set at all) or a set that is not in the data.
 */
export function dhcpOptionsOf(context: RuleContext, vpc: Vpc): DhcpOptions {
  const id = vpc.dhcpOptionsId
  if (!id) return context.lacking('vpcs', `the DHCP option set (DhcpOptionsId) of ${vpc.id}`)
  const options = context.model.dhcpOptions.get(id)
  if (options) return options
  if (id === 'default') {
    return context.notEvaluated(
      `${vpc.id} uses no DHCP option set (DhcpOptionsId "default"): instances get no domain name from DHCP, Nitro instances use the Amazon DNS server 169.254.169.253 and Xen instances get no DNS server; associate an option set with the Region's domain name and AmazonProvidedDNS to be sure`,
    )
  }
  return context.lacking('dhcpOptions', `DHCP option set ${id} of ${vpc.id}`)
}

/** The values of one DHCP option; values may hold several entries separated by spaces or commas. */
export function dhcpValues(options: DhcpOptions, key: string, separator: RegExp): string[] {
  return (options.configurations[key] ?? [])
    .flatMap((value) => value.split(separator))
    .map((value) => value.trim())
    .filter(Boolean)
}
