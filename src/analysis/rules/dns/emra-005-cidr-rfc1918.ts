import {cidrContains, isIpv6, isPrivateRange} from '../../../model/ip.js'
import {defineRule} from '../rule.js'
import remediation from './emra-005-cidr-rfc1918.remediation.js'

const RFC1918 = '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16'

export default defineRule({
  meta: {
    id: 'EMRA-005',
    title: 'VPC or cluster subnet CIDR is outside RFC 1918',
    severity: 'medium',
    topologies: 'all',
    description:
      "Checks that the cluster's subnet (or, for a VPC without clusters, each IPv4 block of the VPC) lies inside the RFC 1918 private ranges; other VPC blocks are reported at low severity.",
    risk: 'EMR documents that the VPC must use private (RFC 1918) address space for DNS hostname resolution to work; nodes in other ranges (100.64.0.0/10, public ranges) may fail to resolve each other and clusters can fail to start.',
    messages: {
      vpcBlockOutside: '{{vpcId}} has CIDR block {{cidr}}, outside the RFC 1918 ranges ({{privateRanges}}): EMR clusters launched there may fail DNS hostname resolution.',
      subnetOutside: 'Cluster {{clusterId}} runs in {{subnetId}} ({{cidr}}), outside the RFC 1918 ranges ({{privateRanges}}): EMR may fail to resolve node hostnames.',
      otherVpcBlockOutside:
        "{{vpcId}} also has CIDR block {{cidr}}, outside the RFC 1918 ranges ({{privateRanges}}); cluster {{clusterId}}'s subnet {{subnetId}} ({{subnetCidr}}) is not in it, but clusters launched in subnets of {{cidr}} may fail DNS hostname resolution.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs', 'subnets'],
  },
  check(context) {
    const vpc = context.vpc()
    const outside = vpc.cidrBlocks.filter((block) => !isIpv6(block) && !isPrivateRange(block))
    const cluster = context.scope.cluster
    if (!cluster) {
      // A VPC without clusters: any IPv4 block outside RFC 1918 is where a future cluster could land.
      for (const block of outside) {
        context.report({resourceId: vpc.id, messageId: 'vpcBlockOutside', data: {vpcId: vpc.id, cidr: block, privateRanges: RFC1918}, origin: vpc.origin})
      }
      return
    }
    const subnet = context.subnet()
    if (!isPrivateRange(subnet.cidrBlock)) {
      context.report({
        resourceId: subnet.id,
        messageId: 'subnetOutside',
        data: {clusterId: cluster.id, subnetId: subnet.id, vpcId: vpc.id, cidr: subnet.cidrBlock, privateRanges: RFC1918},
        origin: subnet.origin,
      })
    }
    // The VPC's other blocks do not affect this cluster, only where later clusters may be placed.
    for (const block of outside) {
      if (cidrContains(block, subnet.cidrBlock)) continue
      context.report({
        resourceId: vpc.id,
        severity: 'low',
        messageId: 'otherVpcBlockOutside',
        data: {vpcId: vpc.id, cidr: block, clusterId: cluster.id, subnetId: subnet.id, subnetCidr: subnet.cidrBlock, privateRanges: RFC1918},
        origin: vpc.origin,
      })
    }
  },
})
