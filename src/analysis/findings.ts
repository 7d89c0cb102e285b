/**
 * What the audit produces: per scope (a cluster, or a VPC without clusters), the outcome of every
 * rule and the findings of those that failed. Reports render exactly this.
 */
import type {Origin} from '../model/types.js'

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

export interface Remediation {
  /** What to do, in one or two sentences. */
  summary: string
  /** AWS CLI command(s), with <placeholders> for ids the reader must fill in. */
  cli?: string
  /** A CloudFormation (YAML) snippet. */
  cloudformation?: string
}

export interface RuleMeta {
  /** Stable id, EMRA-NNN. */
  id: string
  title: string
  severity: Severity
  /** Topologies the rule applies to; 'all' for every topology. */
  topologies: readonly Topology[] | 'all'
  /** Why this matters (the risk), for people reading the report. */
  rationale: string
  remediation: Remediation
  /** AWS documentation URL. */
  docs: string
  /** Datasets (see model/datasets.ts) the rule cannot be evaluated without. */
  needs: readonly string[]
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
  /** What is wrong, specifically: names the resources and values. */
  message: string
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

export type RuleStatus = 'pass' | 'fail' | 'not_evaluated' | 'not_applicable'

export interface RuleOutcome {
  ruleId: string
  status: RuleStatus
  /** For not_evaluated / not_applicable: why, e.g. `missing: ec2-describe-network-acls.json`. */
  reason?: string
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
