import type {Rule} from '../rule.js'
import topologyMismatch from './emra-010-topology-mismatch.js'
import publicIgwRoute from './emra-011-public-igw-route.js'
import publicViaNat from './emra-012-public-via-nat.js'
import primaryPublicIp from './emra-013-primary-public-ip.js'
import subnetAutoPublicIp from './emra-014-subnet-auto-public-ip.js'
import privateS3Route from './emra-020-private-s3-route.js'
import s3OnlyViaNat from './emra-021-s3-only-via-nat.js'
import s3EndpointPolicy from './emra-022-s3-endpoint-policy.js'
import emrServiceEndpoint from './emra-023-emr-service-endpoint.js'
import awsServiceEgress from './emra-024-aws-service-egress.js'
import unhealthyRouteTarget from './emra-025-unhealthy-route-target.js'
import s3Path from './emra-026-s3-path.js'

export const rules: Rule[] = [
  topologyMismatch,
  publicIgwRoute,
  publicViaNat,
  primaryPublicIp,
  subnetAutoPublicIp,
  privateS3Route,
  s3OnlyViaNat,
  s3EndpointPolicy,
  emrServiceEndpoint,
  awsServiceEgress,
  unhealthyRouteTarget,
  s3Path,
]
