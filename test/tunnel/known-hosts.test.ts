import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import ssh2 from 'ssh2'
import {afterAll, describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {fingerprintOf, hostKeyFromBlob, keyTypeOf, SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import {KnownHostsPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {entryMatchesName, formatKnownHostsLine, hashedName, KnownHosts, knownHostsName, parseKnownHosts} from '../../src/tunnel/ssh/known-hosts.js'

const dir = mkdtempSync(join(tmpdir(), 'emra-kh-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** A real key pair from ssh-keygen: [blob, "type base64"]. */
function keygen(name: string, type = 'ed25519'): {blob: Buffer; line: string; fingerprint: string} {
  const file = join(dir, name)
  spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file])
  const line = readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
  const fingerprint = spawnSync('ssh-keygen', ['-lf', `${file}.pub`], {encoding: 'utf8'}).stdout.split(' ')[1]!
  return {blob: Buffer.from(line.split(' ')[1]!, 'base64'), line, fingerprint}
}

const alpha = keygen('alpha')
const beta = keygen('beta')
const ecdsa = keygen('gamma', 'ecdsa')
const rsa = keygen('delta', 'rsa')

describe('host key blobs', () => {
  it('reads the type inside the blob and prints the fingerprint exactly as ssh-keygen -l', () => {
    expect(keyTypeOf(alpha.blob)).toBe('ssh-ed25519')
    expect(keyTypeOf(ecdsa.blob)).toBe('ecdsa-sha2-nistp256')
    expect(keyTypeOf(rsa.blob)).toBe('ssh-rsa')
    expect(fingerprintOf(alpha.blob)).toBe(alpha.fingerprint)
    expect(fingerprintOf(rsa.blob)).toBe(rsa.fingerprint)
    expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1]))).toBeUndefined()
    expect(keyTypeOf(Buffer.alloc(2))).toBeUndefined()
  })
})

