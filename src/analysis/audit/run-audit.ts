/**
 * Runs every rule against every scope (one per cluster, or per VPC without clusters) and
 * collects outcomes. Rules are isolated: one that stops (not evaluated / not applicable) or
 * fails unexpectedly does not affect the others.
 */
import {createHash} from 'node:crypto'
import {ClusterNotInVpc, InvalidCidr, UnknownCluster, UnknownInstance, UnknownVpc, UserError} from '../../errors.js'
import {isCidr} from '../../model/ip.js'
import type {NetworkModel} from '../../model/network-model.js'
import {DATASETS, type Absence, type DatasetKey} from '../../model/datasets.js'
import {fillTemplate, shellWord, type MessageData} from '../messages.js'
import type {AuditResult, FailOn, FilledRemediation, Finding, MissingData, Remediation, RuleOutcome, ScopeResult, Topology} from '../findings.js'
import type {AuditScope, Rule, RuleContext} from '../rules/rule.js'
import {discoverBastion} from '../topology/bastion.js'
import {classifySubnet} from '../topology/classify.js'

export interface AuditOptions {
  clusterId?: string
  vpcId?: string
  topology: Topology | 'auto'
  adminCidrs: string[]
  onpremCidrs: string[]
  bastion?: string
  failOn: FailOn
}

class Stop {
  constructor(
    readonly status: 'not_evaluated' | 'not_applicable',
    readonly reason: string,
    readonly missing?: MissingData,
  ) {}
}

/** Scope values every remediation template may use, beside the finding's own data. */
function scopeData(scope: AuditScope, model: NetworkModel): Record<string, string> {
  const data: Record<string, string> = {}
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) data[key] = value
  }
  set('clusterId', scope.cluster?.id)
  set('vpcId', scope.vpc?.id)
  set('subnetId', scope.subnet?.id)
  set('region', model.region)
  set('bastionId', scope.bastion?.id)
  // One CIDR fills a command; with several, the reader picks (the placeholder stays).
  if (scope.adminCidrs.length === 1) set('adminCidr', scope.adminCidrs[0])
  if (scope.onpremCidrs.length === 1) set('onpremCidr', scope.onpremCidrs[0])
  return data
}

function fillRemediation(remediation: Remediation, data: MessageData): FilledRemediation {
  const fill = (template: string) => fillTemplate(template, data, 'placeholder')
  const out: FilledRemediation = {summary: fill(remediation.summary)}
  if (remediation.cli) out.cli = fillTemplate(remediation.cli, data, 'placeholder', shellWord)
  if (remediation.cloudformation) out.cloudformation = fill(remediation.cloudformation)
  if (remediation.terraform) out.terraform = fill(remediation.terraform)
  if (remediation.console) out.console = remediation.console.map(fill)
  return out
}

/** A rule that threw: the audit goes on, and the outcome names the rule and the error. */
function errorOutcome(ruleId: string, error: unknown): RuleOutcome {
  const message = error instanceof Error ? error.message : String(error)
  return {ruleId, status: 'error', reason: `the rule failed: ${message.split('\n')[0]}`, findings: []}
}

export function fingerprint(parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\u0000'))
    .digest('hex')
}

function missingData(dataset: DatasetKey, resource: string | undefined, absence: Absence | undefined): MissingData | undefined {
  if (!absence) return undefined
  return {dataset, action: DATASETS[dataset].action, ...(resource !== undefined ? {resource} : {}), absence}
}

