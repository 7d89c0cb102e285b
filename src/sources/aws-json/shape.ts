/**
 * Reading AWS API JSON defensively: every accessor knows where it is (file + JSON pointer) so a
 * wrong shape or value becomes one precise line, e.g.
 * `snap/ec2-describe-subnets.json at /Subnets/3/CidrBlock: expected a string, got number`.
 *
 * This is the one validation layer for AWS data: every string read is printable text (no control
 * or bidi characters) and, when its AWS field name has a known format (ids, CIDRs, addresses, host
 * names, protocols: FIELD_FORMATS in formats.ts), matches it; numbers are read with their range
 * (ports, NACL rule numbers, ASNs); policy documents must be JSON objects.
 */
import {InputError} from '../../errors.js'
import type {PortRange} from '../../model/types.js'
import {FIELD_FORMATS, cidrProblem, clusterIdProblem, emrIdProblem, hostNameProblem, idProblem, integerProblem, ipProblem, shown, textProblem, type IdKind} from './formats.js'

type Json = unknown

function describe(value: Json): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}

function escapePointer(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

/** A cursor on one JSON value. */
export class Node {
  constructor(
    readonly value: Json,
    readonly file: string,
    readonly pointer: string,
  ) {}

  fail(problem: string): never {
    throw new InputError(this.file, this.pointer, problem)
  }

  private expect(expected: string): never {
    this.fail(`expected ${expected}, got ${describe(this.value)}`)
  }

  get origin(): {file: string; pointer: string} {
    return {file: this.file, pointer: this.pointer}
  }

  isMissing(): boolean {
    return this.value === undefined || this.value === null
  }

  object(): Record<string, Json> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.expect('an object')
    return this.value as Record<string, Json>
  }

  get(key: string): Node {
    return new Node(this.object()[key], this.file, `${this.pointer}/${escapePointer(key)}`)
  }

  /** The elements of an array field; a missing field is an empty list (the CLI omits empty lists). */
  list(key: string): Node[] {
    const child = this.get(key)
    if (child.isMissing()) return []
    if (!Array.isArray(child.value)) child.expect('an array')
    return (child.value as Json[]).map((item, index) => new Node(item, this.file, `${child.pointer}/${index}`))
  }

  /** A required array field. */
  requireList(key: string): Node[] {
    const child = this.get(key)
    if (!Array.isArray(child.value)) child.expect(`an array "${key}"`)
    return this.list(key)
  }

  /** This value as printable text in the format its field name calls for (see FIELD_FORMATS). */
  text(key?: string): string {
    if (typeof this.value !== 'string') this.expect(key === undefined ? 'a string' : `a string "${key}"`)
    const text = this.value as string
    const problem = textProblem(text) ?? (key === undefined ? undefined : FIELD_FORMATS[key]?.(text))
    if (problem) this.fail(problem)
    return text
  }

  str(key: string): string {
    return this.get(key).text(key)
  }

  /** An optional string; "" (which some emulators print for "none") is not checked against the field's format. */
  optStr(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    return child.value === '' ? '' : child.text(key)
  }

  /** A required AWS resource id of one of the given kinds (`vpc-…`, `sg-…`). */
  id(key: string, ...kinds: IdKind[]): string {
    const child = this.get(key)
    const text = child.text(key)
    const problem = idProblem(text, ...kinds)
    if (problem) child.fail(problem)
    return text
  }

  optId(key: string, ...kinds: IdKind[]): string | undefined {
    return this.get(key).isMissing() ? undefined : this.id(key, ...kinds)
  }

  /** An EMR cluster id `j-…`. */
  clusterId(key: string): string {
    const child = this.get(key)
    const problem = clusterIdProblem(child.text(key))
    if (problem) child.fail(problem)
    return child.value as string
  }

  /** An EMR instance / instance group / instance fleet id (`ci-…`, `ig-…`, `if-…`). */
  optEmrId(key: string, prefix: 'ci' | 'ig' | 'if'): string | undefined {
    const child = this.get(key)
    if (child.isMissing() || child.value === '') return undefined
    const problem = emrIdProblem(child.text(key), prefix)
    if (problem) child.fail(problem)
    return child.value as string
  }

  /** An optional DNS host name (RFC 1123); AWS prints "" for "none", which reads as undefined. */
  optHostName(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    const text = child.text(key)
    if (text === '') return undefined
    const problem = hostNameProblem(text)
    if (problem) child.fail(problem)
    return text
  }

  /** A list of strings, each printable (and in the element format `format` names, when given). */
  strList(key: string, format?: (text: string) => string | undefined): string[] {
    return this.list(key).map((item) => {
      const text = item.text()
      const problem = format?.(text)
      if (problem) item.fail(problem)
      return text
    })
  }

  /** A list of AWS ids of one kind (`SubnetIds: ["subnet-…"]`). */
  idList(key: string, ...kinds: IdKind[]): string[] {
    return this.strList(key, (text) => idProblem(text, ...kinds))
  }

  /** An optional integer in [min, max]; `what` names it in the error ("a port number"). */
  optInteger(key: string, min: number, max: number, what: string): number | undefined {
    const value = this.optNumber(key)
    if (value === undefined) return undefined
    const problem = integerProblem(value, min, max, `${what} "${key}"`)
    if (problem) this.get(key).fail(problem)
    return value
  }

  integer(key: string, min: number, max: number, what: string): number {
    const value = this.optInteger(key, min, max, what)
    if (value === undefined) return this.get(key).fail(`expected ${what} "${key}": an integer ${min}–${max}`)
    return value
  }

  /**
   * The port range of a security group rule (`FromPort`/`ToPort`) or a network ACL entry
   * (`PortRange: {From, To}`) with AWS's conventions for `protocol` (already normalised):
   * - tcp / udp: integers 0–65535, from ≤ to; both required;
   * - icmp / icmpv6 (security groups): from is the ICMP type, to the code, each 0–255 or -1 for
   *   all, and all types means all codes;
   * - all (-1) and other protocols: AWS ignores ports; when present they are -1 or 0–65535.
   * Absent ports (protocol all, or no PortRange) read as undefined.
   */
  optPortRange(fromKey: string, toKey: string, protocol: string): PortRange | undefined {
    const fromNode = this.get(fromKey)
    const toNode = this.get(toKey)
    const carriesPorts = protocol === 'tcp' || protocol === 'udp'
    if (fromNode.isMissing() && toNode.isMissing()) {
      if (carriesPorts) this.fail(`expected "${fromKey}" and "${toKey}" for protocol ${protocol}`)
      return undefined
    }
    if (protocol === 'icmp' || protocol === 'icmpv6') {
      const type = this.integer(fromKey, -1, 255, 'an ICMP type (-1 for all)')
      const code = this.integer(toKey, -1, 255, 'an ICMP code (-1 for all)')
      if (type === -1 && code !== -1) toNode.fail(`expected -1 for "${toKey}": all ICMP types (${fromKey} -1) means all codes, got ${code}`)
      return {from: type, to: code}
    }
    const min = carriesPorts ? 0 : -1
    const from = this.integer(fromKey, min, 65535, 'a port number')
    const to = this.integer(toKey, min, 65535, 'a port number')
    if (from > to) toNode.fail(`expected "${fromKey}" ≤ "${toKey}", got ${from} > ${to}`)
    return {from, to}
  }

  /**
   * A policy document: AWS returns it as a JSON string (the CLI prints it as such); an SDK or a
   * hand-made snapshot may hold the object itself. Either way it must be a JSON object whose
   * strings are printable; returned as JSON text.
   */
  optPolicyDocument(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    let document: Json = child.value
    if (typeof document === 'string') {
      const problem = textProblem(document, true)
      if (problem) child.fail(problem)
      try {
        document = JSON.parse(document) as Json
      } catch (error) {
        child.fail(`expected a policy document (a JSON object), got text that is not JSON (${(error as Error).message})`)
      }
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      child.fail(`expected a policy document (a JSON object), got ${describe(document)}`)
    }
    const bad = firstUnprintable(document)
    if (bad) child.fail(`policy document ${bad}`)
    return typeof child.value === 'string' ? child.value : JSON.stringify(document)
  }

  optBool(key: string): boolean | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    if (typeof child.value !== 'boolean') child.expect(`true or false for "${key}"`)
    return child.value as boolean
  }

  optNumber(key: string): number | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    if (typeof child.value === 'string' && /^-?\d{1,16}$/.test(child.value)) return Number(child.value)
    if (typeof child.value !== 'number') child.expect(`a number "${key}"`)
    // JSON.parse turns 2e308 into Infinity: no AWS number is infinite.
    if (!Number.isFinite(child.value)) child.fail(`expected a finite number "${key}", got ${shown(child.value)}`)
    return child.value as number
  }

  number(key: string): number {
    const value = this.optNumber(key)
    if (value === undefined) return this.get(key).fail(`expected a number "${key}"`)
    return value
  }

  /**
   * An optional timestamp: the CLI v2 prints ISO 8601 strings (v1 may print epoch seconds), the
   * SDK gives Date objects.
   */
  optTime(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    if (child.value instanceof Date) return child.value.toISOString()
    if (typeof child.value === 'number' && Number.isFinite(child.value) && child.value >= 0) return String(child.value)
    if (typeof child.value === 'string' && ISO_TIME.test(child.value) && !Number.isNaN(Date.parse(child.value))) return child.value
    child.expect(`a timestamp "${key}" (ISO 8601, e.g. 2024-01-01T00:00:00+00:00)`)
  }

  /** An optional CIDR block, canonical as AWS returns it (host bits zero). */
  optCidr(key: string): string | undefined {
    const text = this.optStr(key)
    if (text === undefined) return undefined
    const problem = cidrProblem(text)
    if (problem) this.get(key).fail(problem)
    return text
  }

  cidr(key: string): string {
    const text = this.optCidr(key)
    if (text === undefined) return this.get(key).fail(`expected a CIDR block "${key}"`)
    return text
  }

  /** An optional IP address field, validated. */
  optIp(key: string): string | undefined {
    const text = this.optStr(key)
    if (text === undefined || text === '') return undefined
    const problem = ipProblem(text)
    if (problem) this.get(key).fail(problem)
    return text
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** The first string (key or value) in a JSON value that may not be printed, described; or undefined. */
function firstUnprintable(value: Json, depth = 0): string | undefined {
  if (depth > 64) return 'is nested too deeply'
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem ? `holds ${shown(value)}: ${problem}` : undefined
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = firstUnprintable(item, depth + 1)
      if (problem) return problem
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      const problem = firstUnprintable(key, depth + 1) ?? firstUnprintable(member, depth + 1)
      if (problem) return problem
    }
  }
  return undefined
}

export function tagsOf(node: Node): {key: string; value: string}[] {
  return node.list('Tags').map((tag) => ({key: tag.str('Key'), value: tag.optStr('Value') ?? ''}))
}
