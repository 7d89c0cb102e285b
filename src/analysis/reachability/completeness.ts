/**
 * Whether a security group, network ACL or route table is in the data as AWS will run it. A source
 * can hold such a resource while having lost part of it: a template's rule, entry or route whose value
 * is unknown before deploy (Fn::ImportValue, a Condition on a parameter without a value), a Terraform
 * attribute known only after apply. The source records that against the resource when it knows which
 * one lost something, otherwise against the whole dataset; either way the engine cannot judge it.
 */
import {type DatasetKey, datasetKey} from '../../model/datasets.js'
import type {NetworkModel} from '../../model/network-model.js'

export type FilteringDataset = Extract<DatasetKey, 'securityGroups' | 'networkAcls' | 'routeTables'>

const ONE: Record<FilteringDataset, string> = {securityGroups: 'security group', networkAcls: 'network ACL', routeTables: 'route table'}
const ALL: Record<FilteringDataset, string> = {securityGroups: 'security groups', networkAcls: 'network ACLs', routeTables: 'route tables'}

/**
 * Why `id` may not be complete in the data, in words naming what is missing (`security groups: unknown
 * before deploy: Fn::ImportValue shared-admin-cidr (…, line 470)`); undefined when it is complete.
 */
export function incompleteness(model: NetworkModel, dataset: FilteringDataset, id: string): string | undefined {
  const own = model.data.availability[datasetKey(dataset, id)]
  if (own) return own.present ? undefined : `${ONE[dataset]} ${id}: ${own.reason ?? 'incomplete'}`
  const whole = model.availability(dataset)
  // Recorded for the dataset only: the source could not say which resource lost something, so any may have.
  return whole.present ? undefined : `${ALL[dataset]}: ${whole.reason ?? 'incomplete'}`
}
