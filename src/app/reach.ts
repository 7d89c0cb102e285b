/** `reach`: one flow from the snapshot, with the core's errors said as the flag that gave the value. */
import type {ParsedTarget} from '../analysis/reachability/endpoints.js'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../analysis/reachability/engine.js'
import {InvalidEndpoint, UserError} from '../errors.js'
import type {PortRange} from '../model/types.js'
import {printable} from '../reports/escape.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

export interface ReachRequest {
  snapshot: string
  from: string
  to: ParsedTarget
  ephemeralPorts: PortRange
}

export function explainReach(request: ReachRequest): ReachResult {
  const model = loadSnapshot(request.snapshot)
  try {
    return analyzeReachability(model, buildQuery(model, request.from, request.to, request.ephemeralPorts))
  } catch (error) {
    if (error instanceof InvalidEndpoint) throw new UserError(`--${error.end ?? 'from'} ${printable(error.value)}: ${error.reason}`)
    throw error
  }
}
