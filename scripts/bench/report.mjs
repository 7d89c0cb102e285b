/** The Markdown tables `npm run bench` prints and keeps in bench/README.md. */

const cell = (value) => (value === null || value === undefined || Number.isNaN(value) ? '–' : String(value))

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

export function renderMarkdown(results) {
  const {machine, sections, skipped} = results
  const out = []
  out.push(
    `Run ${results.date} at commit \`${results.commit}\`, ${results.seconds} s. Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.openssh ?? 'no OpenSSH client'}. ` +
      `Load average ${machine.loadAverageAtStart.join(' / ')} at start, ${machine.loadAverageAtEnd?.join(' / ')} at end` +
      (machine.loadAverageAtStart[0] > machine.cpus / 2 ? ' — **the machine was busy with other work: treat the figures as noisy**.' : '.'),
  )
  for (const [name, reason] of Object.entries(skipped)) out.push(`\n**${name}: not measured** — ${reason}`)

  const tunnel = sections.tunnel
  if (tunnel) {
    out.push(
      `\n### Tunnel vs OpenSSH \`ssh -N -D -J\` (lab, ${tunnel.cipher} on both, emr-access \`--connections ${tunnel.connections}\`)\n\n` +
        `${tunnel.reps} alternating rounds; ${tunnel.bytes / 1048576} MiB single download, ${tunnel.concurrent.streams} × ${tunnel.concurrent.bytesEach / 1048576} MiB concurrent, ${tunnel.smallRequests} concurrent 1 KiB requests, ${tunnel.freshRequests} sequential fresh requests. Ratio = emr-access ÷ OpenSSH, median of the per-round ratios.\n`,
    )
    out.push(
      table(
        ['measure', 'emr-access', 'OpenSSH', 'ratio', 'per round', 'target', 'met'],
        tunnel.metrics.map((m) => [m.label, m.ours, m.openssh, m.ratio, m.perPair.join(', '), m.targetText ?? '', m.met === undefined ? '' : m.met ? 'yes' : '**no**']),
      ),
    )
    out.push(`\nNo tunnel (curl inside the lab namespace, one download): ${tunnel.ceilingMBps} MB/s.`)
    if (tunnel.pool) {
      out.push(
        `What the pool buys: ${tunnel.concurrent.streams} concurrent downloads through emr-access with \`--connections ${tunnel.pool.connections}\` ${tunnel.pool.pooledMBps} MB/s vs \`--connections 1\` ${tunnel.pool.singleConnectionMBps} MB/s: ${tunnel.pool.ratio}× (per round ${tunnel.pool.perPair.join(', ')}).`,
      )
    }
    const memory = tunnel.memory
    out.push(
      `\nResident memory (MiB, whole process tree) with ${memory.ours.readers} readers that request 8 MiB each and never read:\n\n` +
        table(
          ['', 'idle', 'stalled', 'peak', 'after the readers close'],
          [
            ['emr-access', memory.ours.baselineMiB, memory.ours.stalledMiB, memory.ours.peakMiB, memory.ours.afterCloseMiB],
            ['OpenSSH', memory.openssh.baselineMiB, memory.openssh.stalledMiB, memory.openssh.peakMiB, memory.openssh.afterCloseMiB],
          ],
        ),
    )
  }

  const audit = sections.audit
  if (audit) {
    out.push(`\n### Audit at account scale (synthetic accounts, every rule on every cluster, JSON report; median of ${audit.reps})\n`)
    out.push(
      table(
        ['size', 'SGs / subnets / clusters', 'bundle MB', 'audit ms', 'audit peak MiB', 'JSON.parse ms', 'JSON.parse peak MiB', 'audit ÷ parse'],
        audit.sizes.map((s) => [
          s.name,
          `${s.groups} / ${s.subnets} / ${s.clusters}`,
          s.megabytes,
          s.audit.wallMs,
          s.audit.peakRssMiB,
          s.jsonParse.wallMs,
          s.jsonParse.peakRssMiB,
          `${s.auditOverParse.median}×`,
        ]),
      ),
    )
    out.push(
      '\nGrowth from size to size:\n\n' +
        table(
          ['from → to', 'input', 'audit time', 'audit memory', 'JSON.parse time'],
          audit.growth.map((g) => [`${g.from} → ${g.to}`, `${g.inputX}×`, `${g.auditTimeX}×`, `${g.auditMemoryX}×`, `${g.parseTimeX}×`]),
        ),
    )
  }

  const collection = sections.collection
  if (collection) {
    out.push(`\n### Live collection against moto_server (\`emr-access snapshot --cluster\`, median of ${collection.reps})\n`)
    out.push(
      table(
        ['topology', 'API calls', 'collection ms', 'process wall ms'],
        collection.clusters.map((c) => [c.topology, c.calls, c.collectMs, c.wallMs]),
      ),
    )
  }

  const startup = sections.startup
  if (startup) {
    out.push(`\n### CLI start-up (fresh process each, median of ${startup.reps})\n`)
    out.push(
      table(
        ['command', 'wall ms', 'CPU ms', 'peak MiB'],
        startup.commands.map((c) => [`\`${c.command}\``, c.wallMs, c.cpuMs, c.peakRssMiB]),
      ),
    )
  }
  const snapshot = sections.snapshot
  if (snapshot) {
    out.push(`\n### Loading a large snapshot (about ${snapshot.targetMiB} MiB, built from the bundled private example; per-file limit ${snapshot.perFileLimitMiB} MiB)\n`)
    out.push(
      table(
        ['form', 'MiB on disk', 'peak RSS MiB', 'heap after load MiB', 'seconds'],
        snapshot.results.map((r) => [r.form, r.sizeMiB, r.peakRssMiB ?? '', r.heapUsedMiB ?? '', r.skipped ?? (r.seconds === undefined ? '' : r.seconds.toFixed(1))]),
      ),
    )
  }
  return out.join('\n')
}
