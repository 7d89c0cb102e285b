import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-001',
    title: 'VPC DNS resolution is disabled',
    severity: 'critical',
    topologies: 'all',
    risk:
      'EMR nodes find each other by their internal DNS names (ip-10-0-2-15.ec2.internal). Without the Amazon-provided resolver (enableDnsSupport) clusters fail to start or lose nodes, and interface endpoints with private DNS stop resolving.',
    remediation: {
      summary: 'Turn on DNS resolution for the VPC.',
      cli: 'aws ec2 modify-vpc-attribute --vpc-id <vpc-id> --enable-dns-support "{\\"Value\\":true}"',
      cloudformation: 'Type: AWS::EC2::VPC\nProperties:\n  EnableDnsSupport: true\n  EnableDnsHostnames: true',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    context.need('vpcAttribute', `${vpc.id}/enableDnsSupport`)
    if (vpc.enableDnsSupport === false) {
      context.report({resourceId: vpc.id, message: `${vpc.id} has enableDnsSupport=false: EMR nodes cannot resolve each other's internal names.`, origin: vpc.origin})
    }
  },
})
