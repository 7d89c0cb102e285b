/**
 * The web UIs one EMR cluster serves, from what DescribeCluster says about it: the release label,
 * the installed applications, in-transit encryption (from the security configuration) and
 * configuration overrides (`Configurations`). Reference: emr-networking.md §10 (the table and its
 * sources), §1.3 (what emr-spark-8.0.0 dropped), §3.5 (no-tunnel mechanisms), §9 rules 52/53.
 *
 * Pure: no I/O. Anything the reference marks [unconfirmed] says so in the UI's notes, so a link
 * that may be wrong is never presented as certain.
 */
import {UserError} from '../errors.js'

export type UiRole = 'primary' | 'core'
export type UiScheme = 'http' | 'https'

/**
 * How a UI can be reached. `tunnel` (SSH SOCKS proxy through a bastion) serves every UI.
 * `on-cluster-presigned`: EMR's GetOnClusterAppUIPresignedURL (a running cluster, no tunnel).
 * `persistent-app-ui`: EMR's persistent (off-cluster) application UIs, also for terminated clusters.
 * Data only for now (ROADMAP "No-tunnel fallbacks").
 */
export type AccessMechanism = 'tunnel' | 'on-cluster-presigned' | 'persistent-app-ui'

/** `OnClusterAppUIType` values of GetOnClusterAppUIPresignedURL (reference §3.5). */
export type OnClusterAppUiType = 'SparkHistoryServer' | 'YarnTimelineService' | 'TezUI' | 'ApplicationMaster' | 'JobHistoryServer' | 'ResourceManager'

/** One element of DescribeCluster `Configurations` (the AWS shape, as the API returns it). */
export interface EmrConfigurationInput {
  Classification?: string
  Properties?: Readonly<Record<string, string>>
  Configurations?: readonly EmrConfigurationInput[]
}

export interface ClusterUiInput {
  /** `emr-5.36.1`, `emr-6.15.0`, `emr-7.2.0`, `emr-spark-8.0.0`, … */
  releaseLabel: string
  /** Application names as DescribeCluster returns them (case-insensitive). */
  applications: readonly string[]
  /** In-transit encryption on in the cluster's security configuration. */
  inTransitEncryption?: boolean
  configurations?: readonly EmrConfigurationInput[]
}

export interface PortOverride {
  classification: string
  property: string
  value: string
}

export interface CatalogueUi {
  /** Stable id: `yarn-resourcemanager`, `spark-history`, … */
  id: string
  name: string
  /** The application that serves it, as DescribeCluster names it (`Hadoop`, `Spark`, …). */
  application: string
  /** `primary`: the primary node; `core`: every core (and, for YARN, task) node. */
  role: UiRole
  port: number
  scheme: UiScheme
  path: string
  /** false when `path` holds a placeholder (`<applicationId>`) to fill in before opening it. */
  bookmarkable: boolean
  access: AccessMechanism[]
  /** For `on-cluster-presigned`: the OnClusterAppUIType to ask for. */
  onClusterAppUiType?: OnClusterAppUiType
  /** The configuration property the port was read from, when it was overridden. */
  portOverride?: PortOverride
  /** The reference could not confirm the URL itself (port, scheme, path, or that the UI is there); the notes say what. */
  unconfirmed: boolean
  notes: string[]
}

export interface OmittedUi {
  application: string
  reason: string
}

export interface ReleaseLabel {
  label: string
  /** `emr` (emr-X.Y.Z) or `emr-spark` (emr-spark-X.Y.Z). */
  family: 'emr' | 'emr-spark'
  major: number
  minor: number
  patch: number
}

export interface UiCatalogue {
  release: ReleaseLabel
  inTransitEncryption: boolean
  uis: CatalogueUi[]
  /** Installed applications whose UI this release does not serve (rule 53), with why. */
  omitted: OmittedUi[]
  /** Application names the catalogue does not know (no UI listed for them). */
  unknownApplications: string[]
  /** About the release as a whole. */
  notes: string[]
}

const RELEASE_LABEL = /^emr-(spark-)?(\d+)\.(\d+)\.(\d+)$/

