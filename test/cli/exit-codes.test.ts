/**
 * Exit codes that mean one thing: every usage or input error is exit 2 with one line on stderr, on
 * every command; with --json even a flag that does not parse is reported as JSON (connect: its
 * `error` and `closed` events). The built CLI, as a user runs it.
 */
import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'

const CLEAN = 'examples/snapshots/private-bastion-clean'
const isolated = {HOME: '/nonexistent-home', SSH_AUTH_SOCK: ''}

function expectUsageError(args: string[], message: RegExp) {
  const result = runCli(args, isolated)
  expect(result.code, result.stderr).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  expect(lines[0]).toMatch(message)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return result
}

describe('usage and input errors exit 2 on every command', () => {
  it.each([
    [['audit', '--bogus'], /Nonexistent flag: --bogus \(see: emr-access audit --help\)/],
    [['audit', '--snapshot', CLEAN, '--fail-on', 'severe'], /Expected --fail-on=severe to be one of/],
    [['reach', '--snapshot', CLEAN, '--from', 'internet'], /^Error: Missing required flag --to \(see: emr-access reach --help\)$/],
    [['reach', '--snapshot', CLEAN, '--from', 'internet', '--to', 'internet:22'], /^Error: --to internet:22: the target must be in the data/],
    [['reach', '--snapshot', CLEAN, '--from', 'internet', '--to', 'i-96b7fc9522f0fd135'], /--to i-96b7fc9522f0fd135: expected TARGET:PORT/],
    [['snapshot', '--out', '/tmp/x', '--cluster', 'j-1', '--vpc', 'vpc-1'], /--cluster|--vpc/],
    [['pac', '--socks-port', '70000'], /--socks-port/],
    [['proxy-config'], /Missing required flag --format/],
    [['ui', 'list', '--release', 'emr-6.15.0'], /--release needs --apps/],
    [['connect', '--host', 'x', '--socks-port', 'x'], /^Error: --socks-port: Expected an integer but received: x/],
    [['connect', '--host', 'x', '-i', '/nonexistent/emr.pem'], /^Error: --identity-file \/nonexistent\/emr\.pem: no such file$/],
    [['connect', '--host', 'x', '--socks-port', '9999', '--pac-port', '9999'], /^Error: --pac-port 9999: port 9999 is already --socks-port 9999, one of emr-access's own listeners/],
    [
      ['connect', '--host', 'x', '--socks-port', '9999', '--pac-port', '0', '-L', '9999:8088'],
      /^Error: --forward 9999:8088: port 9999 is already --socks-port 9999, one of emr-access's own listeners/,
    ],
    [['version', '--bogus'], /Nonexistent flag: --bogus/],
  ])('%j', (args, message) => {
    expect(expectUsageError(args, message).stdout).toBe('')
  })

  it('port 0 (any free port) may repeat: no usage error for it', () => {
    // Both 0: connect gets past the port check and fails later on the missing key, still a usage error.
    expectUsageError(['connect', '--host', 'x', '--socks-port', '0', '--pac-port', '0', '-i', '/nonexistent/k'], /--identity-file/)
  })

  it('a mistyped command is a usage error that suggests the right one', () => {
    const result = runCli(['audti', '--snapshot', CLEAN])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: "audti" is not an emr-access command; did you mean "audit"? (emr-access --help lists them)')
    expect(result.stdout).toBe('')
  })

  it('a mistyped topic command suggests within the topic', () => {
    const result = runCli(['ui', 'lst'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toMatch(/did you mean "ui list"\?/)
  })
})

describe('--json reports even a flag that did not parse as JSON', () => {
  it('audit: one error object on stdout', () => {
    const result = runCli(['audit', '--snapshot', CLEAN, '--nope', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({error: {message: 'Nonexistent flag: --nope (see: emr-access audit --help)', exitCode: 2}})
  })

  it.each([
    [['--bogus'], 'Nonexistent flag: --bogus (see: emr-access connect --help)'],
    [['--host', 'x', '--socks-port', 'x'], '--socks-port: Expected an integer but received: x (see: emr-access connect --help)'],
    [['--host', 'x', '--host-key-checking', 'maybe'], 'Expected --host-key-checking=maybe to be one of: strict, accept-new (see: emr-access connect --help)'],
    [['--host', 'x', '-i', '/nonexistent/emr.pem'], '--identity-file /nonexistent/emr.pem: no such file'],
  ])('connect %j: an error event then a closed event, exit 2', (args, message) => {
    const result = runCli(['connect', ...args, '--json'], isolated)
    expect(result.code).toBe(2)
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(events).toMatchObject([
      {event: 'error', kind: 'usage', fatal: true, message},
      {event: 'closed', reason: 'error', exitCode: 2},
    ])
    expect(events).toHaveLength(2)
  })
})

describe('--debug adds the stack trace and never changes the exit code', () => {
  it.each([[['reach', '--snapshot', CLEAN, '--from', 'internet', '--to', 'internet:22']], [['connect', '--host', 'x', '-i', '/nonexistent/emr.pem']]])('%j', (args) => {
    const plain = runCli(args, isolated)
    const debug = runCli([...args, '--debug'], isolated)
    expect(plain.code).toBe(2)
    expect(debug.code).toBe(2)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })
})

describe('error lines echo hostile flag values as text', () => {
  it.each([
    [['connect', '--host', 'bastion\u001b[2J\u001b[31mOK', '-i', '/nonexistent/emr.pem']],
    [['reach', '--snapshot', CLEAN, '--from', 'internet', '--to', 'i-\u202Egnp\u001b]0;pwned\u0007:22']],
  ])('%j', (args) => {
    const result = runCli(args, isolated)
    expect(result.code).toBe(2)
    // One line, and no escape, bell or bidi override reaches the terminal raw.
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
  })
})
