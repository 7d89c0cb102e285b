/**
 * `pac` and `proxy-config`: the tunnel's proxy settings for the user's own tools, from the same
 * destinations connect uses (the cluster's, --allow's, or the host-only defaults). Every value an
 * output embeds is checked (src/tunnel/exports/safe-values.ts); one that fails is exit 2 naming
 * where it came from.
 */
import {UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import type {LiveFlags} from './live-collection.js'
import {defaultDiscoveryEnvironment, profileDir} from '../tunnel/browser/browser.js'
import {chromeCommandLine} from '../tunnel/exports/chrome-flags.js'
import {foxyProxyExport} from '../tunnel/exports/foxyproxy.js'
import {checkFlagText, checkHost, checkPath, printable, UnsafeValueError} from '../tunnel/exports/safe-values.js'
import {sshConfigBlock} from '../tunnel/exports/ssh-config.js'
import {generatePac, pacInputFromAllowlist} from '../tunnel/pac/pac-file.js'
import {Allowlist, AllowlistError} from '../tunnel/socks/allowlist.js'
import type {Destination} from '../tunnel/ssh/destination.js'
import {hostTarget, HOST_ONLY_ALLOWLIST, type TunnelTarget} from '../tunnel/target.js'
import {bastionFromModel, checkClusterId, resolveClusterTarget} from './cluster-target.js'

export const PROXY_EXPORT_FORMATS = ['pac', 'foxyproxy', 'ssh-config', 'chrome-flags'] as const
export type ProxyExportFormat = (typeof PROXY_EXPORT_FORMATS)[number]

/** What pac and proxy-config share (each field is the flag of the same name). */
export interface ProxySettingsRequest {
  clusterId?: string
  allow?: string[]
  socksHost: string
  socksPort: number
  snapshot?: string
  aws: LiveFlags
  debug: boolean
}

/** The destinations, as --allow takes them; an entry from the data is named as such, not as --allow. */
export function parseAllowlist(entries: string[], dataSource?: string): Allowlist {
  try {
    return Allowlist.parse(entries)
  } catch (error) {
    if (!(error instanceof AllowlistError)) throw error
    if (!dataSource) throw new UserError(`--allow ${printable(error.entry)}: ${error.reason}`)
    throw new UserError(`a destination from ${dataSource}, ${printable(error.entry)}: ${error.reason}`)
  }
}

/** A value no output may embed (from a flag or from the data) is an input error: exit 2. */
async function refusingUnsafe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof UnsafeValueError) throw new UserError(error.message)
    throw error
  }
}

function checkCommon(request: ProxySettingsRequest, hostGiven: boolean): void {
  if (request.clusterId && hostGiven) throw new UserError('give either CLUSTER_ID or --host, not both')
  if (request.snapshot && !request.clusterId) throw new UserError('--snapshot needs a CLUSTER_ID')
  if (request.clusterId) checkClusterId(request.clusterId)
  // Before any message can echo them: control characters in a flag value would act on the terminal.
  checkFlagText('--allow', request.allow)
  checkFlagText('--snapshot', request.snapshot)
  checkHost('--socks-host', request.socksHost)
}

async function clusterTarget(request: ProxySettingsRequest): Promise<{model?: NetworkModel; target?: TunnelTarget}> {
  if (!request.clusterId) return {}
  return resolveClusterTarget(request.clusterId, {snapshot: request.snapshot, aws: request.aws, debug: request.debug})
}

/** `pac`: the PAC file connect serves. `host` (a name or IP) is added to the host-only defaults. */
export function pacFile(request: ProxySettingsRequest & {host?: string}): Promise<string> {
  return refusingUnsafe(async () => {
    checkFlagText('--host', request.host)
    checkCommon(request, Boolean(request.host))
    let allowlist: Allowlist
    if (request.allow && request.allow.length > 0) allowlist = parseAllowlist(request.allow)
    else if (request.clusterId) {
      const {model, target} = await clusterTarget(request)
      allowlist = parseAllowlist(target!.allowlist, model!.source)
    } else if (request.host) allowlist = parseAllowlist(hostTarget(checkHost('--host', request.host)).allowlist)
    else allowlist = parseAllowlist(HOST_ONLY_ALLOWLIST)
    return generatePac(pacInputFromAllowlist(allowlist, {host: request.socksHost, port: request.socksPort}))
  })
}

