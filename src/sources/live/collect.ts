/**
 * The live source: collects the network around one EMR cluster (or one VPC) from EC2, EMR and
 * SSM as the AWS CLI JSON documents a snapshot holds, so `audit` live, `snapshot` and
 * `audit --snapshot` all feed the same documents to the same `assembleModel`.
 *
 * Scope, with the fewest calls (a one-cluster collection makes about 20):
 *   1. `--cluster`: DescribeCluster → its subnet; DescribeSubnets on that subnet → the VPC. In
 *      parallel, what needs no VPC: ListClusters (active states), the cluster's ListInstances,
 *      GetBlockPublicAccessConfiguration, DescribePrefixLists.
 *   2. The VPC, every call in parallel and filtered on it: DescribeVpcs, DescribeVpcAttribute ×2,
 *      subnets, route tables, internet gateways, NAT gateways, VPC endpoints, security groups,
 *      network ACLs, VPN gateways, transit gateway attachments, instances (the primary and the
 *      bastion candidates); and DescribeCluster of the other active clusters (which of them are
 *      in this VPC).
 *   3. What depends on those: the VPC's DHCP option set (no call when it has none), the entries
 *      of customer-managed prefix lists its security groups and routes name (one
 *      GetManagedPrefixListEntries each; none when they name only AWS service lists), the VPN
 *      connections of its VGWs / transit gateways and their customer gateways (no calls when
 *      there are none), SSM instance information for its instances, ListInstances of the other
 *      clusters in the VPC.
 * `--vpc` starts at 2 with DescribeVpcs first (an unknown VPC is an error, not an empty audit).
 *
 * A denied or unavailable call leaves its document out with a reason; the rules that need it
 * are then "not evaluated (missing permission: …)". Errors that make the whole collection
 * meaningless are thrown as one-line UserErrors (see errors.ts).
 */
import {DATASETS, type Absence, type DatasetKey} from '../../model/datasets.js'
import {ClusterNotInVpc, EssentialCallFailed, UnknownCluster, UnknownVpc, UserError, type DomainInput} from '../../errors.js'
import {VPC_ATTRIBUTES, perResourceName, type DocumentSet} from '../aws-json/assemble.js'
import {Node} from '../aws-json/shape.js'
import {mergePages} from './cli-json.js'
import {closeSession, openSession, type AwsOptions, type AwsSession, type CallRecord} from './clients.js'
import {classifyAwsError, errorCode} from './errors.js'
import {OPERATIONS, actionOf, type InputOf, type Operation, type OperationKey, type SdkPage} from './operations.js'

/** The EMR cluster states `emr-access` treats as active (as scripts/collect-snapshot.sh). */
export const ACTIVE_CLUSTER_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const

/** SSM's InstanceIds filter takes at most 50 values. */
const SSM_IDS_PER_CALL = 50
/** DescribeCluster calls in flight at once for the other clusters of the Region. */
const CLUSTER_CONCURRENCY = 8

export interface CollectOptions extends AwsOptions {
  clusterId?: string
  vpcId?: string
  /** Collect only these datasets (e.g. CONNECT_DISCOVERY_DATASETS); default: all of them. */
  only?: readonly OperationKey[]
  /** Progress lines, for stderr. */
  progress?: (line: string) => void
  /** Every API call as it completes (for --debug). */
  onCall?: (call: CallRecord) => void
}

export type GapKind = 'permission' | 'unavailable' | 'dependency' | 'skipped'

/** A document (or a whole dataset) that was not collected, and why. */
export interface Gap {
  dataset: DatasetKey
  /** The document left out; absent for a whole dataset. */
  document?: string
  kind: GapKind
  /** The IAM action that was denied or failed (for `dependency`: the upstream one). */
  action: string
  /** The reason as rules report it, e.g. `missing permission: ec2:DescribeNetworkAcls`. */
  reason: string
}

export interface LiveCollection {
  region: string
  endpoint?: string
  clusterId?: string
  vpcId: string
  /** AWS CLI JSON documents keyed by snapshot document name. */
  documents: Map<string, Record<string, unknown>>
  gaps: Gap[]
  calls: CallRecord[]
  ms: number
}

