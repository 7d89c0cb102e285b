/**
 * Points findings at the source declaration of the resource they name. Rules set `origin` where they
 * know the precise rule or entry; a path finding names only the blocking component (`sg-…`, `acl-…`,
 * an interface): its origin is that resource's, looked up in the model. Works for any source whose
 * model objects carry an origin (templates, plans, snapshots).
 */
import type {AuditResult} from '../../analysis/findings.js'
import type {NetworkModel} from '../../model/network-model.js'
import type {Origin} from '../../model/types.js'

export function originsById(model: NetworkModel): Map<string, Origin> {
  const origins = new Map<string, Origin>()
  const {data} = model
  const groups: {id: string; origin?: Origin}[][] = [
    data.vpcs,
    data.subnets,
    data.routeTables,
    data.internetGateways,
    data.natGateways,
    data.vpcEndpoints,
    data.securityGroups,
    data.networkAcls,
    data.vpnGateways,
    data.vpnConnections,
    data.customerGateways,
    data.transitGatewayVpcAttachments,
    data.instances,
    data.dhcpOptions,
    data.clusters,
  ]
  for (const list of groups) for (const item of list) if (item.origin) origins.set(item.id, item.origin)
  for (const instance of data.instances) for (const eni of instance.enis) if (instance.origin) origins.set(eni.id, instance.origin)
  return origins
}

/** Fills in `origin` on findings that have none, from the resource they name. */
export function locateFindings(result: AuditResult, model: NetworkModel): void {
  const origins = originsById(model)
  for (const scope of result.scopes) {
    for (const outcome of scope.outcomes) {
      for (const finding of outcome.findings) finding.origin ??= origins.get(finding.resourceId)
    }
  }
}
