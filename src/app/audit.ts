/** `audit`: the rules over the model, with the core's errors said as the flag that gave the value. */
import {runAudit, type AuditOptions} from '../analysis/audit/run-audit.js'
import type {AuditResult} from '../analysis/findings.js'
import {ALL_RULES} from '../analysis/rules/index.js'
import {ClusterNotInVpc, InvalidCidr, UnknownCluster, UnknownInstance, UnknownVpc, UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import {printable} from '../reports/escape.js'

/** Which flag gives each audit option. */
const AUDIT_OPTION_FLAGS: Partial<Record<keyof AuditOptions, string>> = {
  clusterId: '--cluster',
  vpcId: '--vpc',
  adminCidrs: '--admin-cidr',
  onpremCidrs: '--onprem-cidr',
  bastion: '--bastion',
}

export function auditWithFlags(model: NetworkModel, options: AuditOptions): AuditResult {
  try {
    return runAudit(model, ALL_RULES, options)
  } catch (error) {
    throw auditFlagError(error)
  }
}

/** A domain error from the audit as one line naming the flag; anything else as it is. */
export function auditFlagError(error: unknown): unknown {
  const known = (ids: readonly string[]) => ids.join(', ') || 'none'
  if (error instanceof UnknownCluster) return new UserError(`--cluster ${printable(error.id)}: ${error.reason} (clusters: ${known(error.known)})`)
  if (error instanceof UnknownVpc) return new UserError(`--vpc ${printable(error.id)}: ${error.reason} (VPCs: ${known(error.known)})`)
  if (error instanceof ClusterNotInVpc) return new UserError(`--cluster ${printable(error.clusterId)} is not in --vpc ${printable(error.vpcId)}`)
  if (error instanceof UnknownInstance) return new UserError(`--bastion ${printable(error.id)}: ${error.reason}`)
  if (error instanceof InvalidCidr) {
    const flag = (error.option && AUDIT_OPTION_FLAGS[error.option as keyof AuditOptions]) ?? 'a CIDR'
    return new UserError(`${flag} ${printable(error.value)}: ${error.reason}`)
  }
  return error
}
