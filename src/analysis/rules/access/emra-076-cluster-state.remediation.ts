/** EMRA-076's fix. Templates: `{{clusterId}}`, `{{state}}` from the finding; `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary: 'Wait until {{clusterId}} (now {{state}}) is RUNNING or WAITING, or audit and connect to a cluster that is.',
  cli: `aws emr wait cluster-running --region {{region}} --cluster-id {{clusterId}}
aws emr describe-cluster --region {{region}} --cluster-id {{clusterId}} --query Cluster.Status`,
  cloudformation: `# Nothing to change in the template: the state of {{clusterId}} is not configuration.
# A stack that creates the cluster reaches CREATE_COMPLETE once it is RUNNING or WAITING.`,
  terraform: `# Nothing to change in the configuration: the state of {{clusterId}} is not configuration.
# terraform apply waits for aws_emr_cluster to be RUNNING or WAITING.`,
  console: ['Open the Amazon EMR console and select {{clusterId}}.', 'Wait until its status is Running or Waiting (or pick a cluster that is) and audit again.'],
} satisfies Remediation
