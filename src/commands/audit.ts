import {Flags} from '@oclif/core'
import {runAudit} from '../analysis/audit/run-audit.js'
import {SEVERITIES, TOPOLOGIES, allFindings, atOrAbove, type Severity, type Topology} from '../analysis/findings.js'
import {ALL_RULES} from '../analysis/rules/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {snapshotFlag} from '../cli/flags.js'
import {REPORT_FORMATS, buildAuditReport, renderAudit, type ReportFormat} from '../reports/index.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

export default class Audit extends BaseCommand {
  static override summary = 'Check the VPC around EMR clusters against the public, private and VPN reference topologies.'

  static override description = `Joins route tables, network ACLs, security groups and gateways into paths and judges them against
the topology the cluster is meant to follow. Rules whose data is missing are reported as not evaluated, never passed.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or input error.`

  static override examples = [
    '<%= config.bin %> audit --snapshot examples/snapshots/private-bastion-clean --admin-cidr 203.0.113.0/24',
    '<%= config.bin %> audit --snapshot snap/ --cluster j-2AXXXXXXGAPLF --topology private --format sarif > emr.sarif',
    '<%= config.bin %> audit --snapshot snap.json --vpc vpc-0abc --topology vpn --onprem-cidr 192.168.10.0/24 --json',
  ]

  static override enableJsonFlag = true

  static override flags = {
    snapshot: snapshotFlag,
    cluster: Flags.string({description: 'Audit this EMR cluster only.', helpValue: 'j-…'}),
    vpc: Flags.string({description: 'Audit the clusters in this VPC (or the VPC itself when it has none).', helpValue: 'vpc-…'}),
    topology: Flags.string({
      description: 'The reference topology the cluster should follow; auto classifies it from its route table and says which.',
      options: [...TOPOLOGIES, 'auto'],
      default: 'auto',
    }),
    'admin-cidr': Flags.string({description: 'Where operators connect from (repeatable); enables the operator → bastion path check.', multiple: true, helpValue: 'CIDR'}),
    'onprem-cidr': Flags.string({description: 'On-premises networks reaching the VPC over VPN / Direct Connect (repeatable).', multiple: true, helpValue: 'CIDR'}),
    bastion: Flags.string({description: 'The bastion instance id (default: discovered).', helpValue: 'i-…'}),
    format: Flags.string({
      char: 'f',
      description: 'Report format. Default: table on a terminal, json otherwise.',
      options: [...REPORT_FORMATS],
    }),
    'fail-on': Flags.string({
      description: 'Exit 1 when a finding is at or above this severity (none: always exit 0).',
      options: [...SEVERITIES, 'none'],
      default: 'high',
    }),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Audit)
    const model = loadSnapshot(flags.snapshot)
    const failOn = flags['fail-on'] === 'none' ? undefined : (flags['fail-on'] as Severity)
    const result = runAudit(model, ALL_RULES, {
      clusterId: flags.cluster,
      vpcId: flags.vpc,
      topology: flags.topology as Topology | 'auto',
      adminCidrs: flags['admin-cidr'] ?? [],
      onpremCidrs: flags['onprem-cidr'] ?? [],
      bastion: flags.bastion,
      failOn: failOn ?? 'critical',
    })
    if (failOn && allFindings(result).some((finding) => atOrAbove(finding.severity, failOn))) process.exitCode = 1
    if (this.jsonEnabled()) return buildAuditReport(result, this.config.version)
    const format = (flags.format ?? (process.stdout.isTTY ? 'table' : 'json')) as ReportFormat
    process.stdout.write(`${renderAudit(result, format, {color: this.color && format === 'table', toolVersion: this.config.version})}\n`)
    return undefined
  }
}
