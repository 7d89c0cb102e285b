/**
 * Issue 12, "Done when": a live audit with a denied permission names the permission in every
 * not-evaluated reason. Against moto_server enforcing IAM (after seeding, /moto-api/reset-auth
 * makes it authorise every request against the caller's IAM policies), through the built CLI
 * (run `npm run build` first): one IAM user per action the collector calls, allowed every other
 * one (the list derived from the code, as templates/iam/ is checked in iam-policies.test.ts).
 * EMR and SSM denials moto cannot express: mocked-cli.test.ts covers them.
 */
import {CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand} from '@aws-sdk/client-iam'
import {AuthorizeSecurityGroupIngressCommand, CreateManagedPrefixListCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Topology} from '../../src/analysis/findings.js'
import {runCli, type CliResult} from '../support/cli.js'
import {COLLECTOR_ACTIONS, NEEDED_TO_PLACE_THE_CLUSTER, datasetOf, expectBaseline, expectDeniedNamed, motoCanDeny, parseReport, topologyFor, type AuditReport} from './support/denied.js'
import {dummyAwsEnv, requireMoto, skipMoto, startMoto, type Moto} from './support/moto.js'
import {ADMIN_CIDR, MotoTopologies, ONPREM_CIDR, REGION, type BuiltTopology} from './support/moto-topologies.js'

const SKIP = skipMoto('test/live/denied-permissions.test.ts')

interface Keys {
  AWS_ACCESS_KEY_ID: string
  AWS_SECRET_ACCESS_KEY: string
}

/** The reference topologies, the one with a VPN first: it is the only one whose collection calls every action. */
const TOPOLOGIES: readonly Topology[] = ['vpn', 'private', 'public']

describe.skipIf(SKIP)('live audit with one permission denied (moto_server enforcing IAM)', () => {
  let moto: Moto | undefined
  let env: Record<string, string> = {}
  const built = new Map<Topology, BuiltTopology>()
  const keys = new Map<string, Keys>()
  const baselines = new Map<Topology, AuditReport>()

  const audit = (topology: Topology, user: Keys, extra: string[] = []): CliResult => {
    const target = built.get(topology)!
    const scope = ['--cluster', target.clusterId, ...extra, '--admin-cidr', ADMIN_CIDR, ...(topology === 'vpn' ? ['--onprem-cidr', ONPREM_CIDR] : [])]
    return runCli(['audit', ...scope, '--region', REGION, '--fail-on-not-evaluated', '--json'], {...env, ...user, AWS_ENDPOINT_URL: moto!.url})
  }

  const baseline = (topology: Topology): AuditReport => {
    if (!baselines.has(topology)) {
      const report = parseReport(audit(topology, keys.get('')!))
      expectBaseline(report)
      baselines.set(topology, report)
    }
    return baselines.get(topology)!
  }

  beforeAll(async () => {
    requireMoto()
    env = dummyAwsEnv()
    moto = await startMoto()
    // Seeded with moto's default (no IAM checks) and the dummy keys.
    const topologies = new MotoTopologies(moto.url)
    const iam = new IAMClient({region: REGION, endpoint: moto.url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, maxAttempts: 1})
    try {
      await topologies.blockPublicAccess()
      for (const topology of TOPOLOGIES) built.set(topology, await topologies[topology]())
      // A customer-managed prefix list named by a rule of the VPN VPC, so GetManagedPrefixListEntries is called too.
      const vpn = built.get('vpn')!
      const list = await topologies.ec2.send(new CreateManagedPrefixListCommand({PrefixListName: 'onprem', AddressFamily: 'IPv4', MaxEntries: 2, Entries: [{Cidr: ONPREM_CIDR}]}))
      const groups = await topologies.ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            {Name: 'vpc-id', Values: [vpn.vpcId]},
            {Name: 'group-name', Values: ['emr-onprem-access']},
          ],
        }),
      )
      await topologies.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groups.SecurityGroups![0]!.GroupId!,
          IpPermissions: [{IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, PrefixListIds: [{PrefixListId: list.PrefixList!.PrefixListId!}]}],
        }),
      )
      // One user allowed every action the collector calls, and one per action allowed all but it.
      for (const denied of ['', ...COLLECTOR_ACTIONS]) {
        const UserName = denied === '' ? 'auditor' : `auditor-without-${denied.replace(':', '-')}`
        await iam.send(new CreateUserCommand({UserName}))
        const Action = COLLECTOR_ACTIONS.filter((action) => action !== denied)
        await iam.send(new PutUserPolicyCommand({UserName, PolicyName: 'audit', PolicyDocument: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action, Resource: '*'}]})}))
        const key = (await iam.send(new CreateAccessKeyCommand({UserName}))).AccessKey!
        keys.set(denied, {AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey!})
      }
    } finally {
      topologies.destroy()
      iam.destroy()
    }
    // From now on every request is authorised against the caller's IAM policies.
    const enforced = await fetch(`${moto.url}/moto-api/reset-auth`, {method: 'POST', body: '0'})
    expect(enforced.ok).toBe(true)
  }, 180_000)

  afterAll(() => {
    moto?.stop()
  })

  it('moto enforces IAM: keys it does not know are refused; the user allowed every collector action gets the whole audit', async () => {
    const unknown = new EC2Client({region: REGION, endpoint: moto!.url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, maxAttempts: 1})
    await expect(unknown.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({name: 'AuthFailure'})
    unknown.destroy()
    const refused = audit('vpn', {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'})
    expect(refused.code, refused.stderr).toBe(2)
    expect(refused.stderr.trim().split('\n'), refused.stderr).toHaveLength(1)
    expect(baseline('vpn').scopes[0]!.outcomes.filter((outcome) => outcome.status === 'pass').length).toBeGreaterThan(10)
  })

  it.each(COLLECTOR_ACTIONS.filter(motoCanDeny).map((action) => [action]))('without %s: every reason that lacks its data names it', (action) => {
    const dataset = datasetOf(action)
    const {topology, rules} = topologyFor(dataset, TOPOLOGIES)
    const user = keys.get(action)!
    const placing = NEEDED_TO_PLACE_THE_CLUSTER.has(action)
    if (placing) {
      const fatal = audit(topology, user)
      expect(fatal.code, fatal.stderr).toBe(2)
      expect(JSON.parse(fatal.stdout).error.message).toMatch(new RegExp(`^missing permission: ${action}: .*\\(or pass --vpc as well\\)$`))
    }
    // Naming the VPC as well lets the collection go on without the cluster's placement.
    const named = expectDeniedNamed(action, audit(topology, user, placing ? ['--vpc', built.get(topology)!.vpcId] : []), baseline(topology))
    console.log(`without ${action} (${topology}): ${named} rule(s) not evaluated, naming it; ${rules} rule(s) that need ${dataset} apply there`)
    // A dataset no applicable rule needs (if any) must still leave a complete audit: checked above.
    if (rules > 0) expect(named).toBeGreaterThan(0)
  })
})
