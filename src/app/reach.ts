/** `reach`: one flow from a snapshot, a saved Terraform plan, or a CloudFormation template before deploy. */
import type {ParsedTarget} from '../analysis/reachability/endpoints.js'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../analysis/reachability/engine.js'
import type {PortRange} from '../model/types.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'
import {addressesToIds, loadTerraformPlan} from '../sources/terraform-plan/load-plan.js'

export interface ReachRequest {
  /** Exactly one of snapshot, terraformPlan and template. */
  snapshot?: string
  terraformPlan?: string
  template?: {file: string; parameters: Record<string, string>; region?: string}
  from: string
  to: ParsedTarget
  ephemeralPorts: PortRange
}

export async function explainReach(request: ReachRequest): Promise<ReachResult> {
  if (request.terraformPlan !== undefined) {
    // In a plan, resources are named by address (aws_instance.bastion): their ids exist only after apply.
    const model = loadTerraformPlan(request.terraformPlan)
    const to = {...request.to, target: addressesToIds(model, request.to.target, 'to')}
    return analyzeReachability(model, buildQuery(model, addressesToIds(model, request.from, 'from'), to, request.ephemeralPorts))
  }
  if (request.template) {
    const {loadTemplate, withPhysicalIds} = await import('../sources/cloudformation/index.js')
    const template = loadTemplate(request.template.file, {parameters: request.template.parameters, region: request.template.region})
    // Logical ids (Bastion, Cluster:primary) name the resources the template declares.
    const from = withPhysicalIds(request.from, template.physicalIds)!
    const to = {...request.to, target: withPhysicalIds(request.to.target, template.physicalIds)!}
    return analyzeReachability(template.model, buildQuery(template.model, from, to, request.ephemeralPorts))
  }
  const model = loadSnapshot(request.snapshot ?? '')
  return analyzeReachability(model, buildQuery(model, request.from, request.to, request.ephemeralPorts))
}
