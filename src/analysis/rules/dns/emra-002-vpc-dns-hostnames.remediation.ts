/** EMRA-002's fix. Templates: `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {vpcDnsOn} from '../remediation-snippets.js'

export default {
  summary: 'Turn on DNS hostnames (enableDnsHostnames) for {{vpcId}}; DNS resolution must be on first.',
  ...vpcDnsOn('{{vpcId}}', ['enable-dns-support', 'enable-dns-hostnames']),
  console: ['Open the VPC console, Your VPCs, and select {{vpcId}}.', 'Choose Actions, Edit VPC settings.', 'Select Enable DNS resolution and Enable DNS hostnames, and save.'],
} satisfies Remediation
