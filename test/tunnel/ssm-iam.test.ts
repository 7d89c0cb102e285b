/**
 * templates/iam/connect-ssm-policy.json grants exactly the Session Manager actions `--via ssm`
 * calls (derived from the SDK commands in src/tunnel/transports/ssm/session.ts), scoped as AWS
 * documents: StartSession to instances and the AWS-StartSSHSession document with
 * ssm:SessionDocumentAccessCheck, ResumeSession / TerminateSession to the caller's own sessions.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {SSH_SESSION_DOCUMENT, SSM_SESSION_ACTIONS} from '../../src/tunnel/transports/ssm/session.js'

interface Statement {
  Effect: string
  Action: string[]
  Resource: string[]
  Condition?: Record<string, Record<string, string>>
}

const policy = JSON.parse(readFileSync(new URL('../../templates/iam/connect-ssm-policy.json', import.meta.url), 'utf8')) as {Version: string; Statement: Statement[]}

describe('templates/iam/connect-ssm-policy.json', () => {
  it('grants exactly the actions the code calls, each once, no wildcards in actions', () => {
    expect(SSM_SESSION_ACTIONS).toEqual(['ssm:ResumeSession', 'ssm:StartSession', 'ssm:TerminateSession'])
    const granted = policy.Statement.flatMap((statement) => statement.Action)
    expect([...granted].sort()).toEqual(SSM_SESSION_ACTIONS)
    expect(policy.Version).toBe('2012-10-17')
    for (const statement of policy.Statement) expect(statement.Effect).toBe('Allow')
  })

  it('scopes StartSession to instances and the AWS-StartSSHSession document, with the document access check', () => {
    const start = policy.Statement.find((statement) => statement.Action.includes('ssm:StartSession'))!
    expect(start.Resource.sort()).toEqual(['arn:aws:ec2:*:*:instance/*', `arn:aws:ssm:*:*:document/${SSH_SESSION_DOCUMENT}`])
    expect(start.Condition).toEqual({BoolIfExists: {'ssm:SessionDocumentAccessCheck': 'true'}})
  })

  it("scopes ResumeSession and TerminateSession to the caller's own sessions", () => {
    const own = policy.Statement.find((statement) => statement.Action.includes('ssm:ResumeSession'))!
    expect(own.Action.sort()).toEqual(['ssm:ResumeSession', 'ssm:TerminateSession'])
    expect(own.Resource).toEqual(['arn:aws:ssm:*:*:session/${aws:userid}-*'])
  })
})
