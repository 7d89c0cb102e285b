import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-075',
    title: 'Cluster has no EC2 key pair',
    severity: 'medium',
    topologies: 'all',
    risk:
      'The documented way to the web UIs is an SSH tunnel to hadoop@<primary> with the cluster\'s EC2 key pair. A cluster launched without one cannot be reached over SSH (directly, through a bastion or over Session Manager) unless another authentication is set up.',
    remediation: {
      summary:
        'Launch clusters with an EC2 key pair (KeyName), or set up another way in: EC2 Instance Connect to push a temporary key, Kerberos/LDAP authentication, or Session Manager for a shell.',
      cli: 'aws ec2 create-key-pair --key-name <key-name> --query KeyMaterial --output text > <key-name>.pem\naws emr create-cluster ... --ec2-attributes KeyName=<key-name>,SubnetId=<subnet-id>',
      cloudformation: 'Type: AWS::EMR::Cluster\nProperties:\n  Instances:\n    Ec2KeyName: <key-name>',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-connect-ssh-prereqs.html',
    needs: [],
  },
  check(context) {
    const cluster = context.cluster()
    context.need('describeCluster', cluster.id)
    if (!cluster.keyName) {
      context.report({
        resourceId: cluster.id,
        message: `Cluster ${cluster.id}${cluster.name ? ` (${cluster.name})` : ''} was launched without an EC2 key pair (Ec2InstanceAttributes.Ec2KeyName is empty): SSH to its primary node as hadoop, and so the SSH tunnel to the web UIs, needs another authentication.`,
        origin: cluster.origin,
      })
    }
  },
})
