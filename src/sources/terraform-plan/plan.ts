/**
 * A saved plan as `terraform show -json plan.out` prints it (format_version 1.x): the planned resources
 * (planned_values, root and child modules), what is unknown until apply (resource_changes[].change
 * .after_unknown), and the configuration's expressions (which resources an unknown attribute refers to).
 * Every shape problem is one line naming the file and the JSON pointer.
 */
import {dirname, join, resolve} from 'node:path'
import {shown} from '../aws-json/formats.js'
import {Node} from '../aws-json/shape.js'
import {type DeclaredAt, scanResourceHeaders} from './locations.js'

export interface PlanResource {
  /** Full instance address: `module.net.aws_security_group.x["k"]`. */
  address: string
  /** Address of the configuration block: `module.net.aws_security_group.x`. */
  blockAddress: string
  /** `module.net` (instance keys dropped: `module.net["a"]` → `module.net`), '' for the root module. */
  modulePath: string
  type: string
  name: string
  /** The planned values (change.after): attribute → value; unknown attributes are absent or null. */
  values: Node
  /** change.after_unknown: the same shape, `true` where the value is known only after apply. */
  unknown: unknown
  /** The configuration block's expressions, when the plan has them. */
  expressions?: Record<string, unknown>
  declaredAt?: DeclaredAt
}

export interface TerraformPlan {
  file: string
  resources: PlanResource[]
  byAddress: Map<string, PlanResource>
  /** Block address → its instances (one, or one per count index / for_each key). */
  byBlock: Map<string, PlanResource[]>
}

/** `module.a["x"].module.b[0]` → `module.a.module.b`. */
function stripInstanceKeys(modulePath: string): string {
  return modulePath.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '')
}

export function readPlan(value: unknown, file: string): TerraformPlan {
  const root = new Node(value, file, '')
  root.object()
  const version = root.get('format_version')
  const formatVersion = version.value
  if (typeof formatVersion !== 'string') return version.fail('expected a string "format_version": is this the output of `terraform show -json plan.out`?')
  if (!/^1\.\d+$/.test(formatVersion)) version.fail(`format_version ${JSON.stringify(formatVersion)} is not supported (expected 1.x)`)
  const planned = root.get('planned_values')
  if (planned.isMissing()) planned.fail('expected an object "planned_values": this is not a saved plan (`terraform show -json plan.out`); state files are not read')
  const rootModule = planned.get('root_module')

  const changes = new Map<string, Node>()
  for (const entry of root.list('resource_changes')) {
    // A deposed object (create_before_destroy) shares its address with the planned one: it is being destroyed.
    if (!entry.get('deposed').isMissing()) continue
    changes.set(entry.str('address'), readChange(entry))
  }

  const configuration = root.get('configuration')
  const blocks = new Map<string, Record<string, unknown>>()
  const moduleDirs = new Map<string, string>()
  const planDir = dirname(resolve(file))
  if (!configuration.isMissing()) readConfigurationModule(configuration.get('root_module'), '', planDir, blocks, moduleDirs)
  else moduleDirs.set('', planDir)

  const headersByDir = new Map<string, Map<string, DeclaredAt>>()
  const declaredAt = (modulePath: string, type: string, name: string): DeclaredAt | undefined => {
    const dir = moduleDirs.get(modulePath)
    if (dir === undefined) return undefined
    let headers = headersByDir.get(dir)
    if (!headers) headersByDir.set(dir, (headers = scanResourceHeaders(dir)))
    return headers.get(`${type}.${name}`)
  }

  const resources: PlanResource[] = []
  const seen = new Map<string, string>()
  const visit = (module: Node): void => {
    if (module.isMissing()) return
    for (const resource of module.list('resources')) {
      if (resource.get('mode').isMissing() ? false : resource.str('mode') !== 'managed') continue
      const address = resource.str('address')
      // Terraform plans each instance once: a second one would double its rules (and its findings).
      const earlier = seen.get(address)
      if (earlier !== undefined) resource.fail(`${address} is planned twice (also at ${earlier})`)
      seen.set(address, resource.pointer)
      const type = resource.str('type')
      const name = resource.str('name')
      const moduleAddress = module.get('address').isMissing() ? '' : module.str('address')
      const modulePath = stripInstanceKeys(moduleAddress)
      const blockAddress = modulePath ? `${modulePath}.${type}.${name}` : `${type}.${name}`
      // Terraform leaves `values` out when every attribute is unknown until apply.
      const given = resource.get('values')
      const values = given.isMissing() ? new Node({}, given.file, given.pointer) : given
      values.object()
      // Terraform lists every planned instance in resource_changes, no-op ones too: without its entry what
      // stays unknown until apply cannot be told, and an unknown attribute would read as not set.
      const change = changes.get(address) ?? resource.fail(`${address} has no entry in resource_changes (what it leaves unknown until apply cannot be told)`)
      resources.push({
        address,
        blockAddress,
        modulePath,
        type,
        name,
        values,
        unknown: change.get('after_unknown').value,
        expressions: blocks.get(blockAddress),
        declaredAt: declaredAt(modulePath, type, name),
      })
    }
    for (const child of module.list('child_modules')) visit(child)
  }
  visit(rootModule)

  const byAddress = new Map(resources.map((resource) => [resource.address, resource]))
  const byBlock = new Map<string, PlanResource[]>()
  for (const resource of resources) {
    const list = byBlock.get(resource.blockAddress)
    if (list) list.push(resource)
    else byBlock.set(resource.blockAddress, [resource])
  }
  return {
    file,
    resources,
    byAddress,
    byBlock,
  }
}

/**
 * A resource_changes entry's `change`, as the JSON Output Format documents it: an object whose
 * `after_unknown` has the shape of `after`, `true` at each value known only after apply.
 */
function readChange(entry: Node): Node {
  const change = entry.get('change')
  if (typeof change.value !== 'object' || change.value === null || Array.isArray(change.value)) change.fail(`expected an object "change", got ${shown(change.value)}`)
  const unknown = change.get('after_unknown')
  if (typeof unknown.value !== 'object' || unknown.value === null || Array.isArray(unknown.value))
    unknown.fail(`expected an object "after_unknown" (the values known only after apply), got ${shown(unknown.value)}`)
  return change
}

function readConfigurationModule(module: Node, path: string, dir: string | undefined, blocks: Map<string, Record<string, unknown>>, moduleDirs: Map<string, string>): void {
  if (module.isMissing()) return
  if (dir !== undefined) moduleDirs.set(path, dir)
  for (const resource of module.list('resources')) {
    const address = resource.str('address')
    const expressions = resource.get('expressions')
    blocks.set(path ? `${path}.${address}` : address, expressions.isMissing() ? {} : expressions.object())
  }
  const calls = module.get('module_calls')
  if (calls.isMissing()) return
  for (const name of Object.keys(calls.object())) {
    const call = calls.get(name)
    const source = call.get('source').isMissing() ? undefined : call.str('source')
    // Only local sources are on disk next to the plan; registry and git modules are not.
    const childDir = dir !== undefined && source && /^\.\.?\//.test(source) ? join(dir, source) : undefined
    readConfigurationModule(call.get('module'), path ? `${path}.module.${name}` : `module.${name}`, childDir, blocks, moduleDirs)
  }
}
