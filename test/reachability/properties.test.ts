/**
 * Properties of the engine over random small VPCs (fast-check): a range's answer is the union of
 * its addresses' answers; the order of JSON arrays never changes a verdict; adding an allow rule
 * never takes reachability away. Runs are bounded (numRuns) and seeded by fast-check.
 */

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {setOf, setToCidrs, subtract} from '../../src/analysis/reachability/address-set.js'
import {buildQuery} from '../../src/analysis/reachability/endpoints.js'
import {analyzeReachability, type ReachResult} from '../../src/analysis/reachability/engine.js'
import type {NetworkModel} from '../../src/model/network-model.js'
import {assembleModel} from '../../src/sources/aws-json/assemble.js'
import {documentsFromObject} from '../../src/sources/snapshot/load-snapshot.js'
import {CLUSTER_ID, ONPREM_CIDR, type Snapshot, privateTopology, publicTopology, routeTableById, securityGroup, tcpFromCidr, vpnTopology} from '../support/topologies.js'

const PORT = 8088
/** Sources come from here: a documentation range (kept as public when named explicitly). */
const BASE = '198.51.100.'

function modelOf(snapshot: Snapshot): NetworkModel {
  return assembleModel(documentsFromObject(snapshot, 'test.json'))
}

function ask(model: NetworkModel, from: string, to: string): ReachResult {
  return analyzeReachability(model, buildQuery(model, from, to))
}

/** A small CIDR inside 198.51.100.0/24. */
const smallCidr = fc.record({offset: fc.integer({min: 0, max: 255}), length: fc.integer({min: 25, max: 32})}).map(({offset, length}) => {
  const size = 2 ** (32 - length)
  return `${BASE}${Math.floor(offset / size) * size}/${length}`
})

const portRange = fc.oneof(
  fc.constant<[number, number]>([PORT, PORT]),
  fc.constant<[number, number]>([0, 65535]),
  fc.constant<[number, number]>([1024, 32767]),
  fc.constant<[number, number]>([32768, 65535]),
  fc.constant<[number, number]>([8000, 8100]),
)

const aclChange = fc.record({rule: fc.integer({min: 1, max: 99}), egress: fc.boolean(), allow: fc.boolean(), cidr: smallCidr, ports: portRange})
const routeChange = fc.record({cidr: smallCidr, kind: fc.constantFrom('blackhole', 'nat', 'igw')})

interface World {
  sgCidrs: string[]
  acl: {rule: number; egress: boolean; allow: boolean; cidr: string; ports: [number, number]}[]
  routes: {cidr: string; kind: string}[]
  source: number
}

const world = fc.record({
  sgCidrs: fc.array(smallCidr, {maxLength: 3}),
  acl: fc.uniqueArray(aclChange, {maxLength: 4, selector: (entry) => `${entry.rule}/${entry.egress}`}),
  routes: fc.array(routeChange, {maxLength: 2}),
  source: fc.integer({min: 0, max: 15}),
})

/** The public topology with random SG rules, NACL entries and more specific routes for the source range. */
function build(w: World): Snapshot {
  const snapshot = publicTopology()
  for (const cidr of w.sgCidrs) securityGroup(snapshot, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(PORT, cidr))
  const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
  for (const entry of w.acl) {
    acl.Entries.push({
      CidrBlock: entry.cidr,
      Egress: entry.egress,
      Protocol: '6',
      PortRange: {From: entry.ports[0], To: entry.ports[1]},
      RuleAction: entry.allow ? 'allow' : 'deny',
      RuleNumber: entry.rule,
    })
  }
  const table = routeTableById(snapshot, 'rtb-0a0000000000public')
  for (const route of w.routes) {
    if (table.Routes.some((r: any) => r.DestinationCidrBlock === route.cidr)) continue
    const target = route.kind === 'nat' ? {NatGatewayId: 'nat-0a00000000000009'} : {GatewayId: 'igw-0a00000000000001'}
    table.Routes.push({DestinationCidrBlock: route.cidr, ...target, Origin: 'CreateRoute', State: route.kind === 'blackhole' ? 'blackhole' : 'active'})
  }
  return snapshot
}

const sourceRange = (w: World): string => `${BASE}${w.source * 16}/28`
const TARGET = `${CLUSTER_ID}:primary:${PORT}`

