import {defineRule} from '../rule.js'
import remediation from './emra-050-bpa-disabled.remediation.js'
import {blockPublicAccessOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-050',
    title: 'EMR block public access is disabled in the Region',
    severity: 'critical',
    topologies: 'all',
    description: "Checks the Region's EMR block public access configuration: BlockPublicSecurityGroupRules must be true.",
    risk: 'Amazon EMR block public access (BPA) stops clusters in public subnets from being launched, or kept, with security group rules that open ports other than the permitted exceptions to 0.0.0.0/0 or ::/0. It is the account-wide guard against the most common EMR exposure. It is off by default in accounts and Regions that created clusters before mid-2019 (Security Hub control EMR.2).',
    messages: {
      disabled:
        'EMR block public access is disabled in {{region}} (BlockPublicSecurityGroupRules=false): clusters in public subnets can be launched with security groups open to 0.0.0.0/0 on any port.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-block-public-access.html',
    needs: ['blockPublicAccess'],
  },
  check(context) {
    const bpa = blockPublicAccessOrStop(context)
    if (!bpa.blockPublicSecurityGroupRules) {
      context.report({
        resourceId: 'account',
        messageId: 'disabled',
        data: {region: context.model.region ?? 'the audited Region'},
        origin: bpa.origin,
      })
    }
  },
})
