/**
 * The built CLI without the lab: usage errors (one line, exit 2), the bind rule, the CLUSTER_ID seam,
 * `--json` events on failures, initial retries of network failures, and `emr-access pac`.
 */
import {createServer, type Socket} from 'node:net'
import {createPacResolver} from 'pac-resolver'
import {QuickJS} from 'quickjs-wasi'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {CLUSTER_ID, privateTopology} from '../support/topologies.js'
import {ConnectProcess, freshHome, killAll, runConnect} from './support/connect-process.js'

const isolated = {HOME: freshHome(), SSH_AUTH_SOCK: ''}
afterAll(() => killAll())

describe('emr-access connect (usage, no SSH needed)', () => {
  it('refuses a non-loopback --bind without --allow-remote-clients (exit 2, one line)', () => {
    const result = runCli(['connect', '--host', '10.0.1.5', '--bind', '0.0.0.0'], isolated)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Error: --bind 0.0.0.0 is not a loopback address: other machines could use the tunnel into your VPC; add --allow-remote-clients if that is what you want\n')
    expect(result.stdout).toBe('')
  })

  it.each([
    [[], 'Error: give a CLUSTER_ID (j-…) or --host NAME_OR_IP of the primary node'],
    [['j-2AXXXXXXGAPLF', '--host', 'x'], 'Error: give either CLUSTER_ID or --host, not both'],
    [['--host', 'x', '--allow', 'not a thing'], 'Error: --allow not a thing: is not a CIDR, a .suffix or a host name'],
    [['--host', 'x', '-L', '8088'], 'Error: --forward 8088: expected LOCAL_PORT:REMOTE_PORT'],
    [['--host', 'x:99999'], 'Error: --host x:99999 has an invalid port "99999" (1-65535); expected [user@]host[:port]'],
    [['--host', 'x', '--bastion', 'i-0123456789abcdef0'], "Error: --bastion i-0123456789abcdef0: resolving an instance id needs the cluster's AWS data"],
    [['--host', 'x', '--host-key-checking', 'no'], 'Error: Expected --host-key-checking=no to be one of: strict, accept-new'],
    [['--host', 'x', '--open', '--browser', '/nonexistent/chromium'], 'Error: --browser /nonexistent/chromium: no such file'],
    [['--host', 'x', '--browser', '/usr/bin/true'], 'Error: --browser needs --open'],
    [['--host', 'x', '--ephemeral-key'], 'Error: --ephemeral-key needs an EC2 instance among the hops: give a CLUSTER_ID (its primary) or --bastion i-…'],
    [['--host', 'x', '--host-key-source', 'console'], 'Error: --host-key-source console needs an EC2 instance among the hops: give a CLUSTER_ID (its primary) or --bastion i-…'],
    [['--host', 'x', '--host-key-source', 'tofu'], 'Error: Expected --host-key-source=tofu to be one of: known-hosts, console'],
    [['--host', 'x', '--proxy-command', 'nc %h %p %'], 'Error: --proxy-command: ends with a lone %'],
    [['--host', 'bad$(id)@x', '--proxy-command', 'ssh -W %h:%p %r@gw'], 'Error: --proxy-command: %r would be "bad$(id)", which a shell could misread; use a plain name'],
    [['--host', 'x', '--open', 'no-such-ui', '--browser', '/usr/bin/true'], 'Error: --open no-such-ui: no such web UI; one of: YARN ResourceManager'],
  ])('connect %j → exit 2: %s', (args, message) => {
    const result = runCli(['connect', ...args], isolated)
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('CLUSTER_ID without --snapshot asks AWS: an endpoint that is down is one clear line, exit 2', () => {
    const env = {...isolated, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'}
    const result = runCli(['connect', 'j-2AXXXXXXGAPLF', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Error: cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/m)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('--json: a usage error is an error event and a closed event, nothing else on stdout', () => {
    const result = runCli(['connect', '--host', 'x', '--allow', '999.1.1.1/8', '--json'], isolated)
    expect(result.code).toBe(2)
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(events).toMatchObject([
      {event: 'error', kind: 'usage', fatal: true, message: '--allow 999.1.1.1/8: is not a valid CIDR (e.g. 10.0.0.0/16)'},
      {event: 'closed', reason: 'error', exitCode: 2},
    ])
    for (const event of events) expect(Date.parse(event.time)).not.toBeNaN()
  })

  it('a busy --socks-port fails before any SSH work', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const port = (busy.address() as {port: number}).port
    try {
      const result = await runConnect(['--host', '127.0.0.1:1', '--socks-port', String(port), '--pac-port', '0'], isolated)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`Error: --socks-port ${port}: 127.0.0.1:${port} is already in use`)
    } finally {
      busy.close()
    }
  })

  it('retries a refused first connection a few times (error events, fatal:false), then exits 1; --allow-remote-clients warns', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as {port: number}).port
    closed.close()
    const result = await runConnect(['--host', `127.0.0.1:${port}`, '--socks-port', '0', '--pac-port', '0', '--bind', '0.0.0.0', '--allow-remote-clients', '--json', '-i', '/dev/null'], isolated)
    // -i /dev/null holds no key: that is found before any connection, and is an input error.
    expect(result.code).toBe(2)
    expect(result.events.at(-1)).toMatchObject({event: 'closed', exitCode: 2})
    expect(result.stderr).toMatch(/warning: listening on 0\.0\.0\.0 with --allow-remote-clients/)

    const home = freshHome()
    const retried = await runConnect(['--host', `127.0.0.1:${port}`, '--socks-port', '0', '--pac-port', '0', '--json'], {HOME: home, SSH_AUTH_SOCK: '/nonexistent/agent.sock'})
    expect(retried.code).toBe(1)
    const kinds = retried.events.map((event) => `${event.event}:${String(event.fatal ?? '')}`)
    expect(kinds).toEqual(['error:false', 'error:false', 'error:true', 'closed:'])
    expect(retried.events[0]).toMatchObject({kind: 'network', code: 'ECONNREFUSED'})
    expect(retried.events[0]!.retryInMs).toBeGreaterThan(0)
    expect(retried.stderr).toMatch(/^Error: primary hadoop@127\.0\.0\.1:\d+: connection refused/m)
  })
})

describe('emr-access connect: signals while connecting', () => {
  it('SIGINT (Ctrl-C) during a handshake that never comes aborts it and exits 0 at once', async () => {
    // Accepts TCP and says nothing: without the abort, connect would wait for its 20 s ready timeout.
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as {port: number}).port
    try {
      const tunnel = new ConnectProcess(['--host', `127.0.0.1:${port}`, '--socks-port', '0', '--pac-port', '0', '--json'], {...isolated, SSH_AUTH_SOCK: '/nonexistent/agent.sock'})
      // A loaded machine can take seconds to start the CLI: wait up to 15 s for its connection (bounded).
      for (let attempt = 0; attempt < 300 && sockets.size === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(sockets.size).toBe(1)
      const started = Date.now()
      const result = await tunnel.stop('SIGINT')
      // Well before the 20 s ready timeout it would otherwise wait for (not a speed target: the abort is what is checked).
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(result.code).toBe(0)
      expect(result.events).toMatchObject([{event: 'closed', reason: 'signal', signal: 'SIGINT', exitCode: 0}])
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })
})

describe('emr-access pac', () => {
  async function evaluate(pac: string, url: string): Promise<string> {
    const resolver = createPacResolver(await QuickJS.create(), pac, {sandbox: {dnsResolve: async () => null}})
    return resolver(url)
  }

  it('prints the default PAC (RFC 1918, .ec2.internal, .compute.internal) for a given SOCKS port', async () => {
    const result = runCli(['pac', '--socks-port', '1080'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('var tunnel = "SOCKS5 127.0.0.1:1080";')
    expect(await evaluate(result.stdout, 'http://ip-10-0-0-1.ec2.internal:8088/')).toBe('SOCKS5 127.0.0.1:1080')
    expect(await evaluate(result.stdout, 'https://example.com/')).toBe('DIRECT')
  })

  it('derives the PAC from a snapshot for CLUSTER_ID (VPC CIDR, Region suffix)', async () => {
    const snapshot = writeSnapshotDir(privateTopology())
    const result = runCli(['pac', CLUSTER_ID, '--snapshot', snapshot])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('dnsDomainIs(h, ".ec2.internal")')
    expect(result.stdout).not.toContain('.compute.internal')
  })

  it('--allow replaces the destinations; bad input is exit 2', async () => {
    const result = runCli(['pac', '--allow', '10.50.0.0/16', '--allow', '.corp.example'])
    expect(await evaluate(result.stdout, 'http://10.50.1.1/')).toBe('SOCKS5 127.0.0.1:8157')
    expect(await evaluate(result.stdout, 'http://10.51.1.1/')).toBe('DIRECT')
    expect(await evaluate(result.stdout, 'http://a.corp.example/')).toBe('SOCKS5 127.0.0.1:8157')
    expect(await evaluate(result.stdout, 'http://ip-10-0-0-1.ec2.internal/')).toBe('DIRECT')
    expect(runCli(['pac', '--allow', 'bad entry']).code).toBe(2)
    expect(runCli(['pac', 'j-2AXXXXXXGAPLF', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'}).stderr).toMatch(
      /ECONNREFUSED/,
    )
  })
})
