/**
 * `--snapshot PATH`: a directory of AWS CLI JSON files (`ec2-describe-vpcs.json`, …) or one JSON
 * file whose top-level keys are those names. See README "Snapshot format".
 */
import {readFileSync, readdirSync, statSync} from 'node:fs'
import {basename, join} from 'node:path'
import {DATASETS} from '../../model/datasets.js'
import {NetworkModel} from '../../model/network-model.js'
import {InputError, UserError} from '../../errors.js'
import {DocumentSet, VPC_ATTRIBUTES, assembleModel} from '../aws-json/assemble.js'
import {Node} from '../aws-json/shape.js'

const GLOBAL_NAMES = new Set(Object.values(DATASETS).filter((spec) => !spec.perResource).map((spec) => spec.baseName))
const PER_RESOURCE = [
  new RegExp(`^${DATASETS.vpcAttribute.baseName}-vpc-[0-9a-f]+-(${VPC_ATTRIBUTES.join('|')})$`),
  new RegExp(`^${DATASETS.describeCluster.baseName}-j-[A-Za-z0-9]+$`),
  new RegExp(`^${DATASETS.listInstances.baseName}-j-[A-Za-z0-9]+$`),
  new RegExp(`^${DATASETS.managedPrefixListEntries.baseName}-pl-[0-9a-f]+$`),
]

export function isSnapshotDocumentName(name: string): boolean {
  return GLOBAL_NAMES.has(name) || PER_RESOURCE.some((pattern) => pattern.test(name))
}

function unknownName(file: string, pointer: string, name: string): never {
  throw new InputError(
    file,
    pointer,
    `unknown snapshot document "${name}": expected <service>-<operation>.json names such as ec2-describe-vpcs.json or emr-describe-cluster-<cluster-id>.json (see README, "Snapshot format")`,
  )
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InputError(file, '', `malformed JSON (${(error as Error).message})`)
  }
}

export function readSnapshotDocuments(path: string): DocumentSet {
  let stats
  try {
    stats = statSync(path)
  } catch {
    throw new UserError(`--snapshot ${path}: no such file or directory`)
  }
  const documents = new Map<string, Node>()
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (!entry.endsWith('.json')) continue
      const file = join(path, entry)
      const name = entry.slice(0, -'.json'.length)
      if (!isSnapshotDocumentName(name)) unknownName(file, '', name)
      documents.set(name, new Node(parseJson(file, readFileSync(file, 'utf8')), file, ''))
    }
    if (documents.size === 0) throw new UserError(`--snapshot ${path}: the directory holds no snapshot .json files`)
    return {source: path, documents, missingReason: (_dataset, name) => `missing: ${name}.json`}
  }

  return documentsFromObject(parseJson(path, readFileSync(path, 'utf8')), path)
}

/** A single-object snapshot: top-level keys are document names (with or without `.json`). */
export function documentsFromObject(value: unknown, source: string): DocumentSet {
  const root = new Node(value, source, '')
  const documents = new Map<string, Node>()
  for (const key of Object.keys(root.object())) {
    const name = key.endsWith('.json') ? key.slice(0, -'.json'.length) : key
    if (!isSnapshotDocumentName(name)) unknownName(source, `/${key}`, name)
    documents.set(name, root.get(key))
  }
  return {source, documents, missingReason: (_dataset, name) => `missing: ${name} in ${basename(source)}`}
}

export function loadSnapshot(path: string): NetworkModel {
  return assembleModel(readSnapshotDocuments(path))
}
