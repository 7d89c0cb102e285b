/**
 * Throughput through `connect --via eice` (the stand-in endpoint of test/support/eice-endpoint.ts,
 * bridged into the lab's namespace) and through `--proxy-command 'socat - TCP:%h:%p'` (Debian's socat
 * carrying the bastion hop) next to the bastion path (`--bastion`, SSH over TCP) on the same lab: one download of N bytes from the primary's /bytes, curl --socks5-hostname, rounds alternating,
 * medians. The stand-in is a Node process relaying WebSocket frames through a bridge process, so this
 * measures emr-access's WebSocket transport plus that relay — not AWS's endpoint, whose throughput
 * AWS does not publish. Run: npm run build && npx vitest run -c bench/eice.vitest.config.ts
 * (EICE_BENCH_BYTES, EICE_BENCH_ROUNDS to change the size and rounds).
 */
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, it} from 'vitest'
import {ConnectProcess, killAll, type ReadyEvent} from '../test/tunnel/support/connect-process.js'
import {startLab, stopLab, type Lab} from '../test/tunnel/support/lab.js'
import {EiceStandIn, namespaceTarget, TEST_CREDENTIALS, TEST_ENDPOINT_ID, TEST_REGION} from '../test/support/eice-endpoint.js'

const BYTES = Number(process.env.EICE_BENCH_BYTES ?? 64 * 1024 * 1024)
const ROUNDS = Number(process.env.EICE_BENCH_ROUNDS ?? 5)

/** curl's own measurement: bytes per second of the download. */
function download(socksPort: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', '--max-time', '300', '--socks5-hostname', `127.0.0.1:${socksPort}`, url])
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.once('close', (code) => {
      const [speed, size] = out.trim().split(' ').map(Number)
      if (code !== 0 || size !== BYTES) reject(new Error(`curl exited ${code}: ${out}`))
      else resolve(speed!)
    })
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const mib = (bytesPerSecond: number) => (bytesPerSecond / 1024 / 1024).toFixed(1)

let lab: Lab
let standIn: EiceStandIn
const tunnels: Record<string, {process: ConnectProcess; ready: ReadyEvent}> = {}

beforeAll(async () => {
  lab = startLab('eicebench')
  standIn = new EiceStandIn({openTarget: namespaceTarget(lab.name)})
  const base = await standIn.listen()
  const common = ['--host', lab.primary.name, '-i', lab.keys.client, '--known-hosts', lab.knownHosts, '--socks-port', '0', '--pac-port', '0', '--json']
  const env = {AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: TEST_REGION}
  for (const [name, args] of [
    ['bastion (SSH over TCP)', ['--bastion', `${lab.bastion.user}@${lab.bastion.address}`]],
    ['eice (stand-in endpoint)', ['--via', 'eice', '--eice-id', TEST_ENDPOINT_ID, '--eice-endpoint-url', base]],
    ['proxy-command (socat)', ['--bastion', `${lab.bastion.user}@${lab.bastion.address}`, '--proxy-command', 'socat - TCP:%h:%p']],
  ] as const) {
    const process_ = new ConnectProcess([...common, ...args], env)
    tunnels[name] = {process: process_, ready: (await process_.waitFor('ready', 60_000)) as ReadyEvent}
  }
})

afterAll(async () => {
  for (const tunnel of Object.values(tunnels)) await tunnel.process.stop('SIGKILL')
  await standIn?.close()
  killAll()
  stopLab(lab)
})

it(`downloads ${BYTES} bytes through each path, ${ROUNDS} alternating rounds`, async () => {
  const url = `http://${lab.primary.name}:8088/bytes?n=${BYTES}`
  const speeds: Record<string, number[]> = Object.fromEntries(Object.keys(tunnels).map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, tunnel] of Object.entries(tunnels)) speeds[name]!.push(await download(tunnel.ready.socks.port, url))
  }
  const lines = Object.entries(speeds).map(([name, values]) => `${name}: median ${mib(median(values))} MiB/s (rounds: ${values.map(mib).join(', ')})`)
  const bastion = median(speeds['bastion (SSH over TCP)']!)
  const ratios = Object.entries(speeds)
    .filter(([name]) => !name.startsWith('bastion'))
    .map(([name, values]) => `${name} / bastion: ${(median(values) / bastion).toFixed(2)}`)
  process.stdout.write(`\nThroughput per transport, ${BYTES} bytes per download:\n${lines.join('\n')}\n${ratios.join('\n')}\n`)
})
