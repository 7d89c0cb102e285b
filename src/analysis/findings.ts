/**
 * What the audit produces: per scope (a cluster, or a VPC without clusters), the outcome of every
 * rule and the findings of those that failed. Reports render exactly this.
 */
import type {Absence, DatasetKey} from '../model/datasets.js'
import type {Origin} from '../model/types.js'
import type {MessageData} from './messages.js'

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity)
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold)
}

/** The --fail-on threshold: a severity, or none (nothing fails the run). */
export type FailOn = Severity | 'none'

/** Does a finding of this severity fail a run with this threshold? */
export function meetsFailOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && atOrAbove(severity, failOn)
}

export const TOPOLOGIES = ['public', 'private', 'vpn'] as const
export type Topology = (typeof TOPOLOGIES)[number]

/**
 * How to fix a finding. Every text is a template over the finding's data and the audit's inputs
 * (`{{groupId}}`, `{{adminCidr}}`…): the report fills in the real values, and only what the data
 * cannot know stays a `<placeholder>`.
 */
export interface Remediation {
  /** What to do, in one or two sentences. */
  summary: string
  /** AWS CLI command(s), one per line. */
  cli?: string
  /** A CloudFormation (YAML) snippet. */
  cloudformation?: string
  /** A Terraform (HCL) snippet. */
  terraform?: string
  /** Steps in the AWS console, in order. */
  console?: readonly string[]
}

/** A remediation with the finding's values filled in. */
export interface FilledRemediation {
  summary: string
  cli?: string
  cloudformation?: string
  terraform?: string
  console?: string[]
}

export interface RuleMeta {
  /** Stable id, EMRA-NNN. */
  id: string
  title: string
  severity: Severity
  /** Topologies the rule applies to; 'all' for every topology. */
  topologies: readonly Topology[] | 'all'
  /** What the rule checks, in a sentence or two. */
  description: string
  /** Why it matters: what an attacker or an outage does with it. */
  risk: string
  /** Message templates by id (ESLint's meta.messages); findings name one and give its data. */
  messages: Readonly<Record<string, string>>
  remediation: Remediation
  /** AWS documentation URL. */
  docs: string
  /** Datasets (see model/datasets.ts) the rule cannot be evaluated without. */
  needs: readonly DatasetKey[]
}

/** One hop of a reachability explanation, as reports show it. */
export interface PathHop {
  component: string
  /** e.g. security-group, network-acl, route-table, internet-gateway */
  kind: string
  direction?: 'outbound' | 'inbound' | 'return'
  verdict: 'allow' | 'deny' | 'info'
  /** The rule or route that decided, in words. */
  detail: string
  /** Reachability Analyzer explanation code, where one fits. */
  code?: string
}

export interface Finding {
  ruleId: string
  severity: Severity
  title: string
  /** The message template's id in the rule's meta.messages. */
  messageId?: string
  /** The template's parameters: the ids, ports and CIDRs at fault. */
  data?: MessageData
  /** What is wrong, specifically (the template filled with data). */
  message: string
  /** The rule's remediation filled with this finding's values. */
  fix?: FilledRemediation
  /** The resource the finding is about (sg-…, subnet-…, rtb-…, j-…, vpc-…, account). */
  resourceId: string
  clusterId?: string
  vpcId?: string
  /** For path findings: the path checked, e.g. `203.0.113.0/24 -> i-0abc:22/tcp`. */
  pathLabel?: string
  hops?: PathHop[]
  origin?: Origin
  /** Stable across runs: rule id + resource + path (hex sha256). */
  fingerprint: string
}

export type RuleStatus = 'pass' | 'fail' | 'not_evaluated' | 'not_applicable' | 'error'

/** The dataset a not-evaluated rule lacked, and the source's record of why. */
export interface MissingData {
  dataset: DatasetKey
  /** The AWS API action the dataset comes from, e.g. `ec2:DescribeNetworkAcls`. */
  action: string
  /** For per-resource datasets: the cluster, VPC attribute or prefix list. */
  resource?: string
  absence: Absence
}

export interface RuleOutcome {
  ruleId: string
  status: RuleStatus
  /** For not_evaluated / not_applicable / error: why, e.g. `missing: ec2-describe-network-acls.json`. */
  reason?: string
  /** For not_evaluated for lack of data: which dataset, and why it is absent. */
  missing?: MissingData
  findings: Finding[]
}

export interface ScopeResult {
  /** `cluster` scopes audit one EMR cluster; `vpc` scopes audit a VPC that has none. */
  kind: 'cluster' | 'vpc'
  clusterId?: string
  clusterName?: string
  vpcId?: string
  subnetId?: string
  topology: {
    /** The one rules were judged against. */
    used: Topology
    /** What the user asked for: a topology or 'auto'. */
    declared: Topology | 'auto'
    /** What the data says, when it could be classified. */
    classified?: Topology
    /** Why it was classified so. */
    reason?: string
  }
  outcomes: RuleOutcome[]
}

export interface AuditResult {
  source: string
  region?: string
  scopes: ScopeResult[]
  rules: RuleMeta[]
  /** Inputs the judgement depended on, echoed for the report. */
  options: {adminCidrs: string[]; onpremCidrs: string[]; bastion?: string; failOn: FailOn}
  /** Live collection only: IAM actions that were denied (the rules needing them were not evaluated). */
  missingPermissions?: string[]
}

export function allFindings(result: AuditResult): Finding[] {
  return result.scopes.flatMap((scope) => scope.outcomes.flatMap((outcome) => outcome.findings))
}