export interface ProxyConfigRequest extends ProxySettingsRequest {
  format: ProxyExportFormat
  host?: Destination
  pacPort: number
  bastion?: Destination
  jumps: Destination[]
  identityFiles: string[]
  browser?: string
}

/** `proxy-config`: the text to print, and warnings for stderr. */
export function proxyConfig(request: ProxyConfigRequest): Promise<{text: string; warnings: string[]}> {
  return refusingUnsafe(async () => {
    const {clusterId} = request
    checkCommon(request, Boolean(request.host))
    checkFlagText('--identity-file', request.identityFiles)
    checkFlagText('--browser', request.browser)
    if (request.browser !== undefined) checkPath('--browser', request.browser)
    const resolved = await clusterTarget(request)
    const model = resolved.model
    const primary = request.host
    const target = resolved.target ?? (primary ? hostTarget(primary.host) : undefined)
    const fromFlags = Boolean(request.allow && request.allow.length > 0)
    const entries = fromFlags ? request.allow! : (target?.allowlist ?? HOST_ONLY_ALLOWLIST)
    const allowlist = parseAllowlist(entries, fromFlags ? undefined : model?.source)
    const dataSource = model ? `in ${model.source}` : ''
    const pacInput = pacInputFromAllowlist(allowlist, {host: request.socksHost, port: request.socksPort})
    const pacUrl = `http://${request.socksHost.includes(':') ? `[${request.socksHost}]` : request.socksHost}:${request.pacPort}/proxy.pac`

    switch (request.format) {
      case 'pac':
        return {text: generatePac(pacInput), warnings: []}
      case 'foxyproxy': {
        const {json, notes} = foxyProxyExport(pacInput, clusterId ? `emr-access ${clusterId}` : 'emr-access')
        return {text: `${JSON.stringify(json, null, 2)}\n`, warnings: notes}
      }
      case 'ssh-config': {
        if (!target) throw new UserError('--format ssh-config needs the primary: a CLUSTER_ID or --host')
        const jumps = [...request.jumps]
        const jumpsFrom = jumps.map(() => '--jump')
        if (request.bastion) {
          const given = request.bastion
          const bastion = bastionFromModel(model, given)
          jumpsFrom.push(bastion.host === given.host ? '--bastion' : `--bastion ${given.host}: the instance's public address ${dataSource}`)
          jumps.push({...bastion, user: bastion.user ?? 'ec2-user'})
        }
        const text = sshConfigBlock({
          alias: clusterId ? `emr-${clusterId}` : 'emr-primary',
          primary: primary ?? {host: target.sshHost},
          jumps,
          socksHost: request.socksHost,
          socksPort: request.socksPort,
          identityFiles: request.identityFiles,
          madeBy: 'emr-access proxy-config --format ssh-config',
          from: {
            alias: 'CLUSTER_ID',
            primary: primary ? '--host' : `the primary's address ${dataSource}`,
            jumps: jumpsFrom,
            socksHost: '--socks-host',
            socksPort: '--socks-port',
            identityFiles: '--identity-file',
          },
        })
        return {text, warnings: []}
      }
      case 'chrome-flags': {
        const text = chromeCommandLine({
          browser: request.browser,
          pacUrl,
          profile: profileDir(defaultDiscoveryEnvironment(), 'chromium', request.pacPort),
          url: pacUrl.replace(/\/proxy\.pac$/, '/'),
        })
        return {text, warnings: []}
      }
    }
  })
}