type Doc = Record<string, unknown>

interface FetchOptions {
  /** Document name (default: the dataset's base name). */
  document?: string
  /** false: a lookup, not a snapshot document. */
  store?: boolean
  /** The collection cannot go on without it: a denial or 5xx is fatal, with this explanation (and the input that avoids the call). */
  essential?: {purpose: string; alternative?: DomainInput}
  /** Turns a not-found error into the user's terms. */
  notFound?: (code: string, message: string) => Error | undefined
}

function list(doc: Doc | undefined, key: string): Record<string, unknown>[] {
  const value = doc?.[key]
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : []
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Marks a promise as handled now; awaiting it later still sees its rejection. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}

async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index]!)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}

class Collector {
  readonly documents = new Map<string, Doc>()
  readonly gaps: Gap[] = []
  private readonly only?: Set<OperationKey>

  constructor(
    private readonly session: AwsSession,
    private readonly options: CollectOptions,
  ) {
    if (options.only) this.only = new Set(options.only)
  }

  private progress(line: string): void {
    this.options.progress?.(line)
  }

  private gap(gap: Gap): void {
    this.gaps.push(gap)
  }

  /** The reason a dependency is missing, for the documents that needed it. */
  private upstream(dataset: DatasetKey): Gap | undefined {
    return this.gaps.find((gap) => gap.dataset === dataset && gap.document === undefined) ?? this.gaps.find((gap) => gap.dataset === dataset)
  }

  private dependent(dataset: DatasetKey, on: DatasetKey, why: string, document?: string): void {
    const cause = this.upstream(on)
    if (!cause) return
    this.gap({dataset, document, kind: cause.kind === 'skipped' ? 'skipped' : 'dependency', action: cause.action, reason: `${cause.reason} (needed to ${why})`})
  }

  async fetch<K extends OperationKey>(key: K, input: InputOf<K>, options: FetchOptions = {}): Promise<Doc | undefined> {
    const action = actionOf(key)
    const document = options.document ?? DATASETS[key].baseName
    if (this.only && !this.only.has(key)) {
      if (options.store !== false) this.gap({dataset: key, document, kind: 'skipped', action, reason: `not collected: ${action} was not requested`})
      return undefined
    }
    const operation = OPERATIONS[key] as unknown as Omit<Operation<InputOf<K>>, 'service'>
    try {
      const pages: SdkPage[] = []
      for await (const page of operation.pages(this.session.clients, input)) pages.push(page)
      const doc = mergePages(operation, pages)
      if (options.store !== false) this.documents.set(document, doc)
      return doc
    } catch (error) {
      if (error instanceof UserError) throw error
      const code = errorCode(error)
      const notFound = options.notFound?.(code, (error as Error).message ?? '')
      if (notFound) throw notFound
      const classified = classifyAwsError(error, {action, region: this.session.region, endpoint: this.session.endpoint, names: this.session.settingNames})
      if (classified.kind === 'fatal') throw classified.error
      const reason = classified.kind === 'permission' ? `missing permission: ${action}` : `not available: ${classified.detail}`
      if (options.essential) throw new EssentialCallFailed(reason, options.essential.purpose, options.essential.alternative)
      this.gap({dataset: key, document: options.store === false ? undefined : document, kind: classified.kind, action, reason})
      return undefined
    }
  }

