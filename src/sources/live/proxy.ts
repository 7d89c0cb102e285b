/**
 * The HTTP(S) proxy from the environment, read as the AWS CLI reads it (botocore's proxy settings
 * and awsCLI/customizations/ec2instanceconnect/websocket.py): `HTTPS_PROXY` for https:// and wss://
 * targets, falling back to `HTTP_PROXY`; `HTTP_PROXY` for http:// and ws://; either case; none
 * for a host `NO_PROXY` names. Through a proxy every connection is an HTTP CONNECT tunnel.
 *
 * The AWS SDK for JavaScript ignores these variables (it takes an agent instead), so without this
 * the API calls of a machine that can only reach AWS through a proxy would fail where the AWS CLI
 * works. Used for every AWS API client emr-access makes and for the EICE and Session Manager
 * WebSockets.
 */
import type {Agent, ClientRequest} from 'node:http'
import {connect as tcpConnect, isIP, type Socket} from 'node:net'
import {connect as tlsConnect} from 'node:tls'
import {HttpsProxyAgent} from 'https-proxy-agent'

export type Environment = Record<string, string | undefined>

function variable(env: Environment, name: string): string | undefined {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || undefined
}

/**
 * NO_PROXY: comma- or space-separated hosts, domains (`.example.com` or `example.com`: the name and
 * every name under it), `host:port` entries, or `*` for everything.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (isSecure(target) ? '443' : '80')
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return true
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry)
    if (!match) continue
    const name = match[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '')
    if (match[2] && match[2] !== port) continue
    if (host === name || host.endsWith(`.${name}`)) return true
  }
  return false
}

function isSecure(target: URL): boolean {
  return target.protocol === 'wss:' || target.protocol === 'https:'
}

/** As botocore's _fix_proxy_url: a value without a scheme (`proxy.corp:3128`) is an http:// proxy. */
function withScheme(value: string): string {
  if (/^https?:/i.test(value)) return value
  return value.startsWith('//') ? `http:${value}` : `http://${value}`
}

function proxyVariableFor(secure: boolean, env: Environment): string | undefined {
  const value = secure ? (variable(env, 'https_proxy') ?? variable(env, 'http_proxy')) : variable(env, 'http_proxy')
  return value === undefined ? undefined : withScheme(value)
}

/** The proxy URL for a connection to `target`, or undefined for a direct connection. */
export function proxyUrlFor(target: URL, env: Environment = process.env): string | undefined {
  const proxy = proxyVariableFor(isSecure(target), env)
  if (!proxy || bypassesProxy(target, variable(env, 'no_proxy'))) return undefined
  return proxy
}

/** Why the proxy variables cannot be used (one line), or undefined when they can (or are unset). */
export function proxyEnvironmentProblem(env: Environment = process.env): string | undefined {
  for (const name of ['https_proxy', 'http_proxy']) {
    const value = variable(env, name)
    if (value === undefined) continue
    // Another scheme (socks5://) is not an HTTP proxy; without one, http:// is meant.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:\/\//i.test(value)) return `${name.toUpperCase()}: expected an http:// or https:// proxy URL`
    let url: URL
    try {
      url = new URL(withScheme(value))
    } catch {
      return `${name.toUpperCase()}: not a URL (expected http://HOST:PORT)`
    }
    if (!url.hostname) return `${name.toUpperCase()}: not a URL (expected http://HOST:PORT)`
  }
  return undefined
}

/** The agent for a WebSocket to `target`: a CONNECT tunnel through the proxy, or undefined (direct). */
export function proxyAgentFor(target: URL, env: Environment = process.env): Agent | undefined {
  const proxy = proxyUrlFor(target, env)
  return proxy ? new HttpsProxyAgent(proxy) : undefined
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1]

/**
 * One proxy for many targets, as an SDK client needs: each connection asks NO_PROXY for its own
 * host, and a bypassed one connects directly (TLS with the host's name, as Node's https agent).
 */
class EnvironmentProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly noProxy: string | undefined,
  ) {
    super(proxy, {keepAlive: true})
  }

  override async connect(request: ClientRequest, options: ConnectOptions): Promise<Socket> {
    const target = new URL(`${options.secureEndpoint ? 'https' : 'http'}://${(options.host ?? 'localhost').includes(':') ? `[${options.host}]` : options.host}:${options.port}`)
    if (!bypassesProxy(target, this.noProxy)) return super.connect(request, options)
    const host = options.host ?? 'localhost'
    const port = Number(options.port)
    if (!options.secureEndpoint) return tcpConnect({host, port})
    return tlsConnect({...options, host, port, servername: options.servername ?? (isIP(host) ? undefined : host)})
  }
}

/**
 * The `requestHandler` option of an AWS SDK client when the environment names a proxy (agents for
 * http:// and https:// endpoints), or undefined: the SDK's own handler, connecting directly.
 */
export function awsRequestHandler(env: Environment = process.env): {httpAgent?: Agent; httpsAgent?: Agent} | undefined {
  const noProxy = variable(env, 'no_proxy')
  const https = proxyVariableFor(true, env)
  const http = proxyVariableFor(false, env)
  if (!https && !http) return undefined
  return {httpsAgent: https ? new EnvironmentProxyAgent(https, noProxy) : undefined, httpAgent: http ? new EnvironmentProxyAgent(http, noProxy) : undefined}
}
