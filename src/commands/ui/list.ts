import {Flags} from '@oclif/core'
import {listWebUis} from '../../app/ui-list.js'
import {BaseCommand} from '../../cli/base-command.js'
import {awsFlags, CLUSTER_ID_INPUT, clusterIdArg} from '../../cli/flags.js'
import {renderUiListText, uiListJson} from '../../reports/ui-list.js'

export default class UiList extends BaseCommand {
  static override summary = "List a cluster's web UIs with their URLs: from its release, applications, encryption and configuration."

  static override description = `The UIs follow the release (HDFS 50070 before emr-6.0.0, 9870 after; Ganglia only up to emr-6.15.0; no Hue, Zeppelin, JupyterHub, Tez, Presto, Trino, HBase or Flink in emr-spark-8.0.0), the installed applications, in-transit encryption (Spark History moves to https 18480) and port overrides in the cluster's Configurations. URLs use the primary's internal DNS name: open them through the SSH tunnel's SOCKS proxy. What the reference could not confirm says [unconfirmed].

From a snapshot: --snapshot PATH [CLUSTER_ID] (CLUSTER_ID may be left out when the snapshot holds one cluster). Offline: --release LABEL --apps A,B,… [--tls] [--configurations FILE] [--primary-host NAME].`

  static override examples = [
    '<%= config.bin %> ui list --snapshot examples/snapshots/private-bastion-clean j-QNR3UJJNA77TW',
    '<%= config.bin %> ui list --release emr-6.15.0 --apps Spark,Zeppelin',
    '<%= config.bin %> ui list --release emr-7.2.0 --apps Hadoop,Spark,Trino --tls --primary-host ip-10-1-1-10.ec2.internal --json',
  ]

  static override enableJsonFlag = true

  static override args = {
    cluster_id: clusterIdArg('The cluster (j-…): with --snapshot, or (soon) looked up live.'),
  }

  static override flags = {
    snapshot: Flags.string({
      description: "Saved AWS CLI JSON (a directory or one file) holding the cluster's emr-describe-cluster-<id>.json.",
      helpValue: 'PATH',
    }),
    release: Flags.string({description: 'Describe the cluster offline: its release label (emr-6.15.0, emr-spark-8.0.0, …).', helpValue: 'LABEL'}),
    apps: Flags.string({description: 'With --release: the installed applications, comma-separated (Hadoop,Spark,Hive,…; any case).', helpValue: 'A,B'}),
    configurations: Flags.string({
      description: 'With --release: a JSON file of configuration overrides, the shape `aws emr create-cluster --configurations` takes.',
      helpValue: 'FILE',
    }),
    tls: Flags.boolean({
      description: "In-transit encryption is on (the cluster's security configuration enables it). --no-tls says it is off.",
      allowNo: true,
    }),
    ...awsFlags({exclusive: ['snapshot', 'release']}),
    'primary-host': Flags.string({description: "The primary node's host name for the URLs (default: its internal DNS name from the snapshot).", helpValue: 'NAME'}),
  }

  protected override inputNames = CLUSTER_ID_INPUT

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(UiList)
    const {context, warnings} = await listWebUis({
      clusterId: args.cluster_id,
      snapshot: flags.snapshot,
      release: flags.release,
      apps: flags.apps,
      configurations: flags.configurations,
      tls: flags.tls,
      primaryHost: flags['primary-host'],
      aws: flags,
      debug: flags.debug,
      json: this.jsonEnabled(),
    })
    this.writeWarnings(warnings)
    if (this.jsonEnabled()) return uiListJson(context)
    process.stdout.write(`${renderUiListText(context, {color: this.color, width: process.stdout.columns})}\n`)
    return undefined
  }
}
