/**
 * The tunnel against OpenSSH on the namespace lab (scripts/lab; needs root): `emr-access connect`
 * (ssh2, one process, `--connections N`) and `ssh -N -D … -J bastion` (two processes), both with
 * aes128-gcm@openssh.com (our first choice on AES-NI CPUs; OpenSSH forced to it by config), both
 * through bastion → primary to the lab's web server, alternating A/B round by round:
 *   - one download (curl --socks5-hostname), MB/s;
 *   - 8 concurrent downloads, aggregate MB/s;
 *   - CPU per byte: CPU time of the tunnel's process tree (/proc) over the bytes of both;
 *   - 200 concurrent small requests (1 KiB, new SOCKS connection each), p50 and p99 latency;
 *   - fresh-request latency: sequential small requests, each a new connection, median;
 *   - resident memory with 300 readers that request 8 MiB and never read, and after they go;
 *   - what the pool buys: 8 concurrent downloads with `--connections 1` vs N, alternating;
 *   - the ceiling: one download inside the lab's namespace, no tunnel.
 */
import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'
import {alternate, BIN, freePort, log, median, percentile, REPO, removeDir, round, run, sleep, tempDir, treeCpuMs, treeRssMiB} from './lib.mjs'

const LAB = join(REPO, 'scripts/lab')
const CIPHER = 'aes128-gcm@openssh.com'

export async function labUnavailable() {
  if (process.getuid?.() !== 0) return 'not root (the lab makes network namespaces); run `sudo npm run bench` for the tunnel figures'
  const check = await run('bash', [join(LAB, 'lab-up.sh'), '--check'])
  return check.code === 0 ? undefined : (check.stderr || check.stdout).trim()
}

/** One request through a SOCKS5 proxy (raw protocol, no library in the way): timing and body size. */
function socksGet(socksPort, host, port, path, {stall = false, timeoutMs = 60_000} = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = connect({host: '127.0.0.1', port: socksPort})
    socket.setNoDelay(true)
    let stage = 'greeting'
    let buffer = Buffer.alloc(0)
    let received = 0
    let firstByteMs
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`SOCKS request to ${host}:${port}${path} timed out`))
    }, timeoutMs)
    if (stall) timer.unref()
    const fail = (error) => {
      clearTimeout(timer)
      socket.destroy()
      reject(error)
    }
    socket.once('error', fail)
    socket.once('connect', () => socket.write(Buffer.from([5, 1, 0])))
    socket.on('data', (chunk) => {
      if (stage === 'body') {
        received += chunk.length
        return
      }
      buffer = Buffer.concat([buffer, chunk])
      if (stage === 'greeting') {
        if (buffer.length < 2) return
        if (buffer[1] !== 0) return fail(new Error('SOCKS: no acceptable method'))
        buffer = buffer.subarray(2)
        const name = Buffer.from(host)
        const request = Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from([port >> 8, port & 255])])
        socket.write(request)
        stage = 'reply'
      }
      if (stage === 'reply') {
        if (buffer.length < 5) return
        // Header 4, address (IPv4 4, IPv6 16, name 1+n), port 2.
        const length = 4 + ({1: 4, 4: 16, 3: 1 + buffer[4]}[buffer[3]] ?? 4) + 2
        if (buffer.length < length) return
        if (buffer[1] !== 0) return fail(new Error(`SOCKS reply ${buffer[1]}`))
        const rest = buffer.subarray(length)
        stage = 'body'
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`)
        received += rest.length
        if (stall) {
          // A reader that never reads: the tunnel must hold what it was sent.
          socket.pause()
          clearTimeout(timer)
          resolve({socket})
        }
      }
      if (firstByteMs === undefined && received > 0) firstByteMs = performance.now() - started
    })
    socket.once('end', () => {
      clearTimeout(timer)
      resolve({ms: performance.now() - started, firstByteMs, bytes: received})
      socket.destroy()
    })
  })
}

function waitForPort(port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect({host: '127.0.0.1', port})
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port}`))
        else setTimeout(attempt, 100)
      })
    }
    attempt()
  })
}