/** `emr-6.15.0` → its parts; undefined when the label is not a release label this tool knows. */
export function parseReleaseLabel(text: string): ReleaseLabel | undefined {
  const label = text.trim().toLowerCase()
  const match = RELEASE_LABEL.exec(label)
  if (!match) return undefined
  const family = match[1] ? 'emr-spark' : 'emr'
  const [major, minor, patch] = [Number(match[2]), Number(match[3]), Number(match[4])]
  // Release labels start at emr-4.0.0 (earlier clusters had AMI versions); emr-spark-* at 8.0.0.
  if (family === 'emr' && major < 4) return undefined
  if (family === 'emr-spark' && major < 8) return undefined
  return {label, family, major, minor, patch}
}

/** Why a label was refused, in one line. */
export function releaseLabelProblem(text: string): string {
  return `"${text}" is not an EMR release label: expected emr-X.Y.Z (emr-4.0.0 or later, e.g. emr-6.15.0) or emr-spark-X.Y.Z (8.0.0 or later)`
}

/** Compares the release's version with `version` ("5.25.0"): negative, zero or positive. */
function compareVersion(release: ReleaseLabel, version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  return release.major - major || release.minor - minor || release.patch - patch
}

const atLeast = (release: ReleaseLabel, version: string): boolean => compareVersion(release, version) >= 0
const atMost = (release: ReleaseLabel, version: string): boolean => compareVersion(release, version) <= 0

/**
 * Application names, lower-cased → as DescribeCluster spells them. Applications without a web UI
 * are listed too, so they are not reported as unknown.
 */
const KNOWN_APPLICATIONS = new Map(
  [
    'Hadoop',
    'Spark',
    'Hive',
    'Hue',
    'Zeppelin',
    'JupyterHub',
    'Livy',
    'HBase',
    'Tez',
    'Presto',
    'PrestoSQL',
    'Trino',
    'Flink',
    'Ganglia',
    'Oozie',
    'JupyterEnterpriseGateway',
    'TensorFlow',
    // No web UI of their own.
    'Pig',
    'Sqoop',
    'ZooKeeper',
    'HCatalog',
    'Phoenix',
    'Mahout',
    'MXNet',
    'Hudi',
    'Iceberg',
    'Delta',
  ].map((name) => [name.toLowerCase(), name]),
)

/** Applications that run on YARN and HDFS: the Hadoop UIs are there even when "Hadoop" is not listed. */
const RUNS_ON_HADOOP = ['Spark', 'Hive', 'Tez', 'Flink', 'Pig', 'HBase', 'Livy', 'Oozie', 'Sqoop', 'HCatalog', 'Mahout']

/** Not in emr-spark-8.0.0 (reference §1.3: dropped, or staying on 7.x until a multi-engine emr-8.0.0). */
const NOT_IN_EMR_SPARK = ['Hue', 'Zeppelin', 'JupyterHub', 'Tez', 'Presto', 'PrestoSQL', 'Trino', 'HBase', 'Phoenix', 'Flink', 'Ganglia']

interface Context {
  release: ReleaseLabel
  tls: boolean
  installed: Set<string>
  configurations: readonly EmrConfigurationInput[]
  omitted: OmittedUi[]
}

/** The port from a property value: `8080`, `0.0.0.0:8088`, `${yarn.resourcemanager.hostname}:8088`. */
export function portFromValue(value: string): number | undefined {
  const match = /^(?:.*:)?(\d{1,5})$/.exec(value.trim())
  if (!match) return undefined
  const port = Number(match[1])
  return port >= 1 && port <= 65535 ? port : undefined
}

/** The last top-level `Classification`'s value of `property` (DescribeCluster order; later wins). */
function findProperty(configurations: readonly EmrConfigurationInput[], classifications: readonly string[], property: string): PortOverride | undefined {
  let found: PortOverride | undefined
  for (const configuration of configurations) {
    const classification = configuration.Classification?.toLowerCase()
    if (!classification || !classifications.includes(classification)) continue
    const value = configuration.Properties?.[property]
    if (typeof value === 'string') found = {classification: configuration.Classification!, property, value}
  }
  return found
}

interface UiSpec {
  id: string
  name: string
  application: string
  role: UiRole
  port: number
  scheme?: UiScheme
  path?: string
  bookmarkable?: boolean
  access?: AccessMechanism[]
  onClusterAppUiType?: OnClusterAppUiType
  unconfirmed?: boolean
  notes?: string[]
  /** Where the port may be overridden (classifications, property); applied when given. */
  override?: {classifications: string[]; property: string}
}

