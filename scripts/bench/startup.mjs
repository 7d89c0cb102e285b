/**
 * CLI start-up: `emr-access --help`, `emr-access pac` and an offline audit of the bundled example,
 * each in a fresh process, interleaved round by round; medians of wall time and peak RSS.
 */
import {BIN, log, median, round, timedNode} from './lib.mjs'

const EXAMPLE = 'examples/snapshots/private-bastion-clean'

export const STARTUP_COMMANDS = [
  {name: '--help', args: ['--help']},
  {name: 'pac', args: ['pac', 'j-QNR3UJJNA77TW', '--snapshot', EXAMPLE]},
  {name: 'audit (offline example)', args: ['audit', '--snapshot', EXAMPLE, '--admin-cidr', '203.0.113.0/24', '--format', 'json']},
]

export async function startupBench({reps}) {
  const samples = new Map(STARTUP_COMMANDS.map((command) => [command.name, []]))
  log(`startup: ${STARTUP_COMMANDS.length} commands × ${reps} rounds`)
  // One unmeasured run warms the disk cache.
  await timedNode([BIN, '--help'])
  for (let round = 0; round < reps; round += 1) {
    const order = round % 2 === 0 ? STARTUP_COMMANDS : [...STARTUP_COMMANDS].reverse()
    for (const command of order) {
      const result = await timedNode([BIN, ...command.args])
      if (result.code !== 0) throw new Error(`emr-access ${command.args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 300)}`)
      samples.get(command.name).push(result)
    }
  }
  return {
    reps,
    commands: STARTUP_COMMANDS.map((command) => {
      const runs = samples.get(command.name)
      return {
        name: command.name,
        command: `emr-access ${command.args.join(' ')}`,
        wallMs: round(median(runs.map((r) => r.wallMs)), 0),
        cpuMs: round(median(runs.map((r) => r.cpuMs)), 0),
        peakRssMiB: round(median(runs.map((r) => r.peakRssMiB)), 0),
        samplesMs: runs.map((r) => round(r.wallMs, 0)),
      }
    }),
  }
}
