/**
 * The inbound rules EMR itself adds to a cluster's managed security groups when it launches the cluster, for the
 * sources that describe a cluster before it exists (a CloudFormation template, a Terraform plan). The one list of
 * them, per release line and subnet type, from emr-man-sec-groups (the Amazon EMR Management Guide, "Working with Amazon EMR-managed security groups"):
 *
 * "When you create a new cluster, Amazon EMR checks the rules in the managed security groups that you specify, and
 * then creates any missing inbound rules that the new cluster needs" — and, per table, "If you specify a custom
 * managed security group, Amazon EMR adds all the same rules to your custom security group". So a rule a template
 * leaves out of a managed group is there once the cluster runs. Only inbound rules: EMR does not re-add egress
 * rules (removing the primary group's allow-all egress, or the service access group's 8443 out, stays a finding).
 *
 * When the cluster names no managed group of a role, EMR uses its default group of that role in the VPC (creating
 * it if missing, "If the defaults don't exist in the cluster's VPC yet, Amazon EMR creates them"): whether it exists
 * already and what rules it has are the account's, so the builders attach a group id that is not in the data and
 * the rules and the reachability engine say "not evaluated" for it.
 */
import {parseRelease, releaseAtLeast} from '../analysis/rules/helpers.js'
import type {Origin, RulePeer, SecurityGroup, SecurityGroupRule} from '../model/types.js'

export type ManagedRole = 'primary' | 'core' | 'service-access'

/** Who a rule EMR adds admits: one of the cluster's managed groups, the VPC's CIDR blocks, or the EMR service's own ranges. */
export type LaunchPeer = {kind: 'group'; role: ManagedRole} | {kind: 'vpc-cidrs'} | {kind: 'emr-service-ranges'}

export interface LaunchRule {
  group: ManagedRole
  protocol: 'tcp' | 'udp' | 'icmp'
  ports: {from: number; to: number}
  peer: LaunchPeer
}

const ALL_PORTS = {tcp: {from: 0, to: 65535}, udp: {from: 0, to: 65535}, icmp: {from: -1, to: -1}} as const

/**
 * The inbound rules EMR adds at launch to the managed groups of a cluster of `releaseLabel` in a public or private
 * subnet. Rules tied to a release line are left out when the label cannot be read (the rules judging them stop on
 * the label too).
 */
export function emrLaunchRules(releaseLabel: string | undefined, subnet: 'public' | 'private'): LaunchRule[] {
  const rules: LaunchRule[] = []
  // All releases, both subnet types: all ICMP, TCP and UDP into each node group from itself and from the other.
  for (const [group, other] of [
    ['primary', 'core'],
    ['core', 'primary'],
  ] as const) {
    for (const protocol of ['icmp', 'tcp', 'udp'] as const) {
      for (const role of [group, other]) rules.push({group, protocol, ports: ALL_PORTS[protocol], peer: {kind: 'group', role}})
    }
  }
  if (subnet === 'public') {
    // "These rules allow the cluster manager to communicate with the primary node": from AWS ranges it does not publish.
    rules.push({group: 'primary', protocol: 'tcp', ports: {from: 8443, to: 8443}, peer: {kind: 'emr-service-ranges'}})
    return rules
  }
  const release = parseRelease(releaseLabel)
  if (!release) return rules
  if (release.major < 8) {
    // "Required for Amazon EMR releases 7.x and earlier": the cluster manager reaches the nodes through the service access group.
    rules.push({group: 'primary', protocol: 'tcp', ports: {from: 8443, to: 8443}, peer: {kind: 'group', role: 'service-access'}})
    rules.push({group: 'core', protocol: 'tcp', ports: {from: 8443, to: 8443}, peer: {kind: 'group', role: 'service-access'}})
    // "Required for Amazon EMR clusters with Amazon EMR release 5.30.0 to 7.x".
    if (releaseAtLeast(release, 5, 30)) rules.push({group: 'service-access', protocol: 'tcp', ports: {from: 9443, to: 9443}, peer: {kind: 'group', role: 'primary'}})
  } else {
    // 8.0 and later: the service access group sits on the EMR service endpoint and admits HTTPS from the VPC's CIDR blocks.
    rules.push({group: 'service-access', protocol: 'tcp', ports: {from: 443, to: 443}, peer: {kind: 'vpc-cidrs'}})
  }
  return rules
}

export interface LaunchGroups {
  /** The managed group id of each role (a stand-in not in the data when the cluster names none). */
  ids: Record<ManagedRole, string | undefined>
  vpcCidrs: readonly string[]
  /** How the source writes the EMR service's unpublished address ranges. */
  serviceRanges: RulePeer
  origin?: Origin
}

/** Adds the rules EMR adds at launch to the groups the data holds, unless an equal rule is there already. */
export function addEmrLaunchRules(groups: readonly SecurityGroup[], rules: readonly LaunchRule[], cluster: LaunchGroups): void {
  for (const rule of rules) {
    const groupId = cluster.ids[rule.group]
    const group = groupId ? groups.find((candidate) => candidate.id === groupId) : undefined
    if (!group) continue
    const peers: RulePeer[] =
      rule.peer.kind === 'group'
        ? cluster.ids[rule.peer.role]
          ? [{kind: 'security-group', groupId: cluster.ids[rule.peer.role]!}]
          : []
        : rule.peer.kind === 'vpc-cidrs'
          ? cluster.vpcCidrs.map((cidr): RulePeer => ({kind: 'cidr', cidr}))
          : [cluster.serviceRanges]
    for (const peer of peers) {
      const added: SecurityGroupRule = {direction: 'ingress', protocol: rule.protocol, ports: rule.ports, peer, description: 'added by EMR when it launches the cluster', origin: cluster.origin}
      if (group.ingress.some((existing) => sameRule(existing, added))) continue
      group.ingress.push(added)
    }
  }
}

function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return a.protocol === b.protocol && a.ports?.from === b.ports?.from && a.ports?.to === b.ports?.to && JSON.stringify(a.peer) === JSON.stringify(b.peer)
}
