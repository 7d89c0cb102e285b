import {Flags} from '@oclif/core'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability} from '../analysis/reachability/engine.js'
import {BaseCommand} from '../cli/base-command.js'
import {snapshotFlag} from '../cli/flags.js'
import {EXIT, UserError} from '../errors.js'
import {reachJson, renderReachText} from '../reports/reach.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

const EXIT_BY_VERDICT = {reachable: EXIT.ok, 'not-reachable': EXIT.failed, unknown: EXIT.undecided} as const

export default class Reach extends BaseCommand {
  static override summary = 'Explain whether traffic can flow from one place to another, hop by hop.'

  static override description = `Walks the path the way AWS forwards it: security groups (stateful), network ACLs (stateless, both ways, return on ephemeral ports), route tables (longest prefix, local route first, blackholes), internet gateway (public IP needed), NAT (egress only), VPN gateway / transit gateway. Blocking hops carry Reachability Analyzer explanation codes.

SOURCE: internet, a CIDR, an IP address, an instance id, a security group id.

TARGET: an instance id, an IP address or <cluster-id>:primary, then :PORT[/tcp|udp].`

  static override usage = 'reach --snapshot PATH --from SOURCE --to TARGET:PORT[/tcp|udp] [--json]'

  static override examples = [
    '<%= config.bin %> reach --snapshot examples/snapshots/private-bastion-clean --from 203.0.113.0/24 --to i-96b7fc9522f0fd135:22',
    '<%= config.bin %> reach --snapshot examples/snapshots/private-bastion-clean --from i-96b7fc9522f0fd135 --to j-QNR3UJJNA77TW:primary:22',
    '<%= config.bin %> reach --snapshot examples/snapshots/vpn-clean --from 192.168.10.0/24 --to j-GIJIKH8Q26KEL:primary:8088/tcp --json',
  ]

  static override enableJsonFlag = true

  static override flags = {
    snapshot: snapshotFlag,
    from: Flags.string({description: 'Where the traffic starts.', required: true, helpValue: 'SOURCE'}),
    to: Flags.string({description: 'Where it goes, with the port: TARGET:PORT[/tcp|udp].', required: true, helpValue: 'TARGET:PORT'}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Reach)
    if (/^internet:/i.test(flags.to.trim())) {
      throw new UserError(`--to ${flags.to}: the target must be in the data: an instance id, an IP address or <cluster-id>:primary (internet is a --from)`)
    }
    const model = loadSnapshot(flags.snapshot)
    const result = analyzeReachability(model, buildQuery(model, flags.from, flags.to))
    process.exitCode = EXIT_BY_VERDICT[result.verdict]
    if (this.jsonEnabled()) return reachJson(result)
    process.stdout.write(`${renderReachText(result, this.color)}\n`)
    return undefined
  }
}
