/** Runs a reachability query for a rule and turns a blocked path into a finding with its hops. */
import type {Instance} from '../../model/types.js'
import type {Endpoint, ReachResult} from '../reachability/engine.js'
import {analyzeReachability} from '../reachability/engine.js'
import type {RuleContext} from './rule.js'

export function pathLabel(result: Pick<ReachResult, 'from' | 'to' | 'port' | 'protocol'>): string {
  return `${result.from} -> ${result.to}:${result.port}/${result.protocol}`
}

/**
 * Checks one flow. Reports a finding when it is not reachable; stops the rule as not evaluated
 * when the data cannot tell. Returns the result for rules that combine several flows.
 */
export function checkPath(context: RuleContext, from: Endpoint, to: Endpoint, port: number, describe: (result: ReachResult) => string): ReachResult {
  const result = analyzeReachability(context.model, {from, to, protocol: 'tcp', port})
  if (result.verdict === 'unknown') context.notEvaluated(`${pathLabel(result)}: ${result.summary}`)
  // Reachable from only part of a range: the rest is blocked, and that is the finding.
  if (result.verdict === 'not-reachable' || result.verdict === 'partially-reachable') {
    const blocking = result.hops.find((hop) => hop.verdict === 'deny')
    context.report({
      resourceId: blocking?.component ?? (to.kind === 'interface' ? to.eni.id : to.label),
      message: `${describe(result)}: ${result.summary}${result.code ? ` [${result.code}]` : ''}`,
      pathLabel: pathLabel(result),
      hops: result.hops,
    })
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
