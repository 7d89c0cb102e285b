/** `audit`: every rule over the model. */
import {runAudit, type AuditOptions} from '../analysis/audit/run-audit.js'
import type {AuditResult} from '../analysis/findings.js'
import {ALL_RULES} from '../analysis/rules/index.js'
import type {NetworkModel} from '../model/network-model.js'

/**
 * Why the named cluster's VPC cannot be read from the data (its DescribeCluster answer or the subnets are
 * missing), when it cannot: the audit then takes the VPC the user named as the cluster's, and says so.
 */
export function clusterPlacementUnknown(model: NetworkModel, clusterId: string): string | undefined {
  const cluster = model.clusters.get(clusterId)
  if (cluster?.subnetId && model.subnets.has(cluster.subnetId)) return undefined
  for (const [dataset, resource] of [
    ['describeCluster', clusterId],
    ['subnets', undefined],
  ] as const) {
    const availability = model.availability(dataset, resource)
    if (!availability.present) return availability.reason ?? `missing: ${dataset}`
  }
  return undefined
}

export function auditAllRules(model: NetworkModel, options: AuditOptions): AuditResult {
  return runAudit(model, ALL_RULES, options)
}
