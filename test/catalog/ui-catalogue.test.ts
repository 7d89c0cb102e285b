import {describe, expect, it} from 'vitest'
import {parseReleaseLabel, portFromValue, uiUrl, webUiCatalogue, type CatalogueUi, type ClusterUiInput, type EmrConfigurationInput, type UiCatalogue} from '../../src/catalog/ui-catalogue.js'
import {WEB_UIS, webUisInRange} from '../../src/catalog/web-uis.js'
import {UserError} from '../../src/errors.js'

/** Every application with a web UI: what a release does not serve must drop out. */
const ALL_APPS = ['Hadoop', 'Spark', 'Hive', 'Hue', 'Zeppelin', 'JupyterHub', 'Livy', 'HBase', 'Tez', 'Presto', 'Trino', 'Flink', 'Ganglia', 'Oozie']

function catalogue(releaseLabel: string, applications: readonly string[] = ALL_APPS, extra: Partial<ClusterUiInput> = {}): UiCatalogue {
  return webUiCatalogue({releaseLabel, applications, ...extra})
}

function ids(result: UiCatalogue): string[] {
  return result.uis.map((ui) => ui.id)
}

function ui(result: UiCatalogue, id: string): CatalogueUi {
  const found = result.uis.find((entry) => entry.id === id)
  if (!found) throw new Error(`${id} not in ${ids(result).join(', ')}`)
  return found
}

/** id → "scheme port path", the part of each UI the families differ in. */
function endpoints(result: UiCatalogue): Record<string, string> {
  return Object.fromEntries(result.uis.map((entry) => [entry.id, `${entry.scheme} ${entry.port} ${entry.path}`]))
}

const COMMON_6X = {
  'yarn-resourcemanager': 'http 8088 /',
  'yarn-proxy': 'http 20888 /proxy/<applicationId>/',
  'mapreduce-jobhistory': 'http 19888 /jobhistory',
  'hdfs-namenode': 'http 9870 /',
  'yarn-timeline': 'http 8188 /',
  livy: 'http 8998 /',
  hue: 'http 8888 /',
  zeppelin: 'http 8890 /',
  jupyterhub: 'https 9443 /',
  hiveserver2: 'http 10002 /',
  'tez-ui': 'http 8080 /tez-ui',
  presto: 'http 8889 /',
  trino: 'http 8889 /',
  'hbase-master': 'http 16010 /master-status',
  'hbase-rest': 'http 8085 /',
  'hbase-thrift': 'http 9095 /',
  'flink-history': 'http 8082 /',
  'yarn-nodemanager': 'http 8042 /',
  'hdfs-datanode': 'http 9864 /',
  'hbase-regionserver': 'http 16030 /',
}

