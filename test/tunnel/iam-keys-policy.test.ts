/**
 * templates/iam/connect-keys-policy.json grants exactly the actions --ephemeral-key and
 * --host-key-source console call (declared next to the calls), instance-scoped, with
 * SendSSHPublicKey limited by the ec2:osuser condition key.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {CONSOLE_HOST_KEY_ACTIONS} from '../../src/tunnel/host-keys/console.js'
import {EPHEMERAL_KEY_ACTIONS} from '../../src/tunnel/ssh/ephemeral-key.js'

interface Statement {
  Effect: string
  Action: string[]
  Resource: string
  Condition?: Record<string, Record<string, string[]>>
}

const policy = JSON.parse(readFileSync(new URL('../../templates/iam/connect-keys-policy.json', import.meta.url), 'utf8')) as {Version: string; Statement: Statement[]}

describe('templates/iam/connect-keys-policy.json', () => {
  it('grants exactly the actions the key modules call, no wildcard actions, on instances only', () => {
    expect(policy.Version).toBe('2012-10-17')
    const granted = policy.Statement.flatMap((statement) => statement.Action)
    expect(granted.sort()).toEqual([...CONSOLE_HOST_KEY_ACTIONS, ...EPHEMERAL_KEY_ACTIONS].sort())
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow')
      expect(statement.Resource).toBe('arn:aws:ec2:*:*:instance/*')
    }
  })

  it('SendSSHPublicKey only for the users connect logs in as (ec2:osuser)', () => {
    const push = policy.Statement.find((statement) => statement.Action.includes('ec2-instance-connect:SendSSHPublicKey'))!
    expect(push.Condition).toEqual({StringEquals: {'ec2:osuser': ['hadoop', 'ec2-user']}})
  })
})
