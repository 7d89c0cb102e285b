import {Flags} from '@oclif/core'
import {pacFile} from '../app/proxy-settings.js'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags, CLUSTER_ID_INPUT, clusterIdArg, proxyExportFlags} from '../cli/flags.js'

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
    clusterId: clusterIdArg('EMR cluster id (j-…): its VPC CIDRs, DNS suffixes and primary names (needs AWS, or --snapshot).'),
  }

  static override flags = {
    host: Flags.string({description: "The primary node's name or IP, added to the default destinations when they do not cover it.", helpValue: 'NAME_OR_IP'}),
    ...proxyExportFlags,
    ...awsFlags({exclusive: ['snapshot', 'host']}),
  }

  protected override inputNames = CLUSTER_ID_INPUT

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Pac)
    const text = await pacFile({
      clusterId: args.clusterId,
      host: flags.host,
      allow: flags.allow,
      socksHost: flags['socks-host'],
      socksPort: flags['socks-port'],
      snapshot: flags.snapshot,
      aws: flags,
      debug: flags.debug,
    })
    process.stdout.write(text)
  }
}
