/**
 * Evaluating a template the way CloudFormation would before it creates anything: parameters (default or
 * given), pseudo parameters, mappings, conditions and the intrinsic functions. What only exists
 * after deploy (an imported value, an attribute AWS assigns, the account's availability zones, a parameter
 * nobody gave) becomes an `unknown` value carrying its cause; it is never guessed. Structural mistakes
 * CloudFormation itself would refuse (a dangling Ref, a dependency cycle, an unknown function) are errors
 * with the template's line and column.
 */
import {setFlagsFromString} from 'node:v8'
import ipaddr from 'ipaddr.js'
import {shown} from '../aws-json/formats.js'
import {TemplateError, member, type ParsedTemplate, type Position, type TemplateNode} from './parse.js'

export type Value =
  | {kind: 'scalar'; value: string | number | boolean | null; pos: Position}
  | {kind: 'seq'; items: Value[]; pos: Position}
  | {kind: 'map'; entries: {key: string; keyPos: Position; value: Value}[]; pos: Position}
  | {kind: 'unknown'; cause: string; pos: Position}

/** AWS::NoValue: removes the property or list item it stands for. */
const NO_VALUE = Symbol('AWS::NoValue')
type Evaluated = Value | typeof NO_VALUE

export const INTRINSICS = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::GetAZs',
  'Fn::Cidr',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::ImportValue',
  'Fn::Transform',
])

/**
 * Every property of a few resource types in CloudFormation's resource schema (the registry schemas
 * `aws-ec2-vpc`, `aws-ec2-subnet`, `aws-ec2-securitygroup`): an Fn::GetAtt attribute of these types is one of
 * them (or a path below one), so a name outside the list is one CloudFormation refuses. Types not listed
 * are not checked; their attributes the builder does not model stay unknown before deploy.
 */
const SCHEMA_PROPERTIES: Record<string, ReadonlySet<string>> = {
  'AWS::EC2::VPC': new Set([
    'CidrBlock',
    'CidrBlockAssociations',
    'DefaultNetworkAcl',
    'DefaultSecurityGroup',
    'EnableDnsHostnames',
    'EnableDnsSupport',
    'InstanceTenancy',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6CidrBlocks',
    'Tags',
    'VpcId',
  ]),
  'AWS::EC2::Subnet': new Set([
    'AssignIpv6AddressOnCreation',
    'AvailabilityZone',
    'AvailabilityZoneId',
    'BlockPublicAccessStates',
    'CidrBlock',
    'EnableDns64',
    'EnableLniAtDeviceIndex',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6CidrBlock',
    'Ipv6CidrBlocks',
    'Ipv6IpamPoolId',
    'Ipv6Native',
    'Ipv6NetmaskLength',
    'MapPublicIpOnLaunch',
    'NetworkAclAssociationId',
    'OutpostArn',
    'PrivateDnsNameOptionsOnLaunch',
    'SubnetId',
    'Tags',
    'VpcId',
  ]),
  'AWS::EC2::SecurityGroup': new Set(['GroupDescription', 'GroupId', 'GroupName', 'Id', 'SecurityGroupEgress', 'SecurityGroupIngress', 'Tags', 'VpcId']),
}

/** What CloudFormation accepts as a logical ID (of a resource, a parameter). */
const LOGICAL_ID = /^[A-Za-z0-9]+$/

const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs'])

export interface Resource {
  logicalId: string
  type: string
  /** Position of the logical id (the resource's first line). */
  pos: Position
  node: TemplateNode
  condition?: string
}

/** What a resource's Ref and Fn::GetAtt give: the builder knows the modelled resource types. */
export interface ResourceSemantics {
  ref(resource: Resource): Value | undefined
  getAtt(resource: Resource, attribute: string, pos: Position): Value | undefined
}

export interface ResolveOptions {
  parameters: Record<string, string>
  region?: string
}

/**
 * An AllowedPattern is the template's own regular expression, matched against parameter values: run by a
 * backtracking engine, a pattern such as `(a+)+$` takes exponential time on a value like `aaaa…!` and the
 * audit would hang. So it runs on V8's linear-time engine (the `l` flag, which this enables), whose work is
 * bounded by pattern size × value length whatever the pattern; it takes what AllowedPatterns use (classes,
 * groups, alternation, repetition). A pattern it cannot run in linear time (a backreference, a lookaround, a
 * huge counted repetition), or that JavaScript does not parse (Java-only syntax), is not checked here:
 * CloudFormation checks it at deploy, where a value it refuses stops the deploy rather than changes the network.
 */
