/**
 * Readers the routing rules share: the default route of a subnet, whether an internet gateway or
 * NAT gateway actually carries traffic, and whether a subnet reaches S3 through an endpoint.
 * Each answer is a verdict: `ok`, `broken` (with the reason in words) or `unknown` (the data
 * cannot tell: a dataset is missing, or the path leaves the VPC through something we cannot see).
 */
import {ANY_IPV4} from '../../../model/ip.js'
import type {NetworkModel} from '../../../model/network-model.js'
import type {EmrCluster, NatGateway, Origin, Route, RouteTable, Subnet, VpcEndpoint} from '../../../model/types.js'
import type {MessageData} from '../../messages.js'
import {routeDestination, selectRoute} from '../../reachability/routes.js'
import {regionalServiceName, vpcEndpoint} from '../remediation-snippets.js'
import type {RuleContext} from '../rule.js'

/** `missing`: the dataset whose absence made it unknown, so a rule can stop with the model's reason (a denied permission…). */
export type Verdict = {status: 'ok'; detail: string} | {status: 'broken'; detail: string; origin?: Origin} | {status: 'unknown'; detail: string; missing?: MissingGateway}

const ok = (detail: string): Verdict => ({status: 'ok', detail})
const broken = (detail: string, origin?: Origin): Verdict => ({status: 'broken', detail, origin})
const unknown = (detail: string, missing?: MissingGateway): Verdict => ({status: 'unknown', detail, ...(missing ? {missing} : {})})

/** `rtb-…` when the subnet is explicitly associated, `rtb-… (the VPC's main route table)` otherwise. */
export function tableLabel(table: RouteTable, subnetId: string): string {
  return table.associations.some((association) => association.subnetId === subnetId) ? table.id : `${table.id} (the VPC's main route table)`
}

/** The route the VPC router uses for the whole IPv4 internet: a 0.0.0.0/0 route (static beats propagated). */
export function defaultRoute(model: NetworkModel, table: RouteTable): Route | undefined {
  return selectRoute(model, table, ANY_IPV4).route
}

export function describeRoute(route: Route): string {
  return `${routeDestination(route)} → ${route.target.id}`
}

type GatewayDataset = 'internetGateways' | 'natGateways'
/** The gateway that could not be checked, and the dataset that lacks it. */
interface MissingGateway {
  dataset: GatewayDataset
  gatewayId: string
}

function missingReason(model: NetworkModel, dataset: GatewayDataset): string | undefined {
  const availability = model.availability(dataset)
  return availability.present ? undefined : (availability.reason ?? `missing: ${dataset}`)
}

/** Is the internet gateway in the data and attached (available) to the VPC? */
export function internetGatewayVerdict(model: NetworkModel, igwId: string, vpcId: string): Verdict {
  const missing = missingReason(model, 'internetGateways')
  if (missing) return unknown(`cannot check ${igwId}: ${missing}`, {dataset: 'internetGateways', gatewayId: igwId})
  const igw = model.internetGateways.get(igwId)
  if (!igw) return broken(`${igwId} is not in the internet gateway data (deleted?)`)
  const attachment = igw.attachments.find((candidate) => candidate.vpcId === vpcId)
  if (!attachment) {
    const elsewhere = igw.attachments.map((a) => a.vpcId).join(', ')
    return broken(`${igwId} is not attached to ${vpcId}${elsewhere ? ` (attached to ${elsewhere})` : ' (detached)'}`, igw.origin)
  }
  // describe-internet-gateways reports an attached gateway as "available"; some emulators say "attached".
  if (attachment.state !== 'available' && attachment.state !== 'attached') {
    return broken(`${igwId}'s attachment to ${vpcId} is ${attachment.state || 'in an unknown state'}, not available`, igw.origin)
  }
  return ok(`${igwId} is attached to ${vpcId}`)
}

