/** `reach`: one flow from the snapshot or a saved Terraform plan. */
import type {ParsedTarget} from '../analysis/reachability/endpoints.js'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../analysis/reachability/engine.js'
import type {PortRange} from '../model/types.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'
import {addressesToIds, loadTerraformPlan} from '../sources/terraform-plan/load-plan.js'

export interface ReachRequest {
  /** Exactly one of snapshot and terraformPlan. */
  snapshot?: string
  terraformPlan?: string
  from: string
  to: ParsedTarget
  ephemeralPorts: PortRange
}

export function explainReach(request: ReachRequest): ReachResult {
  if (request.terraformPlan !== undefined) {
    // In a plan, resources are named by address (aws_instance.bastion): their ids exist only after apply.
    const model = loadTerraformPlan(request.terraformPlan)
    const to = {...request.to, target: addressesToIds(model, request.to.target, 'to')}
    return analyzeReachability(model, buildQuery(model, addressesToIds(model, request.from, 'from'), to, request.ephemeralPorts))
  }
  const model = loadSnapshot(request.snapshot ?? '')
  return analyzeReachability(model, buildQuery(model, request.from, request.to, request.ephemeralPorts))
}
