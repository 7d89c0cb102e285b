/**
 * What AWS values look like, checked where a snapshot or API answer is read (see shape.ts).
 * Every check returns undefined when the value is fine, or what was expected, in words a user can
 * act on. A failed check is exit 2 naming the file and JSON pointer, so a hostile or damaged
 * snapshot can never bring a value into the model (and from there into a table, Markdown, a PAC
 * file or an ssh_config block) that AWS itself would not return.
 *
 * Sources for the formats: AWS resource ids are "a resource identifier (vpc, sg, …), a hyphen and a
 * unique combination of letters and numbers" (EC2 User Guide, "Resource IDs"; 8 or 17 hex digits
 * today, test fixtures use readable letters); EMR cluster ids are `j-` and upper-case letters and
 * digits. AWS canonicalises CIDRs in its answers (a rule created for 10.0.0.5/16 is returned as
 * 10.0.0.0/16), so a CIDR with host bits set, leading zeros or a long IPv6 spelling did not come
 * from AWS unchanged.
 */
import ipaddr from 'ipaddr.js'
import {escapeUnprintable} from '../../errors.js'

/**
 * Characters no AWS name, tag, description or id contains and that must never reach a terminal or
 * a generated file: C0 controls (incl. ESC, CR, LF, TAB), DEL, C1 controls (incl. CSI U+009B) and
 * the Unicode bidirectional embeddings / overrides / isolates (U+202A–U+202E, U+2066–U+2069), which
 * can make a terminal or an editor show text in another order than it is ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
/** The same, allowing TAB, LF and CR: for multi-line values (policy documents, EMR properties). */
// eslint-disable-next-line no-control-regex -- as above
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Why a string may not be printed or written as it is, or undefined when it may. */
export function textProblem(text: string, multiline = false): string | undefined {
  const match = (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN).exec(text)
  if (match) return `expected printable text, got the control character ${codePoint(match[0])} at offset ${match.index}`
  if (LONE_SURROGATE.test(text)) return 'expected well-formed Unicode text, got an unpaired surrogate'
  return undefined
}

/**
 * A value shown inside an error message: JSON-quoted, control and bidi characters escaped, and
 * shortened, so the message itself stays one harmless line.
 */
export function shown(value: unknown): string {
  let text: string
  if (typeof value === 'string') text = JSON.stringify(value)
  else if (typeof value === 'number') text = String(value)
  else text = JSON.stringify(value) ?? String(value)
  text = escapeUnprintable(text)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/** EC2 resource-id prefixes, by what the id names. */
export const ID_PREFIXES = {
  vpc: 'vpc',
  subnet: 'subnet',
  securityGroup: 'sg',
  instance: 'i',
  networkInterface: 'eni',
  routeTable: 'rtb',
  routeTableAssociation: 'rtbassoc',
  internetGateway: 'igw',
  egressOnlyInternetGateway: 'eigw',
  natGateway: 'nat',
  vpcEndpoint: 'vpce',
  instanceConnectEndpoint: 'eice',
  networkAcl: 'acl',
  networkAclAssociation: 'aclassoc',
  vpnGateway: 'vgw',
  vpnConnection: 'vpn',
  customerGateway: 'cgw',
  transitGateway: 'tgw',
  transitGatewayAttachment: 'tgw-attach',
  prefixList: 'pl',
  dhcpOptions: 'dopt',
  vpcPeeringConnection: 'pcx',
  carrierGateway: 'cagw',
  localGateway: 'lgw',
  elasticIpAllocation: 'eipalloc',
  elasticIpAssociation: 'eipassoc',
  networkInterfaceAttachment: 'eni-attach',
  subnetCidrAssociation: 'subnet-cidr-assoc',
  vpcCidrAssociation: 'vpc-cidr-assoc',
} as const

export type IdKind = keyof typeof ID_PREFIXES

const ID_BODY = '[0-9a-zA-Z]{1,64}'
const idPatterns = new Map<string, RegExp>()

function idPattern(prefix: string): RegExp {
  let pattern = idPatterns.get(prefix)
  if (!pattern) idPatterns.set(prefix, (pattern = new RegExp(`^${prefix}-${ID_BODY}$`)))
  return pattern
}

export function idProblem(text: string, ...kinds: IdKind[]): string | undefined {
  const prefixes = kinds.map((kind) => ID_PREFIXES[kind])
  if (prefixes.some((prefix) => idPattern(prefix).test(text))) return undefined
  return `expected ${prefixes.map((prefix) => `${prefix}-…`).join(' or ')} (an AWS id: the prefix, a hyphen, letters and digits), got ${shown(text)}`
}

/** Any EC2-style resource id (`igw-…`, `tgw-attach-…`): a route's GatewayId may name several kinds. */
const ANY_RESOURCE_ID = /^[a-z]{1,16}(-[a-z]{1,16}){0,3}-[0-9a-zA-Z]{1,64}$/

export function anyIdProblem(text: string): string | undefined {
  return ANY_RESOURCE_ID.test(text) ? undefined : `expected an AWS resource id such as igw-… or vgw-…, got ${shown(text)}`
}

const CLUSTER_ID = /^j-[0-9A-Za-z]{1,64}$/
export const isClusterId = (text: string): boolean => CLUSTER_ID.test(text)

export function clusterIdProblem(text: string): string | undefined {
  return isClusterId(text) ? undefined : `expected an EMR cluster id j-…, got ${shown(text)}`
}

/** EMR's own ids: instance (ci-), instance group (ig-), instance fleet (if-). */
export function emrIdProblem(text: string, prefix: 'ci' | 'ig' | 'if'): string | undefined {
  if (idPattern(prefix).test(text)) return undefined
  // AWS's are ci-… / ig-… / if-…; moto_server (the project's AWS emulator) answers i-… for all three:
  // harmless (these ids are only shown), accepted.
  if (idPattern('i').test(text)) return undefined
  return `expected an EMR id ${prefix}-…, got ${shown(text)}`
}

/** A 12-digit AWS account id (also what --redact writes: 000000000001). */
const ACCOUNT_ID = /^\d{12}$/

export function accountIdProblem(text: string): string | undefined {
  return ACCOUNT_ID.test(text) ? undefined : `expected a 12-digit AWS account id, got ${shown(text)}`
}

/** Zones, zone ids, regions, states and similar plain tokens: letters, digits, `-`, `_`, `.`. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/

export function tokenProblem(text: string, what: string): string | undefined {
  return TOKEN.test(text) ? undefined : `expected ${what} (letters, digits, "-", "_", "."), got ${shown(text)}`
}

const ARN = /^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s]+$/

export function arnProblem(text: string): string | undefined {
  return ARN.test(text) ? undefined : `expected an ARN (arn:partition:service:region:account:resource), got ${shown(text)}`
}

/** An EMR release label: emr-6.15.0, emr-7.2.0, emr-spark-8.0.0. */
const RELEASE_LABEL = /^emr-[a-z0-9.-]{1,64}$/

export function releaseLabelProblem(text: string): string | undefined {
  return RELEASE_LABEL.test(text) ? undefined : `expected an EMR release label such as emr-7.2.0, got ${shown(text)}`
}

// ---------------------------------------------------------------------------------------------
// Host names and addresses

/**
 * An RFC 1123 host name: dot-separated labels of 1–63 letters, digits and hyphens, not starting or
 * ending with a hyphen, 253 characters at most (a trailing dot allowed).
 */
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/

export function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text
  if (name.length === 0 || name.length > 253) return false
  return name.split('.').every((label) => LABEL.test(label))
}

