/**
 * The HTTP(S) proxy for the EICE WebSocket, from the environment as the AWS CLI reads it
 * (awscli/customizations/ec2instanceconnect/websocket.py): `HTTPS_PROXY` / `HTTP_PROXY` (either
 * case) unless `NO_PROXY` names the endpoint. The WebSocket then goes through an HTTP CONNECT tunnel.
 */
import type {Agent} from 'node:http'
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
  const port = target.port || (target.protocol === 'wss:' || target.protocol === 'https:' ? '443' : '80')
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

/** The proxy URL for a WebSocket to `target`, or undefined for a direct connection. */
export function proxyUrlFor(target: URL, env: Environment = process.env): string | undefined {
  const secure = target.protocol === 'wss:' || target.protocol === 'https:'
  const proxy = secure ? (variable(env, 'https_proxy') ?? variable(env, 'http_proxy')) : variable(env, 'http_proxy')
  if (!proxy || bypassesProxy(target, variable(env, 'no_proxy'))) return undefined
  return proxy
}

export function proxyAgentFor(target: URL, env: Environment = process.env): Agent | undefined {
  const proxy = proxyUrlFor(target, env)
  return proxy ? new HttpsProxyAgent(proxy) : undefined
}