  async run(): Promise<{vpcId: string}> {
    const {clusterId} = this.options
    let vpcId = this.options.vpcId
    const endpoint = this.session.endpoint ? ` via ${this.session.endpoint}` : ''
    this.progress(`collecting from AWS (${this.session.region}${endpoint}) for ${clusterId ? `cluster ${clusterId}` : `VPC ${vpcId}`}`)

    // 1. What needs no VPC id.
    const listed = later(this.fetch('clusters', {ClusterStates: [...ACTIVE_CLUSTER_STATES]}))
    const regionWide = later(Promise.all([this.fetch('blockPublicAccess', {}), this.fetch('prefixLists', {})]))
    let targetSubnet: string | undefined
    let targetInstances: Promise<unknown> = Promise.resolve()
    if (clusterId) {
      targetInstances = later(this.fetch('listInstances', {ClusterId: clusterId}, {document: perResourceName('listInstances', clusterId)}))
      const described = await this.fetch(
        'describeCluster',
        {ClusterId: clusterId},
        {
          document: perResourceName('describeCluster', clusterId),
          essential: vpcId ? undefined : {purpose: `it says which subnet and VPC cluster ${clusterId} is in`, alternative: 'vpc'},
          // Only EMR's own answer says so: an answer that could not be read is no proof the cluster does not exist.
          notFound: (code, message) =>
            code === 'InvalidRequestException' || code === 'ResourceNotFoundException'
              ? new UnknownCluster(clusterId, `no such EMR cluster in ${this.session.region} (${code}: ${message.split('\n')[0]})`)
              : undefined,
        },
      )
      const cluster = described?.Cluster as Doc | undefined
      targetSubnet = str((cluster?.Ec2InstanceAttributes as Doc | undefined)?.Ec2SubnetId)
      if (!vpcId) {
        if (!targetSubnet) throw new UserError(`cluster ${clusterId} has no Ec2InstanceAttributes.Ec2SubnetId: it is not in a VPC, so there is no network to collect`)
        const lookup = await this.fetch(
          'subnets',
          {SubnetIds: [targetSubnet]},
          {
            store: false,
            essential: {purpose: `it says which VPC subnet ${targetSubnet} of cluster ${clusterId} is in`, alternative: 'vpc'},
            notFound: (code) => (code.startsWith('InvalidSubnetID') ? new UserError(`cluster ${clusterId}'s subnet ${targetSubnet} no longer exists (${code})`) : undefined),
          },
        )
        vpcId = str(list(lookup, 'Subnets')[0]?.VpcId)
        if (!vpcId) throw new UserError(`cluster ${clusterId}'s subnet ${targetSubnet} was not found in ${this.session.region}`)
      }
      this.progress(`cluster ${clusterId} is in ${targetSubnet ?? 'an unknown subnet'} of ${vpcId}`)
    }
    if (!vpcId) throw new UserError('nothing to collect: name a cluster or a VPC')
    const vpc: string = vpcId

    // 2. The VPC, in parallel.
    const unknownVpc = (code: string): UnknownVpc | undefined =>
      code === 'InvalidVpcID.NotFound' || code === 'InvalidVpcID.Malformed' ? new UnknownVpc(vpc, `no such VPC in ${this.session.region} (${code})`) : undefined
    const vpcs = later(this.fetch('vpcs', {VpcIds: [vpc]}, {notFound: unknownVpc}))
    if (!clusterId) await vpcs
    const byVpc = [{Name: 'vpc-id', Values: [vpc]}]
    const byAttachment = [{Name: 'attachment.vpc-id', Values: [vpc]}]
    this.progress(`reading ${vpc}`)
    const vpcWide = later(
      Promise.all([
        vpcs,
        ...VPC_ATTRIBUTES.map((attribute) => this.fetch('vpcAttribute', {VpcId: vpc, Attribute: attribute}, {document: perResourceName('vpcAttribute', vpc, attribute), notFound: unknownVpc})),
        this.fetch('subnets', {Filters: byVpc}),
        this.fetch('routeTables', {Filters: byVpc}),
        this.fetch('internetGateways', {Filters: byAttachment}),
        this.fetch('natGateways', {Filter: byVpc}),
        this.fetch('vpcEndpoints', {Filters: byVpc}),
        this.fetch('instanceConnectEndpoints', {Filters: byVpc}),
        this.fetch('securityGroups', {Filters: byVpc}),
        this.fetch('networkAcls', {Filters: byVpc}),
        this.fetch('vpnGateways', {Filters: byAttachment}),
        this.fetch('transitGatewayVpcAttachments', {Filters: byVpc}),
        this.fetch('instances', {Filters: byVpc}),
      ]),
    )
    const others = later(this.describeOtherClusters(await listed, clusterId))
    await vpcWide
    await Promise.all([regionWide, targetInstances])

    // The target must be in the VPC the user named.
    const subnetIds = this.documents.has(DATASETS.subnets.baseName) ? new Set(list(this.documents.get(DATASETS.subnets.baseName), 'Subnets').map((s) => str(s.SubnetId))) : undefined
    if (clusterId && this.options.vpcId && targetSubnet && subnetIds && !subnetIds.has(targetSubnet)) {
      throw new ClusterNotInVpc(clusterId, vpc, targetSubnet)
    }

    // 3. What depends on the VPC's documents.
    const otherClusters = await others
    await Promise.all([this.dhcpOptions(), this.vpn(), this.ssm(), this.prefixListEntries(), this.clustersInVpc(otherClusters, subnetIds)])
    return {vpcId: vpc}
  }