function build(context: Context, spec: UiSpec): CatalogueUi {
  const notes = [...(spec.notes ?? [])]
  let port = spec.port
  let portOverride: PortOverride | undefined
  if (spec.override) {
    const found = findProperty(context.configurations, spec.override.classifications, spec.override.property)
    if (found) {
      const overridden = portFromValue(found.value)
      if (overridden === undefined) {
        notes.push(`${found.classification} ${found.property} = "${found.value}" holds no port; the default ${spec.port} is listed`)
      } else {
        port = overridden
        portOverride = found
        if (overridden !== spec.port) notes.push(`port ${overridden} from the cluster configuration ${found.classification} ${found.property} (default ${spec.port})`)
      }
    }
  }
  return {
    id: spec.id,
    name: spec.name,
    application: spec.application,
    role: spec.role,
    port,
    scheme: spec.scheme ?? 'http',
    path: spec.path ?? '/',
    bookmarkable: spec.bookmarkable ?? true,
    access: spec.access ?? ['tunnel'],
    ...(spec.onClusterAppUiType ? {onClusterAppUiType: spec.onClusterAppUiType} : {}),
    ...(portOverride ? {portOverride} : {}),
    unconfirmed: spec.unconfirmed ?? false,
    notes,
  }
}

function persistent(context: Context): AccessMechanism[] {
  // Persistent application UIs since EMR 5.25.0 (Spark History, YARN timeline, Tez), §3.5.
  return atLeast(context.release, '5.25.0') ? ['persistent-app-ui'] : []
}

function hadoopUis(context: Context): CatalogueUi[] {
  const {release, tls} = context
  const hadoop3 = atLeast(release, '6.0.0')
  const namenodeTls = hadoop3 ? 9871 : 50470
  const datanodeTls = hadoop3 ? 9865 : 50475
  const tlsNote = (ui: string, port: number): string[] =>
    tls ? [`[unconfirmed] with in-transit encryption the ${ui} may serve https on ${port} instead (AWS lists it; the reference could not confirm when it is active)`] : []
  return [
    build(context, {
      id: 'yarn-resourcemanager',
      name: 'YARN ResourceManager',
      application: 'Hadoop',
      role: 'primary',
      port: 8088,
      access: ['tunnel', 'on-cluster-presigned'],
      onClusterAppUiType: 'ResourceManager',
      override: {classifications: ['yarn-site'], property: 'yarn.resourcemanager.webapp.address'},
      notes: [
        "applications at /cluster; links to NodeManagers and ApplicationMasters use core nodes' internal host names",
        ...(hadoop3 ? ['Hadoop 3 also serves the new UI at /ui2/ [unconfirmed for EMR]'] : []),
        ...(tls ? ["[unconfirmed] with in-transit encryption the ResourceManager may serve https on 8090 (Hadoop's default); not confirmed for EMR"] : []),
      ],
    }),
    build(context, {
      id: 'yarn-proxy',
      name: 'YARN application proxy (live Spark UI)',
      application: 'Hadoop',
      role: 'primary',
      port: 20888,
      path: '/proxy/<applicationId>/',
      bookmarkable: false,
      access: ['tunnel', 'on-cluster-presigned'],
      onClusterAppUiType: 'ApplicationMaster',
      notes: [
        "live Spark UI (or another ApplicationMaster's UI) of a running application via /proxy/<applicationId>/; open it from the ResourceManager's Tracking UI link",
        ...(tls ? ["with in-transit encryption the driver's own Spark UI is https on 4440 (spark.ui.port); reach it through this proxy"] : []),
      ],
    }),
    build(context, {
      id: 'mapreduce-jobhistory',
      name: 'MapReduce JobHistory Server',
      application: 'Hadoop',
      role: 'primary',
      port: 19888,
      path: '/jobhistory',
      access: ['tunnel', 'on-cluster-presigned'],
      onClusterAppUiType: 'JobHistoryServer',
    }),
    build(context, {
      id: 'hdfs-namenode',
      name: 'HDFS NameNode',
      application: 'Hadoop',
      role: 'primary',
      port: hadoop3 ? 9870 : 50070,
      override: {classifications: ['hdfs-site'], property: 'dfs.namenode.http-address'},
      notes: [hadoop3 ? 'port 9870 from emr-6.0.0 (Hadoop 3)' : 'port 50070 before emr-6.0.0 (Hadoop 2)', ...tlsNote('NameNode', namenodeTls)],
    }),
    build(context, {
      id: 'yarn-nodemanager',
      name: 'YARN NodeManager',
      application: 'Hadoop',
      role: 'core',
      port: 8042,
      override: {classifications: ['yarn-site'], property: 'yarn.nodemanager.webapp.address'},
      notes: ["on every core and task node; the ResourceManager's Nodes page links to each"],
    }),
    build(context, {
      id: 'hdfs-datanode',
      name: 'HDFS DataNode',
      application: 'Hadoop',
      role: 'core',
      port: hadoop3 ? 9864 : 50075,
      override: {classifications: ['hdfs-site'], property: 'dfs.datanode.http.address'},
      notes: ['on every core node (task nodes hold no HDFS data)', ...tlsNote('DataNode', datanodeTls)],
    }),
  ]
}

