import {Flags} from '@oclif/core'
import {buildQuery} from '../analysis/reachability/endpoints.js'
import {analyzeReachability} from '../analysis/reachability/engine.js'
import {BaseCommand} from '../cli/base-command.js'
import {snapshotFlag} from '../cli/flags.js'
import {reachJson, renderReachText} from '../reports/reach.js'
import {loadSnapshot} from '../sources/snapshot/load-snapshot.js'

const EXIT_BY_VERDICT = {reachable: 0, 'not-reachable': 1, unknown: 3} as const

export default class Reach extends BaseCommand {
  static override summary = 'Explain whether traffic can flow from one place to another, hop by hop.'

  static override description = `Walks the path the way AWS forwards it: security groups (stateful), network ACLs (stateless, both
ways, return on ephemeral ports), route tables (longest prefix, local route first, blackholes), internet
gateway (public IP needed), NAT (egress only), VPN gateway / transit gateway. Blocking hops carry
Reachability Analyzer explanation codes.

FROM: internet, a CIDR, an IP address, an instance id, a security group id.
TO:   an instance id, an IP address or <cluster-id>:primary, then :PORT[/tcp|udp].

Exit codes: 0 reachable; 1 not reachable; 2 usage or input error; 3 the data cannot tell.`

  static override examples = [
    '<%= config.bin %> reach --snapshot examples/snapshots/private-bastion-clean --from 203.0.113.0/24 --to i-0123456789abcdef0:22',
    '<%= config.bin %> reach --snapshot snap/ --from sg-0bastion --to j-2AXXXXXXGAPLF:primary:22',
    '<%= config.bin %> reach --snapshot snap/ --from 192.168.10.0/24 --to j-2AXXXXXXGAPLF:primary:8088/tcp --json',
  ]

  static override enableJsonFlag = true

  static override flags = {
    snapshot: snapshotFlag,
    from: Flags.string({description: 'Where the traffic starts.', required: true, helpValue: 'SOURCE'}),
    to: Flags.string({description: 'Where it goes, with the port: TARGET:PORT[/tcp|udp].', required: true, helpValue: 'TARGET:PORT'}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Reach)
    const model = loadSnapshot(flags.snapshot)
    const result = analyzeReachability(model, buildQuery(model, flags.from, flags.to))
    process.exitCode = EXIT_BY_VERDICT[result.verdict]
    if (this.jsonEnabled()) return reachJson(result)
    process.stdout.write(`${renderReachText(result, this.color)}\n`)
    return undefined
  }
}