function linearTimePattern(source: string): RegExp | undefined {
  setFlagsFromString('--enable-experimental-regexp-engine')
  try {
    // eslint-disable-next-line no-invalid-regexp -- `l` (linear) is V8's, enabled by the flag above
    return new RegExp(source, 'l')
  } catch {
    return undefined
  }
}

export function unknown(cause: string, pos: Position): Value {
  return {kind: 'unknown', cause, pos}
}

function scalar(value: string | number | boolean | null, pos: Position): Value {
  return {kind: 'scalar', value, pos}
}

function partitionOf(region: string): {partition: string; suffix: string} {
  if (region.startsWith('cn-')) return {partition: 'aws-cn', suffix: 'amazonaws.com.cn'}
  if (region.startsWith('us-gov-')) return {partition: 'aws-us-gov', suffix: 'amazonaws.com'}
  return {partition: 'aws', suffix: 'amazonaws.com'}
}

export class TemplateContext {
  readonly file: string
  readonly resources = new Map<string, Resource>()
  private readonly parameters = new Map<string, Value>()
  private readonly conditionNodes = new Map<string, TemplateNode>()
  private readonly conditionValues = new Map<string, boolean | Value>()
  private readonly evaluatingConditions: string[] = []
  private readonly mappings?: TemplateNode
  semantics?: ResourceSemantics

  constructor(
    readonly template: ParsedTemplate,
    readonly options: ResolveOptions,
  ) {
    this.file = template.file
    const root = template.root
    const transform = member(root, 'Transform')
    if (transform) {
      // Macros (SAM, language extensions) rewrite the template at deploy; only CloudFormation can expand them.
      throw this.error(
        transform.pos,
        'a template with a Transform is expanded by CloudFormation at deploy: audit the processed template (aws cloudformation get-template --template-stage Processed, or sam build)',
      )
    }
    const resources = member(root, 'Resources')
    if (resources?.kind !== 'map' || resources.entries.length === 0) throw this.error(resources?.pos ?? root.pos, 'the template has no Resources section (a map of at least one resource)')
    for (const entry of resources.entries) {
      // "The logical ID must be alphanumeric (A-Za-z0-9) and unique within the template" (CloudFormation User
      // Guide, Resources section): anything else CloudFormation refuses, and it would reach reports and ids.
      if (!LOGICAL_ID.test(entry.key)) throw this.error(entry.keyPos, `resource ${shown(entry.key)}: a logical ID is alphanumeric (A-Za-z0-9)`)
      const properties = member(entry.value, 'Properties')
      if (properties && properties.kind !== 'map' && !(properties.kind === 'scalar' && properties.value === null))
        throw this.error(properties.pos, `resource ${entry.key}: Properties must be a map of property names to values`)
      const type = member(entry.value, 'Type')
      if (type?.kind !== 'scalar' || typeof type.value !== 'string') throw this.error(entry.keyPos, `resource ${entry.key} has no Type`)
      const condition = member(entry.value, 'Condition')
      if (condition && (condition.kind !== 'scalar' || typeof condition.value !== 'string')) throw this.error(condition.pos, `resource ${entry.key}: Condition must be a condition name`)
      this.resources.set(entry.key, {logicalId: entry.key, type: type.value, pos: entry.keyPos, node: entry.value, condition: condition?.kind === 'scalar' ? String(condition.value) : undefined})
    }
    const conditions = member(root, 'Conditions')
    if (conditions?.kind === 'map') for (const entry of conditions.entries) this.conditionNodes.set(entry.key, entry.value)
    this.mappings = member(root, 'Mappings')
    this.readParameters()
    this.checkReferences()
  }

  error(pos: Position | undefined, problem: string): TemplateError {
    return new TemplateError(this.file, pos, problem)
  }

  // -------------------------------------------------------------------------------------------
  // Parameters

