import {Flags} from '@oclif/core'
import {PROXY_EXPORT_FORMATS, proxyConfig} from '../app/proxy-settings.js'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags, bastionFlag, CLUSTER_ID_INPUT, clusterIdArg, DEFAULT_PAC_PORT, destinationFlag, identityFileFlag, jumpHostsFlag, proxyExportFlags} from '../cli/flags.js'

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
    clusterId: clusterIdArg('EMR cluster id (j-…): its VPC CIDRs, DNS suffixes and primary (needs AWS, or --snapshot).'),
  }

  static override flags = {
    format: Flags.option({description: 'What to print.', options: PROXY_EXPORT_FORMATS, required: true})(),
    host: destinationFlag({description: "The primary node's name or IP (ssh-config: the HostName; [user@]host[:port]).", helpValue: '[USER@]HOST'}),
    allow: proxyExportFlags.allow,
    'socks-host': proxyExportFlags['socks-host'],
    'socks-port': proxyExportFlags['socks-port'],
    'pac-port': Flags.integer({description: "chrome-flags: the port of connect's PAC file.", default: DEFAULT_PAC_PORT, min: 1, max: 65535}),
    bastion: bastionFlag('ssh-config: the bastion, [user@]host[:port] (user: ec2-user), or an instance id with CLUSTER_ID.'),
    jump: jumpHostsFlag('ssh-config: a jump host before the bastion (repeatable, in order).'),
    'identity-file': identityFileFlag('ssh-config: IdentityFile (repeatable).'),
    browser: Flags.string({description: 'chrome-flags: the browser executable to name.', helpValue: 'PATH'}),
    snapshot: proxyExportFlags.snapshot,
    ...awsFlags({exclusive: ['snapshot', 'host']}),
  }

  protected override inputNames = CLUSTER_ID_INPUT

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfig)
    const {text, warnings} = await proxyConfig({
      format: flags.format,
      clusterId: args.clusterId,
      host: flags.host,
      allow: flags.allow,
      socksHost: flags['socks-host'],
      socksPort: flags['socks-port'],
      pacPort: flags['pac-port'],
      bastion: flags.bastion,
      jumps: (flags.jump ?? []).flat(),
      identityFiles: flags['identity-file'] ?? [],
      browser: flags.browser,
      snapshot: flags.snapshot,
      aws: flags,
      debug: flags.debug,
    })
    this.writeWarnings(warnings)
    process.stdout.write(text)
  }
}
