/** `emr-access ui list` through the built CLI (run `npm run build` first; `npm test` does). */
import {cpSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../support/cli.js'
import {tempDir} from '../support/snapshot-files.js'

interface Example {
  name: string
  snapshot: string
  clusterId: string
  topology: string
}

const examples: Example[] = JSON.parse(readFileSync('examples/manifest.json', 'utf8'))
const privateExample = examples.find((example) => example.name === 'private-bastion-clean')!
const PRIVATE_SNAPSHOT = join('examples', privateExample.snapshot)
const PRIVATE_CLUSTER = privateExample.clusterId
/** The example's primary (examples/README.md: MasterPublicDnsName and ListInstances). */
const PRIMARY = 'ip-10-1-1-4.ec2.internal'

interface Entry {
  id: string
  name: string
  application: string
  role: string
  host: string | null
  scheme: string
  port: number
  path: string
  url: string
  access: string[]
  portOverride: {classification: string; property: string; value: string} | null
  notes: string[]
}

function json(args: string[]): Entry[] {
  const result = runCli([...args, '--json'])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as Entry[]
}

function byId(entries: Entry[]): Record<string, Entry> {
  return Object.fromEntries(entries.map((entry) => [entry.id, entry]))
}

/** A copy of the private example with the cluster description edited. */
function editedSnapshot(edit: (cluster: Record<string, unknown>) => void, extra: (dir: string) => void = () => {}): string {
  const dir = join(tempDir('emr-access-ui-'), 'snap')
  cpSync(PRIVATE_SNAPSHOT, dir, {recursive: true})
  const file = join(dir, `emr-describe-cluster-${PRIVATE_CLUSTER}.json`)
  const document = JSON.parse(readFileSync(file, 'utf8')) as {Cluster: Record<string, unknown>}
  edit(document.Cluster)
  writeFileSync(file, JSON.stringify(document, null, 2))
  extra(dir)
  return dir
}

describe('emr-access ui list --snapshot (bundled example)', () => {
  it("prints a table of URLs on the primary's internal DNS name", () => {
    const result = runCli(['ui', 'list', '--snapshot', PRIVATE_SNAPSHOT, PRIVATE_CLUSTER])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`${PRIVATE_CLUSTER} (analytics-private) · emr-6.15.0 · in-transit encryption off`)
    expect(result.stdout).toMatch(new RegExp(`^YARN ResourceManager +http://${PRIMARY}:8088/ +presigned URL$`, 'm'))
    expect(result.stdout).toMatch(new RegExp(`^Spark History Server +http://${PRIMARY}:18080/ +presigned URL, persistent UI$`, 'm'))
    expect(result.stdout).toMatch(new RegExp(`^Zeppelin +http://${PRIMARY}:8890/`, 'm'))
    expect(result.stdout).toMatch(new RegExp(`^JupyterHub +https://${PRIMARY}:9443/`, 'm'))
    expect(result.stdout).toMatch(/^YARN NodeManager +http:\/\/<core-node>:8042\//m)
    expect(result.stdout).toContain('live Spark UI')
    expect(result.stdout).not.toContain('Ganglia')
  })

  it('--json is a stable array of objects', () => {
    const entries = json(['ui', 'list', '--snapshot', PRIVATE_SNAPSHOT, PRIVATE_CLUSTER])
    expect(entries.map((entry) => entry.id)).toEqual([
      'yarn-resourcemanager',
      'yarn-proxy',
      'mapreduce-jobhistory',
      'hdfs-namenode',
      'spark-history',
      'livy',
      'zeppelin',
      'jupyterhub',
      'hiveserver2',
      'yarn-nodemanager',
      'hdfs-datanode',
    ])
    expect(entries[0]).toEqual({
      id: 'yarn-resourcemanager',
      name: 'YARN ResourceManager',
      application: 'Hadoop',
      role: 'primary',
      host: PRIMARY,
      scheme: 'http',
      port: 8088,
      path: '/',
      url: `http://${PRIMARY}:8088/`,
      bookmarkable: true,
      access: ['tunnel', 'on-cluster-presigned'],
      onClusterAppUiType: 'ResourceManager',
      portOverride: null,
      unconfirmed: false,
      notes: expect.any(Array),
    })
    expect(byId(entries)['yarn-nodemanager']).toMatchObject({role: 'core', host: null, url: 'http://<core-node>:8042/'})
    expect(byId(entries)['yarn-proxy']).toMatchObject({url: `http://${PRIMARY}:20888/proxy/<applicationId>/`, bookmarkable: false})
  })

  it('CLUSTER_ID may be left out when the snapshot holds one cluster', () => {
    const result = runCli(['ui', 'list', '--snapshot', PRIVATE_SNAPSHOT])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(PRIVATE_CLUSTER)
  })

  it('the clean example of each topology lists its cluster on an internal host name', () => {
    for (const example of examples.filter((entry) => entry.name.endsWith('-clean'))) {
      const entries = json(['ui', 'list', '--snapshot', join('examples', example.snapshot), example.clusterId])
      expect(byId(entries)['yarn-resourcemanager']?.host, example.name).toMatch(/^ip-10-[\d-]+\.ec2\.internal$/)
    }
  })

  it("reads port overrides from the cluster's Configurations; --tls moves Spark History to https 18480", () => {
    const snapshot = editedSnapshot((cluster) => {
      cluster.Applications = [...(cluster.Applications as object[]), {Name: 'Presto'}]
      cluster.Configurations = [{Classification: 'presto-config', Properties: {'http-server.http.port': '8080'}}]
    })
    const plain = byId(json(['ui', 'list', '--snapshot', snapshot, PRIVATE_CLUSTER]))
    expect(plain.presto).toMatchObject({port: 8080, url: `http://${PRIMARY}:8080/`, portOverride: {classification: 'presto-config', property: 'http-server.http.port', value: '8080'}})
    expect(plain['spark-history']).toMatchObject({url: `http://${PRIMARY}:18080/`})
    const tls = byId(json(['ui', 'list', '--snapshot', snapshot, PRIVATE_CLUSTER, '--tls']))
    expect(tls['spark-history']).toMatchObject({scheme: 'https', port: 18480, url: `https://${PRIMARY}:18480/`})
  })

  it('warns when a security configuration is named but its encryption setting is unknown; --no-tls silences it', () => {
    const snapshot = editedSnapshot((cluster) => {
      cluster.SecurityConfiguration = 'emr-tls'
    })
    const warned = runCli(['ui', 'list', '--snapshot', snapshot, '--json'])
    expect(warned.code).toBe(0)
    expect(warned.stderr).toMatch(/^Warning: j-\w+ uses the security configuration "emr-tls".*pass --tls/)
    expect(warned.stderr.trim().split('\n')).toHaveLength(1)
    const silent = runCli(['ui', 'list', '--snapshot', snapshot, '--no-tls'])
    expect(silent.stderr).toBe('')
    expect(silent.code).toBe(0)
  })

  it('--primary-host replaces the host name', () => {
    const entries = json(['ui', 'list', '--snapshot', PRIVATE_SNAPSHOT, '--primary-host', '10.1.1.4'])
    expect(entries[0]!.url).toBe('http://10.1.1.4:8088/')
  })
})

describe('emr-access ui list --release (offline)', () => {
  it('lists the UIs of the named applications with a <primary> placeholder', () => {
    const result = runCli(['ui', 'list', '--release', 'emr-6.15.0', '--apps', 'Spark,Zeppelin'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^emr-6\.15\.0 · in-transit encryption off$/m)
    expect(result.stdout).toMatch(/^Spark History Server +http:\/\/<primary>:18080\//m)
    expect(result.stdout).toMatch(/^Zeppelin +http:\/\/<primary>:8890\//m)
    expect(result.stdout).toMatch(/^HDFS NameNode +http:\/\/<primary>:9870\//m)
  })

  it('--json with --tls and --primary-host', () => {
    const entries = byId(json(['ui', 'list', '--release', 'emr-7.2.0', '--apps', 'hadoop,spark', '--tls', '--primary-host', 'ip-10-1-1-10.ec2.internal']))
    expect(entries['spark-history']).toMatchObject({url: 'https://ip-10-1-1-10.ec2.internal:18480/', host: 'ip-10-1-1-10.ec2.internal'})
    expect(entries['yarn-resourcemanager']!.url).toBe('http://ip-10-1-1-10.ec2.internal:8088/')
  })

  it('emr-spark-8.0.0 leaves out Hue, Zeppelin and JupyterHub and says why', () => {
    const result = runCli(['ui', 'list', '--release', 'emr-spark-8.0.0', '--apps', 'Spark,Livy,Hue,Zeppelin,JupyterHub'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Livy +http:\/\/<primary>:8998\//m)
    expect(result.stdout).not.toMatch(/^(Hue|Zeppelin|JupyterHub) /m)
    expect(result.stdout).toMatch(/^Not listed:\n {2}Hue: not part of emr-spark-8\.0\.0/m)
  })

  it('emr-5.36.1 uses the Hadoop 2 ports and lists Ganglia', () => {
    const entries = byId(json(['ui', 'list', '--release', 'emr-5.36.1', '--apps', 'Hadoop,Ganglia']))
    expect(entries['hdfs-namenode']!.port).toBe(50070)
    expect(entries['hdfs-datanode']!.port).toBe(50075)
    expect(entries.ganglia!.url).toBe('http://<primary>/ganglia/')
  })

  it('--configurations reads create-cluster style overrides', () => {
    const file = join(tempDir(), 'configurations.json')
    writeFileSync(file, JSON.stringify([{Classification: 'trino-config', Properties: {'http-server.http.port': '8285'}}]))
    const entries = byId(json(['ui', 'list', '--release', 'emr-7.2.0', '--apps', 'Trino', '--configurations', file]))
    expect(entries.trino).toMatchObject({port: 8285, portOverride: {classification: 'trino-config', property: 'http-server.http.port', value: '8285'}})
  })

  it('an unknown application is a warning, not a guess', () => {
    const result = runCli(['ui', 'list', '--release', 'emr-6.15.0', '--apps', 'Spark,Sprak'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('Warning: no web UI known for "Sprak": not listed\n')
  })
})

describe('emr-access ui list: bad input is one line and exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown release label format', ['--release', 'emr-6.15', '--apps', 'Spark'], /^Error: --release "emr-6\.15" is not an EMR release label: expected emr-X\.Y\.Z/],
    ['a pre-4.0 label', ['--release', 'emr-3.11.0', '--apps', 'Spark'], /^Error: --release "emr-3\.11\.0" is not an EMR release label/],
    ['--release with --snapshot', ['--release', 'emr-6.15.0', '--apps', 'Spark', '--snapshot', PRIVATE_SNAPSHOT], /^Error: --release cannot be combined with --snapshot/],
    ['--apps with --snapshot', ['--snapshot', PRIVATE_SNAPSHOT, '--apps', 'Spark'], /^Error: --apps cannot be combined with --snapshot/],
    ['--release without --apps', ['--release', 'emr-6.15.0'], /^Error: --release needs --apps/],
    ['--apps without --release', ['--apps', 'Spark'], /^Error: --apps needs --release/],
    ['CLUSTER_ID with --release', ['j-QNR3UJJNA77TW', '--release', 'emr-6.15.0', '--apps', 'Spark'], /^Error: CLUSTER_ID j-QNR3UJJNA77TW needs --snapshot/],
    [
      '--release with --endpoint-url',
      ['--release', 'emr-6.15.0', '--apps', 'Spark', '--endpoint-url', 'http://127.0.0.1:1'],
      /^Error: --release=emr-6\.15\.0 cannot also be provided when using --endpoint-url/,
    ],
    ['nothing at all', [], /^Error: ui list needs a cluster/],
    ['a malformed cluster id', ['cluster-1', '--snapshot', PRIVATE_SNAPSHOT], /^Error: CLUSTER_ID cluster-1 is not an EMR cluster id/],
    ['a cluster the snapshot does not hold', ['j-NOTTHERE', '--snapshot', PRIVATE_SNAPSHOT], new RegExp(`^Error: j-NOTTHERE is not in the snapshot .* \\(it has ${PRIVATE_CLUSTER}\\)$`)],
    ['a missing snapshot', ['--snapshot', '/nonexistent/snap'], /^Error: --snapshot \/nonexistent\/snap: no such file or directory$/],
    ['a missing --configurations file', ['--release', 'emr-6.15.0', '--apps', 'Spark', '--configurations', '/nonexistent.json'], /^Error: --configurations \/nonexistent\.json: no such file/],
  ]

  it.each(cases)('%s', (_name, args, message) => {
    const result = runCli(['ui', 'list', ...args])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr.trim()).toMatch(message)
    expect(result.stdout).toBe('')
  })

  it('a --configurations file of the wrong shape names the JSON path', () => {
    const file = join(tempDir(), 'configurations.json')
    writeFileSync(file, JSON.stringify([{Classification: 'presto-config', Properties: {'http-server.http.port': 8080}}]))
    const result = runCli(['ui', 'list', '--release', 'emr-6.15.0', '--apps', 'Presto', '--configurations', file])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(`Error: ${file} at /0/Properties/http-server.http.port: expected a string value`)
  })

  it('a snapshot with a bad ReleaseLabel names the file and the field', () => {
    const snapshot = editedSnapshot((cluster) => {
      cluster.ReleaseLabel = 'emr-six'
    })
    const result = runCli(['ui', 'list', '--snapshot', snapshot])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toMatch(/^Error: .*emr-describe-cluster-j-\w+\.json at \/Cluster\/ReleaseLabel: "emr-six" is not an EMR release label/)
  })

  it("a snapshot without the cluster's description says which file is missing", () => {
    const snapshot = editedSnapshot(
      () => {},
      (dir) => rmSync(join(dir, `emr-describe-cluster-${PRIVATE_CLUSTER}.json`)),
    )
    const result = runCli(['ui', 'list', '--snapshot', snapshot, PRIVATE_CLUSTER])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(`Error: ${PRIVATE_CLUSTER}: emr-describe-cluster-${PRIVATE_CLUSTER}.json is not in the snapshot, so its release and applications are unknown`)
  })

  it('a snapshot with several clusters needs CLUSTER_ID', () => {
    const snapshot = editedSnapshot(
      () => {},
      (dir) => {
        const document = JSON.parse(readFileSync(join(dir, `emr-describe-cluster-${PRIVATE_CLUSTER}.json`), 'utf8'))
        document.Cluster.Id = 'j-SECONDCLUSTER1'
        writeFileSync(join(dir, 'emr-describe-cluster-j-SECONDCLUSTER1.json'), JSON.stringify(document))
      },
    )
    const result = runCli(['ui', 'list', '--snapshot', snapshot, '--json'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toMatch(/^Error: the snapshot .* has 2 clusters \(j-QNR3UJJNA77TW, j-SECONDCLUSTER1\): name one as CLUSTER_ID$/)
    expect(JSON.parse(result.stdout)).toMatchObject({error: {exitCode: 2}})
    expect(runCli(['ui', 'list', '--snapshot', snapshot, 'j-SECONDCLUSTER1']).code).toBe(0)
  })
})
