/** EMRA-051's fix. Templates: `{{region}}` from the audit, `{{ports}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Remove the permitted ranges {{ports}} from block public access in {{region}}, so only SSH (port 22) may be opened publicly. CloudFormation has no resource for this account setting.',
  cli: `aws emr put-block-public-access-configuration --region {{region}} --block-public-access-configuration '{"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}'`,
  cloudformation: `# CloudFormation has no resource type for EMR block public access (an account setting per Region).
# Run the AWS CLI command above in {{region}}, or manage it with Terraform.`,
  terraform: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true

  # Port 22 only: remove the ranges {{ports}}.
  permitted_public_security_group_rule_range {
    min_range = 22
    max_range = 22
  }
}`,
  console: [
    'Open the Amazon EMR console in {{region}} and choose Block public access (under EMR on EC2).',
    'Choose Edit and remove the port range exceptions {{ports}}, keeping only port 22.',
    'Save changes.',
  ],
} satisfies Remediation
