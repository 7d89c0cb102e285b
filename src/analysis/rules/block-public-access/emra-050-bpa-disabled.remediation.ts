/** EMRA-050's fix. Templates: `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'
import {emrBlockPublicAccessSshOnly} from '../remediation-snippets.js'

export default {
  summary: 'Turn block public access on in {{region}}, keeping port 22 as the only exception. CloudFormation has no resource for this account setting: use the CLI, Terraform or the console.',
  ...emrBlockPublicAccessSshOnly('{{region}}'),
  console: [
    'Open the Amazon EMR console in {{region}} and choose Block public access (under EMR on EC2).',
    'Choose Edit, turn Block public access on, and keep port 22 as the only port range exception.',
    'Save changes.',
  ],
} satisfies Remediation