  /** DescribeCluster of every other active cluster: only those in the VPC are kept (in step 3). */
  private async describeOtherClusters(listed: Doc | undefined, target: string | undefined): Promise<{id: string; doc: Doc}[]> {
    const ids = list(listed, 'Clusters')
      .map((c) => str(c.Id))
      .filter((id): id is string => id !== undefined && id !== target)
    if (ids.length > 0) this.progress(`checking which of ${ids.length} other active cluster(s) are in the VPC`)
    const described = await pool(ids, CLUSTER_CONCURRENCY, async (id) => ({
      id,
      doc: await this.fetch('describeCluster', {ClusterId: id}, {document: perResourceName('describeCluster', id), store: false}),
    }))
    return described.filter((entry): entry is {id: string; doc: Doc} => entry.doc !== undefined)
  }

  private async clustersInVpc(others: {id: string; doc: Doc}[], subnetIds: Set<string | undefined> | undefined): Promise<void> {
    if (!subnetIds) return
    const inVpc = others.filter(({doc}) => subnetIds.has(str(((doc.Cluster as Doc | undefined)?.Ec2InstanceAttributes as Doc | undefined)?.Ec2SubnetId)))
    await Promise.all(
      inVpc.map(async ({id, doc}) => {
        this.documents.set(perResourceName('describeCluster', id), doc)
        await this.fetch('listInstances', {ClusterId: id}, {document: perResourceName('listInstances', id)})
      }),
    )
  }

  private async dhcpOptions(): Promise<void> {
    const vpcsDoc = this.documents.get(DATASETS.vpcs.baseName)
    if (!vpcsDoc) return this.dependent('dhcpOptions', 'vpcs', "find the VPC's DHCP option set")
    if (this.only && !this.only.has('dhcpOptions')) return void (await this.fetch('dhcpOptions', {}))
    const id = str(list(vpcsDoc, 'Vpcs')[0]?.DhcpOptionsId)
    // "default" (or none): no option set is associated; the CLI would print an empty list.
    if (!id || id === 'default') return void this.documents.set(DATASETS.dhcpOptions.baseName, {DhcpOptions: []})
    await this.fetch('dhcpOptions', {Filters: [{Name: 'dhcp-options-id', Values: [id]}]})
  }

