import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {UserError} from '../errors.js'
import {checkFlagText, checkHost, UnsafeValueError} from '../tunnel/exports/safe-values.js'
import {generatePac, pacInputFromAllowlist} from '../tunnel/pac/pac-file.js'
import {hostTarget, HOST_ONLY_ALLOWLIST} from '../tunnel/target.js'
import {awsFlags} from '../cli/flags.js'
import {DEFAULT_SOCKS_PORT, resolveClusterTarget} from './connect.js'
import {checkClusterId, parseAllowlist} from './proxy-config.js'

export default class Pac extends BaseCommand {
  static override summary = 'Print a PAC file that sends EMR-internal names and VPC addresses to a SOCKS5 proxy (for your own ssh -D tunnel).'

  static override description = `The same PAC file \`connect\` serves: the destinations go to SOCKS5 (names resolved on the far side),
everything else DIRECT, and no name is looked up locally. Without a cluster or --allow it covers the RFC 1918
ranges and the .ec2.internal / .compute.internal suffixes.`

  static override examples = [
    '<%= config.bin %> pac > emr.pac',
    '<%= config.bin %> pac --host ip-10-0-1-23.ec2.internal --socks-port 8157',
    '<%= config.bin %> pac j-2AXXXXXXGAPLF --snapshot snap/',
    '<%= config.bin %> pac --allow 10.20.0.0/16 --allow .corp.example.com',
  ]

  static override args = {
    clusterId: Args.string({description: 'EMR cluster id (j-…): its VPC CIDRs, DNS suffixes and primary names (needs AWS, or --snapshot).', required: false}),
  }

  static override flags = {
    host: Flags.string({description: "The primary node's name or IP, added to the default destinations when they do not cover it.", helpValue: 'NAME_OR_IP'}),
    allow: Flags.string({description: 'Destinations for the proxy (repeatable; replaces the default): CIDR, .suffix or host.', multiple: true, helpValue: 'CIDR|.SUFFIX|HOST'}),
    'socks-host': Flags.string({description: 'Where the SOCKS5 proxy listens.', default: '127.0.0.1', helpValue: 'ADDRESS'}),
    'socks-port': Flags.integer({description: 'SOCKS5 proxy port.', default: DEFAULT_SOCKS_PORT, min: 1, max: 65535}),
    snapshot: Flags.string({description: 'Resolve CLUSTER_ID from saved AWS CLI JSON instead of AWS.', helpValue: 'PATH'}),
    ...awsFlags({exclusive: ['snapshot', 'host']}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Pac)
    if (args.clusterId && flags.host) throw new UserError('give either CLUSTER_ID or --host, not both')
    if (flags.snapshot && !args.clusterId) throw new UserError('--snapshot needs a CLUSTER_ID')
    if (args.clusterId) checkClusterId(args.clusterId)
    try {
      for (const flag of ['host', 'allow', 'snapshot'] as const) checkFlagText(`--${flag}`, flags[flag])
      checkHost('--socks-host', flags['socks-host'])
      let allowlist
      if (flags.allow && flags.allow.length > 0) allowlist = parseAllowlist(flags.allow)
      else if (args.clusterId) {
        const {model, target} = await resolveClusterTarget(args.clusterId, {snapshot: flags.snapshot, aws: flags, debug: flags.debug})
        allowlist = parseAllowlist(target.allowlist, model.source)
      } else if (flags.host) allowlist = parseAllowlist(hostTarget(checkHost('--host', flags.host)).allowlist)
      else allowlist = parseAllowlist(HOST_ONLY_ALLOWLIST)
      process.stdout.write(generatePac(pacInputFromAllowlist(allowlist, {host: flags['socks-host'], port: flags['socks-port']})))
    } catch (error) {
      // A value no output may embed (from a flag or from the data) is an input error: exit 2.
      if (error instanceof UnsafeValueError) throw new UserError(error.message)
      throw error
    }
  }
}
