/** EMRA-050's fix. Templates: `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Turn block public access on in {{region}}, keeping port 22 as the only exception. CloudFormation has no resource for this account setting: use the CLI, Terraform or the console.',
  cli: `aws emr put-block-public-access-configuration --region {{region}} --block-public-access-configuration '{"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}'`,
  cloudformation: `# CloudFormation has no resource type for EMR block public access (an account setting per Region).
# Run the AWS CLI command above in {{region}}, or manage it with Terraform.`,
  terraform: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true

  permitted_public_security_group_rule_range {
    min_range = 22
    max_range = 22
  }
}`,
  console: [
    'Open the Amazon EMR console in {{region}} and choose Block public access (under EMR on EC2).',
    'Choose Edit, turn Block public access on, and keep port 22 as the only port range exception.',
    'Save changes.',
  ],
} satisfies Remediation