describe('web UI catalogue: release families', () => {
  describe('5.x (emr-5.36.1)', () => {
    it('without TLS: Hadoop 2 ports, Ganglia when installed, Spark History on 18080', () => {
      const result = catalogue('emr-5.36.1')
      expect(endpoints(result)).toEqual({
        ...COMMON_6X,
        'hdfs-namenode': 'http 50070 /',
        'hdfs-datanode': 'http 50075 /',
        'spark-history': 'http 18080 /',
        ganglia: 'http 80 /ganglia/',
      })
      expect(result.omitted).toEqual([{application: 'Oozie', reason: expect.stringContaining('not supported on Amazon EMR')}])
      expect(ui(result, 'hdfs-namenode').notes).toContain('port 50070 before emr-6.0.0 (Hadoop 2)')
    })

    it('with TLS: Spark History moves to https 18480; HDFS TLS ports only as [unconfirmed] notes', () => {
      const result = catalogue('emr-5.36.1', ALL_APPS, {inTransitEncryption: true})
      expect(ui(result, 'spark-history')).toMatchObject({scheme: 'https', port: 18480})
      expect(ui(result, 'hdfs-namenode')).toMatchObject({scheme: 'http', port: 50070})
      expect(ui(result, 'hdfs-namenode').notes.join('\n')).toMatch(/\[unconfirmed\].*https on 50470/)
      expect(ui(result, 'hdfs-datanode').notes.join('\n')).toMatch(/\[unconfirmed\].*https on 50475/)
      expect(ui(result, 'yarn-resourcemanager').notes.join('\n')).toMatch(/\[unconfirmed\].*8090/)
      expect(ui(result, 'presto').notes.join('\n')).toMatch(/\[unconfirmed\].*8446/)
      expect(ui(result, 'jupyterhub')).toMatchObject({scheme: 'https', port: 9443})
      expect(result.inTransitEncryption).toBe(true)
    })

    it('early 5.x: Livy from 5.9.0, JupyterHub from 5.14.0, Flink History from 5.33.0, Spark TLS from 5.3.0', () => {
      const early = catalogue('emr-5.8.0', ['Spark', 'Livy', 'JupyterHub', 'Flink'], {inTransitEncryption: true})
      expect(ids(early)).not.toContain('livy')
      expect(ids(early)).not.toContain('jupyterhub')
      expect(ids(early)).not.toContain('flink-history')
      expect(early.omitted.map((omitted) => omitted.application)).toEqual(['Livy', 'JupyterHub', 'Flink'])
      expect(ui(catalogue('emr-5.2.0', ['Spark'], {inTransitEncryption: true}), 'spark-history')).toMatchObject({scheme: 'http', port: 18080})
      expect(ui(catalogue('emr-5.3.0', ['Spark'], {inTransitEncryption: true}), 'spark-history')).toMatchObject({scheme: 'https', port: 18480})
      expect(ids(catalogue('emr-5.9.0', ['Livy']))).toContain('livy')
      expect(ids(catalogue('emr-5.13.0', ['JupyterHub']))).not.toContain('jupyterhub')
      expect(ids(catalogue('emr-5.14.0', ['JupyterHub']))).toContain('jupyterhub')
      expect(ids(catalogue('emr-5.32.0', ['Flink']))).not.toContain('flink-history')
      expect(ids(catalogue('emr-5.33.0', ['Flink']))).toContain('flink-history')
    })

    it('persistent application UIs from 5.25.0', () => {
      expect(ui(catalogue('emr-5.24.1', ['Spark']), 'spark-history').access).toEqual(['tunnel', 'on-cluster-presigned'])
      expect(ui(catalogue('emr-5.25.0', ['Spark']), 'spark-history').access).toEqual(['tunnel', 'on-cluster-presigned', 'persistent-app-ui'])
    })
  })

  describe('6.x (emr-6.10.0)', () => {
    it('without TLS: Hadoop 3 ports, Ganglia when installed', () => {
      const result = catalogue('emr-6.10.0')
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'http 18080 /', ganglia: 'http 80 /ganglia/'})
      expect(ui(result, 'flink-history').unconfirmed).toBe(false)
    })

    it('with TLS', () => {
      const result = catalogue('emr-6.10.0', ALL_APPS, {inTransitEncryption: true})
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'https 18480 /', ganglia: 'http 80 /ganglia/'})
      expect(ui(result, 'hdfs-namenode').notes.join('\n')).toMatch(/\[unconfirmed\].*https on 9871/)
      expect(ui(result, 'hdfs-datanode').notes.join('\n')).toMatch(/\[unconfirmed\].*https on 9865/)
    })

    it('Flink History on 6.0-6.2 is [unconfirmed] (released before 5.33.0)', () => {
      const flink = ui(catalogue('emr-6.2.0', ['Flink']), 'flink-history')
      expect(flink.unconfirmed).toBe(true)
      expect(flink.notes.join('\n')).toMatch(/\[unconfirmed\]/)
    })

    it('Ganglia is not listed when not installed', () => {
      expect(ids(catalogue('emr-6.10.0', ['Hadoop', 'Spark']))).not.toContain('ganglia')
    })
  })

  describe('6.15 (emr-6.15.0): the last release with Ganglia', () => {
    it('without TLS: Ganglia present when installed', () => {
      const result = catalogue('emr-6.15.0')
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'http 18080 /', ganglia: 'http 80 /ganglia/'})
      expect(uiUrl(ui(result, 'ganglia'), 'ip-10-1-1-10.ec2.internal')).toBe('http://ip-10-1-1-10.ec2.internal/ganglia/')
    })

    it('with TLS', () => {
      const result = catalogue('emr-6.15.0', ALL_APPS, {inTransitEncryption: true})
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'https 18480 /', ganglia: 'http 80 /ganglia/'})
    })
  })

  describe('7.x (emr-7.2.0)', () => {
    it('without TLS: no Ganglia (removed after 6.15.0), says why', () => {
      const result = catalogue('emr-7.2.0')
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'http 18080 /'})
      expect(result.omitted).toContainEqual({application: 'Ganglia', reason: 'emr-6.15.0 was the last release to include Ganglia'})
    })

    it('with TLS', () => {
      const result = catalogue('emr-7.2.0', ALL_APPS, {inTransitEncryption: true})
      expect(endpoints(result)).toEqual({...COMMON_6X, 'spark-history': 'https 18480 /'})
      expect(ids(result)).not.toContain('ganglia')
    })
  })

  describe('emr-spark-8.0.0', () => {
    const DROPPED = ['Hue', 'Zeppelin', 'JupyterHub', 'Tez', 'Presto', 'Trino', 'HBase', 'Flink', 'Ganglia']

    it('without TLS: Hadoop, Spark, Livy and Hive only; Hue, Zeppelin, JupyterHub and the 7.x-only engines are omitted with the reason', () => {
      const result = catalogue('emr-spark-8.0.0')
      expect(endpoints(result)).toEqual({
        'yarn-resourcemanager': 'http 8088 /',
        'yarn-proxy': 'http 20888 /proxy/<applicationId>/',
        'mapreduce-jobhistory': 'http 19888 /jobhistory',
        'hdfs-namenode': 'http 9870 /',
        'spark-history': 'http 18080 /',
        livy: 'http 8998 /',
        hiveserver2: 'http 10002 /',
        'yarn-nodemanager': 'http 8042 /',
        'hdfs-datanode': 'http 9864 /',
      })
      expect(result.release).toEqual({label: 'emr-spark-8.0.0', family: 'emr-spark', major: 8, minor: 0, patch: 0})
      for (const application of DROPPED) {
        expect(result.omitted).toContainEqual({application, reason: expect.stringContaining('not part of emr-spark-8.0.0')})
      }
      expect(ids(result)).not.toContain('yarn-timeline')
    })

    it('with TLS: Spark History on https 18480 (an inference for 8.x, said so)', () => {
      const result = catalogue('emr-spark-8.0.0', ['Spark', 'Livy', 'Zeppelin'], {inTransitEncryption: true})
      const history = ui(result, 'spark-history')
      expect(history).toMatchObject({scheme: 'https', port: 18480, access: ['tunnel', 'on-cluster-presigned', 'persistent-app-ui']})
      expect(history.notes.join('\n')).toMatch(/\[inference/)
      expect(ids(result)).not.toContain('zeppelin')
    })
  })
})

