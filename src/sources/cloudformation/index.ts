/** `--template FILE`: a CloudFormation template (YAML or JSON) as the network model the audit and reach judge. */
import {UserError} from '../../errors.js'
import type {NetworkModel} from '../../model/network-model.js'
import {buildTemplateModel} from './build.js'
import {readTemplate} from './parse.js'

export {PUBLIC_IP_UNKNOWN, physicalId} from './build.js'
export {TemplateError} from './parse.js'

export interface LoadTemplateOptions {
  /** `--parameter Key=Value`, repeatable. */
  parameters?: string[]
  /** AWS::Region; unknown when not given. */
  region?: string
}

/** `Key=Value` pairs; the value may itself contain `=`. */
export function parseParameterFlags(values: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0) throw new ParameterFlagError(value)
    parameters[value.slice(0, at)] = value.slice(at + 1)
  }
  return parameters
}

export class ParameterFlagError extends UserError {
  constructor(readonly value: string) {
    super(`--parameter ${value}: expected Key=Value, e.g. --parameter AdminCidr=203.0.113.0/24`)
  }
}

export interface LoadedTemplate {
  model: NetworkModel
  /** Logical id → the physical id it stands for in the model (`Bastion` → `i-0…`). */
  physicalIds: Map<string, string>
}

export function loadTemplate(file: string, options: LoadTemplateOptions = {}): LoadedTemplate {
  return buildTemplateModel(readTemplate(file), {parameters: parseParameterFlags(options.parameters ?? []), region: options.region})
}

/**
 * Lets a user name template resources by logical id where an id is expected: `Bastion` → `i-0…`,
 * `Cluster:primary:22` → `j-…:primary:22`. Anything else is returned as it is.
 */
export function withPhysicalIds(text: string | undefined, physicalIds: Map<string, string>): string | undefined {
  if (text === undefined) return undefined
  const match = /^([A-Za-z0-9]+)(:.*)?$/.exec(text.trim())
  const physical = match ? physicalIds.get(match[1]!) : undefined
  return physical ? `${physical}${match![2] ?? ''}` : text
}
