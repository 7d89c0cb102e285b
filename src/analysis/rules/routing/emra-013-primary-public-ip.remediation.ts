/** EMRA-013's fix. Templates: `{{subnetId}}`, `{{instanceId}}`, `{{publicIp}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {subnetAutoPublicIpOff} from '../remediation-snippets.js'

const subnet = subnetAutoPublicIpOff('{{subnetId}}')

export default {
  summary:
    'Launch the cluster again in a private subnet whose public IPv4 auto-assignment is off (turn it off on {{subnetId}}), and release any Elastic IP associated with the primary node {{instanceId}}.',
  cli: `${subnet.cli}\naws ec2 disassociate-address --public-ip {{publicIp}}`,
  cloudformation: subnet.cloudformation,
  terraform: subnet.terraform,
  console: [
    'Open the EC2 console, Elastic IPs: if {{publicIp}} is an Elastic IP associated with {{instanceId}}, choose Actions, Disassociate Elastic IP address.',
    'Open the VPC console, Subnets, select {{subnetId}}, choose Actions, Edit subnet settings, and clear Enable auto-assign public IPv4 address.',
    'Relaunch the cluster so its nodes come up without public addresses.',
  ],
} satisfies Remediation
