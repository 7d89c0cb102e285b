import {Flags} from '@oclif/core'
import {explainReach} from '../app/reach.js'
import {BaseCommand} from '../cli/base-command.js'
import {parameterFlag, portRangeFlag, reachTargetFlag, snapshotFlag, templateFlag, templateParameters, terraformPlanFlag} from '../cli/flags.js'
import {EXIT} from '../errors.js'
import {reachJson, renderReachText} from '../reports/reach.js'

const EXIT_BY_VERDICT = {reachable: EXIT.ok, 'partially-reachable': EXIT.ok, 'not-reachable': EXIT.failed, unknown: EXIT.undecided} as const

export default class Reach extends BaseCommand {
  static override summary = 'Explain whether traffic can flow from one place to another, hop by hop.'

  static override description = `Walks the path the way AWS forwards it (docs/reachability.md): security groups (stateful, union of rules), network ACLs (stateless, both ways, replies on --ephemeral-ports), route tables (longest prefix; local, static, prefix-list, propagated; middleboxes; gateway route tables), internet gateway (public addresses only, a public IPv4 or an IPv6 address needed), NAT gateway (a hop into its own subnet), VPN gateway (static routes, a tunnel UP), transit gateway attachments, IPv4 and IPv6. A range source is judged for every address: "reachable from part of the range" names the sub-ranges. Every blocker is listed with its Reachability Analyzer explanation code; --json carries them.

FROM: internet (routable public IPv4, and IPv6 to an interface that has IPv6), a CIDR, an IP address, an instance id, a security group id, an EC2 Instance Connect Endpoint id (eice-…: judged from its subnet with its groups).
TO:   an instance id, an IP address or <cluster-id>:primary, then :PORT[/tcp|udp].

UNKNOWN means the data cannot tell, and names what is missing: a customer-managed prefix list whose entries are not in the snapshot, a security group or subnet not in the data, a target in another VPC without peering / transit gateway route data, a VGW without VPN connection data, an appliance not in the data; before deploy (--template, --terraform-plan), a security group, network ACL or route table on the path with a rule, entry or route whose value is known only at deploy, or a fleet cluster whose subnet EMR has yet to pick. It is never a guess either way.`

  static override usage = [
    'reach --snapshot PATH --from SOURCE --to TARGET:PORT[/tcp|udp] [--ephemeral-ports FROM-TO] [--json]',
    'reach --terraform-plan FILE --from SOURCE --to TARGET:PORT[/tcp|udp] [--json]',
    'reach --template FILE [--parameter KEY=VALUE]… [--region REGION] --from SOURCE --to TARGET:PORT[/tcp|udp] [--json]',
  ]

  static override examples = [
    '<%= config.bin %> reach --snapshot examples/snapshots/private-bastion-clean --from 203.0.113.0/24 --to i-96b7fc9522f0fd135:22',
    '<%= config.bin %> reach --snapshot examples/snapshots/private-bastion-clean --from i-96b7fc9522f0fd135 --to j-QNR3UJJNA77TW:primary:22',
    '<%= config.bin %> reach --snapshot examples/snapshots/vpn-clean --from 192.168.10.0/24 --to j-GIJIKH8Q26KEL:primary:8088/tcp --json',
    '<%= config.bin %> reach --template templates/cloudformation/private-bastion.yaml --parameter AdminCidr=203.0.113.0/24 --parameter CreateCluster=true --from Bastion --to Cluster:primary:22',
  ]

  static override enableJsonFlag = true

  static override flags = {
    snapshot: {...snapshotFlag, required: false, exactlyOne: ['snapshot', 'terraform-plan', 'template']},
    'terraform-plan': {...terraformPlanFlag, exclusive: [], exactlyOne: ['snapshot', 'terraform-plan', 'template']},
    template: {...templateFlag, exclusive: [], exactlyOne: ['snapshot', 'terraform-plan', 'template']},
    parameter: parameterFlag,
    region: Flags.string({description: 'AWS::Region for --template (default: unknown before deploy).', helpValue: 'REGION', dependsOn: ['template']}),
    from: Flags.string({description: 'Where the traffic starts.', required: true, helpValue: 'SOURCE'}),
    to: reachTargetFlag({description: 'Where it goes, with the port: TARGET:PORT[/tcp|udp].', required: true, helpValue: 'TARGET:PORT'}),
    'ephemeral-ports': portRangeFlag({
      description: "The client's ephemeral port range for the return path through network ACLs (Linux 32768-60999, Windows 49152-65535).",
      default: {from: 1024, to: 65535},
      defaultHelp: async () => '1024-65535',
      helpValue: 'FROM-TO',
    }),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Reach)
    const result = await explainReach({
      snapshot: flags.snapshot,
      terraformPlan: flags['terraform-plan'],
      template: flags.template ? {file: flags.template, parameters: templateParameters(flags.parameter), region: flags.region} : undefined,
      from: flags.from,
      to: flags.to,
      ephemeralPorts: flags['ephemeral-ports'],
    })
    process.exitCode = EXIT_BY_VERDICT[result.verdict]
    if (this.jsonEnabled()) return reachJson(result)
    process.stdout.write(`${renderReachText(result, this.color)}\n`)
    return undefined
  }
}
