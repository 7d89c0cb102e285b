/**
 * Least privilege, checked: the IAM policies in templates/iam/ grant exactly the actions the code
 * can call. The actions are derived from the one declared list the collector uses
 * (src/sources/live/operations.ts, IAM names from src/model/datasets.ts), not listed here.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {DATASETS} from '../../src/model/datasets.js'
import {CONNECT_DISCOVERY_DATASETS, OPERATIONS, collectorActions, connectDiscoveryActions} from '../../src/sources/live/operations.js'

interface Statement {
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  NotAction?: unknown
  Condition?: unknown
}

interface Policy {
  Version: string
  Statement: Statement[]
}

function readPolicy(name: string): Policy {
  return JSON.parse(readFileSync(new URL(`../../templates/iam/${name}`, import.meta.url), 'utf8')) as Policy
}

/** What a policy grants, exactly: Allow statements only, no wildcards, no NotAction. */
function granted(policy: Policy): string[] {
  expect(policy.Version).toBe('2012-10-17')
  const actions: string[] = []
  for (const statement of policy.Statement) {
    expect(statement.Effect).toBe('Allow')
    expect(statement.NotAction).toBeUndefined()
    for (const action of [statement.Action].flat()) {
      expect(action, 'no wildcards: every action is named').not.toMatch(/\*/)
      actions.push(action)
    }
  }
  return actions
}

/** The differences between a policy and the actions the code calls; empty when they match. */
function compare(policy: Policy, needed: string[]): {missing: string[]; unused: string[]; duplicated: string[]} {
  const actions = granted(policy)
  const set = new Set(actions)
  return {
    missing: needed.filter((action) => !set.has(action)),
    unused: [...set].filter((action) => !needed.includes(action)).sort(),
    duplicated: actions.filter((action, index) => actions.indexOf(action) !== index),
  }
}

const NO_DIFFERENCE = {missing: [], unused: [], duplicated: []}

describe('IAM policies in templates/iam/', () => {
  it('the collector declares one operation per dataset, each with a read-only IAM action', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(DATASETS).sort())
    for (const action of collectorActions()) expect(action).toMatch(/^(ec2|elasticmapreduce|ssm):(Describe|List|Get)[A-Za-z]+$/)
  })

  it('audit-snapshot-policy.json grants exactly what audit and snapshot can call', () => {
    const needed = collectorActions()
    expect(needed.length).toBe(23)
    expect(compare(readPolicy('audit-snapshot-policy.json'), needed)).toEqual(NO_DIFFERENCE)
  })

  it('connect-discovery-policy.json grants exactly what connect discovery can call', () => {
    const needed = connectDiscoveryActions()
    expect(needed).toEqual(['ec2:DescribeDhcpOptions', 'ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'elasticmapreduce:DescribeCluster', 'elasticmapreduce:ListInstances'])
    expect(CONNECT_DISCOVERY_DATASETS.every((key) => key in OPERATIONS)).toBe(true)
    expect(compare(readPolicy('connect-discovery-policy.json'), needed)).toEqual(NO_DIFFERENCE)
  })

  it('the check fails when a permission is dropped, or one that is not used is granted', () => {
    for (const file of ['audit-snapshot-policy.json', 'connect-discovery-policy.json']) {
      const needed = file.startsWith('audit') ? collectorActions() : connectDiscoveryActions()
      for (const dropped of needed) {
        const policy = readPolicy(file)
        for (const statement of policy.Statement) statement.Action = [statement.Action].flat().filter((action) => action !== dropped)
        expect(compare(policy, needed).missing, `${file} without ${dropped}`).toEqual([dropped])
      }
      const extra = readPolicy(file)
      extra.Statement[0]!.Action = [...[extra.Statement[0]!.Action].flat(), 'ec2:DescribeAddresses']
      expect(compare(extra, needed).unused).toEqual(['ec2:DescribeAddresses'])
    }
  })
})

describe('templates/iam/connect-eice-policy.json (connect --via eice)', () => {
  it('grants exactly the actions the EICE transport uses, OpenTunnel only to port 22 of private addresses for at most an hour', async () => {
    const {EICE_ACTIONS} = await import('../../src/tunnel/transports/eice/open-tunnel.js')
    expect([...EICE_ACTIONS].sort()).toEqual(['ec2-instance-connect:OpenTunnel', 'ec2:DescribeInstanceConnectEndpoints'])
    const policy = readPolicy('connect-eice-policy.json')
    expect(compare(policy, EICE_ACTIONS)).toEqual(NO_DIFFERENCE)
    const openTunnel = policy.Statement.find((statement) => statement.Action === 'ec2-instance-connect:OpenTunnel')!
    expect(openTunnel.Resource).toBe('arn:aws:ec2:*:*:instance-connect-endpoint/*')
    expect(openTunnel.Condition).toEqual({
      NumericEquals: {'ec2-instance-connect:remotePort': '22'},
      IpAddress: {'ec2-instance-connect:privateIpAddress': ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']},
      NumericLessThanEquals: {'ec2-instance-connect:maxTunnelDuration': '3600'},
    })
    for (const dropped of EICE_ACTIONS) {
      const without = readPolicy('connect-eice-policy.json')
      without.Statement = without.Statement.filter((statement) => statement.Action !== dropped)
      expect(compare(without, EICE_ACTIONS).missing).toEqual([dropped])
    }
  })
})