  private async vpn(): Promise<void> {
    const vgwDoc = this.documents.get(DATASETS.vpnGateways.baseName)
    const tgwDoc = this.documents.get(DATASETS.transitGatewayVpcAttachments.baseName)
    if (!vgwDoc || !tgwDoc) {
      const on = !vgwDoc ? 'vpnGateways' : 'transitGatewayVpcAttachments'
      this.dependent('vpnConnections', on, "find the VPN connections of the VPC's gateways")
      this.dependent('customerGateways', on, "find the VPN connections of the VPC's gateways")
      return
    }
    const vgws = new Set(list(vgwDoc, 'VpnGateways').map((g) => str(g.VpnGatewayId)))
    const tgws = new Set(list(tgwDoc, 'TransitGatewayVpcAttachments').map((a) => str(a.TransitGatewayId)))
    if (vgws.size === 0 && tgws.size === 0) {
      // Nothing to ask for: the CLI's answer for these gateways would be empty lists.
      if (!this.only || this.only.has('vpnConnections')) this.documents.set(DATASETS.vpnConnections.baseName, {VpnConnections: []})
      if (!this.only || this.only.has('customerGateways')) this.documents.set(DATASETS.customerGateways.baseName, {CustomerGateways: []})
      return
    }
    // DescribeVpnConnections has no VPC filter: one Region-wide call, narrowed here to the VPC's
    // gateways (what scripts/collect-snapshot.sh does with --query).
    const all = await this.fetch('vpnConnections', {}, {store: false})
    if (!all) {
      const cause = this.gaps.find((gap) => gap.dataset === 'vpnConnections' && gap.document === undefined)
      if (cause) this.gaps.push({...cause, document: DATASETS.vpnConnections.baseName})
      this.dependent('customerGateways', 'vpnConnections', "find the VPN connections' customer gateways")
      return
    }
    const connections = list(all, 'VpnConnections').filter((c) => vgws.has(str(c.VpnGatewayId)) || tgws.has(str(c.TransitGatewayId)))
    this.documents.set(DATASETS.vpnConnections.baseName, {VpnConnections: connections})
    const cgws = [...new Set(connections.map((c) => str(c.CustomerGatewayId)).filter((id): id is string => id !== undefined))]
    if (cgws.length === 0) return void this.documents.set(DATASETS.customerGateways.baseName, {CustomerGateways: []})
    await this.fetch('customerGateways', {Filters: [{Name: 'customer-gateway-id', Values: cgws}]})
  }

  /**
   * Entries of the prefix lists the VPC's security groups and route tables name that
   * DescribePrefixLists (AWS service lists only) did not give: customer-managed and shared lists.
   */
  private async prefixListEntries(): Promise<void> {
    const groups = this.documents.get(DATASETS.securityGroups.baseName)
    const tables = this.documents.get(DATASETS.routeTables.baseName)
    if (!groups) this.dependent('managedPrefixListEntries', 'securityGroups', 'find the prefix lists security group rules name')
    if (!tables) this.dependent('managedPrefixListEntries', 'routeTables', 'find the prefix lists routes name')
    const referenced = new Set<string>()
    for (const group of list(groups, 'SecurityGroups')) {
      for (const permission of [...list(group, 'IpPermissions'), ...list(group, 'IpPermissionsEgress')]) {
        for (const entry of list(permission, 'PrefixListIds')) {
          const id = str(entry.PrefixListId)
          if (id) referenced.add(id)
        }
      }
    }
    for (const table of list(tables, 'RouteTables')) {
      for (const route of list(table, 'Routes')) {
        const id = str(route.DestinationPrefixListId)
        if (id) referenced.add(id)
      }
    }
    const described = this.documents.get(DATASETS.prefixLists.baseName)
    const known = new Set(list(described, 'PrefixLists').map((entry) => str(entry.PrefixListId)))
    const wanted = [...referenced].filter((id) => !known.has(id)).sort()
    await Promise.all(wanted.map((id) => this.fetch('managedPrefixListEntries', {PrefixListId: id}, {document: perResourceName('managedPrefixListEntries', id)})))
  }

  private async ssm(): Promise<void> {
    const instancesDoc = this.documents.get(DATASETS.instances.baseName)
    if (!instancesDoc) return this.dependent('ssmInstanceInformation', 'instances', "find the VPC's instances")
    const ids = list(instancesDoc, 'Reservations')
      .flatMap((reservation) => list(reservation, 'Instances'))
      .filter((instance) => !['terminated', 'shutting-down'].includes(String((instance.State as Doc | undefined)?.Name ?? '')))
      .map((instance) => str(instance.InstanceId))
      .filter((id): id is string => id !== undefined)
    const name = DATASETS.ssmInstanceInformation.baseName
    if (this.only && !this.only.has('ssmInstanceInformation')) return void (await this.fetch('ssmInstanceInformation', {}))
    if (ids.length === 0) return void this.documents.set(name, {InstanceInformationList: []})
    const chunks: string[][] = []
    for (let index = 0; index < ids.length; index += SSM_IDS_PER_CALL) chunks.push(ids.slice(index, index + SSM_IDS_PER_CALL))
    const results = await Promise.all(chunks.map((chunk) => this.fetch('ssmInstanceInformation', {Filters: [{Key: 'InstanceIds', Values: chunk}]}, {store: false})))
    if (results.some((result) => result === undefined)) {
      const cause = this.gaps.find((gap) => gap.dataset === 'ssmInstanceInformation')
      if (cause) this.gaps.push({...cause, document: name})
      return
    }
    this.documents.set(name, {InstanceInformationList: results.flatMap((result) => list(result, 'InstanceInformationList'))})
  }
}

