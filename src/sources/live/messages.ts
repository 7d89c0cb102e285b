/** What the live commands print on stderr about a collection: --debug call lines and the gaps. */
import type {CallRecord} from './clients.js'
import {missingPermissions, unavailableCalls, type LiveCollection} from './collect.js'

/** `aws ec2:DescribeSubnets 41 ms`, with attempts when retried and the error code when it failed. */
export function callLine(call: CallRecord): string {
  const notes = [call.attempts && call.attempts > 1 ? `${call.attempts} attempts` : undefined, call.error].filter(Boolean)
  return `aws ${call.action} ${call.ms} ms${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`
}

/** `aws: 21 API calls in 1.3 s (ec2 16, elasticmapreduce 4, ssm 1)`. */
export function callSummary(collection: Pick<LiveCollection, 'calls' | 'ms'>): string {
  const perService = new Map<string, number>()
  for (const call of collection.calls) {
    const service = call.action.split(':')[0]!
    perService.set(service, (perService.get(service) ?? 0) + 1)
  }
  const services = [...perService].map(([service, count]) => `${service} ${count}`).join(', ')
  return `aws: ${collection.calls.length} API calls in ${(collection.ms / 1000).toFixed(1)} s${services ? ` (${services})` : ''}`
}

/** The closing lines about what could not be collected; none when everything was. */
export function gapLines(collection: Pick<LiveCollection, 'gaps'>): string[] {
  const lines: string[] = []
  const missing = missingPermissions(collection)
  if (missing.length > 0) {
    lines.push(`Missing permissions (the rules that need them were not evaluated; templates/iam/audit-snapshot-policy.json grants all):`)
    for (const action of missing) lines.push(`  ${action}`)
  }
  const unavailable = unavailableCalls(collection)
  if (unavailable.length > 0) {
    lines.push('Not available (treated like a missing permission):')
    for (const detail of unavailable) lines.push(`  ${detail}`)
  }
  return lines
}