  private readParameters(): void {
    const section = member(this.template.root, 'Parameters')
    const declared = new Set(section?.kind === 'map' ? section.entries.map((entry) => entry.key) : [])
    for (const key of Object.keys(this.options.parameters)) {
      if (!declared.has(key)) throw this.error(undefined, `parameter ${key}: the template declares no such parameter (it has: ${[...declared].join(', ') || 'none'})`)
    }
    if (section?.kind !== 'map') return
    for (const entry of section.entries) {
      // Parameter names are logical IDs too, with the same rule (User Guide, Parameters section).
      if (!LOGICAL_ID.test(entry.key)) throw this.error(entry.keyPos, `parameter ${shown(entry.key)}: a logical ID is alphanumeric (A-Za-z0-9)`)
      const spec = entry.value
      const typeNode = member(spec, 'Type')
      const type = typeNode?.kind === 'scalar' ? String(typeNode.value) : 'String'
      const given = this.options.parameters[entry.key]
      const defaultNode = member(spec, 'Default')
      let text: string | undefined
      let pos = entry.keyPos
      let where: string
      if (given !== undefined) {
        text = given
        where = `parameter ${entry.key}=${given}`
      } else if (defaultNode?.kind === 'scalar' && defaultNode.value !== null) {
        text = String(defaultNode.value)
        pos = defaultNode.pos
        where = `the Default of parameter ${entry.key}`
      } else if (defaultNode?.kind === 'seq') {
        text = defaultNode.items.map((item) => (item.kind === 'scalar' ? String(item.value) : '')).join(',')
        pos = defaultNode.pos
        where = `the Default of parameter ${entry.key}`
      } else {
        this.parameters.set(entry.key, unknown(`parameter ${entry.key} has no Default and no value was given`, entry.keyPos))
        continue
      }
      this.checkParameter(entry.key, spec, text, given !== undefined ? undefined : pos, where)
      if (type.startsWith('AWS::SSM::Parameter::Value<')) {
        this.parameters.set(entry.key, unknown(`parameter ${entry.key} is read from SSM parameter ${text} at deploy`, entry.keyPos))
      } else if (type.startsWith('List<') || type === 'CommaDelimitedList') {
        this.parameters.set(entry.key, {kind: 'seq', items: text === '' ? [] : text.split(',').map((item) => scalar(item.trim(), pos)), pos})
      } else {
        this.parameters.set(entry.key, scalar(text, pos))
      }
    }
  }

  private checkParameter(name: string, spec: TemplateNode, text: string, pos: Position | undefined, where: string): void {
    const fail = (problem: string): never => {
      throw this.error(pos, `${where}: ${problem}`)
    }
    const allowed = member(spec, 'AllowedValues')
    if (allowed?.kind === 'seq' && !allowed.items.some((item) => item.kind === 'scalar' && String(item.value) === text)) {
      fail(`not one of the AllowedValues (${allowed.items.map((item) => (item.kind === 'scalar' ? String(item.value) : '?')).join(', ')})`)
    }
    const pattern = member(spec, 'AllowedPattern')
    if (pattern?.kind === 'scalar' && typeof pattern.value === 'string') {
      // CloudFormation matches the whole value (Java regular expressions; these are compatible).
      const regex = linearTimePattern(`^(?:${pattern.value})$`)
      if (regex && !regex.test(text)) {
        const constraint = member(spec, 'ConstraintDescription')
        fail(`does not match the AllowedPattern ${pattern.value}${constraint?.kind === 'scalar' ? ` (${String(constraint.value)})` : ''}`)
      }
    }
    const typeNode = member(spec, 'Type')
    if (typeNode?.kind === 'scalar' && typeNode.value === 'Number' && !/^-?\d+(\.\d+)?$/.test(text)) fail('expected a number (the parameter is of Type Number)')
    for (const [key, test] of [
      ['MinValue', (n: number) => Number(text) >= n],
      ['MaxValue', (n: number) => Number(text) <= n],
      ['MinLength', (n: number) => text.length >= n],
      ['MaxLength', (n: number) => text.length <= n],
    ] as const) {
      const bound = member(spec, key)
      if (bound?.kind === 'scalar' && typeof bound.value !== 'boolean' && bound.value !== null && !test(Number(bound.value))) fail(`outside ${key} ${String(bound.value)}`)
    }
    void name
  }

  // -------------------------------------------------------------------------------------------
  // Static checks: every Ref and Fn::GetAtt names something, every function is known, no cycles.

