/**
 * An audit rule: metadata (what, why, how to fix) and a small check function, one per module,
 * in the spirit of ESLint rules. A check reads the model through its context and reports findings
 * as a message id plus data (`meta.messages` holds the templates; reports render the text); it
 * stops with not-evaluated when the data it needs is missing, naming the dataset, never a file.
 */
import type {DatasetKey} from '../../model/datasets.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {EmrCluster, Instance, Origin, Subnet, Vpc} from '../../model/types.js'
import type {MessageData} from '../messages.js'
import type {PathHop, RuleMeta, Severity, Topology} from '../findings.js'

export interface AuditScope {
  cluster?: EmrCluster
  vpc?: Vpc
  subnet?: Subnet
  /** The topology rules are judged against (declared, or classified when auto). */
  topology: Topology
  /** What the user declared (a topology, or auto: classify from the data). */
  declaredTopology: Topology | 'auto'
  /** Auto, and the data could not tell: the dataset whose absence kept it from classifying. */
  unclassified?: {dataset: DatasetKey; resource?: string}
  /** Where operators come from (--admin-cidr). */
  adminCidrs: string[]
  /** On-premises networks (--onprem-cidr). */
  onpremCidrs: string[]
  /** The bastion host: given with --bastion or discovered. */
  bastion?: Instance
  /** How the bastion was chosen, for explanations. */
  bastionReason?: string
}

/** What a check reports. `messageId` names a template in the rule's meta.messages; `data` fills it. */
export type FindingInput<MessageId extends string = string> = FindingLocation & {messageId: MessageId; data: MessageData}

interface FindingLocation {
  resourceId: string
  /** Overrides the rule's default severity (e.g. one tunnel down vs both). */
  severity?: Severity
  origin?: Origin
  pathLabel?: string
  hops?: PathHop[]
}

export interface RuleContext<MessageId extends string = string> {
  readonly model: NetworkModel
  readonly scope: AuditScope
  report(finding: FindingInput<MessageId>): void
  /** Stop: the rule cannot be judged (missing data, missing input). */
  notEvaluated(reason: string): never
  /** Stop: the rule does not apply here (e.g. a cluster rule on a VPC without clusters). */
  notApplicable(reason: string): never
  /** Stops with not-evaluated when the dataset (or the per-resource part of it) is missing; `detail`, in brackets after the reason, says what for. */
  need(dataset: DatasetKey, resource?: string, detail?: string): void
  /**
   * Stop: the rule lacks this dataset (a resource it names is not in it). The reason comes from the
   * model's record of why the dataset is absent, in the source's terms; `detail` says what was looked for.
   */
  lacking(dataset: DatasetKey, detail: string, resource?: string): never
  /** The scope's cluster, or stops (not applicable). */
  cluster(): EmrCluster
  /** The scope's VPC, or stops (not evaluated). */
  vpc(): Vpc
  /** The cluster's subnet, or stops (not evaluated). */
  subnet(): Subnet
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta & {messages: Readonly<Record<MessageId, string>>}
  check(context: RuleContext<MessageId>): void
}

/** Declares a rule; with `meta.messages`, `report` accepts only the declared message ids. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule {
  return rule as unknown as Rule
}