describe('web UI catalogue: configuration overrides', () => {
  it('a changed Presto port is read from presto-config http-server.http.port', () => {
    const result = catalogue('emr-6.15.0', ['Presto'], {configurations: [{Classification: 'presto-config', Properties: {'http-server.http.port': '8080'}}]})
    const presto = ui(result, 'presto')
    expect(presto.port).toBe(8080)
    expect(presto.portOverride).toEqual({classification: 'presto-config', property: 'http-server.http.port', value: '8080'})
    expect(presto.notes).toContain('port 8080 from the cluster configuration presto-config http-server.http.port (default 8889)')
  })

  it('Trino reads trino-config, not presto-config', () => {
    const configurations = [
      {Classification: 'presto-config', Properties: {'http-server.http.port': '8080'}},
      {Classification: 'trino-config', Properties: {'http-server.http.port': '8285'}},
    ]
    expect(ui(catalogue('emr-7.2.0', ['Trino'], {configurations}), 'trino').port).toBe(8285)
  })

  it('host:port values, the other documented keys, and the last classification winning', () => {
    const configurations: EmrConfigurationInput[] = [
      {Classification: 'yarn-site', Properties: {'yarn.resourcemanager.webapp.address': '${yarn.resourcemanager.hostname}:8089', 'yarn.nodemanager.webapp.address': '0.0.0.0:8043'}},
      {Classification: 'hdfs-site', Properties: {'dfs.namenode.http-address': '0.0.0.0:9880', 'dfs.datanode.http.address': '0.0.0.0:9874'}},
      {Classification: 'spark-defaults', Properties: {'spark.history.ui.port': '18081'}},
      {Classification: 'livy-conf', Properties: {'livy.server.port': '8999'}},
      {Classification: 'zeppelin-site', Properties: {'zeppelin.server.port': '8891'}},
      {Classification: 'hive-site', Properties: {'hive.server2.webui.port': '10012'}},
      {Classification: 'spark-defaults', Properties: {'spark.history.ui.port': '18082'}},
    ]
    const result = catalogue('emr-6.15.0', ['Hadoop', 'Spark', 'Livy', 'Zeppelin', 'Hive'], {configurations})
    expect(Object.fromEntries(result.uis.map((entry) => [entry.id, entry.port]))).toMatchObject({
      'yarn-resourcemanager': 8089,
      'yarn-nodemanager': 8043,
      'hdfs-namenode': 9880,
      'hdfs-datanode': 9874,
      'spark-history': 18082,
      livy: 8999,
      zeppelin: 8891,
      hiveserver2: 10012,
    })
  })

  it('with TLS the spark.history.ui.port override does not move the TLS port, and says so', () => {
    const result = catalogue('emr-6.15.0', ['Spark'], {
      inTransitEncryption: true,
      configurations: [{Classification: 'spark-defaults', Properties: {'spark.history.ui.port': '18081'}}],
    })
    const history = ui(result, 'spark-history')
    expect(history).toMatchObject({scheme: 'https', port: 18480})
    expect(history.notes.join('\n')).toMatch(/spark.history.ui.port = 18081 sets the plain-HTTP port/)
  })

  it('a value without a port keeps the default and says why; unrelated and nested classifications are ignored', () => {
    const result = catalogue('emr-6.15.0', ['Presto', 'Spark'], {
      configurations: [
        {Classification: 'presto-config', Properties: {'http-server.http.port': 'eighty'}},
        {Classification: 'spark-env', Properties: {}, Configurations: [{Classification: 'spark-defaults', Properties: {'spark.history.ui.port': '1'}}]},
      ],
    })
    expect(ui(result, 'presto').port).toBe(8889)
    expect(ui(result, 'presto').portOverride).toBeUndefined()
    expect(ui(result, 'presto').notes).toContain('presto-config http-server.http.port = "eighty" holds no port; the default 8889 is listed')
    expect(ui(result, 'spark-history').port).toBe(18080)
  })
})

