/** `reach`: one flow from the snapshot. */
import type {ParsedTarget} from '../analysis/reachability/endpoints.js'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../analysis/reachability/engine.js'
import type {PortRange} from '../model/types.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

export interface ReachRequest {
  snapshot: string
  from: string
  to: ParsedTarget
  ephemeralPorts: PortRange
}

export function explainReach(request: ReachRequest): ReachResult {
  const model = loadSnapshot(request.snapshot)
  return analyzeReachability(model, buildQuery(model, request.from, request.to, request.ephemeralPorts))
}
