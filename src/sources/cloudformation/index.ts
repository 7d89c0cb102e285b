/** A CloudFormation template (YAML or JSON) as the network model the audit and reach judge. */
import type {NetworkModel} from '../../model/network-model.js'
import {buildTemplateModel} from './build.js'
import {readTemplate} from './parse.js'

export {PUBLIC_IP_UNKNOWN, physicalId} from './build.js'
export {TemplateError} from './parse.js'

export interface LoadTemplateOptions {
  /** Parameter values by name; the rest take their Default or are unknown before deploy. */
  parameters?: Record<string, string>
  /** AWS::Region; unknown when not given. */
  region?: string
}

export interface LoadedTemplate {
  model: NetworkModel
  /** Logical id → the physical id it stands for in the model (`Bastion` → `i-0…`). */
  physicalIds: Map<string, string>
}

export function loadTemplate(file: string, options: LoadTemplateOptions = {}): LoadedTemplate {
  return buildTemplateModel(readTemplate(file), {parameters: options.parameters ?? {}, region: options.region})
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