/** Does the subnet's route table send 0.0.0.0/0 to an active, attached internet gateway? */
export function igwDefaultRouteVerdict(model: NetworkModel, subnetId: string, vpcId: string): Verdict {
  const table = model.effectiveRouteTable(subnetId)
  if (!table) return unknown(`no route table in effect for ${subnetId} is in the data`)
  const label = tableLabel(table, subnetId)
  const route = defaultRoute(model, table)
  if (!route) return broken(`route table ${label} has no 0.0.0.0/0 route`, table.origin)
  if (route.target.kind !== 'internet-gateway') return broken(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}, not to an internet gateway`, route.source)
  if (route.state !== 'active') return broken(`route table ${label} has 0.0.0.0/0 → ${route.target.id} in state ${route.state}`, route.source)
  const igw = internetGatewayVerdict(model, route.target.id, vpcId)
  if (igw.status === 'ok') return ok(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}`)
  return igw.status === 'broken' ? broken(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}; ${igw.detail}`, igw.origin ?? route.source) : igw
}

/**
 * Is the NAT gateway healthy: available, and (for a public NAT gateway) in a subnet whose own
 * route table sends 0.0.0.0/0 to an internet gateway? A private NAT gateway is healthy when available.
 */
export function natHealthVerdict(model: NetworkModel, natId: string): Verdict & {nat?: NatGateway} {
  const missing = missingReason(model, 'natGateways')
  if (missing) return unknown(`cannot check ${natId}: ${missing}`, {dataset: 'natGateways', gatewayId: natId})
  const nat = model.natGateways.get(natId)
  if (!nat) return broken(`${natId} is not in the NAT gateway data (deleted?)`)
  if (nat.state !== 'available') return {...broken(`${natId} is ${nat.state || 'in an unknown state'}, not available`, nat.origin), nat}
  if (nat.connectivityType === 'private') return {...ok(`${natId} is an available private NAT gateway`), nat}
  if (!nat.subnetId) return {...unknown(`${natId} has no SubnetId in the data`), nat}
  const upstream = igwDefaultRouteVerdict(model, nat.subnetId, nat.vpcId)
  if (upstream.status === 'broken') {
    return {...broken(`${natId} is a public NAT gateway in ${nat.subnetId}, but its ${upstream.detail}: it cannot reach the internet`, nat.origin), nat}
  }
  if (upstream.status === 'unknown') return {...unknown(`${natId}: ${upstream.detail}`, upstream.missing), nat}
  return {...ok(`${natId} is available and its subnet ${nat.subnetId} routes 0.0.0.0/0 to an internet gateway`), nat}
}

export interface EgressVerdict {
  verdict: Verdict
  /** The 0.0.0.0/0 route in effect, when there is one. */
  route?: Route
  table?: RouteTable
  /** How traffic leaves when it works. */
  via?: 'nat-gateway' | 'internet-gateway'
}

/**
 * Can the subnet reach the internet (public AWS service endpoints) through its 0.0.0.0/0 route:
 * an active route to an attached internet gateway, or to an available public NAT gateway that
 * itself has an internet gateway default route? Routes to a transit gateway, VGW, peering
 * connection or appliance leave the VPC where this data cannot follow: unknown.
 */
export function internetEgress(model: NetworkModel, subnet: Subnet): EgressVerdict {
  const table = model.effectiveRouteTable(subnet.id)
  if (!table) return {verdict: unknown(`no route table in effect for ${subnet.id} is in the data`)}
  const label = tableLabel(table, subnet.id)
  const route = defaultRoute(model, table)
  if (!route) return {verdict: broken(`route table ${label} has no 0.0.0.0/0 route`, table.origin), table}
  if (route.state !== 'active') return {verdict: broken(`route table ${label} has 0.0.0.0/0 → ${route.target.id} in state ${route.state}`, route.source), route, table}
  if (route.target.kind === 'internet-gateway') {
    const igw = internetGatewayVerdict(model, route.target.id, subnet.vpcId)
    if (igw.status === 'ok') return {verdict: ok(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}`), route, table, via: 'internet-gateway'}
    return {verdict: igw.status === 'broken' ? broken(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}; ${igw.detail}`, igw.origin ?? route.source) : igw, route, table}
  }
  if (route.target.kind === 'nat-gateway') {
    const nat = natHealthVerdict(model, route.target.id)
    if (nat.status === 'ok' && nat.nat?.connectivityType === 'private') {
      return {verdict: broken(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}, a private NAT gateway, which cannot reach the internet`, nat.nat.origin ?? route.source), route, table}
    }
    if (nat.status === 'ok') return {verdict: ok(`route table ${label} sends 0.0.0.0/0 to ${route.target.id} (${nat.detail})`), route, table, via: 'nat-gateway'}
    if (nat.status === 'broken') return {verdict: broken(`route table ${label} sends 0.0.0.0/0 to ${route.target.id}; ${nat.detail}`, nat.origin ?? route.source), route, table}
    return {verdict: nat, route, table}
  }
  return {
    verdict: unknown(`route table ${label} sends 0.0.0.0/0 to ${route.target.id} (${route.target.kind}); whether that path reaches the internet cannot be seen from this data`),
    route,
    table,
  }
}

