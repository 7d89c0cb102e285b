/**
 * Reading AWS API JSON defensively: every accessor knows where it is (file + JSON pointer) so a
 * wrong shape becomes one precise line, e.g.
 * `snap/ec2-describe-subnets.json at /Subnets/3/CidrBlock: expected a string, got number`.
 */
import {InputError} from '../../errors.js'
import {parseCidr} from '../../model/ip.js'

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

  str(key: string): string {
    const child = this.get(key)
    if (typeof child.value !== 'string') child.expect(`a string "${key}"`)
    return child.value as string
  }

  optStr(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    if (typeof child.value !== 'string') child.expect(`a string "${key}"`)
    return child.value as string
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
    if (typeof child.value === 'string' && /^-?\d+$/.test(child.value)) return Number(child.value)
    if (typeof child.value !== 'number') child.expect(`a number "${key}"`)
    return child.value as number
  }

  number(key: string): number {
    const value = this.optNumber(key)
    if (value === undefined) return this.get(key).fail(`expected a number "${key}"`)
    return value
  }

  /** An optional timestamp: the CLI prints ISO strings, the SDK gives Date objects. */
  optTime(key: string): string | undefined {
    const child = this.get(key)
    if (child.isMissing()) return undefined
    if (child.value instanceof Date) return child.value.toISOString()
    if (typeof child.value === 'string' || typeof child.value === 'number') return String(child.value)
    child.expect(`a timestamp "${key}"`)
  }

  /** An optional CIDR (or address) field, validated. */
  optCidr(key: string): string | undefined {
    const text = this.optStr(key)
    if (text === undefined) return undefined
    if (!parseCidr(text)) this.get(key).fail(`"${text}" is not a valid CIDR block`)
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
    if (!parseCidr(text) || text.includes('/')) this.get(key).fail(`"${text}" is not a valid IP address`)
    return text
  }
}

export function tagsOf(node: Node): {key: string; value: string}[] {
  return node.list('Tags').map((tag) => ({key: tag.str('Key'), value: tag.optStr('Value') ?? ''}))
}
