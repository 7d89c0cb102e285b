import {defineRule} from '../rule.js'
import remediation from './emra-001-vpc-dns-support.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-001',
    title: 'VPC DNS resolution is disabled',
    severity: 'critical',
    topologies: 'all',
    description: "Checks the VPC's enableDnsSupport attribute: the Amazon-provided DNS resolver must be on.",
    risk: 'EMR nodes find each other by their internal DNS names (ip-10-0-2-15.ec2.internal). Without the Amazon-provided resolver (enableDnsSupport) clusters fail to start or lose nodes, and interface endpoints with private DNS stop resolving.',
    messages: {
      dnsSupportOff: "{{vpcId}} has enableDnsSupport=false: EMR nodes cannot resolve each other's internal names.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    context.need('vpcAttribute', `${vpc.id}/enableDnsSupport`)
    if (vpc.enableDnsSupport === false) {
      context.report({resourceId: vpc.id, messageId: 'dnsSupportOff', data: {vpcId: vpc.id}, origin: vpc.origin})
    }
  },
})
