/**
 * Web UI ports EMR serves on its nodes, across releases (reference emr-networking.md §10). The audit
 * uses them to judge exposure (EMRA-040/042/051/095). The per-cluster catalogue — which UIs a given
 * release, application set, encryption setting and configuration serve, with schemes and paths —
 * is `ui-catalogue.ts`; test/catalog checks that every entry here is one the catalogue can produce.
 */
export interface WebUi {
  name: string
  port: number
  /** primary or core/task nodes */
  host: 'primary' | 'core'
  scheme: 'http' | 'https'
}

export const WEB_UIS: readonly WebUi[] = [
  {name: 'Ganglia', port: 80, host: 'primary', scheme: 'http'},
  {name: 'Tez UI', port: 8080, host: 'primary', scheme: 'http'},
  {name: 'Flink History Server', port: 8082, host: 'primary', scheme: 'http'},
  {name: 'YARN ResourceManager', port: 8088, host: 'primary', scheme: 'http'},
  {name: 'YARN NodeManager', port: 8042, host: 'core', scheme: 'http'},
  {name: 'YARN Timeline Server', port: 8188, host: 'primary', scheme: 'http'},
  {name: 'Hue', port: 8888, host: 'primary', scheme: 'http'},
  {name: 'Presto/Trino', port: 8889, host: 'primary', scheme: 'http'},
  {name: 'Zeppelin', port: 8890, host: 'primary', scheme: 'http'},
  {name: 'JupyterHub', port: 9443, host: 'primary', scheme: 'https'},
  {name: 'Livy', port: 8998, host: 'primary', scheme: 'http'},
  {name: 'HDFS NameNode', port: 9870, host: 'primary', scheme: 'http'},
  {name: 'HDFS NameNode (EMR 5.x)', port: 50070, host: 'primary', scheme: 'http'},
  {name: 'HBase Master', port: 16010, host: 'primary', scheme: 'http'},
  {name: 'Spark History Server', port: 18080, host: 'primary', scheme: 'http'},
  {name: 'Spark History Server (TLS)', port: 18480, host: 'primary', scheme: 'https'},
  {name: 'MapReduce JobHistory', port: 19888, host: 'primary', scheme: 'http'},
  {name: 'YARN application proxy (live Spark UI)', port: 20888, host: 'primary', scheme: 'http'},
  {name: 'HiveServer2 Web UI', port: 10002, host: 'primary', scheme: 'http'},
]

/** UIs (on any node) whose port lies in [from, to]. */
export function webUisInRange(from: number, to: number): WebUi[] {
  return WEB_UIS.filter((ui) => ui.port >= from && ui.port <= to)
}
