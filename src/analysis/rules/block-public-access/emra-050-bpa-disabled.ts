import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-050',
    title: 'EMR block public access is disabled in the Region',
    severity: 'critical',
    topologies: 'all',
    risk:
      'Amazon EMR block public access (BPA) stops clusters in public subnets from being launched, or kept, with security group rules that open ports other than the permitted exceptions to 0.0.0.0/0 or ::/0. It is the account-wide guard against the most common EMR exposure. It is off by default in accounts and Regions that created clusters before mid-2019 (Security Hub control EMR.2).',
    remediation: {
      summary: 'Turn block public access on for the Region, keeping port 22 as the only exception. There is no CloudFormation resource for this account setting: use the CLI or console.',
      cli: 'aws emr put-block-public-access-configuration --region <region> --block-public-access-configuration \'{"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}\'',
    },
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-block-public-access.html',
    needs: ['blockPublicAccess'],
  },
  check(context) {
    const bpa = context.model.data.blockPublicAccess
    if (!bpa) return context.notEvaluated('missing: emr-get-block-public-access-configuration')
    if (!bpa.blockPublicSecurityGroupRules) {
      const region = context.model.region
      context.report({
        resourceId: 'account',
        message: `EMR block public access is disabled${region ? ` in ${region}` : ''} (BlockPublicSecurityGroupRules=false): clusters in public subnets can be launched with security groups open to 0.0.0.0/0 on any port.`,
        origin: bpa.origin,
      })
    }
  },
})