export function hostNameProblem(text: string): string | undefined {
  return isHostName(text) ? undefined : `expected a DNS host name (RFC 1123: letters, digits, "-" and dots), got ${shown(text)}`
}

/** The canonical text of an IP address as AWS prints it, or undefined when it is not one. */
function canonicalAddress(text: string): {version: 4 | 6; canonical: string; bytes: number[]} | undefined {
  if (/\s|%/.test(text)) return undefined
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
      const address = ipaddr.IPv4.parse(text)
      return {version: 4, canonical: address.toString(), bytes: address.toByteArray()}
    }
    if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
      const address = ipaddr.IPv6.parse(text)
      return {version: 6, canonical: address.toString(), bytes: address.toByteArray()}
    }
  } catch {
    return undefined
  }
  return undefined
}

export function ipProblem(text: string): string | undefined {
  const address = canonicalAddress(text)
  if (!address) return `expected an IP address, got ${shown(text)}`
  if (address.canonical !== text) return `expected the IP address as AWS writes it (${address.canonical}), got ${shown(text)}`
  return undefined
}

/**
 * A CIDR block as AWS returns it: address/prefix, host bits zero, the address in its canonical
 * spelling (no leading zeros; IPv6 lower case and compressed, RFC 5952).
 */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/')
  const address = slash > 0 ? canonicalAddress(text.slice(0, slash)) : undefined
  const prefixText = slash > 0 ? text.slice(slash + 1) : ''
  if (!address || !/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > (address.version === 4 ? 32 : 128)) {
    return `expected a CIDR block (address/prefix), got ${shown(text)}`
  }
  const prefix = Number(prefixText)
  const masked = address.bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefix - index * 8))
    return byte & ((0xff << (8 - keep)) & 0xff)
  })
  const canonical = `${ipaddr.fromByteArray(masked).toString()}/${prefix}`
  if (canonical !== text) {
    const why = masked.some((byte, index) => byte !== address.bytes[index]) ? 'host bits set' : 'not in canonical form'
    return `expected a canonical CIDR block as AWS returns it (${canonical}), got ${shown(text)} (${why})`
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Numbers

export function integerProblem(value: number, min: number, max: number, what: string): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined
  return `expected ${what}: an integer ${min}–${max}, got ${shown(value)}`
}

/** IP protocols as AWS writes them: -1 (all), tcp / udp / icmp / icmpv6, or an IANA number 0–255. */
const PROTOCOL = /^(-1|tcp|udp|icmp|icmpv6|0|[1-9]\d{0,2})$/i