function runRule(model: NetworkModel, scope: AuditScope, rule: Rule): RuleOutcome {
  const {meta} = rule
  if (meta.topologies !== 'all' && scope.unclassified) {
    // Which topology applies is unknown: "not applicable" would be a guess that passes silently.
    const {dataset, resource} = scope.unclassified
    const availability = model.availability(dataset, resource)
    const why = availability.reason ?? `the cluster's subnet is not in the ${DATASETS[dataset].action} data`
    return {ruleId: meta.id, status: 'not_evaluated', reason: why, ...(availability.absence ? {missing: missingData(dataset, resource, availability.absence)!} : {}), findings: []}
  }
  if (meta.topologies !== 'all' && !meta.topologies.includes(scope.topology)) {
    return {ruleId: meta.id, status: 'not_applicable', reason: `applies to ${meta.topologies.join(', ')} topologies`, findings: []}
  }
  const findings: Finding[] = []
  const context: RuleContext = {
    model,
    scope,
    report(input) {
      const pathLabel = input.pathLabel
      const template = meta.messages[input.messageId]
      if (template === undefined) throw new Error(`${meta.id} reported message id "${input.messageId}", which meta.messages does not declare`)
      const message = fillTemplate(template, input.data)
      const data = {...input.data}
      findings.push({
        ruleId: meta.id,
        severity: input.severity ?? meta.severity,
        title: meta.title,
        messageId: input.messageId,
        data,
        message,
        fix: fillRemediation(meta.remediation, {...scopeData(scope, model), ...data}),
        resourceId: input.resourceId,
        clusterId: scope.cluster?.id,
        vpcId: scope.vpc?.id,
        pathLabel,
        hops: input.hops,
        origin: input.origin,
        fingerprint: fingerprint([meta.id, scope.cluster?.id ?? scope.vpc?.id, input.resourceId, pathLabel]),
      })
    },
    notEvaluated(reason) {
      throw new Stop('not_evaluated', reason)
    },
    notApplicable(reason) {
      throw new Stop('not_applicable', reason)
    },
    need(dataset: DatasetKey, resource?: string, detail?: string) {
      const availability = model.availability(dataset, resource)
      if (!availability.present) {
        const reason = availability.reason ?? `missing: ${dataset}`
        throw new Stop('not_evaluated', detail ? `${reason} (${detail})` : reason, missingData(dataset, resource, availability.absence))
      }
    },
    lacking(dataset: DatasetKey, detail: string, resource?: string): never {
      context.need(dataset, resource)
      // The dataset is there but does not hold what the rule looked for.
      throw new Stop('not_evaluated', `${detail}: not in the ${DATASETS[dataset].action} data`)
    },
    cluster() {
      if (!scope.cluster) throw new Stop('not_applicable', 'no EMR cluster in this scope')
      return scope.cluster
    },
    vpc() {
      if (!scope.vpc) {
        // Not described, or its placement unknown (a template's subnet known only at deploy): say that, not "not in the data".
        if (scope.cluster) context.need('describeCluster', scope.cluster.id)
        context.lacking('vpcs', scope.cluster ? `the VPC of ${scope.cluster.id}` : 'the VPC')
      }
      return scope.vpc!
    },
    subnet() {
      if (!scope.subnet) {
        const cluster = context.cluster()
        context.need('describeCluster', cluster.id)
        context.lacking('subnets', `the subnet ${cluster.subnetId ?? ''} of ${cluster.id}`)
      }
      return scope.subnet!
    },
  }
  try {
    for (const dataset of meta.needs) {
      // Per-cluster data is judged for the scope's cluster; the rest as a whole.
      const perCluster = dataset === 'describeCluster' || dataset === 'listInstances'
      if (perCluster && !scope.cluster) continue
      context.need(dataset, perCluster ? scope.cluster?.id : undefined)
    }
    rule.check(context)
  } catch (error) {
    if (error instanceof Stop) return {ruleId: meta.id, status: error.status, reason: error.reason, ...(error.missing ? {missing: error.missing} : {}), findings: []}
    return errorOutcome(meta.id, error)
  }
  return {ruleId: meta.id, status: findings.length > 0 ? 'fail' : 'pass', findings}
}

function validateCidrs(values: string[], option: 'adminCidrs' | 'onpremCidrs'): void {
  for (const value of values) if (!isCidr(value)) throw new InvalidCidr(value, 'expected a CIDR block such as 203.0.113.0/24', option)
}