/** `com.amazonaws.<region>.<service>`: the service name of an AWS service's VPC endpoints. */
export function awsServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`
}

export interface S3EndpointVerdict {
  /** The endpoint that carries the subnet's S3 traffic, when one does. */
  endpoint?: VpcEndpoint
  /** Why each S3 endpoint in the VPC does not, in words. */
  problems: string[]
}

/**
 * Does an S3 endpoint serve the subnet: a gateway endpoint (available) associated with the
 * subnet's route table, whose prefix-list route is in that table and active; or an available S3
 * interface endpoint with private DNS (so the default S3 names resolve to it)?
 */
export function s3EndpointFor(model: NetworkModel, subnet: Subnet, table: RouteTable, region: string): S3EndpointVerdict {
  const serviceName = awsServiceName(region, 's3')
  const label = tableLabel(table, subnet.id)
  const problems: string[] = []
  for (const endpoint of model.vpcEndpointsOf(subnet.vpcId)) {
    if (endpoint.serviceName !== serviceName) continue
    if (endpoint.state !== 'available') {
      problems.push(`${endpoint.id} (${endpoint.type} endpoint for ${serviceName}) is ${endpoint.state || 'in an unknown state'}, not available`)
      continue
    }
    if (endpoint.type === 'gateway') {
      if (!endpoint.routeTableIds.includes(table.id)) {
        const tables = endpoint.routeTableIds.join(', ') || 'no route table'
        problems.push(`gateway endpoint ${endpoint.id} is associated with ${tables}, not with ${label}`)
        continue
      }
      const route = table.routes.find((candidate) => candidate.destinationPrefixListId && candidate.target.id === endpoint.id)
      if (!route) {
        problems.push(`route table ${label} lists no prefix-list route to gateway endpoint ${endpoint.id}`)
        continue
      }
      if (route.state !== 'active') {
        problems.push(`route table ${label} has ${describeRoute(route)} in state ${route.state}`)
        continue
      }
      return {endpoint, problems: []}
    }
    if (endpoint.type === 'interface') {
      if (!endpoint.privateDnsEnabled) {
        problems.push(`interface endpoint ${endpoint.id} has private DNS off, so s3.${region}.amazonaws.com does not resolve to it`)
        continue
      }
      return {endpoint, problems: []}
    }
  }
  if (problems.length === 0) problems.push(`${subnet.vpcId} has no VPC endpoint for ${serviceName}`)
  return {problems}
}

/** The S3 gateway endpoint on the cluster subnet's route table. */
const s3GatewayEndpoint = vpcEndpoint({
  vpcId: '{{vpcId}}',
  type: 'Gateway',
  service: regionalServiceName('com.amazonaws.{{region}}.s3'),
  routeTableId: '{{routeTableId}}',
  logicalId: 'S3Endpoint',
  terraformName: 's3',
})

/**
 * Creating or extending the S3 gateway endpoint: the fix EMRA-020 and EMRA-021 share. Templates:
 * `{{vpcId}}`, `{{routeTableId}}` and `{{endpointId}}` (the VPC's S3 gateway endpoint, when it has one)
 * from the finding; `{{region}}` from the audit.
 */
export const S3_GATEWAY_ENDPOINT_FIX = {
  cli: `${s3GatewayEndpoint.cli}
