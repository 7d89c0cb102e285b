/**
 * Live collection against moto_server through the real AWS SDK: the three reference topologies
 * (public, private, VPN; test/live/support/moto-topologies.ts, loaded through Vite because it is
 * TypeScript), then `emr-access snapshot --cluster …` for each cluster, round-robin: API calls,
 * collection time (the CLI's own figure) and process wall time per cluster.
 */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {BIN, log, median, removeDir, REPO, round, tempDir, timedNode} from './lib.mjs'

export function motoMissing() {
  const probe = spawnSync('python3', ['-c', 'import moto'], {encoding: 'utf8'})
  return probe.status === 0 ? undefined : "python3 cannot import moto (pip install 'moto[server]')"
}

async function loadTypeScript(paths) {
  const {createServer} = await import('vite')
  const server = await createServer({
    root: REPO,
    configFile: false,
    server: {middlewareMode: true, hmr: false, watch: null},
    appType: 'custom',
    logLevel: 'silent',
    optimizeDeps: {noDiscovery: true, include: []},
  })
  try {
    return await Promise.all(paths.map((path) => server.ssrLoadModule(path)))
  } finally {
    await server.close()
  }
}

export async function collectionBench({reps}) {
  const [motoSupport, topologies] = await loadTypeScript(['/test/live/support/moto.ts', '/test/live/support/moto-topologies.ts'])
  const moto = await motoSupport.startMoto()
  const dir = tempDir('emra-bench-collect-')
  try {
    const builder = new topologies.MotoTopologies(moto.url)
    await builder.blockPublicAccess()
    const built = [await builder.public(), await builder.private(), await builder.vpn()]
    builder.destroy()
    const env = {...motoSupport.dummyAwsEnv(), AWS_MAX_ATTEMPTS: '3'}
    log(`collection: ${built.length} clusters on moto_server × ${reps} rounds`)
    const samples = new Map(built.map((topology) => [topology.name, []]))
    for (let round = 0; round < reps; round += 1) {
      const order = round % 2 === 0 ? built : [...built].reverse()
      for (const topology of order) {
        const out = join(dir, `${topology.name}-${round}`)
        const result = await timedNode([BIN, 'snapshot', '--cluster', topology.clusterId, '--out', out, '--region', 'us-east-1', '--endpoint-url', moto.url, '--debug'], {env})
        const summary = /aws: (\d+) API calls in ([\d.]+) s/.exec(result.stderr)
        if (result.code !== 0 || !summary) throw new Error(`snapshot of ${topology.name} failed (${result.code}): ${result.stderr.slice(-400)}`)
        samples.get(topology.name).push({calls: Number(summary[1]), collectMs: Number(summary[2]) * 1000, wallMs: result.wallMs})
      }
    }
    const clusters = built.map((topology) => {
      const runs = samples.get(topology.name)
      return {
        topology: topology.name,
        clusterId: topology.clusterId,
        calls: median(runs.map((r) => r.calls)),
        collectMs: round(median(runs.map((r) => r.collectMs)), 0),
        wallMs: round(median(runs.map((r) => r.wallMs)), 0),
        samplesMs: runs.map((r) => round(r.wallMs, 0)),
      }
    })
    return {reps, clusters}
  } finally {
    moto.stop()
    removeDir(dir)
  }
}
