/**
 * `--ephemeral-key`: an ed25519 key made in memory for this run only, pushed with EC2 Instance
 * Connect `SendSSHPublicKey` to each hop's instance just before that hop authenticates (and again
 * on every reconnect: AWS keeps a pushed key for 60 seconds). Nothing is written to disk: the
 * private key goes from node:crypto into an OpenSSH-format buffer that ssh2 parses in memory.
 *
 * The instance needs the EC2 Instance Connect agent (the `ec2-instance-connect` package: its
 * AuthorizedKeysCommand asks the instance metadata service for keys pushed in the last 60 s).
 */
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import {SendSSHPublicKeyCommand, type EC2InstanceConnectClient} from '@aws-sdk/client-ec2-instance-connect'
import ssh2, {type ParsedKey} from 'ssh2'
import {escapeUnprintable} from '../../errors.js'
import {TunnelFailure} from '../failures.js'
import {ParsedKeySource, type KeySource} from './auth.js'
import type {Hop} from './hops.js'

/** The IAM actions this module calls (templates/iam/connect-keys-policy.json). */
export const EPHEMERAL_KEY_ACTIONS = ['ec2-instance-connect:SendSSHPublicKey'] as const

/**
 * A pushed key is reused for another connection to the same instance and user only while
 * it has at least the SSH ready timeout (20 s) of its 60 s left, with margin.
 */
const REUSE_PUSH_MS = 20_000

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}

export interface EphemeralKeyPair {
  /** `ssh-ed25519 AAAA… comment`, what SendSSHPublicKey takes. */
  publicKey: string
  key: ParsedKey
}

/**
 * A new ed25519 key pair: node:crypto makes it, and it is framed as an unencrypted
 * `openssh-key-v1` private key (PROTOCOL.key in OpenSSH's sources) for ssh2, in memory only.
 */
export function generateEphemeralKey(comment = 'emr-access ephemeral key'): EphemeralKeyPair {
  const {privateKey} = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({format: 'jwk'})
  const publicBytes = Buffer.from(jwk.x!, 'base64url')
  const seed = Buffer.from(jwk.d!, 'base64url')
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicBytes)])
  const check = randomBytes(4)
  const secret = Buffer.concat([seed, publicBytes])
  let privateSection = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(publicBytes), sshString(secret), sshString(comment)])
  const padding = Buffer.from(Array.from({length: (8 - (privateSection.length % 8)) % 8}, (_, index) => index + 1))
  privateSection = Buffer.concat([privateSection, padding])
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    Buffer.from([0, 0, 0, 1]),
    sshString(publicBlob),
    sshString(privateSection),
  ])
  const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64').replace(/.{1,70}/g, '$&\n')}-----END OPENSSH PRIVATE KEY-----\n`
  const parsed = ssh2.utils.parseKey(pem)
  // The intermediate copies of the secret are not needed any more (ssh2 keeps its own).
  for (const buffer of [seed, secret, privateSection, body]) buffer.fill(0)
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error(`ssh2 did not accept the generated key: ${parsed instanceof Error ? parsed.message : 'several keys'}`)
  return {publicKey: `ssh-ed25519 ${publicBlob.toString('base64')} ${comment}`, key: parsed}
}

type InstanceConnectClient = Pick<EC2InstanceConnectClient, 'send'>

/** The ephemeral key and the pushes that make it valid on each hop's instance. */
export class EphemeralKey {
  readonly source: KeySource
  private readonly pushes = new Map<string, {at: number; done: Promise<void>}>()

  constructor(
    private readonly client: InstanceConnectClient,
    private readonly pair: EphemeralKeyPair = generateEphemeralKey(),
    private readonly now: () => number = Date.now,
  ) {
    this.source = new ParsedKeySource(pair.key, 'ephemeral key (EC2 Instance Connect)')
  }

  get publicKey(): string {
    return this.pair.publicKey
  }

  /** Pushes the public key to the hop's instance for its user (valid 60 s); concurrent connections share a recent push. */
  push(hop: Pick<Hop, 'instanceId' | 'user' | 'label'>): Promise<void> {
    const instanceId = hop.instanceId
    if (!instanceId) return Promise.reject(new TunnelFailure('config', `${hop.label}: an ephemeral key needs the hop's EC2 instance id`, {hop: hop.label}))
    const id = `${instanceId}/${hop.user}`
    const recent = this.pushes.get(id)
    if (recent && this.now() - recent.at < REUSE_PUSH_MS) return recent.done
    const done = this.client.send(new SendSSHPublicKeyCommand({InstanceId: instanceId, InstanceOSUser: hop.user, SSHPublicKey: this.pair.publicKey})).then(
      (answer) => {
        if (answer.Success === false) throw new TunnelFailure('network', `${hop.label}: EC2 Instance Connect did not accept the key for ${instanceId} (Success: false)`, {hop: hop.label})
      },
      (error: unknown) => {
        this.pushes.delete(id)
        throw pushFailure(hop.label, instanceId, hop.user, error)
      },
    )
    this.pushes.set(id, {at: this.now(), done})
    return done
  }
}

function pushFailure(label: string, instanceId: string, user: string, error: unknown): TunnelFailure {
  const name = (error as {name?: string}).name ?? 'Error'
  const said = escapeUnprintable((error as Error).message ?? String(error))
  const detail = {hop: label, code: name}
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new TunnelFailure(
        'permission',
        `${label}: not allowed to push a key to ${instanceId} for ${user} (ec2-instance-connect:SendSSHPublicKey; the policy's ec2:osuser condition must name ${user}): ${said}`,
        detail,
      )
    case 'EC2InstanceNotFoundException':
    case 'InvalidArgsException':
    case 'EC2InstanceTypeInvalidException':
    case 'SerialConsoleSessionUnsupportedException':
      return new TunnelFailure('config', `${label}: EC2 Instance Connect cannot push a key to ${instanceId}: ${name}: ${said}`, detail)
    default:
      // Throttling, an instance not running yet, a service error: worth retrying.
      return new TunnelFailure('network', `${label}: pushing the ephemeral key to ${instanceId} failed: ${name}: ${said}`, detail)
  }
}
