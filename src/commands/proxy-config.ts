import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import type {NetworkModel} from '../model/network-model.js'
import {defaultDiscoveryEnvironment, profileDir} from '../tunnel/browser/browser.js'
import {chromeCommandLine} from '../tunnel/exports/chrome-flags.js'
import {foxyProxyExport} from '../tunnel/exports/foxyproxy.js'
import {checkFlagText, checkHost, printable, UnsafeValueError} from '../tunnel/exports/safe-values.js'
import {sshConfigBlock} from '../tunnel/exports/ssh-config.js'
import {generatePac, pacInputFromAllowlist} from '../tunnel/pac/pac-file.js'
import {Allowlist, AllowlistError} from '../tunnel/socks/allowlist.js'
import {parseJumpList} from '../tunnel/ssh/hops.js'
import {hostTarget, HOST_ONLY_ALLOWLIST, type TunnelTarget} from '../tunnel/target.js'
import {bastionFromModel, DEFAULT_PAC_PORT, DEFAULT_SOCKS_PORT, destinationFlag, resolveClusterTarget} from './connect.js'

const FORMATS = ['pac', 'foxyproxy', 'ssh-config', 'chrome-flags'] as const
type Format = (typeof FORMATS)[number]

export default class ProxyConfig extends BaseCommand {
  static override summary = "Export the tunnel's proxy settings for your own tools: a PAC file, FoxyProxy import JSON, an ssh_config block, or a Chromium command line."

  static override description = `Every format sends the same destinations through the SOCKS5 proxy as \`connect\` and \`pac\`: the
cluster's VPC CIDRs and internal DNS suffixes (CLUSTER_ID, from AWS or --snapshot), or with --host / no
cluster the RFC 1918 ranges and .ec2.internal / .compute.internal; --allow replaces them.

  pac           the PAC file (as \`emr-access pac\`)
  foxyproxy     FoxyProxy 8 import JSON: one SOCKS5 proxy with Proxy DNS on and the same patterns as the PAC
                (IPv6 ranges excepted: a note on stderr)
  ssh-config    a Host block with ProxyJump (--jump, --bastion) and DynamicForward, for \`ssh -N ALIAS\`
  chrome-flags  the Chromium / Chrome / Edge command line for a separate profile using the PAC that connect serves`

  static override examples = [
    '<%= config.bin %> proxy-config --format foxyproxy > foxyproxy-emr.json',
    '<%= config.bin %> proxy-config j-2AXXXXXXGAPLF --snapshot snap/ --format ssh-config --bastion ec2-user@203.0.113.10 >> ~/.ssh/config',
    '<%= config.bin %> proxy-config --host ip-10-0-1-23.ec2.internal --format chrome-flags',
  ]

  static override args = {
    clusterId: Args.string({description: 'EMR cluster id (j-…): its VPC CIDRs, DNS suffixes and primary (needs AWS, or --snapshot).', required: false}),
  }

