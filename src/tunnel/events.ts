/**
 * What `connect` tells its user. With --json: one JSON object per line on stdout — `ready`,
 * `hostkey`, `reconnecting`, `reconnected`, `error`, `closed` — and nothing else there (warnings and debug go
 * to stderr). On a terminal: progress steps, then the proxy settings and web-UI URLs.
 * Messages carry names, addresses and fingerprints, never key material or passphrases.
 */
import {escapeUnprintable} from '../errors.js'
import type {FailureDetail, FailureKind} from './failures.js'
import type {WebUiUrl} from './target.js'

export interface HopSummary {
  role: string
  host: string
  port: number
  user: string
  hostKey: {type: string; fingerprint: string; status: 'known' | 'recorded' | 'pinned'}
  /** The key source that authenticated: "ssh-agent", or a key file with its fingerprint. */
  auth?: string
}

export interface ReadyEvent {
  event: 'ready'
  socks: {host: string; port: number; url: string}
  pac: {url: string} | null
  /** --http-proxy-port: for HTTP_PROXY / HTTPS_PROXY. */
  httpProxy?: {host: string; port: number; url: string}
  forwards: {local: {host: string; port: number}; remote: {host: string; port: number}}[]
  hops: HopSummary[]
  primary: {host: string; port: number; user: string}
  cluster?: {id: string; primaries: {privateDnsName?: string; privateIp?: string; instanceId?: string; active: boolean}[]}
  allow: string[]
  webUis: WebUiUrl[]
}

/**
 * A hop's host key was accepted: one per hop on every connection and reconnection, before that
 * hop authenticates — an audit trail of every key the tunnel trusted (`recorded`: accept-new just
 * wrote it to known_hosts).
 */
export interface HostKeyEvent {
  event: 'hostkey'
  role: string
  /** The hop as people name it: "bastion ec2-user@203.0.113.10". */
  hop: string
  host: string
  port: number
  type: string
  fingerprint: string
  status: 'known' | 'recorded' | 'pinned'
  /** file:line that vouched for it, or the file it was written to. */
  where: string
  reconnect: boolean
}

export interface ReconnectingEvent {
  event: 'reconnecting'
  attempt: number
  delayMs: number
  reason: {kind: FailureKind; message: string} & FailureDetail
}

export interface ReconnectedEvent {
  event: 'reconnected'
  attempt: number
  downtimeMs: number
}

export interface ErrorEvent extends FailureDetail {
  event: 'error'
  kind: FailureKind | 'usage' | 'internal'
  message: string
  /** true: the tunnel stops (a `closed` event follows). false: it retries (retryInMs). */
  fatal: boolean
  retryInMs?: number
}

export interface ClosedEvent {
  event: 'closed'
  reason: 'signal' | 'error'
  signal?: string
  exitCode: number
}

/** `--open`: the browser connect started (it is not stopped with the tunnel). */
export interface BrowserEvent {
  event: 'browser'
  kind: 'chromium' | 'firefox'
  name: string
  path: string
  pid: number
  profile: string
  url: string
}

export type TunnelEvent = ReadyEvent | HostKeyEvent | ReconnectingEvent | ReconnectedEvent | ErrorEvent | ClosedEvent | BrowserEvent
export type TimedEvent = TunnelEvent & {time: string}

export interface Reporter {
  event(event: TunnelEvent): void
  /** A step, for people ("connecting to bastion …"). Not in --json. */
  progress(text: string): void
  /** Always on stderr. */
  warn(text: string): void
  /** stderr with --debug only. */
  debug(text: string): void
}

export interface ReporterOptions {
  json: boolean
  debug: boolean
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  now?: () => Date
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`

export function renderReady(event: ReadyEvent): string {
  const route = event.hops.map((hop) => `${hop.role} ${hop.user}@${hop.host}${hop.port === 22 ? '' : `:${hop.port}`}`).join(' → ')
  const lines = [
    '',
    `Tunnel up: ${route}`,
    `  SOCKS5 proxy  ${event.socks.host}:${event.socks.port}   e.g. curl --socks5-hostname ${event.socks.host}:${event.socks.port} ${event.webUis[0]?.url ?? 'URL'}`,
  ]
  if (event.pac) {
    lines.push(`  PAC file      ${event.pac.url}   (browser: automatic proxy configuration URL)`)
    lines.push(`  landing page  ${event.pac.url.replace(/\/proxy\.pac$/, '/')}   (tunnel state and the UI links)`)
  }
  if (event.httpProxy) lines.push(`  HTTP proxy    ${event.httpProxy.url}   e.g. HTTPS_PROXY=${event.httpProxy.url} HTTP_PROXY=${event.httpProxy.url}`)
  for (const forward of event.forwards) {
    lines.push(`  forward       ${forward.local.host}:${forward.local.port} → ${forward.remote.host}:${forward.remote.port}`)
  }
  lines.push(`  allowed       ${event.allow.join(', ')}`)
  if (event.cluster && event.cluster.primaries.length > 1) {
    lines.push(`  primaries     ${event.cluster.primaries.map((node) => `${node.privateDnsName ?? node.privateIp}${node.active ? ' (used)' : ''}`).join(', ')}`)
  }
  lines.push('', `Web UIs on ${event.primary.host} (the ones the cluster runs will answer):`)
  const width = Math.max(...event.webUis.map((ui) => ui.name.length))
  for (const ui of event.webUis) lines.push(`  ${ui.name.padEnd(width)}  ${ui.url}`)
  lines.push('', 'Press Ctrl-C to close the tunnel.')
  return `${lines.join('\n')}\n`
}

export function createReporter(options: ReporterOptions): Reporter {
  const now = options.now ?? (() => new Date())
  // Each line is one line, whatever an endpoint, a server or a file put in it: a close reason with a
  // newline or a terminal escape must not forge a line or retitle the terminal.
  const err = (text: string) => options.stderr.write(`${escapeUnprintable(text)}\n`)
  if (options.json) {
    return {
      event: (event) => options.stdout.write(`${JSON.stringify({...event, time: now().toISOString()})}\n`),
      progress: () => undefined,
      warn: (text) => err(`warning: ${text}`),
      debug: (text) => options.debug && err(`debug: ${text}`),
    }
  }
  return {
    event(event) {
      switch (event.event) {
        case 'ready':
          options.stdout.write(renderReady(event))
          return
        case 'hostkey':
          // On a terminal the progress lines (and the accept-new warning) say it.
          return
        case 'reconnecting':
          err(`! ${event.reason.message}; reconnecting in ${seconds(event.delayMs)} (attempt ${event.attempt})`)
          return
        case 'reconnected':
          err(`✔ reconnected after ${seconds(event.downtimeMs)}; the proxy kept listening`)
          return
        case 'error':
          // A fatal error is printed once, as the command's last line, by the command itself.
          if (!event.fatal) err(`! ${event.message}${event.retryInMs !== undefined ? `; retrying in ${seconds(event.retryInMs)}` : ''}`)
          return
        case 'closed':
          if (event.reason === 'signal') options.stdout.write('Tunnel closed.\n')
          return
        case 'browser':
          options.stdout.write(`Opened ${event.name} at ${event.url} (profile ${event.profile}; your everyday profile is untouched).\n`)
          return
      }
    },
    progress: (text) => options.stdout.write(`${escapeUnprintable(text)}\n`),
    warn: (text) => err(`warning: ${text}`),
    debug: (text) => options.debug && err(`debug: ${text}`),
  }
}