# or, for the existing gateway endpoint:
aws ec2 modify-vpc-endpoint --vpc-endpoint-id {{endpointId}} --add-route-table-ids {{routeTableId}}`,
  cloudformation: s3GatewayEndpoint.cloudformation,
  terraform: s3GatewayEndpoint.terraform,
  console: [
    'Open the VPC console, Endpoints: if {{vpcId}} has an S3 gateway endpoint ({{endpointId}}), select it, choose Actions, Manage route tables, and tick {{routeTableId}}.',
    'Otherwise choose Create endpoint, pick the service com.amazonaws.{{region}}.s3 of type Gateway, VPC {{vpcId}}, and tick route table {{routeTableId}}.',
  ],
}

/** The id of the VPC's S3 gateway endpoint, if it has one (the fix extends it rather than adding another). */
export function s3GatewayEndpointId(model: NetworkModel, vpcId: string, region: string): string | undefined {
  const serviceName = awsServiceName(region, 's3')
  return model.vpcEndpointsOf(vpcId).find((endpoint) => endpoint.serviceName === serviceName && endpoint.type === 'gateway')?.id
}

/** The Region, or stops the rule: endpoint service names depend on it. */
export function regionOrStop(context: RuleContext): string {
  return context.model.region ?? context.notEvaluated('the AWS Region is not known (no availability zone in the subnet data)')
}

/** The cluster's subnet and the route table in effect for it, or stops the rule. */
export function subnetRouteTable(context: RuleContext): {subnet: Subnet; table: RouteTable} {
  const subnet = context.subnet()
  return {subnet, table: routeTableOrStop(context, subnet)}
}

/** The route table in effect for the cluster's subnet, or stops the rule. */
export function routeTableOrStop(context: RuleContext, subnet: Subnet): RouteTable {
  return context.model.effectiveRouteTable(subnet.id) ?? context.lacking('routeTables', `the route table in effect for ${subnet.id}`)
}

/**
 * Stops as not evaluated on an unknown verdict, with `also` (what else the rule found) after its words. When a
 * gateway dataset is missing the stop goes through the model's record, so the outcome carries `missing` and
 * begins with the source's reason (a denied permission…), then the gateway and `also`.
 */
export function stopUnknown(context: RuleContext, verdict: Verdict, also?: string): never {
  if (verdict.status === 'unknown' && verdict.missing) {
    context.need(verdict.missing.dataset, undefined, [`cannot check ${verdict.missing.gatewayId}`, also].filter(Boolean).join('; '))
  }
  return context.notEvaluated(also ? `${verdict.detail}; ${also}` : verdict.detail)
}

/** The cluster, its subnet and Region, and whether that subnet reaches the internet: where the private-subnet egress rules start. */
export function clusterSubnetEgress(context: RuleContext): {cluster: EmrCluster; subnet: Subnet; region: string; egress: EgressVerdict} {
  const cluster = context.cluster()
  const subnet = context.subnet()
  const region = regionOrStop(context)
  return {cluster, subnet, region, egress: internetEgress(context.model, subnet)}
}

/** S3 from a subnet that no S3 endpoint serves: it depends on the internet egress. */
export interface S3WithoutEndpoint {
  subnet: Subnet
  table: RouteTable
  egress: EgressVerdict
  /** Why no S3 endpoint serves the subnet, in words. */
  s3Problem: string
  /** What EMRA-020 and EMRA-021 findings both say: cluster, subnet, route table, S3 service, the gateway endpoint to extend. */
  data: MessageData
}

/** How the cluster's subnet reaches S3 when no S3 endpoint serves it; undefined when one does. Stops without Region or route table. */
export function s3WithoutEndpoint(context: RuleContext): S3WithoutEndpoint | undefined {
  const {cluster, subnet, region, egress} = clusterSubnetEgress(context)
  const table = routeTableOrStop(context, subnet)
  const s3 = s3EndpointFor(context.model, subnet, table, region)
  if (s3.endpoint) return undefined
  const s3Problem = s3.problems.join('; ')
  const endpointId = s3GatewayEndpointId(context.model, subnet.vpcId, region)
  const data = {
    clusterId: cluster.id,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    routeTableId: table.id,
    routeTable: tableLabel(table, subnet.id),
    serviceName: awsServiceName(region, 's3'),
    s3Problem,
    ...(endpointId ? {endpointId} : {}),
  }
  return {subnet, table, egress, s3Problem, data}
}