describe('known_hosts parsing and matching', () => {
  it('parses plain, comma lists, [host]:port, markers and comments; reports bad lines', () => {
    const text = [
      '# comment',
      '',
      `bastion.example.com,203.0.113.10 ${alpha.line} a comment`,
      `[ip-10-0-1-5.ec2.internal]:2222 ${beta.line}`,
      `@cert-authority *.example.com ${ecdsa.line}`,
      `@revoked * ${rsa.line}`,
      `@bogus host ${alpha.line}`,
      'onlyhost ssh-ed25519',
      `host ssh-rsa ${alpha.line.split(' ')[1]}`,
      'host ssh-ed25519 !!notbase64!!',
      `|1|c2FsdA==|aGFzaA== ${alpha.line}`,
    ].join('\n')
    const {entries, problems} = parseKnownHosts(text, 'kh')
    expect(entries.map((entry) => [entry.line, entry.marker, entry.keyType])).toEqual([
      [3, undefined, 'ssh-ed25519'],
      [4, undefined, 'ssh-ed25519'],
      [5, 'cert-authority', 'ecdsa-sha2-nistp256'],
      [6, 'revoked', 'ssh-rsa'],
    ])
    expect(problems.map((problem) => problem.line)).toEqual([7, 8, 9, 10, 11])
    expect(problems[2]!.reason).toMatch(/says ssh-rsa but the key is ssh-ed25519/)
  })

  it('files a host on another port as [host]:port, lower case', () => {
    expect(knownHostsName('Bastion.Example.COM', 22)).toBe('bastion.example.com')
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222')
  })

  it('matches wildcards, ? and negation like OpenSSH (a negated match excludes the line)', () => {
    const [entry] = parseKnownHosts(`*.ec2.internal,!ip-10-0-9-9.ec2.internal,10.0.0.?,[*.corp]:2222 ${alpha.line}`, 'kh').entries
    expect(entryMatchesName(entry!, 'ip-10-0-1-5.ec2.internal')).toBe(true)
    expect(entryMatchesName(entry!, 'ip-10-0-9-9.ec2.internal')).toBe(false)
    expect(entryMatchesName(entry!, '10.0.0.7')).toBe(true)
    expect(entryMatchesName(entry!, '10.0.0.17')).toBe(false)
    expect(entryMatchesName(entry!, '[gw.corp]:2222')).toBe(true)
    expect(entryMatchesName(entry!, 'gw.corp')).toBe(false)
    expect(entryMatchesName(entry!, 'ec2.internal')).toBe(false)
  })

  it('matches hashed |1|salt|hash names, ours and those ssh-keygen -H writes', () => {
    const ours = hashedName('[bastion]:2222')
    const [entry] = parseKnownHosts(`${ours} ${alpha.line}`, 'kh').entries
    expect(entryMatchesName(entry!, '[bastion]:2222')).toBe(true)
    expect(entryMatchesName(entry!, 'bastion')).toBe(false)

    const file = join(dir, 'hashed')
    writeFileSync(file, `ip-10-0-1-5.ec2.internal ${alpha.line}\n[203.0.113.10]:2200 ${beta.line}\n`)
    expect(spawnSync('ssh-keygen', ['-H', '-f', file]).status).toBe(0)
    const hashed = readFileSync(file, 'utf8')
    expect(hashed).toMatch(/^\|1\|/)
    const known = KnownHosts.parse([{file, text: hashed}]).knownHosts
    expect(known.check('ip-10-0-1-5.ec2.internal', 22, hostKeyFromBlob(alpha.blob)).status).toBe('known')
    expect(known.check('203.0.113.10', 2200, hostKeyFromBlob(beta.blob)).status).toBe('known')
    expect(known.check('203.0.113.10', 22, hostKeyFromBlob(beta.blob)).status).toBe('unknown')
  })

  it('judges a presented key: known, changed (another key of the same or of another type), revoked, unknown (CA-only)', () => {
    const known = KnownHosts.parse([
      {
        file: 'kh',
        text: [`bastion ${alpha.line}`, `bastion ${ecdsa.line}`, `primary ${ecdsa.line}`, `@revoked * ${rsa.line}`, `@cert-authority *.corp ${beta.line}`].join('\n'),
      },
    ]).knownHosts
    expect(known.check('bastion', 22, hostKeyFromBlob(alpha.blob))).toMatchObject({status: 'known', entry: {line: 1}})
    expect(known.check('BASTION', 22, hostKeyFromBlob(ecdsa.blob))).toMatchObject({status: 'known', entry: {line: 2}})
    expect(known.check('bastion', 22, hostKeyFromBlob(beta.blob))).toMatchObject({status: 'changed', entries: [{line: 1}, {line: 2}]})
    // Known only by an ECDSA key, it presents ED25519: a swap of key type is a changed key.
    expect(known.check('primary', 22, hostKeyFromBlob(alpha.blob))).toMatchObject({status: 'changed', entries: [{line: 3, keyType: 'ecdsa-sha2-nistp256'}]})
    expect(known.check('nobody', 22, hostKeyFromBlob(alpha.blob))).toEqual({status: 'unknown', certificateAuthorities: []})
    expect(known.check('anything', 22, hostKeyFromBlob(rsa.blob))).toMatchObject({status: 'revoked'})
    expect(known.check('gw.corp', 22, hostKeyFromBlob(alpha.blob))).toMatchObject({status: 'unknown', certificateAuthorities: [{line: 5}]})
    expect(known.knownTypes('bastion', 22)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256'])
  })

  it('writes lines OpenSSH reads back (plain and hashed)', () => {
    const key = hostKeyFromBlob(alpha.blob)
    expect(formatKnownHostsLine('Host.Example', 22, key)).toBe(`host.example ${alpha.line}`)
    expect(formatKnownHostsLine('10.0.0.1', 2222, key)).toBe(`[10.0.0.1]:2222 ${alpha.line}`)
    const file = join(dir, 'written')
    writeFileSync(file, `${formatKnownHostsLine('10.0.0.1', 2222, key, {hash: true})}\n`)
    const found = spawnSync('ssh-keygen', ['-F', '[10.0.0.1]:2222', '-f', file], {encoding: 'utf8'})
    expect(found.status).toBe(0)
  })
})

describe('KnownHostsPolicy (one policy for every hop)', () => {
  const identity = {host: 'ip-10-0-1-5.ec2.internal', port: 22, label: 'primary hadoop@ip-10-0-1-5.ec2.internal'}
  const policy = (files: string[], mode: 'strict' | 'accept-new', appendTo = files[0]!, acceptNewName = '--host-key-checking accept-new') =>
    new KnownHostsPolicy({files, appendTo, mode, supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS, acceptNewName})

  it('strict: unknown key → host-key failure naming the fingerprint and how to accept it (the words the caller gave)', async () => {
    const file = join(dir, 'strict')
    writeFileSync(file, '')
    const error = await policy([file], 'strict')
      .verify(identity, alpha.blob)
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(TunnelFailure)
    expect((error as TunnelFailure).kind).toBe('host-key')
    expect((error as TunnelFailure).message).toContain(`ED25519 key ${alpha.fingerprint}`)
    expect((error as TunnelFailure).message).toContain('--host-key-checking accept-new')
    expect(readFileSync(file, 'utf8')).toBe('')
  })

  it('accept-new: records an unknown key (then it is known); never a changed one', async () => {
    const file = join(dir, 'accept')
    writeFileSync(file, `other ${beta.line}`)
    const accept = policy([join(dir, 'missing-file'), file], 'accept-new', file)
    await expect(accept.verify(identity, alpha.blob)).resolves.toMatchObject({status: 'recorded', where: file})
    expect(readFileSync(file, 'utf8')).toBe(`other ${beta.line}\nip-10-0-1-5.ec2.internal ${alpha.line}\n`)
    await expect(accept.verify(identity, alpha.blob)).resolves.toMatchObject({status: 'known', where: `${file}:2`})
    const changed = await accept.verify(identity, beta.blob).catch((failure: TunnelFailure) => failure)
    expect(changed).toMatchObject({kind: 'host-key'})
    expect((changed as TunnelFailure).message).toMatch(/HOST KEY HAS CHANGED - possible impersonation/)
    expect((changed as TunnelFailure).message).toContain(`${file}:2`)
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2)
  })

  it('accept-new refuses a key of another type for a known host, and records nothing when reconnecting', async () => {
    const file = join(dir, 'accept-swap')
    writeFileSync(file, `${identity.host} ${ecdsa.line}\n`)
    const accept = policy([file], 'accept-new')
    const swapped = await accept.verify(identity, alpha.blob).catch((failure: TunnelFailure) => failure)
    expect(swapped).toMatchObject({kind: 'host-key'})
    expect((swapped as TunnelFailure).message).toMatch(/HOST KEY HAS CHANGED.*records a different ECDSA key \(a key of another type/)
    const other = {...identity, host: 'ip-10-0-1-6.ec2.internal'}
    const onReconnect = await accept.verify(other, alpha.blob, {reconnecting: true}).catch((failure: TunnelFailure) => failure)
    expect(onReconnect).toMatchObject({kind: 'host-key'})
    expect((onReconnect as TunnelFailure).message).toMatch(/not known when reconnecting.*never to an automatic reconnect/)
    expect(readFileSync(file, 'utf8')).toBe(`${identity.host} ${ecdsa.line}\n`)
    await expect(accept.verify(other, alpha.blob)).resolves.toMatchObject({status: 'recorded'})
  })

  it('offers the host-key algorithms a host is known by first, as OpenSSH does', async () => {
    const file = join(dir, 'algorithms')
    writeFileSync(file, `${identity.host} ${rsa.line}\n`)
    const order = await policy([file], 'strict').preferredAlgorithms(identity)
    expect(order!.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'])
    expect(order).toHaveLength(SSH2_HOST_KEY_ALGORITHMS.length)
    expect(await policy([file], 'strict').preferredAlgorithms({...identity, host: 'nobody'})).toBeUndefined()
  })

  it('matches what ssh2 hands a hostVerifier (the raw blob of a parsed key)', () => {
    const parsed = ssh2.utils.parseKey(readFileSync(join(dir, 'alpha.pub')))
    if (parsed instanceof Error) throw parsed
    expect(parsed.getPublicSSH().equals(alpha.blob)).toBe(true)
  })
})
