import {readFileSync} from 'node:fs'
import {Args, Flags} from '@oclif/core'
import {
  parseReleaseLabel,
  releaseLabelProblem,
  webUiCatalogue,
  type ClusterUiInput,
  type EmrConfigurationInput,
} from '../../catalog/ui-catalogue.js'
import {BaseCommand} from '../../cli/base-command.js'
import {awsFlags} from '../../cli/flags.js'
import {InputError, UserError} from '../../errors.js'
import {DATASETS} from '../../model/datasets.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, EmrConfiguration} from '../../model/types.js'
import {renderUiListText, uiListJson, type UiListContext} from '../../reports/ui-list.js'
import {assembleModel} from '../../sources/aws-json/assemble.js'
import type {LiveFlags} from '../../sources/live/command-support.js'
import {loadSnapshot} from '../../sources/snapshot/load-snapshot.js'

const CLUSTER_ID = /^j-[A-Za-z0-9]+$/

/** What the catalogue needs about one cluster, and what the listing says about where it came from. */
interface DescribedCluster {
  input: ClusterUiInput
  clusterId?: string
  clusterName?: string
  primaryHost?: string
  source: string
  notes: string[]
  warnings: string[]
}

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
    cluster_id: Args.string({description: 'The cluster (j-…): with --snapshot, or (soon) looked up live.', required: false}),
  }

  static override flags = {
    snapshot: Flags.string({
      description: 'Saved AWS CLI JSON (a directory or one file) holding the cluster\'s emr-describe-cluster-<id>.json.',
      helpValue: 'PATH',
    }),
    release: Flags.string({description: 'Describe the cluster offline: its release label (emr-6.15.0, emr-spark-8.0.0, …).', helpValue: 'LABEL'}),
    apps: Flags.string({description: 'With --release: the installed applications, comma-separated (Hadoop,Spark,Hive,…; any case).', helpValue: 'A,B'}),
    configurations: Flags.string({
      description: 'With --release: a JSON file of configuration overrides, the shape `aws emr create-cluster --configurations` takes.',
      helpValue: 'FILE',
    }),
    tls: Flags.boolean({
      description: 'In-transit encryption is on (the cluster\'s security configuration enables it). --no-tls says it is off.',
      allowNo: true,
    }),
    ...awsFlags({exclusive: ['snapshot', 'release']}),
    'primary-host': Flags.string({description: 'The primary node\'s host name for the URLs (default: its internal DNS name from the snapshot).', helpValue: 'NAME'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(UiList)
    const described = await this.describe(args.cluster_id, flags)
    const catalogue = webUiCatalogue(described.input)
    for (const warning of described.warnings) process.stderr.write(`Warning: ${warning}\n`)
    if (catalogue.unknownApplications.length > 0) {
      process.stderr.write(`Warning: no web UI known for ${catalogue.unknownApplications.map((name) => `"${name}"`).join(', ')}: not listed\n`)
    }
    const context: UiListContext = {
      catalogue,
      clusterId: described.clusterId,
      clusterName: described.clusterName,
      primaryHost: flags['primary-host'] ?? described.primaryHost,
      source: described.source,
      notes: described.notes,
    }
    if (this.jsonEnabled()) return uiListJson(context)
    process.stdout.write(`${renderUiListText(context, {color: this.color, width: process.stdout.columns})}\n`)
    return undefined
  }

  private async describe(
    clusterId: string | undefined,
    flags: LiveFlags & {snapshot?: string; release?: string; apps?: string; configurations?: string; tls?: boolean; debug: boolean},
  ): Promise<DescribedCluster> {
    if (clusterId !== undefined && !CLUSTER_ID.test(clusterId)) throw new UserError(`CLUSTER_ID "${clusterId}" is not an EMR cluster id (j-…)`)
    if (flags.snapshot !== undefined) {
      for (const offline of ['release', 'apps', 'configurations'] as const) {
        if (flags[offline] !== undefined) {
          throw new UserError(`--${offline} cannot be combined with --snapshot: the snapshot describes the cluster (use one or the other)`)
        }
      }
      return fromSnapshot(flags.snapshot, clusterId, flags.tls)
    }
    if (flags.release !== undefined) {
      if (clusterId !== undefined) throw new UserError(`CLUSTER_ID ${clusterId} needs --snapshot; with --release the cluster is described by --release and --apps`)
      return offline(flags.release, flags.apps, flags.configurations, flags.tls)
    }
    if (flags.apps !== undefined || flags.configurations !== undefined) {
      throw new UserError(`--${flags.apps !== undefined ? 'apps' : 'configurations'} needs --release (or use --snapshot PATH CLUSTER_ID)`)
    }
    if (clusterId !== undefined) return describeLive(clusterId, {...flags, json: this.jsonEnabled()}, flags.tls)
    throw new UserError('ui list needs a cluster: --snapshot PATH [CLUSTER_ID], or --release LABEL --apps A,B')
  }
}

/** `ui list CLUSTER_ID` from AWS: the same few calls as connect's discovery (its IAM policy covers them). */
async function describeLive(clusterId: string, flags: LiveFlags & {debug: boolean; json: boolean}, tls: boolean | undefined): Promise<DescribedCluster> {
  // The AWS SDK is loaded only on this path.
  const [{collectForCommand}, {liveDocumentSet}, {CONNECT_DISCOVERY_DATASETS}] = await Promise.all([
    import('../../sources/live/command-support.js'),
    import('../../sources/live/collect.js'),
    import('../../sources/live/operations.js'),
  ])
  const collection = await collectForCommand({...flags, cluster: clusterId}, {json: flags.json, debug: flags.debug}, CONNECT_DISCOVERY_DATASETS)
  return fromModel(assembleModel(liveDocumentSet(collection)), `aws:${collection.region}`, clusterId, tls)
}

function offline(releaseLabel: string, apps: string | undefined, configurationsFile: string | undefined, tls: boolean | undefined): DescribedCluster {
  if (!parseReleaseLabel(releaseLabel)) throw new UserError(`--release ${releaseLabelProblem(releaseLabel)}`)
  if (apps === undefined) throw new UserError('--release needs --apps: the installed applications, e.g. --apps Hadoop,Spark,Hive')
  const applications = apps.split(',').map((name) => name.trim()).filter((name) => name !== '')
  if (applications.length === 0) throw new UserError('--apps is empty: name the installed applications, e.g. --apps Hadoop,Spark,Hive')
  return {
    input: {
      releaseLabel,
      applications,
      inTransitEncryption: tls ?? false,
      configurations: configurationsFile === undefined ? [] : readConfigurationsFile(configurationsFile),
    },
    source: '--release/--apps',
    notes: [],
    warnings: [],
  }
}

/** A `--configurations` file: `[{"Classification": "…", "Properties": {"key": "value"}}, …]`. */
function readConfigurationsFile(file: string): EmrConfigurationInput[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new UserError(`--configurations ${file}: no such file or not readable`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(file, '', `malformed JSON (${(error as Error).message})`)
  }
  if (!Array.isArray(value)) throw new InputError(file, '', 'expected an array of {"Classification": …, "Properties": {…}} objects')
  return value.map((item, index) => checkConfiguration(item, file, `/${index}`))
}

function checkConfiguration(item: unknown, file: string, pointer: string): EmrConfigurationInput {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(file, pointer, 'expected an object with "Classification" and "Properties"')
  const {Classification, Properties, Configurations} = item as Record<string, unknown>
  if (Classification !== undefined && typeof Classification !== 'string') throw new InputError(file, `${pointer}/Classification`, 'expected a string')
  if (Properties !== undefined) {
    if (typeof Properties !== 'object' || Properties === null || Array.isArray(Properties)) throw new InputError(file, `${pointer}/Properties`, 'expected an object of "name": "value"')
    for (const [key, value] of Object.entries(Properties)) {
      if (typeof value !== 'string') throw new InputError(file, `${pointer}/Properties/${key}`, 'expected a string value')
    }
  }
  if (Configurations !== undefined && !Array.isArray(Configurations)) throw new InputError(file, `${pointer}/Configurations`, 'expected an array')
  return {
    Classification: Classification as string | undefined,
    Properties: Properties as Record<string, string> | undefined,
    Configurations: ((Configurations ?? []) as unknown[]).map((child, index) => checkConfiguration(child, file, `${pointer}/Configurations/${index}`)),
  }
}

/** The model's configurations back in the AWS shape the catalogue reads. */
function toAwsShape(configurations: readonly EmrConfiguration[]): EmrConfigurationInput[] {
  return configurations.map((configuration) => ({
    Classification: configuration.classification,
    Properties: configuration.properties,
    Configurations: toAwsShape(configuration.configurations),
  }))
}

function fromSnapshot(path: string, clusterId: string | undefined, tls: boolean | undefined): DescribedCluster {
  return fromModel(loadSnapshot(path), path, clusterId, tls)
}

function fromModel(model: NetworkModel, path: string, clusterId: string | undefined, tls: boolean | undefined): DescribedCluster {
  const ids = [...model.clusters.keys()].sort()
  let cluster: EmrCluster | undefined
  if (clusterId !== undefined) {
    cluster = model.clusters.get(clusterId)
    if (!cluster) throw new UserError(`${clusterId} is not in the snapshot ${path} (${ids.length > 0 ? `it has ${ids.join(', ')}` : 'it has no EMR clusters'})`)
  } else if (ids.length === 1) {
    cluster = model.clusters.get(ids[0]!)!
  } else {
    throw new UserError(ids.length === 0 ? `the snapshot ${path} has no EMR clusters` : `the snapshot ${path} has ${ids.length} clusters (${ids.join(', ')}): name one as CLUSTER_ID`)
  }
  if (!cluster.described) {
    throw new UserError(`${cluster.id}: ${DATASETS.describeCluster.baseName}-${cluster.id}.json is not in the snapshot, so its release and applications are unknown`)
  }
  const file = cluster.origin?.file ?? path
  const pointer = cluster.origin?.pointer ?? '/Cluster'
  if (!cluster.releaseLabel) throw new InputError(file, pointer, 'no ReleaseLabel (clusters before emr-4.0.0 used AMI versions, which the catalogue does not cover)')
  if (!parseReleaseLabel(cluster.releaseLabel)) throw new InputError(file, `${pointer}/ReleaseLabel`, releaseLabelProblem(cluster.releaseLabel))

  const notes: string[] = []
  const warnings: string[] = []
  if (tls === undefined && cluster.securityConfiguration) {
    warnings.push(
      `${cluster.id} uses the security configuration "${cluster.securityConfiguration}", whose in-transit encryption setting is not in the snapshot: listing plain-HTTP ports; pass --tls if it enables in-transit encryption (--no-tls to silence this)`,
    )
  }
  const primary = cluster.primaryInstances[0]
  const primaryHost = primary?.privateDnsName ?? cluster.masterPublicDnsName ?? primary?.privateIp
  if (cluster.primaryInstances.length > 1) {
    notes.push(
      `${cluster.primaryInstances.length} primary nodes: URLs use ${primaryHost ?? 'the first'}; the ResourceManager and NameNode run on several primaries, so a page that shows a standby is served by the active one on another primary [inference]`,
    )
  }
  return {
    input: {
      releaseLabel: cluster.releaseLabel,
      applications: cluster.applications.map((application) => application.name),
      inTransitEncryption: tls ?? false,
      configurations: toAwsShape(cluster.configurations ?? []),
    },
    clusterId: cluster.id,
    clusterName: cluster.name,
    primaryHost,
    source: path,
    notes,
    warnings,
  }
}
