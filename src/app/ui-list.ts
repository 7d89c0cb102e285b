/**
 * `ui list`: which web UIs a cluster has and where, from a snapshot, from AWS, or described offline
 * (--release, --apps, --tls, --configurations).
 */
import {readFileSync} from 'node:fs'
import {parseReleaseLabel, releaseLabelProblem, webUiCatalogue, type ClusterUiInput, type EmrConfigurationInput} from '../catalog/ui-catalogue.js'
import {InputError, UserError} from '../errors.js'
import {DATASETS} from '../model/datasets.js'
import type {NetworkModel} from '../model/network-model.js'
import type {EmrCluster} from '../model/types.js'
import type {UiListContext} from '../reports/ui-list.js'
import type {LiveFlags} from './live-collection.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'
import {clusterUiInput} from '../tunnel/target.js'
import {checkClusterId, loadClusterModel} from './cluster-target.js'

/** ui list's command line, parsed (each field is the flag of the same name). */
export interface UiListRequest {
  clusterId?: string
  snapshot?: string
  release?: string
  apps?: string
  configurations?: string
  tls?: boolean
  primaryHost?: string
  aws: LiveFlags
  debug: boolean
  json: boolean
}

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

/** The listing to render, and the warnings for stderr. */
export async function listWebUis(request: UiListRequest): Promise<{context: UiListContext; warnings: string[]}> {
  const described = await describe(request)
  const catalogue = webUiCatalogue(described.input)
  const warnings = [...described.warnings]
  if (catalogue.unknownApplications.length > 0) {
    warnings.push(`no web UI known for ${catalogue.unknownApplications.map((name) => `"${name}"`).join(', ')}: not listed`)
  }
  const context: UiListContext = {
    catalogue,
    clusterId: described.clusterId,
    clusterName: described.clusterName,
    primaryHost: request.primaryHost ?? described.primaryHost,
    source: described.source,
    notes: described.notes,
  }
  return {context, warnings}
}

async function describe(request: UiListRequest): Promise<DescribedCluster> {
  const {clusterId} = request
  if (clusterId !== undefined) checkClusterId(clusterId)
  if (request.snapshot !== undefined) {
    for (const offline of ['release', 'apps', 'configurations'] as const) {
      if (request[offline] !== undefined) {
        throw new UserError(`--${offline} cannot be combined with --snapshot: the snapshot describes the cluster (use one or the other)`)
      }
    }
    return fromSnapshot(request.snapshot, clusterId, request.tls)
  }
  if (request.release !== undefined) {
    if (clusterId !== undefined) throw new UserError(`CLUSTER_ID ${clusterId} needs --snapshot; with --release the cluster is described by --release and --apps`)
    return offline(request.release, request.apps, request.configurations, request.tls)
  }
  if (request.apps !== undefined || request.configurations !== undefined) {
    throw new UserError(`--${request.apps !== undefined ? 'apps' : 'configurations'} needs --release (or use --snapshot PATH CLUSTER_ID)`)
  }
  if (clusterId !== undefined) return describeLive(clusterId, request)
  throw new UserError('ui list needs a cluster: --snapshot PATH [CLUSTER_ID], or --release LABEL --apps A,B')
}

/** `ui list CLUSTER_ID` from AWS: the same few calls as connect's discovery (its IAM policy covers them). */
async function describeLive(clusterId: string, request: UiListRequest): Promise<DescribedCluster> {
  const model = await loadClusterModel(clusterId, {aws: request.aws, json: request.json, debug: request.debug})
  return fromModel(model, model.source, clusterId, request.tls)
}

function offline(releaseLabel: string, apps: string | undefined, configurationsFile: string | undefined, tls: boolean | undefined): DescribedCluster {
  if (!parseReleaseLabel(releaseLabel)) throw new UserError(`--release ${releaseLabelProblem(releaseLabel)}`)
  if (apps === undefined) throw new UserError('--release needs --apps: the installed applications, e.g. --apps Hadoop,Spark,Hive')
  const applications = apps
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
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
    // The label was checked above, so the catalogue input is there.
    input: {...clusterUiInput(cluster).input!, inTransitEncryption: tls ?? false},
    clusterId: cluster.id,
    clusterName: cluster.name,
    primaryHost,
    source: path,
    notes,
    warnings,
  }
}
