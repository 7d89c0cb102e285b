/** EMRA-014's fix. Templates: `{{subnetId}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {subnetAutoPublicIpOff} from '../remediation-snippets.js'

export default {
  summary: 'Turn off public IPv4 auto-assignment on {{subnetId}}; existing nodes keep their addresses until they are replaced.',
  ...subnetAutoPublicIpOff('{{subnetId}}'),
  console: ['Open the VPC console, Subnets, and select {{subnetId}}.', 'Choose Actions, Edit subnet settings.', 'Clear Enable auto-assign public IPv4 address and save.'],
} satisfies Remediation
