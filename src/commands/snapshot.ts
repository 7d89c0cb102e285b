import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {awsFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {missingPermissions, unavailableCalls} from '../sources/live/collect.js'
import {collectForCommand} from '../app/live-collection.js'
import {gapLines} from '../sources/live/messages.js'
import {redactDocuments} from '../sources/snapshot/redact.js'
import {prepareSnapshotDir, writeSnapshot} from '../sources/snapshot/write-snapshot.js'

export default class Snapshot extends BaseCommand {
  static override summary = 'Save the network around an EMR cluster (or a VPC) from AWS as a snapshot directory that `audit --snapshot` reads.'

  static override description = `Makes the same read-only calls as a live audit and writes each answer as the AWS CLI prints it (<service>-<operation>.json, 4-space indented, timestamps as the CLI prints them, no SDK metadata), so \`emr-access audit --snapshot DIR\` gives the same findings as \`emr-access audit --cluster …\` live.

--redact replaces AWS account ids and public IP addresses (also inside ARNs and public DNS names) with consistent stand-ins, for sharing the snapshot with outside reviewers. VPN pre-shared keys are always removed.

A denied call leaves its file out and is listed at the end; the audit then reports the rules that need it as not evaluated. --debug prints every AWS call with its duration, and the number of calls.`

  static override examples = [
    '<%= config.bin %> snapshot --cluster j-2AXXXXXXGAPLF --out snap/',
    '<%= config.bin %> snapshot --vpc vpc-0abc --out snap/ --region eu-west-1 --profile audit --redact',
    '<%= config.bin %> snapshot --cluster j-2AXXXXXXGAPLF --out snap/ --endpoint-url http://127.0.0.1:5000',
  ]

  static override enableJsonFlag = true

  static override flags = {
    cluster: Flags.string({description: 'The EMR cluster: its VPC is collected (and the other active clusters in it).', helpValue: 'j-…', exactlyOne: ['cluster', 'vpc']}),
    vpc: Flags.string({description: 'The VPC to collect, with the active EMR clusters in it.', helpValue: 'vpc-…', exactlyOne: ['cluster', 'vpc']}),
    out: Flags.string({description: 'Directory to write: created if missing, must be empty if it exists.', required: true, helpValue: 'DIR'}),
    redact: Flags.boolean({description: 'Replace account ids and public IP addresses with consistent stand-ins (for sharing).', default: false}),
    ...awsFlags(),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Snapshot)
    if (flags.cluster && !/^j-[A-Za-z0-9]+$/.test(flags.cluster)) throw new UserError(`--cluster ${flags.cluster}: not an EMR cluster id (j-…)`)
    if (flags.vpc && !/^vpc-[0-9a-f]+$/.test(flags.vpc)) throw new UserError(`--vpc ${flags.vpc}: not a VPC id (vpc-…)`)
    // Refuse a non-empty directory before any AWS call.
    prepareSnapshotDir(flags.out)
    const collection = await collectForCommand(flags, {json: this.jsonEnabled(), debug: flags.debug})
    const redaction = flags.redact ? redactDocuments(collection.documents) : undefined
    const files = writeSnapshot(flags.out, redaction?.documents ?? collection.documents)
    const missing = missingPermissions(collection)
    const unavailable = unavailableCalls(collection)
    if (this.jsonEnabled()) {
      const out: Record<string, unknown> = {directory: flags.out, region: collection.region, vpcId: collection.vpcId}
      if (collection.clusterId) out.clusterId = collection.clusterId
      Object.assign(out, {files, apiCalls: collection.calls.length, missingPermissions: missing, unavailable})
      if (redaction) out.redacted = {accounts: redaction.accounts, addresses: redaction.addresses}
      return out
    }
    const redacted = redaction ? `; redacted ${redaction.accounts} account id(s) and ${redaction.addresses} public address(es)` : ''
    process.stderr.write(`wrote ${files.length} files to ${flags.out} (${collection.vpcId}, ${collection.calls.length} API calls${redacted})\n`)
    for (const line of gapLines(collection)) process.stderr.write(`${line}\n`)
    return undefined
  }
}
