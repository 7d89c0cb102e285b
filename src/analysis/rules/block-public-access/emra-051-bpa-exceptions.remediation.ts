/** EMRA-051's fix. Templates: `{{region}}` from the audit, `{{ports}}` from the finding. */
import type {Remediation} from '../../findings.js'
import {emrBlockPublicAccessSshOnly} from '../remediation-snippets.js'

export default {
  summary: 'Remove the permitted ranges {{ports}} from block public access in {{region}}, so only SSH (port 22) may be opened publicly. CloudFormation has no resource for this account setting.',
  ...emrBlockPublicAccessSshOnly('{{region}}', 'Port 22 only: remove the ranges {{ports}}.'),
  console: [
    'Open the Amazon EMR console in {{region}} and choose Block public access (under EMR on EC2).',
    'Choose Edit and remove the port range exceptions {{ports}}, keeping only port 22.',
    'Save changes.',
  ],
} satisfies Remediation
