/**
 * Throughput through the SSM stand-in, for the report (not a timed test: it only prints, and runs
 * only with EMRA_MEASURE=1). One-way downloads from a TCP source via the data channel.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer, type AddressInfo, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, beforeAll, describe, it} from 'vitest'
import {KeyRing} from '../../src/tunnel/ssh/auth.js'
import {KnownHostsPolicy} from '../../src/tunnel/ssh/host-key-policy.js'
import {SSH2_HOST_KEY_ALGORITHMS} from '../../src/tunnel/ssh/host-key.js'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {connectChain, DEFAULT_TIMING, type HopChain} from '../../src/tunnel/ssh/transport.js'
import {openSsmStream, ssmSessionApi} from '../../src/tunnel/transports/ssm/session.js'
import {SsmStandIn} from '../support/ssm-agent.js'
import {labCheck, startLab, stopLab, type Lab} from './support/lab.js'

const BYTES = Number(process.env.EMRA_MEASURE_BYTES ?? 8 * 1024 * 1024)

describe.skipIf(process.env.EMRA_MEASURE !== '1')('SSM data channel throughput (EMRA_MEASURE=1; prints only)', () => {
  let source: Server
  const standIns: SsmStandIn[] = []
  beforeAll(async () => {
    source = createServer((socket) => {
      socket.on('error', () => undefined)
      socket.end(Buffer.alloc(BYTES, 7))
    })
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const standIn of standIns) await standIn.stop()
    source.close()
  })

  for (const agentPacing of [false, true]) {
    it(`download ${BYTES} bytes, agent pacing ${agentPacing ? 'on (1024 B reads + 1 ms sleep, as port_basic.go)' : 'off'}`, async () => {
      const standIn = new SsmStandIn({instances: {'i-0src': {host: '127.0.0.1', port: (source.address() as AddressInfo).port}}, agentPacing})
      standIns.push(standIn)
      await standIn.start()
      const client = new SSMClient({region: 'us-east-1', endpoint: standIn.endpoint, credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'}})
      const hop: Hop = {role: 'primary', alias: 'i-0src', host: 'i-0src', port: 22, user: 'x', identityFiles: [], label: 'primary i-0src'}
      const started = performance.now()
      const stream = await openSsmStream(hop, {api: ssmSessionApi(client), instanceId: 'i-0src', timeoutMs: 10_000})
      let received = 0
      await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => {
          received += chunk.length
          if (received >= BYTES) resolve()
        })
      })
      const seconds = (performance.now() - started) / 1000
      stream.destroy()
      client.destroy()
      process.stdout.write(
        `SSM stand-in download, pacing ${agentPacing}: ${received} bytes in ${seconds.toFixed(2)} s = ${(received / seconds / 1e6).toFixed(2)} MB/s (resent by agent ${standIn.stats.resent})\n`,
      )
    }, 180_000)
  }
})

/** Seconds to download n bytes of /bytes through the chain's primary (HTTP body only counted). */
async function download(chain: HopChain, lab: Lab, n: number): Promise<number> {
  const channel = await chain.forwardOut('127.0.0.1', 0, lab.primary.ip, 8088)
  const started = performance.now()
  let received = 0
  await new Promise<void>((resolve, reject) => {
    channel.on('data', (chunk: Buffer) => (received += chunk.length))
    channel.once('end', () => resolve())
    channel.once('error', reject)
    channel.write(`GET /bytes?n=${n} HTTP/1.1\r\nHost: ${lab.primary.name}\r\nConnection: close\r\n\r\n`)
  })
  if (received < n) throw new Error(`only ${received} of ${n} bytes`)
  return (performance.now() - started) / 1000
}

describe.skipIf(process.env.EMRA_MEASURE !== '1' || !labCheck().ok)('SSM stand-in vs bastion on the lab (EMRA_MEASURE=1; prints only)', () => {
  it('downloads the same bytes through bastion → primary and through SSM → primary', async () => {
    const lab = startLab('ssmbench')
    const work = mkdtempSync(join(tmpdir(), 'emra-ssmbench-'))
    let relay: ChildProcess | undefined
    try {
      relay = spawn('ip', ['netns', 'exec', lab.name, 'socat', `TCP-LISTEN:2299,bind=${lab.bastion.address},reuseaddr,fork`, `TCP:${lab.primary.ip}:22`], {stdio: 'ignore'})
      await new Promise((resolve) => setTimeout(resolve, 500))
      const keys = new KeyRing({identityFiles: [lab.keys.client], home: work, prompt: async () => undefined})
      await keys.preload()
      const hostKeys = new KnownHostsPolicy({files: [lab.knownHosts], appendTo: join(work, 'kh'), mode: 'strict', supportedAlgorithms: SSH2_HOST_KEY_ALGORITHMS})
      const primary: Hop = {role: 'primary', alias: lab.primary.name, host: lab.primary.name, port: 22, user: lab.primary.user, identityFiles: [], label: 'primary'}
      const bastion: Hop = {role: 'bastion', alias: lab.bastion.address, host: lab.bastion.address, port: lab.bastion.port, user: lab.bastion.user, identityFiles: [], label: 'bastion'}
      const n = BYTES
      const viaBastion = await connectChain({hops: [bastion, primary], hostKeys, keys, timing: DEFAULT_TIMING})
      const bastionSeconds = await download(viaBastion, lab, n)
      viaBastion.close()
      process.stdout.write(`lab bastion → primary: ${n} bytes in ${bastionSeconds.toFixed(2)} s = ${(n / bastionSeconds / 1e6).toFixed(2)} MB/s\n`)
      for (const agentPacing of [false, true]) {
        const standIn = new SsmStandIn({instances: {'i-0a1b2c3d4e5f60718': {host: lab.bastion.address, port: 2299}}, agentPacing})
        await standIn.start()
        const chain = await connectChain({
          hops: [{...primary, transport: {kind: 'ssm', instanceId: 'i-0a1b2c3d4e5f60718', aws: {region: 'us-east-1', endpointUrl: standIn.endpoint}}}],
          hostKeys,
          keys,
          timing: DEFAULT_TIMING,
        })
        const seconds = await download(chain, lab, n)
        chain.close()
        await standIn.stop()
        process.stdout.write(`lab SSM stand-in → primary (agent pacing ${agentPacing}): ${n} bytes in ${seconds.toFixed(2)} s = ${(n / seconds / 1e6).toFixed(2)} MB/s\n`)
      }
    } finally {
      if (relay?.pid) relay.kill('SIGTERM')
      stopLab(lab)
      rmSync(work, {recursive: true, force: true})
    }
  }, 600_000)
})