export function protocolProblem(text: string): string | undefined {
  if (PROTOCOL.test(text) && (!/^\d+$/.test(text) || Number(text) <= 255)) return undefined
  return `expected an IP protocol: -1 (all), tcp, udp, icmp, icmpv6 or an IANA protocol number 0–255, got ${shown(text)}`
}

// ---------------------------------------------------------------------------------------------
// Formats by AWS field name

export type FieldFormat = (text: string) => string | undefined

const id =
  (...kinds: IdKind[]): FieldFormat =>
  (text) =>
    idProblem(text, ...kinds)
const token =
  (what: string): FieldFormat =>
  (text) =>
    tokenProblem(text, what)

/**
 * The format of a string field, by its AWS name, wherever it appears in EC2 / EMR / SSM output.
 * Only names that mean one thing in every API we read are here; `Id` (a cluster id in EMR
 * ListClusters, an instance id `ci-…` in ListInstances) is checked where it is read.
 */
export const FIELD_FORMATS: Record<string, FieldFormat> = {
  VpcId: id('vpc'),
  SubnetId: id('subnet'),
  GroupId: id('securityGroup'),
  InstanceId: (text) => (/^mi-[0-9a-zA-Z]{1,64}$/.test(text) ? undefined : idProblem(text, 'instance')),
  Ec2InstanceId: id('instance'),
  NetworkInterfaceId: id('networkInterface'),
  RouteTableId: id('routeTable'),
  InternetGatewayId: id('internetGateway'),
  EgressOnlyInternetGatewayId: id('egressOnlyInternetGateway'),
  NatGatewayId: id('natGateway'),
  VpcEndpointId: id('vpcEndpoint'),
  InstanceConnectEndpointId: id('instanceConnectEndpoint'),
  NetworkAclId: id('networkAcl'),
  VpnGatewayId: id('vpnGateway'),
  VpnConnectionId: id('vpnConnection'),
  CustomerGatewayId: id('customerGateway'),
  TransitGatewayId: id('transitGateway'),
  TransitGatewayAttachmentId: id('transitGatewayAttachment'),
  PrefixListId: id('prefixList'),
  DestinationPrefixListId: id('prefixList'),
  VpcPeeringConnectionId: id('vpcPeeringConnection'),
  CarrierGatewayId: id('carrierGateway'),
  LocalGatewayId: id('localGateway'),
  // "default" is what DescribeVpcs says for a VPC with no DHCP option set.
  DhcpOptionsId: (text) => (text === 'default' ? undefined : idProblem(text, 'dhcpOptions')),
  // A route's GatewayId is "local" or a gateway of one of several kinds (igw, vgw, vpce, eigw…).
  GatewayId: (text) => (text === 'local' ? undefined : anyIdProblem(text)),
  Ec2SubnetId: id('subnet'),
  EmrManagedMasterSecurityGroup: id('securityGroup'),
  EmrManagedSlaveSecurityGroup: id('securityGroup'),
  ServiceAccessSecurityGroup: id('securityGroup'),
  InstanceGroupId: (text) => emrIdProblem(text, 'ig'),
  InstanceFleetId: (text) => emrIdProblem(text, 'if'),
  OwnerId: accountIdProblem,
  CoreNetworkArn: arnProblem,
  Arn: arnProblem,
  ReleaseLabel: releaseLabelProblem,
  AvailabilityZone: token('an Availability Zone'),
  AvailabilityZoneId: token('an Availability Zone id'),
  Ec2AvailabilityZone: token('an Availability Zone'),
  ServiceName: token('a VPC endpoint service name'),
  PrivateDnsName: (text) => (text === '' ? undefined : hostNameProblem(text)),
  PublicDnsName: (text) => (text === '' ? undefined : hostNameProblem(text)),
  // DescribeCluster's MasterPublicDnsName is the primary's DNS name (private DNS name in a private subnet).
  MasterPublicDnsName: (text) => (text === '' || canonicalAddress(text) ? undefined : hostNameProblem(text)),
  PrivateIpAddress: (text) => (text === '' ? undefined : ipProblem(text)),
  PublicIpAddress: (text) => (text === '' ? undefined : ipProblem(text)),
  PublicIp: (text) => (text === '' ? undefined : ipProblem(text)),
  PrivateIp: (text) => (text === '' ? undefined : ipProblem(text)),
  OutsideIpAddress: (text) => (text === '' ? undefined : ipProblem(text)),
  IpAddress: (text) => (text === '' ? undefined : ipProblem(text)),
  CidrBlock: cidrProblem,
  CidrIp: cidrProblem,
  CidrIpv6: cidrProblem,
  Ipv6CidrBlock: cidrProblem,
  DestinationCidrBlock: cidrProblem,
  DestinationIpv6CidrBlock: cidrProblem,
  RemoteIpv4NetworkCidr: cidrProblem,
  LocalIpv4NetworkCidr: cidrProblem,
  RemoteIpv6NetworkCidr: cidrProblem,
  LocalIpv6NetworkCidr: cidrProblem,
  IpProtocol: protocolProblem,
  Protocol: protocolProblem,
}
