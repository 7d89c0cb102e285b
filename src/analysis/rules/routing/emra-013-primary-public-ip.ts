import {defineRule} from '../rule.js'
import remediation from './emra-013-primary-public-ip.remediation.js'

export default defineRule({
  meta: {
    id: 'EMRA-013',
    title: 'Primary node has a public IP address',
    severity: 'high',
    topologies: ['private', 'vpn'],
    description: "Checks the private (or VPN) cluster's primary node for public IPv4 addresses: on the instance, its network interfaces or in EMR's instance list.",
    risk: 'A private cluster is meant to be reached only through a bastion, Session Manager or the VPN. A public IPv4 address on the primary node exposes it to the internet as soon as a route or security group rule allows it (Security Hub EMR.1).',
    messages: {
      primaryPublicIp: 'Primary node {{instanceId}} of cluster {{clusterId}} has public IP {{publicIps}} although the cluster is audited as {{topology}} (subnet {{subnetId}}).',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/emr-controls.html',
    needs: ['instances', 'listInstances'],
  },
  check(context) {
    const cluster = context.cluster()
    if (cluster.primaryInstances.length === 0) {
      context.need('listInstances', cluster.id)
      return context.lacking('listInstances', `the primary node of ${cluster.id} (no MASTER-tagged instance, no instance matching MasterPublicDnsName)`, cluster.id)
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
        messageId: 'primaryPublicIp',
        data: {instanceId: id, clusterId: cluster.id, publicIps: ips, publicIp: [...addresses][0]!, topology: context.scope.topology, subnetId},
        origin: instance?.origin ?? cluster.origin,
      })
    }
  },
})
