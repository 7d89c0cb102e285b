import type {ChildProcess} from 'node:child_process'
/**
 * ProxyCommand with OpenSSH's semantics, without SSH: token expansion (ssh_config(5) TOKENS), the
 * child's stdio as the stream, its stderr passed on, its exit status turned into the failure.
 */
import {describe, expect, it} from 'vitest'
import {TunnelFailure} from '../../src/tunnel/failures.js'
import {expandProxyCommand, openProxyCommand, ProxyCommandError} from '../../src/tunnel/transports/proxy-command.js'
import type {Duplex} from 'node:stream'

const tokens = {host: '10.0.1.5', port: 2222, user: 'ec2-user', alias: 'lab-bastion'}

/** Everything the stream yields until it ends or fails. */
function drain(stream: Duplex): Promise<{data: string; error?: Error}> {
  return new Promise((resolve) => {
    let data = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => (data += chunk))
    stream.once('end', () => resolve({data}))
    stream.once('error', (error) => resolve({data, error}))
  })
}

describe('ProxyCommand tokens', () => {
  it('substitutes %h %p %r %n and %% once, as given', () => {
    expect(expandProxyCommand('nc -X connect -x proxy:3128 %h %p', tokens)).toBe('nc -X connect -x proxy:3128 10.0.1.5 2222')
    expect(expandProxyCommand('ssh -W %h:%p %r@gw # %n 100%%', tokens)).toBe('ssh -W 10.0.1.5:2222 ec2-user@gw # lab-bastion 100%')
    // A % inside a value is not expanded again (an IPv6 scope).
    expect(expandProxyCommand('x %h', {...tokens, host: 'fe80::1%p'})).toBe('x fe80::1%p')
  })

  it('refuses unknown tokens and values a shell could misread', () => {
    expect(() => expandProxyCommand('nc %h %x', tokens)).toThrow(/unknown token %x/)
    expect(() => expandProxyCommand('nc %h %', tokens)).toThrow(/lone %/)
    expect(() => expandProxyCommand('ssh %r@gw', {...tokens, user: 'a$(touch /tmp/x)'})).toThrow(ProxyCommandError)
    expect(() => expandProxyCommand('ssh %r@gw', {...tokens, user: '-oProxyCommand=id'})).toThrow(/%r would be/)
    // A token the command does not use is not checked.
    expect(expandProxyCommand('nc %h %p', {...tokens, user: 'a;b'})).toBe('nc 10.0.1.5 2222')
  })
})

describe('ProxyCommand stream', () => {
  it("carries bytes both ways through the child's stdin/stdout and ends when it exits 0", async () => {
    const stream = await openProxyCommand('bastion test', 'cat')
    const result = drain(stream)
    stream.write('hello through cat\n')
    stream.end()
    expect(await result).toEqual({data: 'hello through cat\n'})
  })

  it('a non-zero exit fails the stream with the status and the last stderr line; every stderr line reaches the log', async () => {
    const lines: string[] = []
    const stream = await openProxyCommand('bastion test', `sh -c 'echo "connecting to corp-gw" >&2; echo "corp-gw: Connection refused" >&2; exit 7'`, {
      onStderr: (line) => lines.push(line),
    })
    const {error} = await drain(stream)
    expect(error).toBeInstanceOf(TunnelFailure)
    expect((error as TunnelFailure).kind).toBe('network')
    expect(error!.message).toMatch(/^bastion test: proxy command ".*" exited with status 7: corp-gw: Connection refused$/)
    expect((error as TunnelFailure).detail.code).toBe('PROXY_COMMAND_EXIT_7')
    expect(lines).toEqual(['connecting to corp-gw', 'corp-gw: Connection refused'])
  })

  it('a command the shell cannot find is a setting to fix (config), not a network failure to retry', async () => {
    const stream = await openProxyCommand('primary test', 'no-such-proxy-command-emra %h', {onStderr: () => undefined})
    const {error} = await drain(stream)
    expect((error as TunnelFailure).kind).toBe('config')
    expect(error!.message).toMatch(/exited with status 127: .*not found/)
  })

  it('the child is killed when the stream is destroyed', async () => {
    const stream = await openProxyCommand('primary test', 'sleep 30')
    const child = (stream as unknown as {child: ChildProcess}).child
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    stream.destroy()
    expect(await exited).toBe('SIGHUP')
  })

  it('a command that ignores EOF on stdin is killed once SSH ended its side', async () => {
    const stream = await openProxyCommand('primary test', 'sleep 30')
    const child = (stream as unknown as {child: ChildProcess}).child
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    stream.resume()
    stream.on('error', () => undefined)
    stream.end()
    expect(await exited).toBe('SIGHUP')
  })

  it('stderr lines are printed with unprintable characters escaped', async () => {
    const lines: string[] = []
    const stream = await openProxyCommand('x', `printf 'evil \\033[2J line\\n' >&2`, {onStderr: (line) => lines.push(line)})
    await drain(stream)
    expect(lines).toEqual(['evil \\u001b[2J line'])
  })
})
