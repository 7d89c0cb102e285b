/**
 * Reading a CloudFormation template (YAML or JSON) into a tree that remembers the line and column of
 * every value, so findings and errors can point at the template. CloudFormation's short tags
 * (`!Ref X`, `!GetAtt A.B`, `!Sub …`) become the long form (`{Ref: X}`, `{"Fn::GetAtt": …}`), so
 * the rest of the code sees one form whichever the author wrote. JSON is read by the same YAML 1.2
 * parser (JSON is YAML), which gives JSON templates line and column too.
 */
import {closeSync, constants, fstatSync, openSync, readFileSync, statSync} from 'node:fs'
import {LineCounter, type Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode, type ScalarTag, type CollectionTag} from 'yaml'
import {UserError, escapeUnprintable} from '../../errors.js'
import {kindOf} from '../snapshot/load-snapshot.js'

export interface Position {
  line: number
  column: number
}

export type TemplateNode =
  | {kind: 'scalar'; value: string | number | boolean | null; pos: Position}
  | {kind: 'seq'; items: TemplateNode[]; pos: Position}
  | {kind: 'map'; entries: {key: string; keyPos: Position; value: TemplateNode}[]; pos: Position}

/** The longest problem text an error line carries: a value echoed from the template is cut, not printed whole. */
const MAX_PROBLEM_CHARS = 400

/** Bad template: one line `FILE:LINE:COL: what`, exit 2. */
export class TemplateError extends UserError {
  constructor(file: string, pos: Position | undefined, problem: string) {
    const text = escapeUnprintable(problem)
    super(`${escapeUnprintable(file)}${pos ? `:${pos.line}:${pos.column}` : ''}: ${text.length > MAX_PROBLEM_CHARS ? `${text.slice(0, MAX_PROBLEM_CHARS - 1)}…` : text}`)
    this.name = 'TemplateError'
  }
}

/** The short-form tags CloudFormation defines, and the long form each stands for. */
export const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!ImportValue': 'Fn::ImportValue',
  '!Transform': 'Fn::Transform',
}

/** Registered with the parser so known tags are not "unresolved"; the tree walk turns them into the long form. */
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_TAGS).flatMap((tag): (ScalarTag | CollectionTag)[] => [
  {tag, resolve: (text: string) => text},
  {tag, collection: 'seq', nodeClass: YAMLSeq},
  {tag, collection: 'map', nodeClass: YAMLMap},
])

export interface ParsedTemplate {
  file: string
  root: TemplateNode
}

export function readTemplate(file: string): ParsedTemplate {
  const unreadable = (error: unknown): TemplateError => {
    const code = (error as NodeJS.ErrnoException).code
    return new TemplateError(file, undefined, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a template file' : `cannot read it (${code ?? String(error)})`)
  }
  // As for a snapshot: a FIFO, socket or device is refused without reading (a read could wait forever), and
  // the file is opened non-blocking and checked again, so one swapped for a FIFO after the stat is not read either.
  let fd: number
  try {
    const stats = statSync(file)
    if (!stats.isFile()) throw new TemplateError(file, undefined, kindOf(stats, 'template file'))
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    throw error instanceof TemplateError ? error : unreadable(error)
  }
  let text: string
  try {
    const opened = fstatSync(fd)
    if (!opened.isFile()) throw new TemplateError(file, undefined, kindOf(opened, 'template file'))
    text = readFileSync(fd, 'utf8')
  } catch (error) {
    throw error instanceof TemplateError ? error : unreadable(error)
  } finally {
    closeSync(fd)
  }
  return parseTemplate(file, text)
}

export function parseTemplate(file: string, text: string): ParsedTemplate {
  const lines = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lines, customTags: CUSTOM_TAGS, uniqueKeys: true, prettyErrors: false})
  const at = (offset: number): Position => {
    const {line, col} = lines.linePos(offset)
    return {line, column: col}
  }
  const first = doc.errors[0]
  if (first) throw new TemplateError(file, at(first.pos[0]), `not valid YAML or JSON: ${first.message.split('\n')[0]}`)
  const unresolved = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED')
  if (unresolved) {
    const tag = /Unresolved tag: (\S+)/.exec(unresolved.message)?.[1] ?? 'tag'
    throw new TemplateError(file, at(unresolved.pos[0]), `unknown intrinsic function ${tag} (CloudFormation's short forms: ${Object.keys(SHORT_TAGS).join(' ')})`)
  }
  if (!doc.contents) throw new TemplateError(file, {line: 1, column: 1}, 'the template is empty')

  const convert = (node: YamlNode | null | undefined, fallback: Position): TemplateNode => {
    if (node === null || node === undefined) return {kind: 'scalar', value: null, pos: fallback}
    const pos = node.range ? at(node.range[0]) : fallback
    let converted: TemplateNode
    if (isScalar(node)) {
      const value = (node as Scalar).value
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        throw new TemplateError(file, pos, `unsupported YAML value (${typeof value}); CloudFormation takes strings, numbers, booleans, lists and maps`)
      }
      converted = {kind: 'scalar', value: value as string | number | boolean | null, pos}
    } else if (isSeq(node)) {
      converted = {kind: 'seq', items: node.items.map((item) => convert(item as YamlNode, pos)), pos}
    } else if (isMap(node)) {
      const entries: {key: string; keyPos: Position; value: TemplateNode}[] = []
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const keyNode = pair.key as YamlNode | null
        const keyPos = keyNode?.range ? at(keyNode.range[0]) : pos
        if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
          throw new TemplateError(file, keyPos, 'a map key must be a plain string')
        }
        entries.push({key: String(keyNode.value), keyPos, value: convert(pair.value as YamlNode, keyPos)})
      }
      converted = {kind: 'map', entries, pos}
    } else {
      throw new TemplateError(file, pos, 'aliases and other YAML node kinds are not supported in a template')
    }
    const tag = node.tag
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      const long = SHORT_TAGS[tag]
      if (!long) throw new TemplateError(file, pos, `unknown intrinsic function ${tag}`)
      // `!GetAtt A.B` is the string form; the long form takes it as is.
      return {kind: 'map', entries: [{key: long, keyPos: pos, value: converted}], pos}
    }
    return converted
  }
  const root = convert(doc.contents as YamlNode, {line: 1, column: 1})
  if (root.kind !== 'map') throw new TemplateError(file, root.pos, 'a template is a map with a Resources section')
  return {file, root}
}

/** The value of `key` in a map node, or undefined. */
export function member(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  if (node?.kind !== 'map') return undefined
  return node.entries.find((entry) => entry.key === key)?.value
}

/** The entry (key and its position) of `key` in a map node. */
export function entryOf(node: TemplateNode | undefined, key: string): {key: string; keyPos: Position; value: TemplateNode} | undefined {
  if (node?.kind !== 'map') return undefined
  return node.entries.find((entry) => entry.key === key)
}
