/**
 * EMRA-021's fix: the S3 gateway endpoint, so S3 traffic stops crossing the NAT gateway. Templates:
 * `{{vpcId}}`, `{{routeTableId}}`, `{{endpointId}}` from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {S3_GATEWAY_ENDPOINT_FIX} from './shared.js'

export default {
  summary:
    "Add an S3 gateway endpoint (no hourly or data charge) in {{vpcId}} and associate it with the cluster subnet's route table {{routeTableId}}, so S3 traffic bypasses NAT gateway {{natGatewayId}}.",
  ...S3_GATEWAY_ENDPOINT_FIX,
} satisfies Remediation
