/** EMRA-031's fix. Templates: `{{groupId}}`, `{{clusterId}}`, `{{port}}` from the finding; the service's CIDR is AWS's to know (not published). */
import type {Remediation} from '../../findings.js'
import {securityGroupRules} from '../remediation-snippets.js'

export default {
  summary:
    'Restore the inbound TCP 8443 rule from the EMR service address ranges on the managed primary group {{groupId}}; EMR re-adds it when a cluster is launched with the group, and AWS Support can name the ranges for your Region.',
  ...securityGroupRules({
    direction: 'ingress',
    groupId: '{{groupId}}',
    protocol: 'tcp',
    port: 8443,
    peer: {cidr: '<emr-service-cidr>'},
    description: 'EMR cluster manager',
    terraformName: 'emr_service_8443',
  }),
  console: [
    'Open the EC2 console, Security Groups, and select {{groupId}} (the EMR-managed primary group of {{clusterId}}).',
    'On the Inbound rules tab choose Edit inbound rules and add a Custom TCP rule on port 8443 whose source is the EMR service address range; or launch a cluster with this group, which makes EMR re-add the rule.',
    'Save rules.',
  ],
} satisfies Remediation
