/**
 * Throughput through the SSM stand-in, for the report (not a timed test: it only prints, and runs
 * only with EMRA_MEASURE=1). One-way downloads from a TCP source via the data channel.
 */
import {createServer, type AddressInfo, type Server} from 'node:net'
import {SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, beforeAll, describe, it} from 'vitest'
import type {Hop} from '../../src/tunnel/ssh/hops.js'
import {openSsmStream, ssmSessionApi} from '../../src/tunnel/transports/ssm/session.js'
import {SsmStandIn} from '../support/ssm-agent.js'

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
      process.stdout.write(`SSM stand-in download, pacing ${agentPacing}: ${received} bytes in ${seconds.toFixed(2)} s = ${(received / seconds / 1e6).toFixed(2)} MB/s (resent by agent ${standIn.stats.resent})\n`)
    }, 180_000)
  }
})