/** A deterministic shuffle of every array in a JSON document. */
function shuffleAll(value: any, random: () => number): any {
  if (Array.isArray(value)) {
    const copy = value.map((item) => shuffleAll(item, random))
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shuffleAll(item, random)]))
  return value
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What a verdict says, independent of wording and order. */
function essence(result: ReachResult) {
  return {verdict: result.verdict, codes: result.blockers.map((b) => b.code).sort(), ranges: result.ranges ?? null, missing: result.missingData.length > 0}
}

describe('engine properties (fast-check)', () => {
  it('a range reaches exactly the union of what its single addresses reach', () => {
    fc.assert(
      fc.property(world, (w) => {
        const model = modelOf(build(w))
        const range = ask(model, sourceRange(w), TARGET)
        const reachableSingles: string[] = []
        const blockedSingles: string[] = []
        for (let host = 0; host < 16; host++) {
          const address = `${BASE}${w.source * 16 + host}`
          const single = ask(model, address, TARGET)
          expect(single.verdict).not.toBe('partially-reachable')
          if (single.verdict === 'reachable') reachableSingles.push(address)
          if (single.verdict === 'not-reachable') blockedSingles.push(address)
        }
        expect(range.ranges?.reachable ?? []).toEqual(setToCidrs(setOf(...reachableSingles)))
        expect(range.ranges?.notReachable ?? []).toEqual(setToCidrs(setOf(...blockedSingles)))
        const expected = reachableSingles.length === 16 ? 'reachable' : reachableSingles.length > 0 ? 'partially-reachable' : blockedSingles.length === 16 ? 'not-reachable' : 'unknown'
        expect(range.verdict).toBe(expected)
      }),
      {numRuns: 60},
    )
  })

  it('no verdict changes when JSON arrays are reordered', () => {
    const fixed: [() => Snapshot, string, string][] = [
      [privateTopology, 'i-0000000000000b001', `${CLUSTER_ID}:primary:22`],
      [privateTopology, '203.0.112.0/23', 'i-0000000000000b001:22'],
      [privateTopology, 'i-0000000000000a001', '8.8.8.8:443'],
      [vpnTopology, ONPREM_CIDR, `${CLUSTER_ID}:primary:8088`],
      [publicTopology, 'internet', `${CLUSTER_ID}:primary:22`],
    ]
    fc.assert(
      fc.property(world, fc.integer(), fc.integer({min: 0, max: fixed.length}), (w, seed, pick) => {
        const [snapshot, from, to] = pick < fixed.length ? [fixed[pick]![0](), fixed[pick]![1], fixed[pick]![2]] : [build(w), sourceRange(w), TARGET]
        const before = essence(ask(modelOf(snapshot), from, to))
        const after = essence(ask(modelOf(shuffleAll(snapshot, mulberry32(seed))), from, to))
        expect(after).toEqual(before)
      }),
      {numRuns: 60},
    )
  })

  it('adding an allow rule never takes reachability away', () => {
    const addition = fc.oneof(
      fc.record({kind: fc.constant('sg' as const), cidr: smallCidr, ports: portRange}),
      fc.record({kind: fc.constant('acl' as const), rule: fc.integer({min: 1, max: 32766}), egress: fc.boolean(), cidr: fc.oneof(smallCidr, fc.constant('0.0.0.0/0')), ports: portRange}),
    )
    fc.assert(
      fc.property(world, addition, (w, add) => {
        const snapshot = build(w)
        const before = ask(modelOf(snapshot), sourceRange(w), TARGET)
        if (add.kind === 'sg') {
          securityGroup(snapshot, 'ElasticMapReduce-master').IpPermissions.push(tcpFromCidr(add.ports[0], add.cidr, add.ports[1]))
        } else {
          const acl = snapshot['ec2-describe-network-acls'].NetworkAcls[0]
          if (acl.Entries.some((e: any) => e.RuleNumber === add.rule && e.Egress === add.egress)) return
          acl.Entries.push({CidrBlock: add.cidr, Egress: add.egress, Protocol: '6', PortRange: {From: add.ports[0], To: add.ports[1]}, RuleAction: 'allow', RuleNumber: add.rule})
        }
        const after = ask(modelOf(snapshot), sourceRange(w), TARGET)
        const lost = subtract(setOf(...(before.ranges?.reachable ?? [])), setOf(...(after.ranges?.reachable ?? [])))
        expect(setToCidrs(lost)).toEqual([])
        if (before.verdict === 'reachable') expect(after.verdict).toBe('reachable')
      }),
      {numRuns: 80},
    )
  })
})
