/**
 * Just enough IAM policy evaluation for a VPC endpoint policy: does it let anyone in the VPC do
 * `action` on `resource`? Explicit Deny wins; Allow needs a statement whose principal, action and
 * resource all match (IAM wildcards * and ?). Conditions cannot be judged offline: a statement
 * with one is taken to apply, and the answer says so.
 */
export interface PolicyAnswer {
  allowed: boolean
  /** A statement with a Condition took part: the answer depends on request context. */
  conditional: boolean
}

type StatementValue = string | string[] | undefined

interface Statement {
  Effect?: string
  Principal?: unknown
  Action?: StatementValue
  NotAction?: StatementValue
  Resource?: StatementValue
  NotResource?: StatementValue
  Condition?: unknown
}

const list = (value: StatementValue): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = `^${pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')}$`
  return new RegExp(source, caseInsensitive ? 'i' : '').test(value)
}

function anyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true
  if (typeof principal === 'object' && principal !== null && 'AWS' in principal) return list((principal as {AWS: StatementValue}).AWS).includes('*')
  return false
}

function matches(statement: Statement, action: string, resource: string): boolean {
  if (statement.Principal !== undefined && !anyPrincipal(statement.Principal)) return false
  const actionOk = statement.NotAction ? !list(statement.NotAction).some((pattern) => wildcard(pattern, action, true)) : list(statement.Action).some((pattern) => wildcard(pattern, action, true))
  const resourceOk = statement.NotResource ? !list(statement.NotResource).some((pattern) => wildcard(pattern, resource)) : list(statement.Resource).some((pattern) => wildcard(pattern, resource))
  return actionOk && resourceOk
}

/** Returns undefined when the document is not a readable policy. */
export function evaluatePolicy(document: string, action: string, resource: string): PolicyAnswer | undefined {
  let parsed: {Statement?: Statement | Statement[]}
  try {
    parsed = JSON.parse(document)
  } catch {
    return undefined
  }
  const statements = parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]
  let allowed = false
  let conditional = false
  for (const statement of statements) {
    if (!matches(statement, action, resource)) continue
    if (statement.Effect === 'Deny' && statement.Condition === undefined) return {allowed: false, conditional}
    if (statement.Effect === 'Allow') {
      allowed = true
      conditional ||= statement.Condition !== undefined
    }
  }
  return {allowed, conditional}
}
