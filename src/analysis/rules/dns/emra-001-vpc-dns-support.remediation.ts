/** EMRA-001's fix. Templates: `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {vpcDnsOn} from '../remediation-snippets.js'

export default {
  summary: 'Turn on DNS resolution (enableDnsSupport) for {{vpcId}}.',
  ...vpcDnsOn('{{vpcId}}', ['enable-dns-support']),
  console: ['Open the VPC console, Your VPCs, and select {{vpcId}}.', 'Choose Actions, Edit VPC settings.', 'Select Enable DNS resolution and save.'],
} satisfies Remediation
