/**
 * An audit rule: metadata (what, why, how to fix) and a small check function, one per module,
 * in the spirit of ESLint rules. A check reads the model through its context and reports
 * findings; it stops with `notEvaluated` when the data it needs is missing, never passing silently.
 */
import type {DatasetKey} from '../../model/datasets.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, Instance, Origin, Subnet, Vpc} from '../../model/types.js'
import type {PathHop, RuleMeta, Severity, Topology} from '../findings.js'

export interface AuditScope {
  cluster?: EmrCluster
  vpc?: Vpc
  subnet?: Subnet
  /** The topology rules are judged against (declared, or classified when auto). */
  topology: Topology
  /** What the user declared with --topology. */
  declaredTopology: Topology | 'auto'
  /** Where operators come from (--admin-cidr). */
  adminCidrs: string[]
  /** On-premises networks (--onprem-cidr). */
  onpremCidrs: string[]
  /** The bastion host: given with --bastion or discovered. */
  bastion?: Instance
  /** How the bastion was chosen, for explanations. */
  bastionReason?: string
}

export interface FindingInput {
  resourceId: string
  message: string
  /** Overrides the rule's default severity (e.g. one tunnel down vs both). */
  severity?: Severity
  origin?: Origin
  pathLabel?: string
  hops?: PathHop[]
}

export interface RuleContext {
  readonly model: NetworkModel
  readonly scope: AuditScope
  report(finding: FindingInput): void
  /** Stop: the rule cannot be judged (missing data, missing input). */
  notEvaluated(reason: string): never
  /** Stop: the rule does not apply here (e.g. a cluster rule on a VPC without clusters). */
  notApplicable(reason: string): never
  /** Stops with not-evaluated when the dataset (or the per-resource part of it) is missing. */
  need(dataset: DatasetKey, resource?: string): void
  /** The scope's cluster, or stops (not applicable). */
  cluster(): EmrCluster
  /** The scope's VPC, or stops (not evaluated). */
  vpc(): Vpc
  /** The cluster's subnet, or stops (not evaluated). */
  subnet(): Subnet
}

export interface Rule {
  meta: RuleMeta & {needs: readonly DatasetKey[]}
  check(context: RuleContext): void
}

export function defineRule(rule: Rule): Rule {
  return rule
}
