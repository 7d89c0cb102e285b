/** `reach`: one flow from a snapshot, or from a CloudFormation template before deploy. */
import type {ParsedTarget} from '../analysis/reachability/endpoints.js'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../analysis/reachability/engine.js'
import type {NetworkModel} from '../model/network-model.js'
import type {PortRange} from '../model/types.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

export interface ReachRequest {
  snapshot?: string
  template?: {file: string; parameters: Record<string, string>; region?: string}
  from: string
  to: ParsedTarget
  ephemeralPorts: PortRange
}

export async function explainReach(request: ReachRequest): Promise<ReachResult> {
  let model: NetworkModel
  let from = request.from
  let to = request.to
  if (request.template) {
    const {loadTemplate, withPhysicalIds} = await import('../sources/cloudformation/index.js')
    const template = loadTemplate(request.template.file, {parameters: request.template.parameters, region: request.template.region})
    model = template.model
    // Logical ids (Bastion, Cluster:primary) name the resources the template declares.
    from = withPhysicalIds(from, template.physicalIds)!
    to = {...to, target: withPhysicalIds(to.target, template.physicalIds)!}
  } else {
    model = loadSnapshot(request.snapshot!)
  }
  return analyzeReachability(model, buildQuery(model, from, to, request.ephemeralPorts))
}
