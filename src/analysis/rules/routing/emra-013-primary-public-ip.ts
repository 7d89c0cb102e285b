import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-013',
    title: 'Primary node has a public IP address',
    severity: 'high',
    topologies: ['private', 'vpn'],
    risk:
      'A private cluster is meant to be reached only through a bastion, Session Manager or the VPN. A public IPv4 address on the primary node exposes it to the internet as soon as a route or security group rule allows it (Security Hub EMR.1).',
    remediation: {
      summary:
        'Launch the cluster again in a private subnet whose public IPv4 auto-assignment is off, and release any Elastic IP associated with the primary node.',
      cli:
        'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch\naws ec2 disassociate-address --association-id <eipassoc-id>   # when an Elastic IP is associated',
      cloudformation: 'ClusterSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.2.0/24\n    MapPublicIpOnLaunch: false',
    },
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/emr-controls.html',
    needs: ['instances', 'listInstances'],
  },
  check(context) {
    const cluster = context.cluster()
    if (cluster.primaryInstances.length === 0) {
      context.need('listInstances', cluster.id)
      return context.notEvaluated(`the primary node of ${cluster.id} is not identified: no MASTER-tagged instance and no ListInstances entry matching MasterPublicDnsName`)
    }
    const subnetId = cluster.subnetId ?? 'its subnet'
    for (const primary of cluster.primaryInstances) {
      const instance = primary.ec2InstanceId ? context.model.instances.get(primary.ec2InstanceId) : undefined
      if (instance?.state === 'terminated') continue
      const addresses = new Set<string>()
      if (primary.publicIp) addresses.add(primary.publicIp)
      if (instance?.publicIp) addresses.add(instance.publicIp)
      for (const eni of instance?.enis ?? []) for (const ip of eni.publicIps) addresses.add(ip)
      if (addresses.size === 0) continue
      const id = instance?.id ?? primary.ec2InstanceId ?? primary.id ?? primary.privateIp ?? 'primary'
      const ips = [...addresses].join(', ')
      context.report({
        resourceId: id,
        message: `Primary node ${id} of cluster ${cluster.id} has public IP ${ips} although the cluster is audited as ${context.scope.topology} (subnet ${subnetId}).`,
        origin: instance?.origin ?? cluster.origin,
      })
    }
  },
})