/** The scopes to audit; an id the data does not hold is a domain error (UnknownCluster, UnknownVpc, ClusterNotInVpc). */
export function buildScopes(model: NetworkModel, options: AuditOptions): AuditScope[] {
  validateCidrs(options.adminCidrs, 'adminCidrs')
  validateCidrs(options.onpremCidrs, 'onpremCidrs')
  let clusters = model.data.clusters
  if (options.clusterId) {
    const cluster = model.clusters.get(options.clusterId)
    if (!cluster)
      throw new UnknownCluster(
        options.clusterId,
        `no such cluster in ${model.source}`,
        clusters.map((c) => c.id),
      )
    clusters = [cluster]
  }
  if (options.vpcId && !model.vpcs.has(options.vpcId))
    throw new UnknownVpc(
      options.vpcId,
      `no such VPC in ${model.source}`,
      model.data.vpcs.map((v) => v.id),
    )
  if (options.vpcId) {
    // A named cluster whose subnet (describeCluster) or whose subnet's VPC (subnets) the data lacks is in an
    // unknown VPC, not in another one: it stays in the named VPC's scope, and its rules say what is missing.
    const placementUnknown = (id: string) => id === options.clusterId && (!model.availability('describeCluster', id).present || !model.availability('subnets').present)
    clusters = clusters.filter((cluster) => {
      const subnet = cluster.subnetId ? model.subnets.get(cluster.subnetId) : undefined
      return subnet ? subnet.vpcId === options.vpcId : placementUnknown(cluster.id)
    })
    if (options.clusterId && clusters.length === 0) throw new ClusterNotInVpc(options.clusterId, options.vpcId)
  }
  const scopes: AuditScope[] = clusters.map((cluster) => {
    const subnet = cluster.subnetId ? model.subnets.get(cluster.subnetId) : undefined
    const vpc = subnet ? model.vpcs.get(subnet.vpcId) : options.vpcId ? model.vpcs.get(options.vpcId) : undefined
    return {cluster, subnet, vpc, topology: 'private', declaredTopology: options.topology, adminCidrs: options.adminCidrs, onpremCidrs: options.onpremCidrs}
  })
  if (scopes.length === 0) {
    const vpcs = options.vpcId ? [model.vpcs.get(options.vpcId)!] : model.data.vpcs.filter((vpc) => !vpc.isDefault)
    for (const vpc of vpcs) scopes.push({vpc, topology: 'private', declaredTopology: options.topology, adminCidrs: options.adminCidrs, onpremCidrs: options.onpremCidrs})
  }
  if (scopes.length === 0) throw new UserError(`${model.source}: no EMR cluster and no VPC to audit`)
  return scopes
}

/** The dataset whose absence kept the cluster's subnet from being classified. */
function unclassifiedBecause(model: NetworkModel, scope: AuditScope): AuditScope['unclassified'] {
  const cluster = scope.cluster
  if (cluster && !model.availability('describeCluster', cluster.id).present) return {dataset: 'describeCluster', resource: cluster.id}
  if (!scope.subnet) return {dataset: 'subnets'}
  return {dataset: 'routeTables'}
}

export function runAudit(model: NetworkModel, rules: readonly Rule[], options: AuditOptions): AuditResult {
  const scopes = buildScopes(model, options)
  const results: ScopeResult[] = scopes.map((scope) => {
    const classification = scope.subnet ? classifySubnet(model, scope.subnet) : undefined
    scope.topology = options.topology === 'auto' ? (classification?.topology ?? 'private') : options.topology
    if (options.topology === 'auto' && !classification && scope.cluster) scope.unclassified = unclassifiedBecause(model, scope)
    if (scope.vpc) {
      if (options.bastion) {
        const instance = model.instances.get(options.bastion)
        if (!instance) throw new UnknownInstance(options.bastion, `no such instance in ${model.source}`)
        scope.bastion = instance
        scope.bastionReason = 'named by the user'
      } else {
        const found = discoverBastion(model, scope.cluster, scope.vpc.id)
        scope.bastion = found?.instance
        scope.bastionReason = found?.reason
      }
    }
    const outcomes = rules.map((rule) => runRule(model, scope, rule))
    return {
      kind: scope.cluster ? 'cluster' : 'vpc',
      clusterId: scope.cluster?.id,
      clusterName: scope.cluster?.name,
      vpcId: scope.vpc?.id,
      subnetId: scope.subnet?.id,
      topology: {
        used: scope.topology,
        declared: options.topology,
        classified: classification?.topology,
        reason: classification?.reason ?? (scope.subnet ? 'route table not in the data' : 'no cluster subnet in the data'),
      },
      outcomes,
    }
  })
  return {
    source: model.source,
    region: model.region,
    scopes: results,
    rules: rules.map((rule) => ({...rule.meta})),
    options: {adminCidrs: options.adminCidrs, onpremCidrs: options.onpremCidrs, bastion: options.bastion, failOn: options.failOn},
  }
}
