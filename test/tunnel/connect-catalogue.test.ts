/**
 * `connect CLUSTER_ID` takes its web-UI URLs from the catalogue (release, applications,
 * configuration overrides), and the PAC it serves sends every one of those URLs to the tunnel.
 */
import {createPacResolver} from 'pac-resolver'
import {QuickJS} from 'quickjs-wasi'
import {describe, expect, it} from 'vitest'
import {emptyModelData, NetworkModel} from '../../src/model/network-model.js'
import type {EmrCluster} from '../../src/model/types.js'
import {loadSnapshot} from '../../src/sources/snapshot/load-snapshot.js'
import {generatePac, pacInputFromAllowlist} from '../../src/tunnel/pac/pac-file.js'
import {Allowlist} from '../../src/tunnel/socks/allowlist.js'
import {clusterUiInput, deriveTunnelTarget, withCatalogueUis} from '../../src/tunnel/target.js'
import {writeSnapshotDir} from '../support/snapshot-files.js'
import {CLUSTER_ID, privateTopology} from '../support/topologies.js'

const PRIMARY = 'ip-10-20-1-5.eu-west-1.compute.internal'
const CORE = 'ip-10-20-1-9.eu-west-1.compute.internal'

function cluster(overrides: Partial<EmrCluster> = {}): EmrCluster {
  const primary = {ec2InstanceId: 'i-1', privateIp: '10.20.1.5', privateDnsName: PRIMARY, state: 'RUNNING'}
  return {
    id: 'j-TEST',
    state: 'WAITING',
    releaseLabel: 'emr-6.15.0',
    applications: [{name: 'Hadoop'}, {name: 'Spark'}, {name: 'Zeppelin'}],
    subnetId: 'subnet-a',
    requestedSubnetIds: [],
    additionalPrimarySecurityGroupIds: [],
    additionalCoreSecurityGroupIds: [],
    primaryInstances: [primary],
    instances: [primary, {ec2InstanceId: 'i-2', privateIp: '10.20.1.9', privateDnsName: CORE, state: 'RUNNING'}],
    described: true,
    ...overrides,
  }
}

const model = () => new NetworkModel({...emptyModelData('test'), region: 'eu-west-1'})
const urls = (c: EmrCluster) => withCatalogueUis(deriveTunnelTarget(model(), c), c).webUis!.map((ui) => ui.url)

describe('connect CLUSTER_ID: web UIs from the catalogue', () => {
  it('follows the release and the installed applications, core-node UIs on a core node', () => {
    const six = urls(cluster())
    expect(six).toContain(`http://${PRIMARY}:8088/`)
    expect(six).toContain(`http://${PRIMARY}:18080/`)
    expect(six).toContain(`http://${PRIMARY}:8890/`)
    expect(six).toContain(`http://${PRIMARY}:9870/`)
    expect(six).toContain(`http://${CORE}:8042/`)
    expect(six.some((url) => url.endsWith(':50070/'))).toBe(false)
    expect(urls(cluster({releaseLabel: 'emr-5.36.0'}))).toContain(`http://${PRIMARY}:50070/`)
    // No Zeppelin in emr-spark-8.0, whatever the application list says.
    expect(urls(cluster({releaseLabel: 'emr-spark-8.0.0'})).some((url) => url.endsWith(':8890/'))).toBe(false)
    // Not installed: not listed.
    expect(urls(cluster({applications: [{name: 'Hadoop'}]})).some((url) => url.endsWith(':18080/'))).toBe(false)
  })

  it('an undescribed cluster or an unknown release keeps the generic list, with a note', () => {
    for (const c of [cluster({described: false}), cluster({releaseLabel: undefined})]) {
      const target = withCatalogueUis(deriveTunnelTarget(model(), c), c)
      expect(target.webUis).toBeUndefined()
      expect(target.notes.join(' ')).toMatch(/usual web UIs/)
      expect(clusterUiInput(c).input).toBeUndefined()
    }
  })

  it('works on the private reference snapshot', () => {
    const loaded = loadSnapshot(writeSnapshotDir(privateTopology()))
    const c = loaded.clusters.get(CLUSTER_ID)!
    const target = withCatalogueUis(deriveTunnelTarget(loaded, c), c)
    expect(target.webUis?.length ?? 0).toBeGreaterThan(0)
    expect(target.webUis!.every((ui) => ui.url.includes(target.uiHost) || ui.name.includes('(core '))).toBe(true)
  })

  it("the PAC built from the cluster's allowlist sends every catalogue URL to the tunnel", async () => {
    const c = cluster()
    const target = withCatalogueUis(deriveTunnelTarget(model(), c), c)
    const pac = generatePac(pacInputFromAllowlist(Allowlist.parse(target.allowlist), {host: '127.0.0.1', port: 8157}))
    const findProxy = createPacResolver(await QuickJS.create(), pac, {sandbox: {dnsResolve: async () => null}})
    for (const ui of target.webUis!) expect(await findProxy(ui.url), ui.url).toBe('SOCKS5 127.0.0.1:8157')
    expect(await findProxy('https://example.com/')).toBe('DIRECT')
  })
})
