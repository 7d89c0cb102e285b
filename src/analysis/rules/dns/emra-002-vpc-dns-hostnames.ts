import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-002',
    title: 'VPC DNS hostnames are disabled',
    severity: 'high',
    topologies: 'all',
    risk:
      'Without enableDnsHostnames, instances get no internal DNS hostnames (ip-10-0-2-15.ec2.internal) that Hadoop and EMR use to address nodes, and the private DNS names of interface VPC endpoints (S3, STS, the EMR service endpoint) do not resolve in the VPC.',
    remediation: {
      summary: 'Turn on DNS hostnames for the VPC (DNS resolution must be on first).',
      cli:
        'aws ec2 modify-vpc-attribute --vpc-id <vpc-id> --enable-dns-support "{\\"Value\\":true}"\naws ec2 modify-vpc-attribute --vpc-id <vpc-id> --enable-dns-hostnames "{\\"Value\\":true}"',
      cloudformation: 'Type: AWS::EC2::VPC\nProperties:\n  EnableDnsSupport: true\n  EnableDnsHostnames: true',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-vpc-host-job-flows.html',
    needs: ['vpcs'],
  },
  check(context) {
    const vpc = context.vpc()
    context.need('vpcAttribute', `${vpc.id}/enableDnsHostnames`)
    if (vpc.enableDnsHostnames === false) {
      const support = vpc.enableDnsSupport === false ? ' (enableDnsSupport is false too: turn it on first, see EMRA-001)' : ''
      context.report({
        resourceId: vpc.id,
        message: `${vpc.id} has enableDnsHostnames=false${support}: EMR nodes get no internal DNS hostnames and interface endpoints' private DNS names do not resolve.`,
        origin: vpc.origin,
      })
    }
  },
})