export async function collectLive(options: CollectOptions): Promise<LiveCollection> {
  if (!options.clusterId && !options.vpcId) throw new UserError('nothing to collect from AWS: name a cluster or a VPC')
  const started = performance.now()
  const session = await openSession(options, {onCall: options.onCall})
  try {
    const collector = new Collector(session, options)
    const {vpcId} = await collector.run()
    const ms = Math.round(performance.now() - started)
    // Lookups that failed are recorded without a document; keep one gap per document.
    const gaps = dedupeGaps(collector.gaps)
    options.progress?.(`collected ${collector.documents.size} documents with ${session.calls.length} API calls in ${(ms / 1000).toFixed(1)} s`)
    return {region: session.region, endpoint: session.endpoint, clusterId: options.clusterId, vpcId, documents: sortDocuments(collector.documents), gaps, calls: session.calls, ms}
  } finally {
    closeSession(session)
  }
}

function dedupeGaps(gaps: Gap[]): Gap[] {
  const seen = new Set<string>()
  const out: Gap[] = []
  for (const gap of gaps) {
    const key = `${gap.dataset}\u0000${gap.document ?? ''}\u0000${gap.reason}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(gap)
  }
  return out.sort((a, b) => (a.document ?? a.dataset).localeCompare(b.document ?? b.dataset))
}

function sortDocuments(documents: Map<string, Doc>): Map<string, Doc> {
  return new Map([...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The IAM actions that were denied, sorted. */
export function missingPermissions(collection: Pick<LiveCollection, 'gaps'>): string[] {
  return [...new Set(collection.gaps.filter((gap) => gap.kind === 'permission').map((gap) => gap.action))].sort()
}

/** Calls that failed for another reason than a permission (5xx, not supported), in words. */
export function unavailableCalls(collection: Pick<LiveCollection, 'gaps'>): string[] {
  return [...new Set(collection.gaps.filter((gap) => gap.kind === 'unavailable').map((gap) => gap.reason.replace(/^not available: /, '')))].sort()
}

/** The collection as the DocumentSet `assembleModel` reads; origins name the file `snapshot` would write. */
export function liveDocumentSet(collection: LiveCollection): DocumentSet {
  const documents = new Map<string, Node>()
  for (const [name, value] of collection.documents) documents.set(name, new Node(value, `${name}.json`, ''))
  const scope = collection.clusterId ? `cluster ${collection.clusterId} in ${collection.vpcId}` : collection.vpcId
  return {
    source: `aws:${collection.region}`,
    region: collection.region,
    documents,
    missing(dataset, name) {
      const gap = collection.gaps.find((candidate) => candidate.document === name) ?? collection.gaps.find((candidate) => candidate.dataset === dataset && candidate.document === undefined)
      return gap ? gapAbsence(gap) : {cause: 'not-collected', detail: `${name} is outside this collection's scope (${scope})`}
    },
  }
}

/** A gap as the model records it: the denied action stays an action, whatever the wording. */
function gapAbsence(gap: Gap): Absence {
  switch (gap.kind) {
    case 'permission':
      return {cause: 'permission-denied', action: gap.action}
    case 'dependency': {
      // Upstream call failed: name its action, and say what it was needed for.
      const needed = /\((needed to [^)]*)\)$/.exec(gap.reason)?.[1]
      return gap.reason.startsWith('missing permission:')
        ? {cause: 'permission-denied', action: gap.action, detail: needed}
        : {cause: 'api-error', action: gap.action, detail: gap.reason.replace(/^not available: /, '')}
    }
    case 'unavailable':
      return {cause: 'api-error', action: gap.action, detail: gap.reason.replace(/^not available: /, '')}
    case 'skipped':
      return {cause: 'not-collected', detail: gap.reason.replace(/^not collected: /, '')}
  }
}
