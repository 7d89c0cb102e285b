import {webUisInRange} from '../../../catalog/web-uis.js'
import {defineRule} from '../rule.js'
import remediation from './emra-051-bpa-exceptions.remediation.js'
import {portSpan} from '../security-groups/shared.js'
import {blockPublicAccessOrStop} from './shared.js'

export default defineRule({
  meta: {
    id: 'EMRA-051',
    title: 'EMR block public access permits ports other than 22',
    severity: 'high',
    topologies: 'all',
    description: "Checks the port ranges permitted as exceptions in the Region's EMR block public access configuration: only port 22 should be listed.",
    risk: 'Every port range listed as a block public access exception may be opened to the whole internet on clusters in public subnets. Port 22 is the only default exception; anything more (often web UI ports) lets EMR clusters be launched with those ports world-open. AWS Config rule emr-block-public-access is non-compliant in this case.',
    messages: {
      extraPorts: 'EMR block public access in {{region}} permits public security group rules on ports {{ranges}} besides 22: clusters in public subnets may open these ports to 0.0.0.0/0.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/config/latest/developerguide/emr-block-public-access.html',
    needs: ['blockPublicAccess'],
  },
  check(context) {
    const bpa = blockPublicAccessOrStop(context)
    if (!bpa.blockPublicSecurityGroupRules) return context.notApplicable('block public access is disabled, so its exceptions have no effect (see EMRA-050)')
    const extra = bpa.permittedPortRanges.filter((range) => !(range.from === 22 && range.to === 22))
    if (extra.length === 0) return
    const ranges = extra.map((range) => {
      const text = String(portSpan(range))
      const uis = webUisInRange(range.from, range.to)
      return uis.length > 0 ? `${text} (web UIs: ${uis.map((ui) => `${ui.name} ${ui.port}`).join(', ')})` : text
    })
    context.report({
      resourceId: 'account',
      messageId: 'extraPorts',
      data: {
        region: context.model.region ?? 'the audited Region',
        ranges: ranges.join('; '),
        ports: extra.map(portSpan).join(', '),
      },
      origin: bpa.origin,
    })
  },
})