/** Starts one tunnel; resolves when a request through it works. */
async function startTunnel(kind, lab, dir, connections, profileDir) {
  const port = await freePort()
  let child
  if (kind === 'ours') {
    const home = join(dir, 'home-emra')
    child = spawn(
      process.execPath,
      [
        ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
        BIN,
        'connect',
        '--host',
        lab.primary.name,
        '--bastion',
        `${lab.bastion.user}@${lab.bastion.address}`,
        '-i',
        lab.keys.client,
        '--known-hosts',
        lab.knownHosts,
        '--socks-port',
        String(port),
        '--pac-port',
        '0',
        '--connections',
        String(connections),
        '--json',
      ],
      {env: {...process.env, HOME: home, SSH_AUTH_SOCK: '', NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']},
    )
  } else {
    // OpenSSH reads the cipher from the config for both of its processes (ProxyJump gets no -o options).
    const config = join(dir, 'ssh_config_gcm')
    writeFileSync(config, `Host *\n  Ciphers ${CIPHER}\n${readFileSync(lab.sshConfig, 'utf8')}`)
    child = spawn('ssh', ['-F', config, '-N', '-D', `127.0.0.1:${port}`, 'lab-primary'], {stdio: ['ignore', 'pipe', 'pipe']})
  }
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk))
  const tunnel = {kind, port, pid: child.pid, child, output: () => output}
  try {
    await waitForPort(port)
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        await socksGet(port, lab.primary.name, 8088, '/bytes?n=16', {timeoutMs: 10_000})
        break
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${kind} tunnel does not work: ${error.message}; ${output.slice(-400)}`)
        await sleep(200)
      }
    }
  } catch (error) {
    child.kill('SIGTERM')
    throw error
  }
  return tunnel
}

/** SIGINT, as a user's Ctrl-C: emr-access exits normally (and writes its --cpu-prof profile). */
async function stopTunnel(tunnel) {
  if (!tunnel || tunnel.child.exitCode !== null) return
  const exited = new Promise((resolve) => tunnel.child.once('exit', resolve))
  tunnel.child.kill('SIGINT')
  await Promise.race([exited, sleep(10_000)])
  if (tunnel.child.exitCode === null) tunnel.child.kill('SIGKILL')
}

/** One download with curl inside the lab namespace straight to the web server: what the machine can do without a tunnel. */
async function directDownloadMBps(lab, bytes) {
  const started = performance.now()
  const result = await run('ip', ['netns', 'exec', lab.name, 'curl', '-sS', '-o', '/dev/null', '-w', '%{size_download}', '--max-time', '600', `http://${lab.primary.ip}:8088/bytes?n=${bytes}`])
  if (result.code !== 0 || Number(result.stdout) !== bytes) throw new Error(`direct curl: ${result.stderr.trim()}`)
  return bytes / 1e6 / ((performance.now() - started) / 1000)
}

/** Aggregate MB/s of `streams` concurrent downloads through one tunnel. */
async function concurrentMBps(tunnel, lab, streams, bytesEach) {
  const started = performance.now()
  await Promise.all(Array.from({length: streams}, () => curlDownload(tunnel.port, `http://${lab.primary.name}:8088/bytes?n=${bytesEach}`, bytesEach)))
  return (streams * bytesEach) / 1e6 / ((performance.now() - started) / 1000)
}

async function curlDownload(port, url, bytes) {
  const result = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{size_download}', '--max-time', '600', '--socks5-hostname', `127.0.0.1:${port}`, url])
  if (result.code !== 0 || Number(result.stdout) !== bytes) throw new Error(`curl via ${port}: ${result.stderr.trim() || `${result.stdout} of ${bytes} bytes`}`)
}

/** One round of throughput + CPU + latency figures for one tunnel. */
async function measureRound(tunnel, lab, options) {
  const url = (n) => `http://${lab.primary.name}:8088/bytes?n=${n}`
  const cpu0 = treeCpuMs(tunnel.pid)
  let started = performance.now()
  await curlDownload(tunnel.port, url(options.bytes), options.bytes)
  const singleMs = performance.now() - started
  const cpu1 = treeCpuMs(tunnel.pid)
  started = performance.now()
  await Promise.all(Array.from({length: options.streams}, () => curlDownload(tunnel.port, url(options.concurrentBytes), options.concurrentBytes)))
  const concurrentMs = performance.now() - started
  const cpu2 = treeCpuMs(tunnel.pid)
  const small = await Promise.all(Array.from({length: options.small}, () => socksGet(tunnel.port, lab.primary.name, 8088, '/bytes?n=1024')))
  const fresh = []
  for (let index = 0; index < options.fresh; index += 1) fresh.push((await socksGet(tunnel.port, lab.primary.name, 8088, '/bytes?n=1024')).ms)
  const concurrentTotal = options.streams * options.concurrentBytes
  return {
    singleMBps: options.bytes / 1e6 / (singleMs / 1000),
    concurrentMBps: concurrentTotal / 1e6 / (concurrentMs / 1000),
    cpuMsPerMiB: (cpu2 - cpu0) / ((options.bytes + concurrentTotal) / 1048576),
    singleCpuMsPerMiB: (cpu1 - cpu0) / (options.bytes / 1048576),
    concurrentCpuMsPerMiB: (cpu2 - cpu1) / (concurrentTotal / 1048576),
    smallP50Ms: percentile(
      small.map((r) => r.ms),
      50,
    ),
    smallP99Ms: percentile(
      small.map((r) => r.ms),
      99,
    ),
    freshMs: median(fresh),
  }
}

/** RSS with `count` readers that never read, then after they disconnect. */
async function stalledReaders(tunnel, lab, count, settleMs) {
  const baseline = treeRssMiB(tunnel.pid)
  const readers = []
  for (let at = 0; at < count; at += 50) {
    const batch = await Promise.allSettled(Array.from({length: Math.min(50, count - at)}, () => socksGet(tunnel.port, lab.primary.name, 8088, `/bytes?n=${8 * 1048576}`, {stall: true})))
    for (const outcome of batch) if (outcome.status === 'fulfilled') readers.push(outcome.value.socket)
  }
  // Let the data flow until the windows and buffers are full.
  let peak = treeRssMiB(tunnel.pid)
  for (let waited = 0; waited < settleMs; waited += 500) {
    await sleep(500)
    peak = Math.max(peak, treeRssMiB(tunnel.pid))
  }
  const stalled = treeRssMiB(tunnel.pid)
  for (const socket of readers) socket.destroy()
  await sleep(settleMs)
  return {readers: readers.length, baselineMiB: round(baseline, 0), stalledMiB: round(stalled, 0), peakMiB: round(peak, 0), afterCloseMiB: round(treeRssMiB(tunnel.pid), 0)}
}

export async function tunnelBench(options) {
  const dir = tempDir('emra-bench-lab-')
  const name = `emra-bench-${process.pid}`.slice(0, 31)
  const up = await run('bash', [join(LAB, 'lab-up.sh'), '--name', name, '--dir', dir, '--quiet'], {timeoutMs: 120_000})
  if (up.code !== 0) {
    removeDir(dir)
    throw new Error(`lab-up.sh failed: ${up.stderr.trim()}`)
  }
  let ours
  let openssh
  let single
  try {
    const lab = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))
    ours = await startTunnel('ours', lab, dir, options.connections, options.profile)
    openssh = await startTunnel('openssh', lab, dir, options.connections)
    log(`tunnel: emr-access (--connections ${options.connections}) vs OpenSSH ssh -D -J, ${CIPHER}, ${options.reps} rounds`)
    // A warm-up transfer each: first-use costs (JIT, TCP windows) are not what we compare.
    await curlDownload(ours.port, `http://${lab.primary.name}:8088/bytes?n=${8 * 1048576}`, 8 * 1048576)
    await curlDownload(openssh.port, `http://${lab.primary.name}:8088/bytes?n=${8 * 1048576}`, 8 * 1048576)
    const {a, b} = await alternate(
      options.reps,
      async (round) => {
        const result = await measureRound(ours, lab, options)
        log(
          `  round ${round + 1} emr-access: ${result.singleMBps.toFixed(0)} MB/s single, ${result.concurrentMBps.toFixed(0)} MB/s ×${options.streams}, ${result.cpuMsPerMiB.toFixed(1)} CPU ms/MiB, small p99 ${result.smallP99Ms.toFixed(0)} ms, fresh ${result.freshMs.toFixed(1)} ms`,
        )
        return result
      },
      async (round) => {
        const result = await measureRound(openssh, lab, options)
        log(
          `  round ${round + 1} OpenSSH:    ${result.singleMBps.toFixed(0)} MB/s single, ${result.concurrentMBps.toFixed(0)} MB/s ×${options.streams}, ${result.cpuMsPerMiB.toFixed(1)} CPU ms/MiB, small p99 ${result.smallP99Ms.toFixed(0)} ms, fresh ${result.freshMs.toFixed(1)} ms`,
        )
        return result
      },
    )
    const metrics = [
      {key: 'singleMBps', label: 'single stream via bastion (MB/s)', better: 'higher', target: 1.1},
      {key: 'concurrentMBps', label: `${options.streams} concurrent downloads (MB/s, total)`, better: 'higher', target: 1.5},
      {key: 'cpuMsPerMiB', label: 'CPU per byte (CPU ms per MiB moved)', better: 'lower', target: 1.0},
      {key: 'singleCpuMsPerMiB', label: '  of which single stream', better: 'lower'},
      {key: 'concurrentCpuMsPerMiB', label: `  of which ${options.streams} concurrent`, better: 'lower'},
      {key: 'smallP50Ms', label: `${options.small} concurrent small requests p50 (ms)`, better: 'lower'},
      {key: 'smallP99Ms', label: `${options.small} concurrent small requests p99 (ms)`, better: 'lower', target: 1.1},
      {key: 'freshMs', label: 'fresh-request latency, median (ms)', better: 'lower', target: 1.05},
    ].map((metric) => {
      const ourValues = a.map((r) => r[metric.key])
      const theirValues = b.map((r) => r[metric.key])
      // The ratio is "emr-access / OpenSSH" for throughput and "emr-access / OpenSSH" for costs:
      // the target says which side of it passes.
      const perPair = ourValues.map((value, index) => round(value / theirValues[index], 2))
      const ratio = round(median(perPair), 2)
      const met = metric.target === undefined ? undefined : metric.better === 'higher' ? ratio >= metric.target : ratio <= metric.target
      return {
        ...metric,
        ours: round(median(ourValues), 1),
        openssh: round(median(theirValues), 1),
        ratio,
        perPair,
        ...(metric.target === undefined ? {} : {targetText: `${metric.better === 'higher' ? '≥' : '≤'} ${metric.target}×`, met}),
      }
    })
    const ceiling = []
    for (let round = 0; round < options.reps; round += 1) ceiling.push(await directDownloadMBps(lab, options.bytes))
    let pool
    if (options.connections > 1) {
      single = await startTunnel('ours', lab, dir, 1)
      log(`tunnel: what the pool buys, ${options.streams} concurrent downloads, --connections 1 vs ${options.connections}`)
      const {a: pooled, b: one} = await alternate(
        options.reps,
        () => concurrentMBps(ours, lab, options.streams, options.concurrentBytes),
        () => concurrentMBps(single, lab, options.streams, options.concurrentBytes),
      )
      await stopTunnel(single)
      const perPair = pooled.map((value, index) => round(value / one[index], 2))
      pool = {connections: options.connections, pooledMBps: round(median(pooled), 1), singleConnectionMBps: round(median(one), 1), ratio: round(median(perPair), 2), perPair}
    }
    log(`tunnel: ${options.stalled} stalled readers each (memory)`)
    const memory = {
      ours: await stalledReaders(ours, lab, options.stalled, options.settleMs),
      openssh: await stalledReaders(openssh, lab, options.stalled, options.settleMs),
    }
    return {
      cipher: CIPHER,
      connections: options.connections,
      reps: options.reps,
      bytes: options.bytes,
      concurrent: {streams: options.streams, bytesEach: options.concurrentBytes},
      smallRequests: options.small,
      freshRequests: options.fresh,
      metrics,
      ceilingMBps: round(median(ceiling), 1),
      pool,
      memory,
    }
  } finally {
    await Promise.all([stopTunnel(ours), stopTunnel(openssh), stopTunnel(single)])
    await sleep(300)
    await run('bash', [join(LAB, 'lab-down.sh'), '--name', name, '--dir', dir, '--quiet'], {timeoutMs: 120_000})
    removeDir(dir)
  }
}
