/** EMRA-010's fix. Templates: `{{subnetId}}`, `{{routeTableId}}`, `{{clusterId}}` and `{{found}}` (the topology the data shows) from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Audit {{clusterId}} as {{found}} (or let the audit classify the subnet), or fix the route table {{routeTableId}} of {{subnetId}}; to change a cluster between public and private, relaunch it in a subnet of the intended type.',
  cli: `aws ec2 describe-route-tables --filters Name=association.subnet-id,Values={{subnetId}}
aws emr create-cluster ... --ec2-attributes SubnetId=<subnet-of-the-intended-type>`,
  cloudformation: `# A cluster cannot move between public and private subnets: relaunch it in a subnet of the intended type.
Type: AWS::EMR::Cluster
Properties:
  Instances:
    Ec2SubnetId: <subnet-of-the-intended-type>`,
  terraform: `# A cluster cannot move between public and private subnets: relaunch it in a subnet of the intended type.
resource "aws_emr_cluster" "emr" {
  ec2_attributes {
    subnet_id = "<subnet-of-the-intended-type>"
  }
}`,
  console: [
    'Open the VPC console, Route tables, and read the routes of {{routeTableId}}, the table in effect for {{subnetId}}.',
    'If the routes are right, audit the cluster as {{found}}; otherwise edit the routes (0.0.0.0/0 to an internet gateway makes the subnet public).',
    'To change the cluster between public and private, clone it in the EMR console and pick a subnet of the intended type.',
  ],
} satisfies Remediation
