/**
 * Reading one planned resource's attributes: known values as planned, unknown ones (after_unknown) followed
 * through the configuration's `references` to the resource whose id they will be, and anything else left
 * unknown, never guessed.
 */
import {createHash} from 'node:crypto'
import {shown} from '../aws-json/formats.js'
import {Node} from '../aws-json/shape.js'
import type {PlanResource, TerraformPlan} from './plan.js'

export type Path = (string | number)[]

/** A value the plan does not know, named by the attribute it will come from. */
export interface Unknown {
  unknown: string
}

export function isUnknownValue(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && 'unknown' in value
}

/** The AWS id prefix of a resource type, for ids stood in before apply. */
const ID_PREFIX: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_route_table: 'rtb',
  aws_internet_gateway: 'igw',
  aws_egress_only_internet_gateway: 'eigw',
  aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc',
  aws_vpc_endpoint: 'vpce',
  aws_security_group: 'sg',
  aws_network_acl: 'acl',
  aws_vpn_gateway: 'vgw',
  aws_vpn_connection: 'vpn',
  aws_customer_gateway: 'cgw',
  aws_instance: 'i',
  aws_emr_cluster: 'j',
  aws_network_interface: 'eni',
  aws_vpc_dhcp_options: 'dopt',
  aws_ec2_transit_gateway: 'tgw',
  aws_vpc_peering_connection: 'pcx',
  aws_ec2_managed_prefix_list: 'pl',
}

/**
 * A stable stand-in id for something that exists only after apply: the type's AWS prefix and a hash of
 * the address, so the same plan always gives the same ids (and findings' fingerprints).
 */
export function standInId(prefix: string, address: string): string {
  const hash = createHash('sha256').update(address).digest('hex')
  if (prefix === 'j') return `j-${hash.slice(0, 13).toUpperCase()}`
  return `${prefix}-${hash.slice(0, 17)}`
}

/** The resource's id: as planned when known (it exists already), else a stand-in. */
export function idOf(resource: PlanResource): string {
  const id = resource.values.value && (resource.values.value as Record<string, unknown>).id
  if (typeof id === 'string' && id !== '') return id
  return standInId(ID_PREFIX[resource.type] ?? 'tf', resource.address)
}

function at(value: unknown, path: Path): unknown {
  let current = value
  for (const key of path) {
    if (current === true) return true
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

export function pathText(path: Path): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('')
}

interface Reference {
  block: string
  /** `[0]` or `["key"]` when the reference names one instance. */
  index?: string
  attribute?: string
}

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'module', 'path', 'self', 'terraform', 'data'])
const REFERENCE = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?)(?:\.([A-Za-z0-9_]+))?/

/**
 * The resources an expression's references name, or undefined when it also depends on anything else
 * (variables, locals, each/count, module outputs, data sources): then which resource a value comes from
 * cannot be told without evaluating the configuration, and it stays unknown.
 */
function references(plan: TerraformPlan, resource: PlanResource, refs: unknown): Reference[] | undefined {
  if (!Array.isArray(refs) || refs.length === 0) return undefined
  const found = new Map<string, Reference>()
  for (const ref of refs) {
    if (typeof ref !== 'string') return undefined
    const match = REFERENCE.exec(ref)
    if (!match || NOT_RESOURCES.has(match[1]!)) return undefined
    const block = resource.modulePath ? `${resource.modulePath}.${match[1]}.${match[2]}` : `${match[1]}.${match[2]}`
    const index = match[3] || undefined
    const attribute = match[4]
    const key = `${block}${index ?? ''}`
    const known = found.get(key)
    // Terraform lists `aws_x.y.id` and `aws_x.y` for one use; the attribute one says what is used.
    if (!known || (known.attribute === undefined && attribute !== undefined)) found.set(key, {block, index, attribute})
    else if (attribute !== undefined && known.attribute !== attribute) return undefined
  }
  // `aws_x.y` next to `aws_x.y[0].id`: the indexed one is the reference.
  const list = [...found.values()]
  return list.filter((ref) => !(ref.index === undefined && ref.attribute === undefined && list.some((other) => other.block === ref.block && other.index !== undefined)))
}

function expressionAt(resource: PlanResource, path: Path): unknown {
  let current: unknown = resource.expressions
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    if (Array.isArray(current)) current = current[typeof key === 'number' ? key : 0]
    else current = (current as Record<string, unknown>)[String(key)]
  }
  return current
}

export interface Target {
  resource: PlanResource
  attribute: string
}

/** The resource instances (and attributes) an unknown attribute's expression refers to, or undefined. */
export function referencedTargets(plan: TerraformPlan, resource: PlanResource, path: Path): Target[] | undefined {
  const expression = expressionAt(resource, path) as {references?: unknown} | undefined
  const refs = references(plan, resource, expression?.references)
  if (!refs) return undefined
  const targets: Target[] = []
  for (const ref of refs) {
    if (ref.attribute === undefined) return undefined
    const instances = ref.index !== undefined ? [plan.byAddress.get(`${ref.block}${ref.index}`)] : (plan.byBlock.get(ref.block) ?? [])
    // A reference to a block with several instances and no index is a splat or a for expression.
    if (instances.length !== 1 || instances[0] === undefined) return undefined
    targets.push({resource: instances[0], attribute: ref.attribute})
  }
  return targets
}

export class Attributes {
  constructor(
    readonly plan: TerraformPlan,
    readonly resource: PlanResource,
  ) {}

  get address(): string {
    return this.resource.address
  }

