/**
 * Keys without trust on first use, against real OpenSSH in the namespace lab:
 *
 * - console pinning: console output carrying the lab's REAL host keys (cloud-init's blocks) lets a
 *   connection through with an empty known_hosts; a different key in it is refused on that hop;
 *   console output without the block (moto_server's GetConsoleOutput, through the real SDK) falls
 *   back to known_hosts with a message;
 * - --ephemeral-key: the stand-in for SendSSHPublicKey [aws-sdk-client-mock] does what the EC2
 *   Instance Connect agent makes sshd do — accept the pushed key for 60 s — by writing it as the
 *   lab user's only authorized key; the hop chain authenticates with it, pushes again on a
 *   reconnect, and no private key reaches the disk.
 */
import {readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DescribeImagesCommand, EC2Client, GetConsoleOutputCommand, RunInstancesCommand} from '@aws-sdk/client-ec2'
import {EC2InstanceConnectClient, SendSSHPublicKeyCommand} from '@aws-sdk/client-ec2-instance-connect'
import {mockClient} from 'aws-sdk-client-mock'
import ssh2 from 'ssh2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {consoleHostKeyPolicy} from '../../src/tunnel/host-keys/console.js'
import {KeyRing} from '../../src/tunnel/ssh/auth.js'
import {EphemeralKey} from '../../src/tunnel/ssh/ephemeral-key.js'
import {KnownHostsPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {connectChain, DEFAULT_TIMING} from '../../src/tunnel/ssh/transport.js'
import {dummyAwsEnv, MOTO_MISSING, startMoto, type Moto} from '../live/support/moto.js'
import {labCheck, labTitle, startLab, stopLab, type Lab} from './support/lab.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const BASTION_ID = 'i-0b0b0b0b0b0b0b0b0'
const PRIMARY_ID = 'i-0a0a0a0a0a0a0a0a0'

function hostKeyLines(lab: Lab, role: 'bastion' | 'primary'): string[] {
  return ['ecdsa', 'ed25519'].map((type) => readFileSync(join(lab.dir, role, `ssh_host_${type}_key.pub`), 'utf8').trim())
}

/** What cloud-init prints on an Amazon Linux 2 console. */
function consoleText(keys: string[]): string {
  return ['[    9.8] cloud-init[2810]: Cloud-init v. 19.3 running', '-----BEGIN SSH HOST KEY KEYS-----', ...keys, '-----END SSH HOST KEY KEYS-----', 'login: '].join('\n')
}

describe.skipIf(!labCheck().run)(labTitle('console host keys and ephemeral keys (real OpenSSH lab)'), () => {
  let lab: Lab
  let work: string
  let hops: Hop[]
  let clientKeys: KeyRing
  let emptyKnownHosts: KnownHostsPolicy

  beforeAll(async () => {
    lab = startLab('keys')
    work = mkdtempSync(join(tmpdir(), 'emra-keys-'))
    hops = [
      {
        role: 'bastion',
        alias: lab.bastion.address,
        host: lab.bastion.address,
        port: 22,
        user: lab.bastion.user,
        identityFiles: [],
        label: `bastion ${lab.bastion.user}@${lab.bastion.address}`,
        instanceId: BASTION_ID,
      },
      {
        role: 'primary',
        alias: lab.primary.name,
        host: lab.primary.name,
        port: 22,
        user: lab.primary.user,
        identityFiles: [],
        label: `primary ${lab.primary.user}@${lab.primary.name}`,
        instanceId: PRIMARY_ID,
      },
    ]
    clientKeys = new KeyRing({identityFiles: [lab.keys.client], home: work, prompt: async () => undefined})
    await clientKeys.preload()
    writeFileSync(join(work, 'known_hosts-empty'), '')
    emptyKnownHosts = new KnownHostsPolicy({files: [join(work, 'known_hosts-empty')], appendTo: join(work, 'known_hosts-empty'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
  }, 90_000)

  afterAll(() => {
    stopLab(lab)
    if (work) rmSync(work, {recursive: true, force: true})
  }, 60_000)

  describe('--host-key-source console [aws-sdk-client-mock GetConsoleOutput]', () => {
    it("console output with the hosts' real keys lets both hops through with an empty known_hosts", async () => {
      const ec2 = mockClient(EC2Client)
      ec2.on(GetConsoleOutputCommand).callsFake((input: {InstanceId: string}) => ({
        Output: Buffer.from(consoleText(hostKeyLines(lab, input.InstanceId === BASTION_ID ? 'bastion' : 'primary'))).toString('base64'),
      }))
      try {
        const messages: string[] = []
        const hostKeys = await consoleHostKeyPolicy(hops, new EC2Client({region: 'us-east-1'}), emptyKnownHosts, SSH2_HOST_KEY_ALGORITHMS, (message) => messages.push(message))
        expect(messages).toEqual([])
        const chain = await connectChain({hops, hostKeys, keys: clientKeys, timing: DEFAULT_TIMING})
        chain.close()
        expect(chain.reports.map((report) => [report.hostKey.status, report.hostKey.where, report.hostKey.key.fingerprint])).toEqual([
          ['pinned', `the EC2 console output of ${BASTION_ID}`, lab.bastion.fingerprints.ed25519],
          ['pinned', `the EC2 console output of ${PRIMARY_ID}`, lab.primary.fingerprints.ed25519],
        ])
        expect(readFileSync(join(work, 'known_hosts-empty'), 'utf8')).toBe('')
      } finally {
        ec2.restore()
      }
    })

    it('a console that shows another key for the primary: the primary hop is refused as possible impersonation', async () => {
      const foreign = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM1aHZ8Yk0S3b7oK7O1vS0i0d7q0Y8b9yqQ3y6rX0Zb1 root@impostor'
      const ec2 = mockClient(EC2Client)
      ec2.on(GetConsoleOutputCommand).callsFake((input: {InstanceId: string}) => ({
        Output: Buffer.from(consoleText(input.InstanceId === BASTION_ID ? hostKeyLines(lab, 'bastion') : [foreign])).toString('base64'),
      }))
      try {
        const hostKeys = await consoleHostKeyPolicy(hops, new EC2Client({region: 'us-east-1'}), emptyKnownHosts, SSH2_HOST_KEY_ALGORITHMS, () => undefined)
        const failure = await connectChain({hops, hostKeys, keys: clientKeys, timing: DEFAULT_TIMING}).then(
          (chain) => {
            chain.close()
            return undefined
          },
          (error: unknown) => error,
        )
        expect(failure).toBeInstanceOf(TunnelFailure)
        expect((failure as TunnelFailure).kind).toBe('host-key')
        expect((failure as TunnelFailure).detail.hop).toBe(hops[1]!.label)
        expect((failure as TunnelFailure).message).toContain(`HOST KEY DOES NOT MATCH the EC2 console output of ${PRIMARY_ID} - possible impersonation`)
        expect((failure as TunnelFailure).message).toContain(lab.primary.fingerprints.ed25519)
      } finally {
        ec2.restore()
      }
    })
  })

  describe.skipIf(MOTO_MISSING !== undefined && process.env.CI !== 'true')(`--host-key-source console [moto_server GetConsoleOutput]${MOTO_MISSING ? ` [${MOTO_MISSING}]` : ''}`, () => {
    let moto: Moto
    const saved = {...process.env}

    beforeAll(async () => {
      moto = await startMoto()
      Object.assign(process.env, dummyAwsEnv())
    }, 60_000)

    afterAll(() => {
      moto?.stop()
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    })

    it('console output without the block (moto prints a kernel log only): known_hosts decides, and the message says so', async () => {
      const ec2 = new EC2Client({region: 'us-east-1', endpoint: moto.url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}})
      const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
      const started = await ec2.send(new RunInstancesCommand({ImageId: image, MinCount: 2, MaxCount: 2}))
      const [bastionId, primaryId] = started.Instances!.map((instance) => instance.InstanceId!)
      const withMotoIds = hops.map((hop) => ({...hop, instanceId: hop.role === 'bastion' ? bastionId : primaryId}))
      const knownHosts = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'unused'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
      const messages: string[] = []
      const hostKeys = await consoleHostKeyPolicy(withMotoIds, ec2, knownHosts, SSH2_HOST_KEY_ALGORITHMS, (message) => messages.push(message))
      expect(messages).toEqual(
        withMotoIds.map(
          (hop) =>
            `${hop.label}: the console output holds no SSH HOST KEY block (cloud-init prints it at first boot; it may have scrolled out) of ${hop.instanceId}; its host key is checked against known_hosts instead`,
        ),
      )
      const chain = await connectChain({hops: withMotoIds, hostKeys, keys: clientKeys, timing: DEFAULT_TIMING})
      chain.close()
      expect(chain.reports.map((report) => report.hostKey.status)).toEqual(['known', 'known'])
      ec2.destroy()
    })
  })

  describe('--ephemeral-key [aws-sdk-client-mock SendSSHPublicKey writing the pushed key into the lab sshd authorized_keys]', () => {
    /** Files (not directories) under `root` changed since `since`, bounded in depth and count. */
    function changedFiles(root: string, since: number, skip: string[], depth = 4, found: string[] = []): string[] {
      if (depth < 0 || found.length > 5_000) return found
      let entries: string[]
      try {
        entries = readdirSync(root)
      } catch {
        return found
      }
      for (const entry of entries) {
        const path = join(root, entry)
        if (skip.some((prefix) => path.startsWith(prefix))) continue
        let info
        try {
          info = statSync(path)
        } catch {
          continue
        }
        if (info.isDirectory()) changedFiles(path, since, skip, depth - 1, found)
        else if (info.isFile() && info.mtimeMs >= since && info.size < 4_000_000) found.push(path)
      }
      return found
    }

    it('authenticates every hop with a key pushed just before, pushes again on a reconnect, and writes no key file', async () => {
      let clock = 1_000_000
      const instanceConnect = mockClient(EC2InstanceConnectClient)
      const pushes: {InstanceId?: string; InstanceOSUser?: string; SSHPublicKey?: string}[] = []
      instanceConnect.on(SendSSHPublicKeyCommand).callsFake(async (input: {InstanceId: string; InstanceOSUser: string; SSHPublicKey: string}) => {
        pushes.push(input)
        // What sshd's AuthorizedKeysCommand (eic_run_authorized_keys) would answer for 60 s: only this key.
        writeFileSync(join(lab.dir, 'authorized_keys', input.InstanceOSUser), `${input.SSHPublicKey}\n`)
        return {RequestId: `req-${pushes.length}`, Success: true}
      })
      const started = Date.now() - 1_000
      try {
        const ephemeral = new EphemeralKey(new EC2InstanceConnectClient({region: 'us-east-1'}), undefined, () => clock)
        const keys = new KeyRing({identityFiles: [], home: work, prompt: async () => undefined, ephemeral: {source: ephemeral.source, prepare: (hop) => ephemeral.push(hop)}})
        const knownHosts = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'unused'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
        const first = await connectChain({hops, hostKeys: knownHosts, keys, timing: DEFAULT_TIMING})
        expect(first.reports.map((report) => report.authenticatedWith)).toEqual([ephemeral.source.label, ephemeral.source.label])
        expect(pushes.map((push) => [push.InstanceId, push.InstanceOSUser])).toEqual([
          [BASTION_ID, 'ec2-user'],
          [PRIMARY_ID, 'hadoop'],
        ])
        expect(pushes[0]!.SSHPublicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} emr-access ephemeral key$/)
        first.close()
        // A reconnect 30 s later: the 60 s keys may be gone, so both are pushed again.
        clock += 30_000
        const again = await connectChain({hops, hostKeys: knownHosts, keys, timing: DEFAULT_TIMING, reconnecting: true})
        again.close()
        expect(pushes).toHaveLength(4)

        // The lab's usual key is not authorized any more: the ephemeral key did the work.
        const usual = await connectChain({hops: hops.slice(0, 1), hostKeys: knownHosts, keys: clientKeys, timing: DEFAULT_TIMING}).then(
          (chain) => {
            chain.close()
            return 'connected'
          },
          (error: TunnelFailure) => error.kind,
        )
        expect(usual).toBe('auth')

        // No private key on disk: no file changed under $HOME, the temp directory or the working
        // directory holds the key (the lab directory, where the stand-in wrote the public key, aside).
        const privatePem = (ephemeral.source as unknown as {key: {getPrivatePEM(): string}}).key.getPrivatePEM()
        const privateBody = privatePem
          .split('\n')
          .filter((line) => line && !line.startsWith('-----'))
          .join('')
        const publicBase64 = ephemeral.publicKey.split(' ')[1]!
        const roots = [...new Set([process.env.HOME ?? '/root', tmpdir(), process.cwd()])]
        const candidates = roots.flatMap((root) => changedFiles(root, started, [lab.dir, join(process.cwd(), 'node_modules'), join(process.cwd(), '.git')]))
        // Other test files running at the same time write private keys of their own: a key file counts
        // only when it is this key (same public half), in whatever encoding it was written.
        const isThisKey = (text: string): boolean => {
          if (!/BEGIN [A-Z ]*PRIVATE KEY/.test(text)) return false
          const parsed = ssh2.utils.parseKey(text)
          return (Array.isArray(parsed) ? parsed : [parsed]).some((key) => !(key instanceof Error) && key.getPublicSSH().toString('base64') === publicBase64)
        }
        const leaks = candidates.filter((file) => {
          try {
            const text = readFileSync(file, 'latin1')
            return text.includes(privateBody.slice(0, 40)) || text.includes(publicBase64) || isThisKey(text)
          } catch {
            return false
          }
        })
        expect(leaks).toEqual([])
      } finally {
        instanceConnect.restore()
      }
    })
  })
})