describe('web UI catalogue: applications and mechanisms', () => {
  it('application names are case-insensitive; unknown ones are reported, not guessed', () => {
    const result = catalogue('emr-6.15.0', ['spark', 'ZEPPELIN', 'Sprak', 'Pig'])
    expect(ids(result)).toEqual(['yarn-resourcemanager', 'yarn-proxy', 'mapreduce-jobhistory', 'hdfs-namenode', 'spark-history', 'zeppelin', 'yarn-nodemanager', 'hdfs-datanode'])
    expect(result.unknownApplications).toEqual(['Sprak'])
    expect(ui(result, 'zeppelin').application).toBe('Zeppelin')
  })

  it('Hadoop UIs come with Hadoop or an application that runs on YARN, and say when implied', () => {
    expect(ids(catalogue('emr-6.15.0', ['Hue']))).toEqual(['hue'])
    expect(catalogue('emr-6.15.0', ['Spark']).notes.join('\n')).toMatch(/Hadoop is not in the application list.*Spark/)
    expect(catalogue('emr-6.15.0', ['Hadoop', 'Spark']).notes).toEqual([])
  })

  it('the YARN Timeline Server comes with Tez', () => {
    expect(ids(catalogue('emr-6.15.0', ['Hadoop']))).not.toContain('yarn-timeline')
    expect(ui(catalogue('emr-6.15.0', ['Hadoop', 'Tez']), 'yarn-timeline').port).toBe(8188)
  })

  it('every UI is served through the tunnel; presigned URLs and persistent UIs only where the reference says', () => {
    const result = catalogue('emr-6.15.0')
    for (const entry of result.uis) expect(entry.access[0]).toBe('tunnel')
    const presigned = Object.fromEntries(result.uis.filter((entry) => entry.access.includes('on-cluster-presigned')).map((entry) => [entry.id, entry.onClusterAppUiType]))
    expect(presigned).toEqual({
      'yarn-resourcemanager': 'ResourceManager',
      'yarn-proxy': 'ApplicationMaster',
      'mapreduce-jobhistory': 'JobHistoryServer',
      'yarn-timeline': 'YarnTimelineService',
      'spark-history': 'SparkHistoryServer',
      'tez-ui': 'TezUI',
    })
    expect(result.uis.filter((entry) => entry.access.includes('persistent-app-ui')).map((entry) => entry.id)).toEqual(['yarn-timeline', 'spark-history', 'tez-ui'])
  })

  it('the live Spark UI is behind the YARN proxy and is not bookmarkable', () => {
    const proxy = ui(catalogue('emr-6.15.0', ['Spark']), 'yarn-proxy')
    expect(proxy).toMatchObject({role: 'primary', port: 20888, bookmarkable: false})
    expect(proxy.notes.join('\n')).toMatch(/live Spark UI .* via \/proxy\/<applicationId>\//)
  })

  it('core-node UIs are marked core; ids are unique', () => {
    const result = catalogue('emr-6.15.0', [...ALL_APPS, 'PrestoSQL'])
    expect(result.uis.filter((entry) => entry.role === 'core').map((entry) => entry.id)).toEqual(['yarn-nodemanager', 'hdfs-datanode', 'hbase-regionserver'])
    expect(new Set(ids(result)).size).toBe(result.uis.length)
  })
})

describe('release labels', () => {
  it('reads emr-X.Y.Z and emr-spark-X.Y.Z', () => {
    expect(parseReleaseLabel('emr-6.15.0')).toEqual({label: 'emr-6.15.0', family: 'emr', major: 6, minor: 15, patch: 0})
    expect(parseReleaseLabel('EMR-5.36.1')).toMatchObject({label: 'emr-5.36.1', major: 5, minor: 36, patch: 1})
    expect(parseReleaseLabel('emr-spark-8.0.0')).toMatchObject({family: 'emr-spark', major: 8})
  })

  it.each(['emr-6.15', 'emr-6.x', '6.15.0', 'emr-3.11.0', 'emr-spark-7.0.0', 'emr-6.15.0-latest', ''])('refuses %j', (label) => {
    expect(parseReleaseLabel(label)).toBeUndefined()
    expect(() => catalogue(label)).toThrow(UserError)
  })

  it('a multi-engine emr-8.x label is accepted with an [unconfirmed] note', () => {
    const result = catalogue('emr-8.0.0', ['Spark', 'Hue'])
    expect(result.notes.join('\n')).toMatch(/\[unconfirmed\] emr-8\.0\.0/)
    expect(ids(result)).toContain('hue')
    expect(ids(result)).not.toContain('ganglia')
  })
})

describe('helpers', () => {
  it('portFromValue', () => {
    expect(portFromValue('8080')).toBe(8080)
    expect(portFromValue(' 0.0.0.0:9870 ')).toBe(9870)
    expect(portFromValue('${yarn.resourcemanager.hostname}:8088')).toBe(8088)
    expect(portFromValue('[::]:8088')).toBe(8088)
    expect(portFromValue('70000')).toBeUndefined()
    expect(portFromValue('0')).toBeUndefined()
    expect(portFromValue('host')).toBeUndefined()
  })

  it('uiUrl brackets IPv6 literals and leaves out default ports', () => {
    expect(uiUrl({scheme: 'http', port: 8088, path: '/'}, 'ip-10-1-1-10.ec2.internal')).toBe('http://ip-10-1-1-10.ec2.internal:8088/')
    expect(uiUrl({scheme: 'https', port: 443, path: '/x'}, 'h')).toBe('https://h/x')
    expect(uiUrl({scheme: 'http', port: 8088, path: '/'}, 'fd00::1')).toBe('http://[fd00::1]:8088/')
  })
})

describe('web-uis.ts (the audit and tunnel port list) stays consistent with the catalogue', () => {
  // Every port the catalogue can produce for some release, encryption setting and node role.
  const variants = new Set(
    ['emr-5.36.1', 'emr-6.15.0', 'emr-7.2.0', 'emr-spark-8.0.0'].flatMap((release) =>
      [false, true].flatMap((tls) => catalogue(release, ALL_APPS, {inTransitEncryption: tls}).uis.map((entry) => `${entry.role} ${entry.scheme} ${entry.port}`)),
    ),
  )

  it.each(WEB_UIS.map((entry) => [entry.name, entry] as const))('%s is a UI the catalogue lists', (_name, entry) => {
    expect(variants).toContain(`${entry.host} ${entry.scheme} ${entry.port}`)
  })

  it('webUisInRange keeps its meaning', () => {
    expect(webUisInRange(8080, 8090).map((entry) => `${entry.name} ${entry.port}`)).toEqual(['Tez UI 8080', 'Flink History Server 8082', 'YARN ResourceManager 8088'])
  })
})