  node(path: Path): Node {
    let node = this.resource.values
    for (const key of path) {
      if (typeof key === 'number') {
        const list = node.isMissing() ? [] : Array.isArray(node.value) ? node.value : node.fail('expected an array')
        node = new Node(list[key], node.file, `${node.pointer}/${key}`)
      } else node = node.isMissing() ? node : node.get(key)
    }
    return node
  }

  /**
   * Unknown until apply *and* set in the configuration. An attribute the configuration does not set is
   * computed by AWS (an IGW's vpc_id when a separate attachment attaches it, an instance's private_ip): the
   * model leaves it unset rather than unknown, and the builder adds what AWS documents it will be.
   */
  isUnknown(path: Path): boolean {
    return at(this.resource.unknown, path) === true && this.configured(path)
  }

  /** Does the configuration set this attribute? (Without a configuration block in the plan: assume so.) */
  configured(path: Path): boolean {
    if (this.resource.expressions === undefined) return true
    return expressionAt(this.resource, path) !== undefined
  }

  private unknownHere(path: Path): Unknown {
    return {unknown: `${this.address}.${pathText(path)}`}
  }

  /** A string attribute: its value, Unknown, or undefined when not set. */
  str(path: Path): string | Unknown | undefined {
    const node = this.node(path)
    if (!node.isMissing()) return node.text()
    return this.isUnknown(path) ? this.unknownHere(path) : undefined
  }

  bool(path: Path): boolean | Unknown | undefined {
    const node = this.node(path)
    if (!node.isMissing()) {
      if (typeof node.value !== 'boolean') return node.fail(`expected true or false, got ${JSON.stringify(node.value)}`)
      return node.value
    }
    return this.isUnknown(path) ? this.unknownHere(path) : undefined
  }

  num(path: Path): number | Unknown | undefined {
    const node = this.node(path)
    if (!node.isMissing()) {
      if (typeof node.value !== 'number' || !Number.isFinite(node.value)) return node.fail(`expected a number, got ${JSON.stringify(node.value)}`)
      return node.value
    }
    return this.isUnknown(path) ? this.unknownHere(path) : undefined
  }

  /** A list of strings (a set in Terraform): known elements, and Unknown when any element is unknown. */
  strList(path: Path): string[] | Unknown {
    const node = this.node(path)
    if (node.isMissing()) return this.isUnknown(path) ? this.unknownHere(path) : []
    if (!Array.isArray(node.value)) node.fail('expected an array')
    const values: string[] = []
    ;(node.value as unknown[]).forEach((_, index) => {
      const child = this.node([...path, index])
      if (!child.isMissing()) values.push(child.text())
    })
    const unknownMarks = at(this.resource.unknown, path)
    if (Array.isArray(unknownMarks) && unknownMarks.some((mark) => mark === true)) return this.unknownHere(path)
    return values
  }

  /**
   * An id attribute: as planned, or — unknown until apply — the id of the one resource its expression
   * names (`aws_security_group.bastion.id`), or Unknown.
   */
  id(path: Path): string | Unknown | undefined {
    const value = this.str(path)
    if (!isUnknownValue(value)) return value
    const targets = referencedTargets(this.plan, this.resource, path)
    if (targets && targets.length === 1 && targets[0]!.attribute === 'id') return idOf(targets[0]!.resource)
    return value
  }

  /** The resources an id attribute refers to, for an unknown id (to tell an IGW from a VGW). */
  target(path: Path): PlanResource | undefined {
    const targets = this.isUnknown(path) ? referencedTargets(this.plan, this.resource, path) : undefined
    return targets && targets.length === 1 ? targets[0]!.resource : undefined
  }

  /**
   * A list of ids (or a comma-separated string of them, as aws_emr_cluster's additional groups): known
   * elements as planned; unknown ones from the expression when every reference in it is a resource's id.
   */
  idList(path: Path, commaSeparated = false): string[] | Unknown {
    if (commaSeparated) {
      const value = this.str(path)
      if (value === undefined) return []
      if (!isUnknownValue(value))
        return value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
    } else {
      const value = this.strList(path)
      if (!isUnknownValue(value)) return value
    }
    const targets = referencedTargets(this.plan, this.resource, path)
    if (!targets || targets.some((target) => target.attribute !== 'id')) return this.unknownHere(path)
    const known = commaSeparated ? [] : this.node(path).isMissing() ? [] : (this.node(path).value as unknown[]).filter((item): item is string => typeof item === 'string')
    return [...new Set([...known, ...targets.map((target) => idOf(target.resource))])]
  }

  /**
   * Nested block count (`ec2_attributes`, `ingress`): the planned list's length. The AWS provider's blocks
   * are lists or sets, a JSON array in the plan; anything else is refused, not read as no blocks.
   */
  blockCount(path: Path): number {
    const node = this.node(path)
    if (node.isMissing()) return 0
    if (!Array.isArray(node.value)) return node.fail(`expected an array of "${String(path[path.length - 1])}" blocks, got ${shown(node.value)}`)
    return node.value.length
  }

  /**
   * A required attribute: as planned, or Unknown until apply. Neither (absent, null or "") is refused: the
   * provider never plans such a resource, and reading it as not set would drop what it does.
   */
  required<T>(path: Path, value: T | Unknown | undefined): T | Unknown {
    if (value !== undefined && value !== '') return value
    return this.node(path).fail(`${this.address}.${pathText(path)} is required, and the plan neither sets it nor marks it known only after apply`)
  }

  tags(): {key: string; value: string}[] {
    const node = this.node(['tags'])
    if (node.isMissing() || typeof node.value !== 'object') return []
    // Read like every other string: printable text only, or one line naming the tag's pointer.
    return Object.keys(node.object()).flatMap((key) => {
      const value = node.get(key)
      return value.isMissing() ? [] : [{key, value: value.text()}]
    })
  }
}
