/** `--via ssm` / `--bastion-via ssm` on a planned hop chain: which instance each session targets. */
import {describe, expect, it} from 'vitest'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {SsmPlanError, withSsmHops} from '../../src/tunnel/transports/ssm/hop-plan.js'

const hop = (role: Hop['role'], alias: string, host = alias): Hop => ({role, alias, host, port: 22, user: 'u', identityFiles: [], label: `${role} ${alias}`})
const aws = {region: 'eu-west-1'}

describe('withSsmHops', () => {
  it("targets the cluster's active primary instance, keeping the hop's name for known_hosts", () => {
    const [primary] = withSsmHops([hop('primary', '10.0.1.23')], {primary: true, bastion: false, primaryInstanceId: 'i-0123456789abcdef0', aws})
    expect(primary!.host).toBe('10.0.1.23')
    expect(primary!.transport).toEqual({kind: 'ssm', instanceId: 'i-0123456789abcdef0', aws})
  })

  it('takes the instance id from --host, or from the ssh_config alias whose HostName is the known name', () => {
    expect(withSsmHops([hop('primary', 'i-0123456789abcdef0')], {primary: true, bastion: false})[0]!.transport).toMatchObject({instanceId: 'i-0123456789abcdef0'})
    const aliased = withSsmHops([hop('primary', 'i-0fedcba9876543210', 'ip-10-0-2-20.ec2.internal')], {primary: true, bastion: false})[0]!
    expect(aliased.host).toBe('ip-10-0-2-20.ec2.internal')
    expect(aliased.transport).toMatchObject({kind: 'ssm', instanceId: 'i-0fedcba9876543210'})
  })

  it('--bastion-via ssm changes the bastion only; the primary is still reached through it', () => {
    const hops = withSsmHops([hop('bastion', 'i-0aaaaaaaaaaaaaaaa'), hop('primary', '10.0.1.23')], {primary: false, bastion: true})
    expect(hops[0]!.transport).toMatchObject({kind: 'ssm', instanceId: 'i-0aaaaaaaaaaaaaaaa'})
    expect(hops[1]!.transport).toBeUndefined()
  })

  it('refuses a hop that names no instance, saying what to give', () => {
    expect(() => withSsmHops([hop('primary', 'ip-10-0-2-20.ec2.internal')], {primary: true, bastion: false})).toThrow(SsmPlanError)
    expect(() => withSsmHops([hop('bastion', 'bastion.example.com'), hop('primary', '10.0.1.23')], {primary: false, bastion: true})).toThrow(
      expect.objectContaining({role: 'bastion', reason: expect.stringMatching(/^bastion\.example\.com is not an instance id/)}),
    )
  })
})