  static override flags = {
    format: Flags.string({description: 'What to print.', options: [...FORMATS], required: true}),
    host: Flags.string({description: "The primary node's name or IP (ssh-config: the HostName; [user@]host[:port]).", helpValue: '[USER@]HOST'}),
    allow: Flags.string({description: 'Destinations for the proxy (repeatable; replaces the default): CIDR, .suffix or host.', multiple: true, helpValue: 'CIDR|.SUFFIX|HOST'}),
    'socks-host': Flags.string({description: 'Where the SOCKS5 proxy listens.', default: '127.0.0.1', helpValue: 'ADDRESS'}),
    'socks-port': Flags.integer({description: 'SOCKS5 proxy port.', default: DEFAULT_SOCKS_PORT, min: 1, max: 65535}),
    'pac-port': Flags.integer({description: "chrome-flags: the port of connect's PAC file.", default: DEFAULT_PAC_PORT, min: 1, max: 65535}),
    bastion: Flags.string({description: 'ssh-config: the bastion, [user@]host[:port] (user: ec2-user), or an instance id with CLUSTER_ID.', helpValue: '[USER@]HOST[:PORT]'}),
    jump: Flags.string({description: 'ssh-config: a jump host before the bastion (repeatable, in order).', multiple: true, helpValue: '[USER@]HOST[:PORT]'}),
    'identity-file': Flags.string({char: 'i', description: 'ssh-config: IdentityFile (repeatable).', multiple: true, helpValue: 'FILE'}),
    browser: Flags.string({description: 'chrome-flags: the browser executable to name.', helpValue: 'PATH'}),
    snapshot: Flags.string({description: 'Resolve CLUSTER_ID from saved AWS CLI JSON instead of AWS.', helpValue: 'PATH'}),
    ...awsFlags({exclusive: ['snapshot', 'host']}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfig)
    const clusterId = args.clusterId
    try {
      await exportConfig()
    } catch (error) {
      // A value no output may embed (from a flag or from the data) is an input error: exit 2.
      if (error instanceof UnsafeValueError) throw new UserError(error.message)
      throw error
    }

    async function exportConfig(): Promise<void> {
      if (clusterId && flags.host) throw new UserError('give either CLUSTER_ID or --host, not both')
      if (flags.snapshot && !clusterId) throw new UserError('--snapshot needs a CLUSTER_ID')
      if (clusterId) checkClusterId(clusterId)
      // Before any message can echo them: control characters in a flag value would act on the terminal.
      for (const flag of ['host', 'bastion', 'jump', 'identity-file', 'allow', 'browser', 'snapshot'] as const) checkFlagText(`--${flag}`, flags[flag])
      checkHost('--socks-host', flags['socks-host'])
      const format = flags.format as Format
      let model: NetworkModel | undefined
      let target: TunnelTarget | undefined
      if (clusterId) ({model, target} = await resolveClusterTarget(clusterId, {snapshot: flags.snapshot, aws: flags, debug: flags.debug}))
      const primary = flags.host ? destinationFlag('--host', flags.host) : undefined
      if (primary && !target) target = hostTarget(primary.host)
      const fromFlags = Boolean(flags.allow && flags.allow.length > 0)
      const entries = fromFlags ? flags.allow! : (target?.allowlist ?? HOST_ONLY_ALLOWLIST)
      const allowlist = parseAllowlist(entries, fromFlags ? undefined : model?.source)
      const dataSource = model ? `in ${model.source}` : ''
      const proxy = {host: flags['socks-host'], port: flags['socks-port']}
      const pacInput = pacInputFromAllowlist(allowlist, proxy)
      const pacUrl = `http://${flags['socks-host'].includes(':') ? `[${flags['socks-host']}]` : flags['socks-host']}:${flags['pac-port']}/proxy.pac`

      switch (format) {
        case 'pac':
          process.stdout.write(generatePac(pacInput))
          return
        case 'foxyproxy': {
          const {json, notes} = foxyProxyExport(pacInput, clusterId ? `emr-access ${clusterId}` : 'emr-access')
          for (const note of notes) process.stderr.write(`Warning: ${note}\n`)
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
          return
        }
        case 'ssh-config': {
          if (!target) throw new UserError('--format ssh-config needs the primary: a CLUSTER_ID or --host')
          const jumps = (flags.jump ?? []).flatMap((value) => {
            try {
              return parseJumpList(value)
            } catch (error) {
              throw new UserError(`--jump ${printable(value)} ${(error as Error).message}; expected [user@]host[:port]`)
            }
          })
          const jumpsFrom = jumps.map(() => '--jump')
          if (flags.bastion) {
            const given = destinationFlag('--bastion', flags.bastion)
            const bastion = bastionFromModel(model, given)
            jumpsFrom.push(bastion.host === given.host ? '--bastion' : `--bastion ${given.host}: the instance's public address ${dataSource}`)
            jumps.push({...bastion, user: bastion.user ?? 'ec2-user'})
          }
          process.stdout.write(
            sshConfigBlock({
              alias: clusterId ? `emr-${clusterId}` : 'emr-primary',
              primary: primary ?? {host: target.sshHost},
              jumps,
              socksHost: flags['socks-host'],
              socksPort: flags['socks-port'],
              identityFiles: flags['identity-file'] ?? [],
              from: {
                alias: 'CLUSTER_ID',
                primary: primary ? '--host' : `the primary's address ${dataSource}`,
                jumps: jumpsFrom,
                socksHost: '--socks-host',
                socksPort: '--socks-port',
                identityFiles: '--identity-file',
              },
            }),
          )
          return
        }
        case 'chrome-flags':
          process.stdout.write(
            chromeCommandLine({
              browser: flags.browser,
              pacUrl,
              profile: profileDir(defaultDiscoveryEnvironment(), 'chromium', flags['pac-port']),
              url: pacUrl.replace(/\/proxy\.pac$/, '/'),
            }),
          )
          return
      }
    }
  }
}

/** An EMR cluster id as AWS issues them (it becomes part of an ssh Host alias and a FoxyProxy title). */
export function checkClusterId(clusterId: string): void {
  if (!/^j-[0-9A-Z]{1,20}$/.test(clusterId)) throw new UserError(`CLUSTER_ID ${printable(clusterId)} is not an EMR cluster id (j-…)`)
}

/** The destinations, as --allow takes them; an entry from the data is named as such, not as --allow. */
export function parseAllowlist(entries: string[], dataSource?: string): Allowlist {
  try {
    return Allowlist.parse(entries)
  } catch (error) {
    if (!(error instanceof AllowlistError)) throw error
    if (!dataSource) throw new UserError(`--allow ${printable(error.entry)}${error.message.slice(`--allow ${error.entry}`.length)}`)
    throw new UserError(`a destination from ${dataSource}, ${printable(error.entry)}${error.message.slice(`--allow ${error.entry}`.length)}`)
  }
}
