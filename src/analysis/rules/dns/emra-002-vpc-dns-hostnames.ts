import {defineRule} from '../rule.js'
import remediation from './emra-002-vpc-dns-hostnames.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-002',
    title: 'VPC DNS hostnames are disabled',
    severity: 'high',
    topologies: 'all',
    description: "Checks the VPC's enableDnsHostnames attribute: instances must get internal DNS hostnames.",
    risk: 'Without enableDnsHostnames, instances get no internal DNS hostnames (ip-10-0-2-15.ec2.internal) that Hadoop and EMR use to address nodes, and the private DNS names of interface VPC endpoints (S3, STS, the EMR service endpoint) do not resolve in the VPC.',
    messages: {
      dnsHostnamesOff: "{{vpcId}} has enableDnsHostnames=false: EMR nodes get no internal DNS hostnames and interface endpoints' private DNS names do not resolve.",
      dnsHostnamesAndSupportOff:
        "{{vpcId}} has enableDnsHostnames=false (enableDnsSupport is false too: turn it on first, see EMRA-001): EMR nodes get no internal DNS hostnames and interface endpoints' private DNS names do not resolve.",
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    context.need('vpcAttribute', `${vpc.id}/enableDnsHostnames`)
    if (vpc.enableDnsHostnames === false) {
      if (vpc.enableDnsSupport === false) context.report({resourceId: vpc.id, messageId: 'dnsHostnamesAndSupportOff', data: {vpcId: vpc.id}, origin: vpc.origin})
      else context.report({resourceId: vpc.id, messageId: 'dnsHostnamesOff', data: {vpcId: vpc.id}, origin: vpc.origin})
    }
  },
})
