/** EMRA-091's fix. Templates: `{{vgwId}}`, `{{vpcId}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {gatewayAttachment} from '../remediation-snippets.js'

export default {
  summary: 'Attach the virtual private gateway {{vgwId}} to {{vpcId}} (or attach the VPC to the transit gateway that carries the VPN).',
  ...gatewayAttachment({vpcId: '{{vpcId}}', gateway: {vpn: '{{vgwId}}'}, terraformName: 'emr'}),
  console: [
    'Open the VPC console, Virtual private gateways, and select {{vgwId}} (or create one if it was deleted).',
    'Choose Actions, Attach to VPC, pick {{vpcId}} and attach.',
    'Wait until its state is attached.',
  ],
} satisfies Remediation
