import {Flags} from '@oclif/core'
import {SEVERITIES, TOPOLOGIES, allFindings, atOrAbove} from '../analysis/findings.js'
import {auditAllRules, clusterPlacementUnknown} from '../app/audit.js'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags, cidrFlag, optionalSnapshotFlag, parameterFlag, templateFlag, templateParameters, terraformPlanFlag} from '../cli/flags.js'
import {EXIT, UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import {notEvaluatedText} from '../reports/common.js'
import {safeText} from '../reports/escape.js'
import {REPORT_FORMATS, buildAuditReport, renderAudit} from '../reports/index.js'
import {assembleModel} from '../sources/aws-json/assemble.js'
import type {LiveCollection} from '../sources/live/collect.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

export default class Audit extends BaseCommand {
  static override summary = 'Check the VPC around EMR clusters against the public, private and VPN reference topologies.'

  static override description = `Joins route tables, network ACLs, security groups and gateways into paths and judges them against the topology the cluster is meant to follow. Rules whose data is missing are reported as not evaluated, never passed.

The data comes from a snapshot (--snapshot), or live from AWS for --cluster or --vpc: the same calls and documents \`emr-access snapshot\` saves, so both give the same findings. Denied calls make the rules that need them "not evaluated (missing permission: …)" and are listed at the end. --debug prints every AWS call with its duration, and the number of calls.

Every summary says how many rules were not evaluated and why (the missing file or permission); with --format json or sarif that line also goes to stderr (with --json, read the document's outcomes). --fail-on-not-evaluated makes a partial audit fail with exit 4 (1 wins over 4: a definite finding is the more urgent news, and both fail a pipeline).`

  static override usage = [
    'audit --snapshot PATH [--cluster j-…] [--vpc vpc-…] [--topology public|private|vpn|auto] [--admin-cidr CIDR]… [--onprem-cidr CIDR]… [--bastion i-…] [--format table|json|sarif|markdown] [--fail-on SEVERITY] [--fail-on-not-evaluated] [--json]',
    'audit --cluster j-… | --vpc vpc-… [--region REGION] [--profile NAME] [--endpoint-url URL] [the options above]',
    'audit --template FILE [--parameter KEY=VALUE]… [--region REGION] [the options above]',
  ]

  static override examples = [
    '<%= config.bin %> audit --snapshot examples/snapshots/private-bastion-clean --admin-cidr 203.0.113.0/24',
    '<%= config.bin %> audit --snapshot examples/snapshots/broken-public-ssh-world --topology public --format markdown',
    '<%= config.bin %> audit --snapshot examples/snapshots/vpn-clean --topology vpn --onprem-cidr 192.168.10.0/24 --format sarif > emr.sarif',
    '<%= config.bin %> audit --cluster j-2AXXXXXXGAPLF --region eu-west-1 --admin-cidr 203.0.113.0/24',
    '<%= config.bin %> audit --vpc vpc-0abc --profile audit --format sarif > emr.sarif',
    '<%= config.bin %> audit --snapshot examples/snapshots/private-bastion-clean --admin-cidr 203.0.113.0/24 --fail-on-not-evaluated --format sarif > emr.sarif',
    '<%= config.bin %> audit --template templates/cloudformation/private-bastion.yaml --parameter AdminCidr=203.0.113.0/24 --region us-east-1 --topology private --admin-cidr 203.0.113.0/24 --format sarif > emr.sarif',
  ]

  static override enableJsonFlag = true

  static override flags = {
    snapshot: optionalSnapshotFlag,
    'terraform-plan': terraformPlanFlag,
    template: {...templateFlag, exclusive: ['snapshot', 'terraform-plan']},
    parameter: parameterFlag,
    cluster: Flags.string({description: 'Audit this EMR cluster only (live without --snapshot: its VPC is read from AWS).', helpValue: 'j-…'}),
    vpc: Flags.string({description: 'Audit the clusters in this VPC (or the VPC itself when it has none).', helpValue: 'vpc-…'}),
    ...awsFlags({exclusive: ['snapshot', 'terraform-plan']}),
    topology: Flags.option({
      description: 'The reference topology the cluster should follow; auto classifies it from its route table and says which.',
      options: [...TOPOLOGIES, 'auto'] as const,
      default: 'auto' as const,
    })(),
    'admin-cidr': cidrFlag({description: 'Where operators connect from (repeatable); enables the operator → bastion path check.', multiple: true, helpValue: 'CIDR'}),
    'onprem-cidr': cidrFlag({description: 'On-premises networks reaching the VPC over VPN / Direct Connect (repeatable).', multiple: true, helpValue: 'CIDR'}),
    bastion: Flags.string({description: 'The bastion instance id (default: discovered).', helpValue: 'i-…'}),
    format: Flags.option({
      char: 'f',
      description: 'Report format. Default: table on a terminal, json otherwise.',
      options: REPORT_FORMATS,
    })(),
    'fail-on': Flags.option({
      description: 'Exit 1 when a finding is at or above this severity (none: always exit 0).',
      options: [...SEVERITIES, 'none'] as const,
      default: 'high' as const,
    })(),
    'fail-on-not-evaluated': Flags.boolean({
      description: 'Exit 4 when any rule was not evaluated (missing file or permission) and no finding reached --fail-on (that is exit 1), for CI that must not accept a partial audit.',
      default: false,
    }),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Audit)
    let model: NetworkModel
    let collection: LiveCollection | undefined
    let fromTemplate = false
    if (flags.snapshot) {
      model = loadSnapshot(flags.snapshot)
    } else if (flags.template) {
      const {loadTemplate, withPhysicalIds} = await import('../sources/cloudformation/index.js')
      const template = loadTemplate(flags.template, {parameters: templateParameters(flags.parameter), region: flags.region})
      model = template.model
      fromTemplate = true
      // Logical ids (Cluster, Bastion, Vpc) name the resources the template declares.
      flags.cluster = withPhysicalIds(flags.cluster, template.physicalIds)
      flags.bastion = withPhysicalIds(flags.bastion, template.physicalIds)
      flags.vpc = withPhysicalIds(flags.vpc, template.physicalIds)
    } else if (flags['terraform-plan']) {
      model = (await import('../sources/terraform-plan/load-plan.js')).loadTerraformPlan(flags['terraform-plan'])
    } else {
      if (!flags.cluster && !flags.vpc) {
        throw new UserError(
          'give --snapshot PATH to audit saved data, --template FILE to audit a CloudFormation template, --terraform-plan FILE to audit a saved Terraform plan, or --cluster ID or --vpc ID to audit live from AWS',
        )
      }
      // The AWS SDK is loaded only here, where the audit talks to AWS: an offline audit starts faster.
      const {collectForCommand} = await import('../app/live-collection.js')
      const {liveDocumentSet} = await import('../sources/live/collect.js')
      collection = await collectForCommand(flags, {json: this.jsonEnabled(), debug: flags.debug})
      model = assembleModel(liveDocumentSet(collection))
    }
    const failOn = flags['fail-on'] === 'none' ? undefined : flags['fail-on']
    const result = auditAllRules(model, {
      clusterId: flags.cluster,
      vpcId: flags.vpc,
      topology: flags.topology,
      adminCidrs: flags['admin-cidr'] ?? [],
      onpremCidrs: flags['onprem-cidr'] ?? [],
      bastion: flags.bastion,
      failOn: failOn ?? 'none',
    })
    if (fromTemplate) (await import('../sources/cloudformation/locate.js')).locateFindings(result, model)
    if (collection) result.missingPermissions = (await import('../sources/live/collect.js')).missingPermissions(collection)
    const notEvaluated = result.scopes.flatMap((scope) => scope.outcomes).filter((outcome) => outcome.status === 'not_evaluated').length
    const failedRules = result.scopes.flatMap((scope) => scope.outcomes).filter((outcome) => outcome.status === 'error')
    // 1 > 70 > 4: findings are the news; a rule that crashed (our bug) makes the audit incomplete.
    if (failOn && allFindings(result).some((finding) => atOrAbove(finding.severity, failOn))) process.exitCode = EXIT.failed
    else if (failedRules.length > 0) process.exitCode = EXIT.internal
    else if (flags['fail-on-not-evaluated'] && notEvaluated > 0) process.exitCode = EXIT.notEvaluated
    // The user's word stands in for data the audit lacks: the VPC-wide verdicts rest on it, so say so.
    const placement = flags.cluster && flags.vpc ? clusterPlacementUnknown(model, flags.cluster) : undefined
    if (placement && !this.jsonEnabled()) {
      process.stderr.write(`${safeText(flags.cluster!)}: its subnet is not in the data (${safeText(placement)}); its VPC is taken to be --vpc ${safeText(flags.vpc!)}, as given\n`)
    }
    for (const outcome of failedRules) process.stderr.write(`${outcome.ruleId} failed: ${safeText(outcome.reason ?? '')} (a bug in emr-access; the other rules ran)\n`)
    if (this.jsonEnabled()) return buildAuditReport(result, this.config.version)
    const format = flags.format ?? (process.stdout.isTTY ? 'table' : 'json')
    // Table and Markdown say it in their summary; a JSON or SARIF file says it on stderr too, so the CI
    // log shows it (--json stays quiet on stderr, like the collection gaps: scripts read the document).
    if ((format === 'json' || format === 'sarif') && notEvaluated > 0) {
      process.stderr.write(`Not evaluated: ${notEvaluated} rule${notEvaluated === 1 ? '' : 's'} (${safeText(notEvaluatedText(result.scopes))})\n`)
    }
    process.stdout.write(`${renderAudit(result, format, {color: this.color && format === 'table', toolVersion: this.config.version})}\n`)
    // What could not be collected, at the end (the JSON report carries it as missingPermissions).
    if (collection) for (const line of (await import('../sources/live/messages.js')).gapLines(collection)) process.stderr.write(`${line}\n`)
    return undefined
  }
}
