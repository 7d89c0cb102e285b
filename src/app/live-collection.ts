/** How commands that read AWS live (audit, snapshot, and the cluster look-ups) run a collection: flags in, progress and --debug on stderr. */
import {collectLive, type LiveCollection} from '../sources/live/collect.js'
import type {OperationKey} from '../sources/live/operations.js'
import {callLine, callSummary} from '../sources/live/messages.js'

export interface LiveFlags {
  cluster?: string
  vpc?: string
  region?: string
  profile?: string
  'endpoint-url'?: string
}

export interface LiveOutput {
  /** --json: no progress (stdout is the document; stderr stays quiet unless --debug). */
  json: boolean
  debug: boolean
  /** Progress lines: on a terminal only, so scripts and CI logs get just the outcome. */
  progress?: boolean
}

export async function collectForCommand(flags: LiveFlags, output: LiveOutput, only?: readonly OperationKey[]): Promise<LiveCollection> {
  const write = (line: string): void => void process.stderr.write(`${line}\n`)
  const progress = output.progress ?? (!output.json && Boolean(process.stderr.isTTY))
  const collection = await collectLive({
    clusterId: flags.cluster,
    vpcId: flags.vpc,
    region: flags.region,
    profile: flags.profile,
    endpointUrl: flags['endpoint-url'],
    settingNames: {region: '--region', profile: '--profile', endpointUrl: '--endpoint-url'},
    only,
    progress: progress ? write : undefined,
    onCall: output.debug ? (call) => write(callLine(call)) : undefined,
  })
  if (output.debug) write(callSummary(collection))
  return collection
}
