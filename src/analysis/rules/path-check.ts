/** Runs a reachability query for a rule and turns a blocked path into a finding with its hops. */
import type {EmrCluster, Instance} from '../../model/types.js'
import {primaryInstanceOf} from '../reachability/endpoints.js'
import type {Endpoint, ReachResult} from '../reachability/engine.js'
import {analyzeReachability} from '../reachability/engine.js'
import type {MessageData} from '../messages.js'
import type {RuleContext} from './rule.js'

export function pathLabel(result: Pick<ReachResult, 'from' | 'to' | 'port' | 'protocol'>): string {
  return `${result.from} -> ${result.to}:${result.port}/${result.protocol}`
}

/** A path finding's message: the rule's template id and data; `path`, `summary` and `code` are added. */
export interface PathFinding<MessageId extends string> {
  messageId: MessageId
  data: MessageData
}

/**
 * Checks one flow. Reports a finding when it is not reachable; stops the rule as not evaluated
 * when the data cannot tell. Returns the result for rules that combine several flows. The finding's
 * data carries `path` (`from -> to:port/tcp`), `summary` (the engine's verdict in words) and `code`
 * (the Reachability Analyzer explanation code, or '').
 */
export function checkPath<MessageId extends string>(context: RuleContext<MessageId>, from: Endpoint, to: Endpoint, port: number, finding: PathFinding<MessageId>): ReachResult {
  const result = analyzeReachability(context.model, {from, to, protocol: 'tcp', port})
  if (result.verdict === 'unknown') context.notEvaluated(`${pathLabel(result)}: ${result.summary}`)
  // Reachable from only part of a range: the rest is blocked, and that is the finding.
  if (result.verdict === 'not-reachable' || result.verdict === 'partially-reachable') {
    const blocking = result.hops.find((hop) => hop.verdict === 'deny')
    const location = {resourceId: blocking?.component ?? (to.kind === 'interface' ? to.eni.id : to.label), pathLabel: pathLabel(result), hops: result.hops}
    context.report({...location, messageId: finding.messageId, data: {...finding.data, path: pathLabel(result), summary: result.summary, code: result.code ?? ''}})
  }
  return result
}

/** An instance's primary interface (DeviceIndex 0, sorted first by the parser) as a path endpoint; stops the rule when the data lacks it. */
export function instanceEndpoint(context: RuleContext, instance: Instance, label: string): Endpoint {
  const eni = instance.enis[0]
  const subnet = eni ? context.model.subnets.get(eni.subnetId) : undefined
  if (!eni || !subnet) return context.notEvaluated(`${instance.id} has no network interface in a known subnet`)
  return {kind: 'interface', label, eni, subnet, address: eni.privateIps[0] ?? '', instance}
}

/** Stop: the cluster's `what` (`the primary node`, `the nodes`) is not among the instances; the cluster's instance list may be what lacks it. */
export function lackingClusterInstances(context: RuleContext, cluster: EmrCluster, what: string): never {
  context.need('listInstances', cluster.id)
  return context.lacking('instances', `${what} of ${cluster.id}`)
}

/** The cluster's primary node, a path's end; or stop. */
export function primaryOrStop(context: RuleContext, cluster: EmrCluster): Instance {
  return primaryInstanceOf(context.model, cluster) ?? lackingClusterInstances(context, cluster, 'the primary node')
}
