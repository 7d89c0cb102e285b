import {webUisInRange} from '../../../catalog/web-uis.js'
import {defineRule} from '../rule.js'

export default defineRule({
  meta: {
    id: 'EMRA-051',
    title: 'EMR block public access permits ports other than 22',
    severity: 'high',
    topologies: 'all',
    risk:
      'Every port range listed as a block public access exception may be opened to the whole internet on clusters in public subnets. Port 22 is the only default exception; anything more (often web UI ports) lets EMR clusters be launched with those ports world-open. AWS Config rule emr-block-public-access is non-compliant in this case.',
    remediation: {
      summary: 'Remove every permitted range except port 22, so only SSH may be opened publicly (and then only while block public access allows it).',
      cli: 'aws emr put-block-public-access-configuration --region <region> --block-public-access-configuration \'{"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}\'',
    },
    docs: 'https://docs.aws.amazon.com/config/latest/developerguide/emr-block-public-access.html',
    needs: ['blockPublicAccess'],
  },
  check(context) {
    const bpa = context.model.data.blockPublicAccess
    if (!bpa) return context.notEvaluated('missing: emr-get-block-public-access-configuration')
    if (!bpa.blockPublicSecurityGroupRules) return context.notApplicable('block public access is disabled, so its exceptions have no effect (see EMRA-050)')
    const extra = bpa.permittedPortRanges.filter((range) => !(range.from === 22 && range.to === 22))
    if (extra.length === 0) return
    const ranges = extra.map((range) => {
      const text = range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`
      const uis = webUisInRange(range.from, range.to)
      return uis.length > 0 ? `${text} (web UIs: ${uis.map((ui) => `${ui.name} ${ui.port}`).join(', ')})` : text
    })
    const region = context.model.region
    context.report({
      resourceId: 'account',
      message: `EMR block public access${region ? ` in ${region}` : ''} permits public security group rules on ports ${ranges.join('; ')} besides 22: clusters in public subnets may open these ports to 0.0.0.0/0.`,
      origin: bpa.origin,
    })
  },
})
