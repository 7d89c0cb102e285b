/**
 * EMRA-020's fix: the S3 gateway endpoint on the cluster subnet's route table. Templates:
 * `{{vpcId}}`, `{{routeTableId}}`, `{{endpointId}}` from the finding; `{{region}}` from the audit.
 */
import type {Remediation} from '../../findings.js'
import {S3_GATEWAY_ENDPOINT_FIX} from './shared.js'

export default {
  summary: "Create an S3 gateway endpoint in {{vpcId}} and associate it with the cluster subnet's route table {{routeTableId}} (or add the table to the existing endpoint).",
  ...S3_GATEWAY_ENDPOINT_FIX,
} satisfies Remediation
