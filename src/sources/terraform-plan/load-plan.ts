/**
 * `--terraform-plan FILE`: the JSON of a saved plan (`terraform plan -out plan.out && terraform show -json
 * plan.out > plan.json`), read into the network model. The .tf files next to the plan (and local module
 * sources) give findings their file and line.
 */
import {InvalidEndpoint} from '../../errors.js'
import type {NetworkModel} from '../../model/network-model.js'
import {readInputPath, readJsonFile} from '../snapshot/load-snapshot.js'
import {buildModel} from './build-model.js'
import {readPlan} from './plan.js'

export function loadTerraformPlan(file: string): NetworkModel {
  const value = readInputPath('terraformPlan', file, 'no such file', readJsonFile)
  return buildModel(readPlan(value, file))
}

const ADDRESS = /^((?:module\.[A-Za-z0-9_-]+(?:\[(?:\d+|"[^"]*")\])?\.)*aws_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[(?:\d+|"[^"]*")\])?)(?=$|:)/

/**
 * `aws_instance.bastion`, `aws_security_group.x`, `aws_emr_cluster.this[0]:primary:22` → the ids the
 * plan's resources have in the model (stand-ins until apply). Text without an address is returned as is.
 */
export function addressesToIds(model: NetworkModel, text: string, end: 'from' | 'to'): string {
  const match = ADDRESS.exec(text.trim())
  if (!match) return text
  const address = match[1]!
  const named = [
    ...model.data.instances.filter((instance) => !instance.tags.some((tag) => tag.key === 'aws:elasticmapreduce:job-flow-id')),
    ...model.data.securityGroups.filter((group) => group.name !== 'default'),
    ...model.data.clusters,
  ]
  const found = named.find((item) => item.origin?.location?.address === address)
  if (!found) throw new InvalidEndpoint(address, 'no aws_instance, aws_security_group or aws_emr_cluster with this address in the plan', end)
  return `${found.id}${text.trim().slice(address.length)}`
}
