/** `audit`: every rule over the model. */
import {runAudit, type AuditOptions} from '../analysis/audit/run-audit.js'
import type {AuditResult} from '../analysis/findings.js'
import {ALL_RULES} from '../analysis/rules/index.js'
import type {NetworkModel} from '../model/network-model.js'

export function auditAllRules(model: NetworkModel, options: AuditOptions): AuditResult {
  return runAudit(model, ALL_RULES, options)
}