function sparkHistory(context: Context): CatalogueUi {
  const {release, tls} = context
  // TLS on 18480 from emr-5.3.0 (in-transit encryption matrix: emr-5.3.0+, 6.0.0+, 7.0.0+).
  const tlsSupported = atLeast(release, '5.3.0')
  const access: AccessMechanism[] = ['tunnel', 'on-cluster-presigned', ...persistent(context)]
  const common = {id: 'spark-history', name: 'Spark History Server', application: 'Spark', role: 'primary' as const, access, onClusterAppUiType: 'SparkHistoryServer' as const}
  if (tls && tlsSupported) {
    const ui = build(context, {...common, port: 18480, scheme: 'https', notes: ['in-transit encryption: TLS on 18480 (spark.ssl.history.port)']})
    const httpOverride = findProperty(context.configurations, ['spark-defaults'], 'spark.history.ui.port')
    if (httpOverride) ui.notes.push(`${httpOverride.classification} spark.history.ui.port = ${httpOverride.value} sets the plain-HTTP port, not the TLS port`)
    if (release.family === 'emr-spark') ui.notes.push('TLS port as for emr-7.x [inference: the encryption matrix lists releases up to 7.x]')
    return ui
  }
  return build(context, {
    ...common,
    port: 18080,
    override: {classifications: ['spark-defaults'], property: 'spark.history.ui.port'},
    notes: tls && !tlsSupported ? ['in-transit encryption for the Spark History Server starts with emr-5.3.0: plain HTTP here'] : [],
  })
}