  private checkReferences(): void {
    const edges = new Map<string, {target: string; pos: Position}[]>()
    const visit = (node: TemplateNode, from: string | undefined): void => {
      if (node.kind === 'seq') return node.items.forEach((item) => visit(item, from))
      if (node.kind !== 'map') return
      if (node.entries.length === 1) {
        const [{key, value, keyPos}] = node.entries as [{key: string; keyPos: Position; value: TemplateNode}]
        if (key === 'Ref') {
          const name = value.kind === 'scalar' ? String(value.value) : ''
          if (!this.resources.has(name) && !this.parameters.has(name) && !PSEUDO.has(name) && !this.declaredParameter(name)) {
            throw this.error(value.pos, `Ref ${name}: no parameter, resource or pseudo parameter of that name`)
          }
          if (from && this.resources.has(name)) edges.get(from)!.push({target: name, pos: value.pos})
          return
        }
        if (key === 'Fn::GetAtt') {
          const [name, attribute] = this.getAttParts(value)
          if (!this.resources.has(name)) throw this.error(value.pos, `Fn::GetAtt ${name}: no resource of that name`)
          this.checkAttribute(name, attribute, value.pos)
          if (from) edges.get(from)!.push({target: name, pos: value.pos})
          return
        }
        if (key === 'Fn::Sub') {
          const [text, vars] = value.kind === 'seq' ? [value.items[0], value.items[1]] : [value, undefined]
          const local = new Set(vars?.kind === 'map' ? vars.entries.map((entry) => entry.key) : [])
          if (text?.kind === 'scalar' && typeof text.value === 'string') {
            for (const match of text.value.matchAll(/\$\{([^}!][^}]*)\}/g)) {
              const name = match[1]!.trim()
              if (local.has(name)) continue
              const base = name.includes('.') ? name.split('.')[0]! : name
              if (!this.resources.has(base) && !PSEUDO.has(name) && !this.declaredParameter(name))
                throw this.error(text.pos, `Fn::Sub \${${name}}: no parameter, resource or pseudo parameter of that name`)
              if (name.includes('.') && this.resources.has(base)) this.checkAttribute(base, name.slice(base.length + 1), text.pos)
              if (from && this.resources.has(base)) edges.get(from)!.push({target: base, pos: text.pos})
            }
          }
          if (vars) visit(vars, from)
          return
        }
        if (key.startsWith('Fn::') && !INTRINSICS.has(key)) throw this.error(keyPos, `unknown intrinsic function ${key}`)
      }
      for (const entry of node.entries) visit(entry.value, from)
    }
    for (const resource of this.resources.values()) {
      edges.set(resource.logicalId, [])
      const dependsOn = member(resource.node, 'DependsOn')
      const names = dependsOn?.kind === 'seq' ? dependsOn.items : dependsOn ? [dependsOn] : []
      for (const name of names) {
        const text = name.kind === 'scalar' ? String(name.value) : ''
        if (!this.resources.has(text)) throw this.error(name.pos, `DependsOn ${text}: no resource of that name`)
        edges.get(resource.logicalId)!.push({target: text, pos: name.pos})
      }
      const properties = member(resource.node, 'Properties')
      if (properties) visit(properties, resource.logicalId)
      if (resource.condition && !this.conditionNodes.has(resource.condition))
        throw this.error(member(resource.node, 'Condition')!.pos, `Condition ${resource.condition}: no condition of that name in Conditions`)
    }
    for (const section of ['Outputs', 'Conditions'] as const) {
      const node = member(this.template.root, section)
      if (node) visit(node, undefined)
    }
    // Dependency cycles: CloudFormation refuses them ("Circular dependency between resources").
    const state = new Map<string, 'open' | 'done'>()
    const stack: {id: string; pos?: Position}[] = []
    const dfs = (id: string, pos?: Position): void => {
      if (state.get(id) === 'done') return
      if (state.get(id) === 'open') {
        const start = stack.findIndex((frame) => frame.id === id)
        const cycle = [...stack.slice(start).map((frame) => frame.id), id]
        throw this.error(pos, `circular dependency between resources: ${cycle.join(' → ')}`)
      }
      state.set(id, 'open')
      stack.push({id, pos})
      for (const edge of edges.get(id) ?? []) dfs(edge.target, edge.pos)
      stack.pop()
      state.set(id, 'done')
    }
    for (const id of this.resources.keys()) dfs(id)
  }

  /** Refuses an Fn::GetAtt attribute the resource's type does not have (for the types in SCHEMA_PROPERTIES). */
  private checkAttribute(name: string, attribute: string, pos: Position): void {
    const type = this.resources.get(name)!.type
    const known = SCHEMA_PROPERTIES[type]
    if (!known || attribute === '' || known.has(attribute.split('.')[0]!)) return
    throw this.error(pos, `Fn::GetAtt ${name}.${attribute}: ${type} has no attribute of that name`)
  }

  private declaredParameter(name: string): boolean {
    const section = member(this.template.root, 'Parameters')
    return section?.kind === 'map' && section.entries.some((entry) => entry.key === name)
  }

  private getAttParts(value: TemplateNode): [string, string] {
    if (value.kind === 'scalar' && typeof value.value === 'string') {
      const dot = value.value.indexOf('.')
      if (dot > 0) return [value.value.slice(0, dot), value.value.slice(dot + 1)]
    }
    if (value.kind === 'seq' && value.items.length === 2 && value.items[0]!.kind === 'scalar') {
      const attribute = value.items[1]!
      return [String(value.items[0]!.value), attribute.kind === 'scalar' ? String(attribute.value) : '']
    }
    throw this.error(value.pos, 'Fn::GetAtt takes [Resource, Attribute] or "Resource.Attribute"')
  }

  // -------------------------------------------------------------------------------------------
  // Conditions

  /** true / false, or an unknown value when the condition depends on what is known only at deploy. */
  condition(name: string, pos: Position): boolean | Value {
    const cached = this.conditionValues.get(name)
    if (cached !== undefined) return cached
    const node = this.conditionNodes.get(name)
    if (!node) throw this.error(pos, `Condition ${name}: no condition of that name in Conditions`)
    if (this.evaluatingConditions.includes(name)) throw this.error(pos, `circular condition: ${[...this.evaluatingConditions, name].join(' → ')}`)
    this.evaluatingConditions.push(name)
    const value = this.conditionExpression(node)
    this.evaluatingConditions.pop()
    this.conditionValues.set(name, value)
    return value
  }

  private conditionExpression(node: TemplateNode): boolean | Value {
    if (node.kind !== 'map' || node.entries.length !== 1) throw this.error(node.pos, 'a condition is one of Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition')
    const [{key, value}] = node.entries as [{key: string; keyPos: Position; value: TemplateNode}]
    const args = value.kind === 'seq' ? value.items : [value]
    switch (key) {
      case 'Condition':
        return this.condition(String(value.kind === 'scalar' ? value.value : ''), value.pos)
      case 'Fn::Equals': {
        if (args.length !== 2) throw this.error(value.pos, 'Fn::Equals takes two values')
        const [a, b] = args.map((arg) => this.evaluate(arg)) as [Evaluated, Evaluated]
        if (a === NO_VALUE || b === NO_VALUE) throw this.error(value.pos, 'Fn::Equals cannot compare AWS::NoValue')
        if (a.kind === 'unknown') return a
        if (b.kind === 'unknown') return b
        return JSON.stringify(plainOf(a)) === JSON.stringify(plainOf(b)) || (a.kind === 'scalar' && b.kind === 'scalar' && String(a.value) === String(b.value))
      }
      case 'Fn::Not': {
        const inner = this.conditionExpression(args[0]!)
        return typeof inner === 'boolean' ? !inner : inner
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = args.map((arg) => this.conditionExpression(arg))
        const decisive = key === 'Fn::And' ? false : true
        if (values.includes(decisive)) return decisive
        return values.find((item) => typeof item !== 'boolean') ?? !decisive
      }
      default:
        throw this.error(node.pos, `${key} is not a condition function (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition)`)
    }
  }

  /** Is the resource created? true, false, or unknown (its condition depends on deploy-time values). */
  exists(resource: Resource): boolean | Value {
    if (!resource.condition) return true
    return this.condition(resource.condition, member(resource.node, 'Condition')!.pos)
  }

  // -------------------------------------------------------------------------------------------
  // Values

  /** The resolved value of a node; AWS::NoValue as undefined. */
  resolve(node: TemplateNode | undefined): Value | undefined {
    if (!node) return undefined
    const value = this.evaluate(node)
    return value === NO_VALUE ? undefined : value
  }

  private evaluate(node: TemplateNode): Evaluated {
    if (node.kind === 'scalar') return dynamicReference(node)
    if (node.kind === 'seq') {
      const items: Value[] = []
      for (const item of node.items) {
        const value = this.evaluate(item)
        if (value !== NO_VALUE) items.push(value)
      }
      return {kind: 'seq', items, pos: node.pos}
    }
    if (node.entries.length === 1 && (INTRINSICS.has(node.entries[0]!.key) || node.entries[0]!.key.startsWith('Fn::'))) return this.intrinsic(node.entries[0]!.key, node.entries[0]!.value, node.pos)
    const entries: {key: string; keyPos: Position; value: Value}[] = []
    for (const entry of node.entries) {
      const value = this.evaluate(entry.value)
      if (value !== NO_VALUE) entries.push({key: entry.key, keyPos: entry.keyPos, value})
    }
    return {kind: 'map', entries, pos: node.pos}
  }

  private ref(name: string, pos: Position): Evaluated {
    const region = this.options.region
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE
      case 'AWS::Region':
        return region ? scalar(region, pos) : unknown('AWS::Region (no Region given)', pos)
      case 'AWS::Partition':
        return region ? scalar(partitionOf(region).partition, pos) : unknown('AWS::Partition (no Region given)', pos)
      case 'AWS::URLSuffix':
        return region ? scalar(partitionOf(region).suffix, pos) : unknown('AWS::URLSuffix (no Region given)', pos)
      case 'AWS::AccountId':
      case 'AWS::StackName':
      case 'AWS::StackId':
      case 'AWS::NotificationARNs':
        return unknown(name, pos)
    }
    const parameter = this.parameters.get(name)
    if (parameter) return parameter.kind === 'unknown' ? parameter : {...parameter, pos: parameter.kind === 'scalar' ? pos : parameter.pos}
    const resource = this.resources.get(name)
    if (!resource) throw this.error(pos, `Ref ${name}: no parameter, resource or pseudo parameter of that name`)
    const exists = this.exists(resource)
    if (exists === false) throw this.error(pos, `Ref ${name}: the resource is not created (its Condition ${resource.condition} is false)`)
    const value = this.semantics?.ref(resource)
    return value ? {...value, pos} : unknown(`Ref ${name} (${resource.type}), assigned by AWS at deploy`, pos)
  }

  private intrinsic(key: string, arg: TemplateNode, pos: Position): Evaluated {
    const args = arg.kind === 'seq' ? arg.items : [arg]
    const need = (count: number): void => {
      if (arg.kind !== 'seq' || arg.items.length < count) throw this.error(pos, `${key} takes a list of ${count} arguments`)
    }
    switch (key) {
      case 'Ref':
        return this.ref(arg.kind === 'scalar' ? String(arg.value) : '', pos)
      case 'Condition': {
        const value = this.condition(arg.kind === 'scalar' ? String(arg.value) : '', arg.pos)
        return typeof value === 'boolean' ? scalar(value, pos) : value
      }
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or': {
        const value = this.conditionExpression({kind: 'map', entries: [{key, keyPos: pos, value: arg}], pos})
        return typeof value === 'boolean' ? scalar(value, pos) : value
      }
      case 'Fn::GetAtt': {
        const [name, attribute] = this.getAttParts(arg)
        const resource = this.resources.get(name)
        if (!resource) throw this.error(arg.pos, `Fn::GetAtt ${name}: no resource of that name`)
        if (this.exists(resource) === false) throw this.error(arg.pos, `Fn::GetAtt ${name}.${attribute}: the resource is not created (its Condition ${resource.condition} is false)`)
        const value = this.semantics?.getAtt(resource, attribute, pos)
        return value ?? unknown(`${name}.${attribute} (${resource.type}), assigned by AWS at deploy`, pos)
      }
      case 'Fn::Sub':
        return this.sub(arg, pos)
      case 'Fn::If': {
        need(3)
        const name = args[0]!.kind === 'scalar' ? String(args[0]!.value) : ''
        const decided = this.condition(name, args[0]!.pos)
        if (typeof decided !== 'boolean') return unknown(`condition ${name}: ${decided.kind === 'unknown' ? decided.cause : 'unknown'}`, pos)
        return this.evaluate(decided ? args[1]! : args[2]!)
      }
      case 'Fn::Join': {
        need(2)
        const delimiter = this.text(this.evaluate(args[0]!), pos)
        const list = this.evaluate(args[1]!)
        if (typeof delimiter !== 'string') return delimiter
        if (list === NO_VALUE) return scalar('', pos)
        if (list.kind === 'unknown') return list
        if (list.kind !== 'seq') throw this.error(pos, 'Fn::Join takes [delimiter, [values…]]')
        const parts: string[] = []
        for (const item of list.items) {
          const text = this.text(item, pos)
          if (typeof text !== 'string') return text
          parts.push(text)
        }
        return dynamicReference(scalar(parts.join(delimiter), pos))
      }
      case 'Fn::Select': {
        need(2)
        const index = this.evaluate(args[0]!)
        const list = this.evaluate(args[1]!)
        if (index === NO_VALUE || list === NO_VALUE) throw this.error(pos, 'Fn::Select on AWS::NoValue')
        if (index.kind === 'unknown') return index
        if (list.kind === 'unknown') return unknown(list.cause, pos)
        if (index.kind !== 'scalar' || list.kind !== 'seq') throw this.error(pos, 'Fn::Select takes [index, [values…]]')
        const item = list.items[Number(index.value)]
        if (!item) throw this.error(pos, `Fn::Select index ${String(index.value)} is outside the list of ${list.items.length}`)
        return item
      }
      case 'Fn::Split': {
        need(2)
        const delimiter = this.text(this.evaluate(args[0]!), pos)
        const source = this.text(this.evaluate(args[1]!), pos)
        if (typeof delimiter !== 'string') return delimiter
        if (typeof source !== 'string') return source
        return {kind: 'seq', items: source.split(delimiter).map((item) => scalar(item, pos)), pos}
      }
      case 'Fn::GetAZs':
        return unknown("the account's availability zones (Fn::GetAZs)", pos)
      case 'Fn::Cidr': {
        need(3)
        const values = args.slice(0, 3).map((item) => this.text(this.evaluate(item), pos))
        const bad = values.find((item) => typeof item !== 'string')
        if (bad !== undefined) return bad as Value
        return this.cidr(values as string[], pos)
      }
      case 'Fn::FindInMap': {
        need(3)
        const keys = args.slice(0, 3).map((item) => this.text(this.evaluate(item), pos))
        const bad = keys.find((item) => typeof item !== 'string')
        if (bad !== undefined) return bad as Value
        const [map, top, second] = keys as [string, string, string]
        const mapping = member(this.mappings, map)
        if (!mapping) throw this.error(pos, `Fn::FindInMap: no mapping ${map} in Mappings`)
        const level = member(mapping, top)
        if (!level) throw this.error(pos, `Fn::FindInMap: mapping ${map} has no key ${top}`)
        const found = member(level, second)
        if (!found) throw this.error(pos, `Fn::FindInMap: mapping ${map}.${top} has no key ${second}`)
        return this.evaluate(found)
      }
      case 'Fn::Base64': {
        const text = this.text(this.evaluate(arg), pos)
        return typeof text === 'string' ? scalar(Buffer.from(text, 'utf8').toString('base64'), pos) : text
      }
      case 'Fn::ImportValue': {
        const name = this.text(this.evaluate(arg), pos)
        return unknown(`Fn::ImportValue ${typeof name === 'string' ? name : '(a computed name)'}`, pos)
      }
      case 'Fn::Transform':
        return unknown('Fn::Transform (a macro runs at deploy)', pos)
      default:
        throw this.error(pos, `unknown intrinsic function ${key}`)
    }
  }

  /** A scalar as text, or the unknown value that prevents it. */
  private text(value: Evaluated, pos: Position): string | Value {
    if (value === NO_VALUE) throw this.error(pos, 'AWS::NoValue where a value is needed')
    if (value.kind === 'unknown') return value
    if (value.kind !== 'scalar') throw this.error(value.pos, `expected a string, got a ${value.kind === 'seq' ? 'list' : 'map'}`)
    return value.value === null ? '' : String(value.value)
  }

  private sub(arg: TemplateNode, pos: Position): Evaluated {
    const [template, vars] = arg.kind === 'seq' ? [arg.items[0], arg.items[1]] : [arg, undefined]
    if (template?.kind !== 'scalar' || typeof template.value !== 'string') throw this.error(pos, 'Fn::Sub takes a string, or [string, {variables}]')
    const local = new Map<string, TemplateNode>(vars?.kind === 'map' ? vars.entries.map((entry) => [entry.key, entry.value]) : [])
    let failed: Value | undefined
    const text = template.value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (failed) return whole
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`
      const name = inner.trim()
      let value: Evaluated
      const bound = local.get(name)
      if (bound) value = this.evaluate(bound)
      else if (name.includes('.') && !PSEUDO.has(name)) {
        const dot = name.indexOf('.')
        value = this.intrinsic(
          'Fn::GetAtt',
          {
            kind: 'seq',
            items: [
              {kind: 'scalar', value: name.slice(0, dot), pos},
              {kind: 'scalar', value: name.slice(dot + 1), pos},
            ],
            pos,
          },
          pos,
        )
      } else value = this.ref(name, pos)
      const resolved = this.text(value, pos)
      if (typeof resolved !== 'string') {
        failed = resolved
        return whole
      }
      return resolved
    })
    return failed ? unknown(failed.kind === 'unknown' ? failed.cause : 'Fn::Sub', pos) : dynamicReference(scalar(text, pos))
  }

  private cidr([block, countText, bitsText]: string[], pos: Position): Value {
    const count = Number(countText)
    const bits = Number(bitsText)
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number]
    try {
      parsed = ipaddr.parseCIDR(block!)
    } catch {
      throw this.error(pos, `Fn::Cidr: ${block} is not a CIDR block`)
    }
    const [address, prefix] = parsed
    const width = address.kind() === 'ipv4' ? 32 : 128
    const newPrefix = width - bits
    if (!Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(bits) || newPrefix < prefix || bits < 0) {
      throw this.error(pos, `Fn::Cidr [${block}, ${countText}, ${bitsText}]: expected 1-256 blocks of ${bitsText} host bits inside ${block}`)
    }
    if (count > 2 ** (newPrefix - prefix)) throw this.error(pos, `Fn::Cidr: ${block} holds fewer than ${count} blocks of /${newPrefix}`)
    const bytes = address.toByteArray()
    let base = 0n
    for (const byte of bytes) base = (base << 8n) | BigInt(byte)
    const hostMask = (1n << BigInt(width - prefix)) - 1n
    base &= ~hostMask
    const items: Value[] = []
    for (let index = 0; index < count; index++) {
      let value = base + (BigInt(index) << BigInt(bits))
      const out: number[] = []
      for (let byte = 0; byte < width / 8; byte++) {
        out.unshift(Number(value & 0xffn))
        value >>= 8n
      }
      items.push(scalar(`${ipaddr.fromByteArray(out).toString()}/${newPrefix}`, pos))
    }
    return {kind: 'seq', items, pos}
  }
}

/**
 * A dynamic reference (`{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`, `{{resolve:secretsmanager:…}}`) in a
 * string, as the whole value or part of it: CloudFormation reads the stored value at deploy ("Get values stored
 * in other services using dynamic references"), so the string is unknown before deploy, like Fn::ImportValue.
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):[!-|~]+\}\}/

function dynamicReference<T extends Value>(value: T): T | Value {
  if (value.kind !== 'scalar' || typeof value.value !== 'string') return value
  const match = DYNAMIC_REFERENCE.exec(value.value)
  return match ? unknown(`the dynamic reference ${match[0]}, read by CloudFormation at deploy`, value.pos) : value
}

/** A resolved value as plain JSON (for policy documents and comparisons); unknown parts as their cause. */
export function plainOf(value: Value): unknown {
  switch (value.kind) {
    case 'scalar':
      return value.value
    case 'seq':
      return value.items.map(plainOf)
    case 'map':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, plainOf(entry.value)]))
    case 'unknown':
      return {unknownBeforeDeploy: value.cause}
  }
}

/** The first unknown inside a value, if any. */
export function firstUnknown(value: Value | undefined): Extract<Value, {kind: 'unknown'}> | undefined {
  if (!value) return undefined
  if (value.kind === 'unknown') return value
  if (value.kind === 'seq')
    for (const item of value.items) {
      const found = firstUnknown(item)
      if (found) return found
    }
  if (value.kind === 'map')
    for (const entry of value.entries) {
      const found = firstUnknown(entry.value)
      if (found) return found
    }
  return undefined
}
