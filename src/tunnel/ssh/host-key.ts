/**
 * SSH public-key blobs (RFC 4253 §6.6) as a server presents them: the key type inside the blob and
 * the SHA256 fingerprint exactly as `ssh-keygen -l` prints it.
 */
import {createHash} from 'node:crypto'

export interface HostKey {
  /** The blob's own type name: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, … */
  type: string
  blob: Buffer
  /** `SHA256:` + unpadded base64, as `ssh-keygen -lf` prints. */
  fingerprint: string
}

/** The first string of an SSH key blob: its type. undefined when the blob is malformed. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (length === 0 || length > 64 || 4 + length > blob.length) return undefined
  const type = blob.subarray(4, 4 + length).toString('latin1')
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

export function hostKeyFromBlob(blob: Buffer): HostKey {
  return {type: keyTypeOf(blob) ?? 'unknown', blob, fingerprint: fingerprintOf(blob)}
}

/** ED25519, ECDSA, RSA: how OpenSSH names a key type to people. */
export function displayKeyType(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519'
  if (type.startsWith('ecdsa-sha2-')) return 'ECDSA'
  if (type === 'ssh-rsa') return 'RSA'
  if (type === 'ssh-dss') return 'DSA'
  if (type.startsWith('sk-ssh-ed25519')) return 'ED25519-SK'
  if (type.startsWith('sk-ecdsa')) return 'ECDSA-SK'
  return type
}

/**
 * The host-key algorithms (what ssh2 negotiates) a key type stands for: an `ssh-rsa` key is offered
 * as rsa-sha2-512 / rsa-sha2-256 / ssh-rsa.
 */
export function algorithmsForKeyType(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']
  return [type]
}

/** ssh2 1.17's default host-key algorithm order (lib/protocol/constants.js, Ed25519 available on Node ≥ 12). */
export const SSH2_HOST_KEY_ALGORITHMS: readonly string[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']
