/**
 * The cipher order every pool connection offers (transport.ts): the fastest both ends can use first —
 * AES-GCM on CPUs with AES instructions, chacha20-poly1305 otherwise — and nothing OpenSSL lacks.
 */
import {getCiphers} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {preferredCiphers} from '../../src/tunnel/ssh/transport.js'

describe('preferredCiphers', () => {
  it('puts AES-GCM first when the CPU has AES instructions, chacha20-poly1305 next, CTR last', () => {
    expect(preferredCiphers(true, getCiphers())).toEqual(['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'])
  })

  it('puts chacha20-poly1305 first without AES instructions (software AES is slow)', () => {
    expect(preferredCiphers(false, getCiphers())[0]).toBe('chacha20-poly1305@openssh.com')
  })

  it('leaves out what this OpenSSL build cannot do', () => {
    const order = preferredCiphers(true, ['aes-128-ctr', 'aes-256-gcm'])
    expect(order).toEqual(['aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes128-ctr'])
  })

  it('never offers CBC, arcfour or other legacy ciphers', () => {
    for (const hasAes of [true, false]) expect(preferredCiphers(hasAes, getCiphers()).filter((name) => /cbc|arcfour|3des|blowfish|cast/.test(name))).toEqual([])
  })
})
