/** DescribeCluster `Configurations` reach the model (what `ui list --snapshot` reads port overrides from). */
import {describe, expect, it} from 'vitest'
import {parseDescribeCluster} from '../../src/sources/aws-json/emr.js'
import {Node} from '../../src/sources/aws-json/shape.js'

function parse(cluster: Record<string, unknown>) {
  return parseDescribeCluster(new Node({Cluster: {Id: 'j-1ABCDEF', Status: {State: 'WAITING'}, ...cluster}}, 'emr-describe-cluster-j-1ABCDEF.json', ''))
}

describe('parseDescribeCluster Configurations', () => {
  it('keeps classifications, properties and nested configurations', () => {
    const cluster = parse({
      Configurations: [
        {Classification: 'presto-config', Properties: {'http-server.http.port': '8080'}},
        {Classification: 'spark-env', Configurations: [{Classification: 'export', Properties: {PYSPARK_PYTHON: '/usr/bin/python3'}}]},
      ],
    })
    expect(cluster.configurations).toEqual([
      {classification: 'presto-config', properties: {'http-server.http.port': '8080'}, configurations: []},
      {classification: 'spark-env', properties: {}, configurations: [{classification: 'export', properties: {PYSPARK_PYTHON: '/usr/bin/python3'}, configurations: []}]},
    ])
  })

  it('an absent Configurations is an empty list; scalar values become strings', () => {
    expect(parse({}).configurations).toEqual([])
    expect(parse({Configurations: [{Classification: 'livy-conf', Properties: {'livy.server.port': 8999, flag: true, gone: null}}]}).configurations).toEqual([
      {classification: 'livy-conf', properties: {'livy.server.port': '8999', flag: 'true'}, configurations: []},
    ])
  })

  it('a property that is not a scalar is an input error naming the JSON path', () => {
    expect(() => parse({Configurations: [{Classification: 'yarn-site', Properties: {x: {}}}]})).toThrow(
      'emr-describe-cluster-j-1ABCDEF.json at /Cluster/Configurations/0/Properties/x: expected a string value for property "x"',
    )
  })
})