/** The catalogue for one cluster. Throws UserError for a release label it cannot read. */
export function webUiCatalogue(input: ClusterUiInput): UiCatalogue {
  const release = parseReleaseLabel(input.releaseLabel)
  if (!release) throw new UserError(releaseLabelProblem(input.releaseLabel))
  const tls = input.inTransitEncryption ?? false
  const installed = new Set<string>()
  const unknownApplications: string[] = []
  for (const raw of input.applications) {
    const name = raw.trim()
    if (name === '') continue
    const known = KNOWN_APPLICATIONS.get(name.toLowerCase())
    if (known) installed.add(known)
    else if (!unknownApplications.includes(name)) unknownApplications.push(name)
  }
  const context: Context = {release, tls, installed, configurations: input.configurations ?? [], omitted: []}
  const notes: string[] = []
  const omit = (application: string, reason: string): void => {
    context.omitted.push({application, reason})
  }

  // emr-spark-8.x: applications that are not part of the release at all.
  if (release.family === 'emr-spark') {
    for (const application of NOT_IN_EMR_SPARK) {
      if (installed.delete(application)) omit(application, `not part of ${release.label}: the emr-spark releases leave it out (emr-spark-8.0.0 release notes)`)
    }
  } else if (release.major >= 8) {
    notes.push(`[unconfirmed] ${release.label}: the reference covers emr-spark-8.0.0, not a multi-engine emr-8.x release; UIs follow the installed applications`)
  }

  const has = (application: string): boolean => installed.has(application)
  const primary: CatalogueUi[] = []
  const core: CatalogueUi[] = []

  const hadoopImpliedBy = has('Hadoop') ? undefined : RUNS_ON_HADOOP.find(has)
  if (has('Hadoop') || hadoopImpliedBy) {
    if (hadoopImpliedBy) notes.push(`Hadoop is not in the application list; its YARN and HDFS UIs are listed because ${hadoopImpliedBy} runs on them [inference]`)
    const hadoop = hadoopUis(context)
    primary.push(...hadoop.filter((ui) => ui.role === 'primary'))
    core.push(...hadoop.filter((ui) => ui.role === 'core'))
  }

  if (has('Tez')) {
    // The timeline server runs when Tez is installed (Release Guide tez-timeline-server).
    primary.push(
      build(context, {
        id: 'yarn-timeline',
        name: 'YARN Timeline Server',
        application: 'Hadoop',
        role: 'primary',
        port: 8188,
        access: ['tunnel', 'on-cluster-presigned', ...persistent(context)],
        onClusterAppUiType: 'YarnTimelineService',
        notes: ['runs when Tez is installed (Tez UI reads it); https on 8190 exists but is not the default'],
      }),
    )
  }

  if (has('Spark')) primary.push(sparkHistory(context))

  if (has('Livy')) {
    if (atLeast(release, '5.9.0')) {
      primary.push(
        build(context, {
          id: 'livy',
          name: 'Livy',
          application: 'Livy',
          role: 'primary',
          port: 8998,
          override: {classifications: ['livy-conf'], property: 'livy.server.port'},
          notes: ['the web UI is under /ui [unconfirmed path]; the REST API shares the port', 'some copies of the AWS table say 8999; 8998 is the canonical port'],
        }),
      )
    } else omit('Livy', 'Livy is available from emr-5.9.0')
  }

  if (has('Hue')) {
    primary.push(build(context, {id: 'hue', name: 'Hue', application: 'Hue', role: 'primary', port: 8888}))
  }

  if (has('Zeppelin')) {
    primary.push(
      build(context, {
        id: 'zeppelin',
        name: 'Zeppelin',
        application: 'Zeppelin',
        role: 'primary',
        port: 8890,
        override: {classifications: ['zeppelin-site'], property: 'zeppelin.server.port'},
        unconfirmed: !atLeast(release, '5.0.0'),
        notes: atLeast(release, '5.0.0') ? [] : ['[unconfirmed] before emr-5.0.0 Zeppelin shipped as a sandbox application'],
      }),
    )
  }

  if (has('JupyterHub')) {
    if (atLeast(release, '5.14.0')) {
      primary.push(
        build(context, {
          id: 'jupyterhub',
          name: 'JupyterHub',
          application: 'JupyterHub',
          role: 'primary',
          port: 9443,
          scheme: 'https',
          notes: [
            'https with a self-signed certificate by default: expect a browser warning',
            'its port is c.JupyterHub.port in jupyterhub_config.py, not a Configurations classification: a changed port is not seen here',
          ],
        }),
      )
    } else omit('JupyterHub', 'JupyterHub is available from emr-5.14.0')
  }

  if (has('Hive')) {
    // HiveServer2's web UI came with Hive 2 (emr-5.0.0); EMR 4.x ships Hive 1.
    if (atLeast(release, '5.0.0')) {
      primary.push(
        build(context, {
          id: 'hiveserver2',
          name: 'HiveServer2 Web UI',
          application: 'Hive',
          role: 'primary',
          port: 10002,
          override: {classifications: ['hive-site'], property: 'hive.server2.webui.port'},
        }),
      )
    } else omit('Hive', 'the HiveServer2 web UI comes with Hive 2 (emr-5.0.0 and later) [inference]')
  }

  if (has('Tez')) {
    primary.push(
      build(context, {
        id: 'tez-ui',
        name: 'Tez UI',
        application: 'Tez',
        role: 'primary',
        port: 8080,
        path: '/tez-ui',
        access: ['tunnel', 'on-cluster-presigned', ...persistent(context)],
        onClusterAppUiType: 'TezUI',
        notes: ['reads the YARN Timeline Server (8188)'],
      }),
    )
  }

  const prestoUiFrom = release.major === 4 ? '4.8.2' : '5.0.3'
  const trinoLike = (id: string, name: string, application: string, classification: string): void => {
    if (!has(application)) return
    if (!atLeast(release, prestoUiFrom)) {
      omit(application, 'the Presto web UI is available from emr-4.8.2 / emr-5.0.3 (Presto 0.152.3)')
      return
    }
    primary.push(
      build(context, {
        id,
        name,
        application,
        role: 'primary',
        port: 8889,
        unconfirmed: application === 'PrestoSQL',
        override: {classifications: [classification], property: 'http-server.http.port'},
        notes: [
          'the UI is under /ui/ [unconfirmed path]',
          ...(application === 'PrestoSQL' ? ['[unconfirmed] PrestoSQL (the name of Trino in emr-6.1.0 to 6.3.x) is treated like Trino; not in the reference'] : []),
          ...(tls ? ['[unconfirmed] with in-transit encryption the coordinator uses internal HTTPS on 8446; whether the web UI moves there is not confirmed'] : []),
        ],
      }),
    )
  }
  trinoLike('presto', 'Presto coordinator', 'Presto', 'presto-config')
  trinoLike('trino', 'Trino coordinator', 'Trino', 'trino-config')
  trinoLike('prestosql', 'PrestoSQL coordinator', 'PrestoSQL', 'prestosql-config')

  if (has('HBase')) {
    const ssl = ['https instead when hbase.ssl.enabled=true']
    primary.push(
      build(context, {id: 'hbase-master', name: 'HBase Master', application: 'HBase', role: 'primary', port: 16010, path: '/master-status', notes: ssl}),
      build(context, {id: 'hbase-rest', name: 'HBase REST server info', application: 'HBase', role: 'primary', port: 8085, notes: ['info UI of the REST server (its API is on 8070)']}),
      build(context, {id: 'hbase-thrift', name: 'HBase Thrift server info', application: 'HBase', role: 'primary', port: 9095, notes: ['info UI of the Thrift server (its API is on 9090)']}),
    )
    core.push(build(context, {id: 'hbase-regionserver', name: 'HBase RegionServer', application: 'HBase', role: 'core', port: 16030, notes: ['on every core node']}))
  }

  if (has('Flink')) {
    if (atLeast(release, '5.33.0')) {
      const early6 = release.family === 'emr' && release.major === 6 && release.minor < 3
      primary.push(
        build(context, {
          id: 'flink-history',
          name: 'Flink History Server',
          application: 'Flink',
          role: 'primary',
          port: 8082,
          unconfirmed: early6,
          notes: [
            "a running Flink session's own web UI is served by its ApplicationMaster: open it from the ResourceManager's Tracking UI link",
            ...(early6 ? ['[unconfirmed] the reference says emr-5.33.0 and later; emr-6.0.0 to 6.2.x came out before 5.33.0'] : []),
          ],
        }),
      )
    } else omit('Flink', "the Flink History Server is available from emr-5.33.0; a running session's UI is still reachable through the ResourceManager's Tracking UI link")
  }

  if (has('Ganglia')) {
    if (release.family === 'emr' && atMost(release, '6.15.0')) {
      primary.push(
        build(context, {
          id: 'ganglia',
          name: 'Ganglia',
          application: 'Ganglia',
          role: 'primary',
          port: 80,
          path: '/ganglia/',
          notes: ['not in the default applications from emr-6.1.0; emr-6.15.0 is the last release with Ganglia'],
        }),
      )
    } else if (release.family === 'emr') omit('Ganglia', 'emr-6.15.0 was the last release to include Ganglia')
  }

  if (has('Oozie')) omit('Oozie', 'the Oozie native web interface is not supported on Amazon EMR (use Hue)')
  if (has('JupyterEnterpriseGateway')) omit('JupyterEnterpriseGateway', 'its port is not confirmed in the reference')
  if (has('TensorFlow')) omit('TensorFlow', 'TensorBoard (6006) runs only when a user starts it')

  // Primary-node UIs first, then the ones on every core node; within each, catalogue order.
  return {release, inTransitEncryption: tls, uis: [...primary, ...core], omitted: context.omitted, unknownApplications, notes}
}

/** `http://host:8088/`; the default port of the scheme is left out; IPv6 literals get brackets. */
export function uiUrl(ui: Pick<CatalogueUi, 'scheme' | 'port' | 'path'>, host: string): string {
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  const defaultPort = (ui.scheme === 'http' && ui.port === 80) || (ui.scheme === 'https' && ui.port === 443)
  return `${ui.scheme}://${shown}${defaultPort ? '' : `:${ui.port}`}${ui.path}`
}
